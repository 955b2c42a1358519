import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDuration } from '../duration.ts';
import { PerflabError } from '../errors.ts';
import { type DistributedDriver, distributedDriver, type WorkerLossPolicy } from './controller.ts';

/** The distributed-run flags of `perflab run`. */
export interface DistributedRunFlags {
  /** `--coordinator redis[s]://…`: run on `perflab worker` processes instead of here. */
  coordinator?: string;
  /** `--expect-workers N` (default 1). */
  expectWorkers?: string;
  /** `--worker-timeout DURATION` (default 30s). */
  workerTimeout?: string;
  /** `--on-worker-loss continue|abort` (default continue). */
  onWorkerLoss?: string;
  /** `--token SECRET` (else PERFLAB_TOKEN). */
  token?: string;
}

/** Default `--worker-timeout`. */
export const DEFAULT_WORKER_TIMEOUT = '30s';

/**
 * Throws when distributed-run flags are given without `--coordinator`, or `--workers` with it.
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag
 */
export function checkDistributedFlags(flags: DistributedRunFlags & { workers?: string }): void {
  if (flags.coordinator !== undefined) {
    if (flags.workers !== undefined) {
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        '--workers does not apply with --coordinator: each worker runs its own --threads',
      );
    }
    return;
  }
  for (const [key, flag] of [
    ['expectWorkers', '--expect-workers'],
    ['workerTimeout', '--worker-timeout'],
    ['onWorkerLoss', '--on-worker-loss'],
  ] as const) {
    if (flags[key] !== undefined)
      throw new PerflabError('PERFLAB_ERR_USAGE', `${flag} applies only with --coordinator`);
  }
}

/**
 * The controller of `perflab run FILE --coordinator URL`, from the flags.
 * @param resolved the run settings as resolved here (host, users, spawn rate, duration, grace), shipped as flags
 * @throws PerflabError `PERFLAB_ERR_USAGE` for a bad `--expect-workers`, `--worker-timeout` or `--on-worker-loss`;
 *   `PERFLAB_ERR_SCENARIO_LOAD` when the scenario file cannot be read
 */
export async function controllerFromFlags(
  file: string,
  flags: DistributedRunFlags & { env?: string[] },
  resolved: { host: string; graceMs: number; users?: string; spawnRate?: string; duration?: string },
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<DistributedDriver> {
  const coordinator = flags.coordinator!;
  const expect = flags.expectWorkers ?? '1';
  const expectWorkers = Number(expect);
  if (!Number.isInteger(expectWorkers) || expectWorkers < 1) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--expect-workers: ${JSON.stringify(expect)} is not a positive integer`,
    );
  }
  const workerTimeoutMs = parseDuration(flags.workerTimeout ?? DEFAULT_WORKER_TIMEOUT, '--worker-timeout');
  const policy = flags.onWorkerLoss ?? 'continue';
  if (policy !== 'continue' && policy !== 'abort') {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--on-worker-loss: ${JSON.stringify(policy)} is not continue or abort`,
    );
  }
  let contents: string;
  try {
    contents = await readFile(file, 'utf8');
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_SCENARIO_LOAD',
      `scenario ${file}: cannot read it to ship to the workers`,
      undefined,
      {
        cause: error,
      },
    );
  }
  const shippedEnv: Record<string, string> = {};
  for (const pair of flags.env ?? []) {
    const at = pair.indexOf('=');
    shippedEnv[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const token = flags.token ?? (env.PERFLAB_TOKEN || undefined);
  return distributedDriver({
    coordinator,
    expectWorkers,
    workerTimeoutMs,
    onWorkerLoss: policy as WorkerLossPolicy,
    token,
    scenario: { fileName: basename(file), contents },
    flags: {
      host: resolved.host,
      users: resolved.users,
      spawnRate: resolved.spawnRate,
      duration: resolved.duration,
      grace: `${resolved.graceMs}ms`,
    },
    env: shippedEnv,
    signal,
    log,
  });
}
