/** What a command may touch of the process: output, environment, Ctrl-C. Tests pass their own. */
export interface CliIo {
  write: (text: string) => void;
  writeError: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Starts listening for Ctrl-C: the first aborts `signal`, a second one exits at once (130). */
  onInterrupt: () => { signal: AbortSignal; dispose: () => void };
}

/** The real process. */
export function processIo(): CliIo {
  return {
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    onInterrupt: () => {
      const controller = new AbortController();
      const handler = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write(
          '\nstopping: finishing requests in flight and writing outputs (Ctrl-C again to quit now)\n',
        );
        controller.abort();
      };
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return {
        signal: controller.signal,
        dispose: () => {
          process.off('SIGINT', handler);
          process.off('SIGTERM', handler);
        },
      };
    },
  };
}
