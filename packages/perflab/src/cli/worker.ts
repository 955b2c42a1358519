import { availableParallelism, hostname } from 'node:os';
import { PerflabError } from '../errors.ts';
import { runWorker } from '../distributed/worker.ts';
import type { CliIo } from './io.ts';

/** Flags of `perflab worker`. */
export interface WorkerCommandFlags {
  coordinator: string;
  name?: string;
  /** VUs this machine can drive (default 100 per thread). */
  capacity?: string;
  threads?: string;
  token?: string;
}

/** Default capacity per load-generator thread, VUs. */
export const CAPACITY_PER_THREAD = 100;

/**
 * `perflab worker --coordinator URL`: registers with the coordinator and runs the
 * shares of distributed runs it is given until Ctrl-C / SIGTERM.
 * @returns exit code 0 once stopped
 * @throws PerflabError `PERFLAB_ERR_USAGE` for a bad `--capacity`, `--threads` or `--name`;
 *   `PERFLAB_ERR_COORDINATOR` when the coordinator cannot be reached at first
 */
export async function workerCommand(flags: WorkerCommandFlags, io: CliIo): Promise<number> {
  const threads = positiveInteger(flags.threads, '--threads') ?? availableParallelism();
  const capacity = positiveInteger(flags.capacity, '--capacity') ?? CAPACITY_PER_THREAD * threads;
  const name = flags.name ?? hostname();
  if (!/^[\w.@-]{1,64}$/.test(name)) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--name: ${JSON.stringify(name)} must be 1–64 letters, digits, . _ @ or -`,
    );
  }
  const interrupt = io.onInterrupt();
  try {
    await runWorker(
      {
        coordinator: flags.coordinator,
        name,
        capacity,
        threads,
        token: flags.token ?? (io.env.PERFLAB_TOKEN || undefined),
        log: (line) => io.write(`${new Date().toISOString()} ${line}\n`),
      },
      interrupt.signal,
    );
  } finally {
    interrupt.dispose();
  }
  return 0;
}

function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `${flag}: ${JSON.stringify(value)} is not a positive integer`,
    );
  }
  return n;
}
