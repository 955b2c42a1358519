/**
 * Test support for distributed runs: a counting HTTP server that logs when each
 * request arrived, and `perflab worker` child processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { terminate } from '../support/child.ts';
import { PERFLAB_BIN } from '../support/processes.ts';

/** A loopback HTTP server that counts requests and keeps their arrival times. */
export interface CountingServer {
  url: string;
  /** Epoch ms each request arrived, in order. */
  readonly arrivals: number[];
  stop(): Promise<void>;
}

/** Starts a {@link CountingServer} on 127.0.0.1 (port 0) answering `ok` after `delayMs`. */
export async function startCountingServer(delayMs = 2): Promise<CountingServer> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    arrivals.push(Date.now());
    req.resume();
    setTimeout(() => res.end('ok'), delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A `perflab worker` child process. */
export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout + stderr). */
  output(): string;
  /** Resolves once its output matches `pattern`; rejects after `timeoutMs` or when it exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Requests it reported for its finished runs ("done: N requests"), summed. */
  requests(): number;
  stop(): Promise<void>;
}

/** Starts `perflab worker --coordinator URL --name NAME ...args` and waits until it registered. */
export async function startWorker(
  coordinator: string,
  name: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [PERFLAB_BIN, 'worker', '--coordinator', coordinator, '--name', name, ...args],
    { env: { ...process.env, PERFLAB_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const worker: WorkerProcess = {
    name,
    child,
    output: () => text,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) finish();
        };
        const onExit = () => finish(new Error(`worker ${name} exited before printing ${pattern}: ${text}`));
        const timer = setTimeout(
          () => finish(new Error(`worker ${name} did not print ${pattern} within ${timeoutMs} ms: ${text}`)),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
    requests: () => [...text.matchAll(/done: (\d+) requests/g)].reduce((sum, m) => sum + Number(m[1]), 0),
    stop: () => terminate(child, 'SIGTERM', 5000),
  };
  await worker.waitFor(/registered at/);
  return worker;
}

/** Exact percentile `p` of `values` (sorted ascending): the value at rank ⌈p/100 · n⌉, as HdrHistogram defines it. */
export function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1]!;
}
