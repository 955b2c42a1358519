import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** Runs `perflab ARGS…` in this process with captured output; returns the exit code, stdout and stderr. */
export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    write: (text) => void (stdout += text),
    writeError: (text) => void (stderr += text),
    isTTY: false,
    env: {},
    onInterrupt: () => ({ signal: new AbortController().signal, dispose: () => {} }),
  };
  const code = await main(['node', 'perflab', ...args], io);
  return { code, stdout, stderr };
}
