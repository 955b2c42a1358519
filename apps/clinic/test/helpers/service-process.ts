/**
 * Run `src/main.ts` as a child process the way `perflab demo` does
 * (`node --import tsx apps/clinic/src/main.ts` with PORT/HOST set) and wait for
 * its ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exited, tail, terminate } from './child.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A started service process. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** The last few KB of stderr. */
  stderr(): string;
  /** Resolve to the first stdout line (rejects if the process exits first or after `timeoutMs`). */
  readyLine(timeoutMs?: number): Promise<string>;
  /** Resolve to the exit code once the process has ended. */
  exitCode(): Promise<number | null>;
  /** SIGTERM (SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Spawn the service with `env` added to this process's environment (store variables cleared first). */
export function spawnService(env: Record<string, string>): ServiceProcess {
  const base = { ...process.env };
  for (const name of ['REDIS_URL', 'DATABASE_URL', 'PGLITE_DIR', 'LOG_LEVEL', 'PORT', 'HOST'])
    delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const stderr = tail(child.stderr);
  return {
    child,
    stdout: () => out,
    stderr,
    readyLine(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const newline = out.indexOf('\n');
          if (newline >= 0) {
            cleanup();
            resolve(out.slice(0, newline));
          }
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`service exited (${code}) before it was ready: ${stderr()}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`service not ready within ${timeoutMs} ms: ${stderr()}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout?.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    async exitCode() {
      await exited(child);
      return child.exitCode;
    },
    stop: () => terminate(child, 'SIGTERM'),
  };
}
