import { MetricsStore } from '../metrics/store.ts';
import type { Reporter, RunInfo, RunResult } from '../output/reporter.ts';
import type { Scenario } from '../scenario/schema.ts';
import { runRampingUsers } from './ramping-users.ts';
import { VuPool } from './vu-pool.ts';

/** Everything a closed-model run needs. */
export interface RunOptions {
  scenario: Scenario;
  /** Scenario file, for reports. */
  scenarioFile?: string;
  /** Base URL (already resolved from scenario, environment and flags). */
  host: string;
  /** Users, spawn rate (users/s), duration (ms). */
  load: { users: number; spawnRate: number; durationMs: number };
  /** Time running tasks get to finish after the load phase, ms. */
  graceMs: number;
  reporters: Reporter[];
  /** Aborting it ends the load phase early (Ctrl-C); outputs are still written. */
  signal?: AbortSignal;
}

/**
 * Runs a scenario against a host: starts users at the spawn rate, keeps them
 * running for the duration, stops them (grace period), and hands the result to
 * every reporter. Network errors never stop the run; they are counted as failures
 * and announced once through `onNote`.
 * @throws the first error a reporter threw in `onStart` (before any load) or in `onEnd` (after all ran)
 */
export async function runLoadTest(options: RunOptions): Promise<RunResult> {
  const signal = options.signal ?? new AbortController().signal;
  const store = new MetricsStore(Date.now());
  const info: RunInfo = {
    scenarioFile: options.scenarioFile,
    host: options.host,
    load: options.load,
    graceMs: options.graceMs,
    startedAt: store.startedAt,
  };
  for (const reporter of options.reporters) await reporter.onStart?.(info, store);

  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    for (const reporter of options.reporters) reporter.onNote?.(text);
  };
  const pool = new VuPool(options.scenario, options.host, store);
  let warnedUnreachable = false;
  const tick = () => {
    const row = store.takeHistoryRow(pool.size);
    if (!warnedUnreachable) {
      const network = [...store.failures.values()].find((f) => !f.error.startsWith('HTTP '));
      if (network) {
        warnedUnreachable = true;
        note(
          `cannot reach ${options.host}: ${network.error}; the run continues and counts every such request as a failure`,
        );
      }
    }
    for (const reporter of options.reporters) reporter.onSecond?.(row, store);
  };
  const ticker = setInterval(tick, 1000);

  await runRampingUsers(options.load, pool, signal);
  const interrupted = signal.aborted;
  const { forced } = await pool.stopAll(options.graceMs);
  clearInterval(ticker);
  if (forced > 0) {
    note(
      `${forced} users were still running after the ${options.graceMs} ms grace period; their requests were aborted`,
    );
  }
  const endedAt = Date.now();
  store.takeHistoryRow(0, endedAt);
  const result: RunResult = {
    info,
    snapshot: store.snapshot(endedAt),
    history: store.history,
    endedAt,
    interrupted,
    forcedStops: forced,
    notes,
  };
  let firstError: unknown;
  for (const reporter of options.reporters) {
    try {
      await reporter.onEnd?.(result);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return result;
}
