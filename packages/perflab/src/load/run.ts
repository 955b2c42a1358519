import { performance } from 'node:perf_hooks';
import { createTransport } from '../http/client.ts';
import { type MetricsObserver, MetricsStore } from '../metrics/store.ts';
import type { Reporter, RunInfo, RunResult, ThresholdOutcome } from '../output/reporter.ts';
import type { TestPlan } from '../scenario/schema.ts';
import { createExecutor } from './executors/index.ts';
import { sleepUntil } from './executors/timing.ts';
import { type StopOutcome, VuPool } from './vu-pool.ts';

/**
 * Pass/fail criteria watched during the run (the thresholds tracker): it observes
 * every metric event, may ask for an early stop, and gives the verdicts at the end.
 */
export interface ThresholdGate extends MetricsObserver {
  /** The first failing `abortOnFail` threshold whose delay has passed, if any. */
  shouldAbort(elapsedMs: number): ThresholdOutcome | undefined;
  /** Every threshold's verdict. */
  evaluate(elapsedMs: number): ThresholdOutcome[];
}

/** Everything a run needs. */
export interface RunOptions {
  /** Validated scenarios, CLI overrides already applied. */
  plan: TestPlan;
  /** Scenario file, for reports. */
  scenarioFile?: string;
  /** Base URL (already resolved from scenario, environment and flags). */
  host: string;
  /** Time running iterations get to finish when a scenario ends, ms (per-scenario `gracefulStop` wins). */
  graceMs: number;
  reporters: Reporter[];
  /** Aborting it ends every scenario early (Ctrl-C); outputs are still written. */
  signal?: AbortSignal;
  /** Thresholds to watch and judge. */
  thresholds?: ThresholdGate;
}

/**
 * Runs every scenario of a plan side by side against a host, each from its start
 * time with its own executor and VU pool, then stops them (grace period) and
 * hands the result to every reporter. Network errors never stop the run; they are
 * counted as failures and announced once through `onNote`. A failing
 * `abortOnFail` threshold ends the run early, like Ctrl-C.
 * @throws the first error a reporter threw in `onStart` (before any load) or in `onEnd` (after all ran)
 */
export async function runLoadTest(options: RunOptions): Promise<RunResult> {
  const store = new MetricsStore(Date.now());
  if (options.thresholds) store.observe(options.thresholds);
  const scenarios = options.plan.scenarios.map((scenario) => ({
    scenario,
    executor: createExecutor(scenario.executor),
  }));
  const info: RunInfo = {
    scenarioFile: options.scenarioFile,
    host: options.host,
    graceMs: options.graceMs,
    startedAt: store.startedAt,
    scenarios: scenarios.map(({ scenario, executor }) => ({
      name: scenario.name,
      model: executor.model,
      description: executor.describe(),
      startTimeMs: scenario.startTimeMs,
      plannedDurationMs: executor.plannedDurationMs,
      tags: scenario.tags,
    })),
  };
  for (const reporter of options.reporters) await reporter.onStart?.(info, store);

  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    for (const reporter of options.reporters) reporter.onNote?.(text);
  };
  const stopRun = new AbortController();
  const onInterrupt = () => stopRun.abort();
  options.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (options.signal?.aborted) stopRun.abort();
  let abortedBy: ThresholdOutcome | undefined;

  const transport = createTransport();
  const pools: VuPool[] = [];
  const origin = performance.now();
  const runs = scenarios.map(async ({ scenario, executor }): Promise<StopOutcome> => {
    const stopScenario = new AbortController();
    const signal = AbortSignal.any([stopRun.signal, stopScenario.signal]);
    const pool = new VuPool(scenario, options.host, transport, store, executor.maxVUs, () =>
      stopScenario.abort(),
    );
    pools.push(pool);
    if (!(await sleepUntil(origin + scenario.startTimeMs, stopRun.signal))) return { forced: 0 };
    try {
      await executor.run({ pool, signal });
    } catch (error) {
      store.recordException(error);
      note(`scenario ${scenario.name} stopped: ${error instanceof Error ? error.message : String(error)}`);
    }
    return pool.stopAll(scenario.gracefulStopMs ?? options.graceMs);
  });

  let warnedUnreachable = false;
  const ticker = setInterval(() => {
    const row = store.takeHistoryRow(pools.reduce((sum, pool) => sum + pool.size, 0));
    if (!warnedUnreachable) {
      const network = [...store.failures.values()].find((f) => !f.error.startsWith('HTTP '));
      if (network) {
        warnedUnreachable = true;
        note(
          `cannot reach ${options.host}: ${network.error}; the run continues and counts every such request as a failure`,
        );
      }
    }
    const failing = abortedBy ? undefined : options.thresholds?.shouldAbort(Date.now() - store.startedAt);
    if (failing) {
      abortedBy = failing;
      note(`threshold ${failing.key}: ${failing.source} failed (abortOnFail); stopping the run`);
      stopRun.abort();
    }
    for (const reporter of options.reporters) reporter.onSecond?.(row, store);
  }, 1000);

  const outcomes = await Promise.all(runs);
  clearInterval(ticker);
  options.signal?.removeEventListener('abort', onInterrupt);
  await transport.destroy();
  const forced = outcomes.reduce((sum, o) => sum + o.forced, 0);
  if (forced > 0) {
    note(`${forced} iterations were still running after the grace period; their requests were aborted`);
  }
  const endedAt = Date.now();
  store.takeHistoryRow(0, endedAt);
  const result: RunResult = {
    info,
    snapshot: store.snapshot(endedAt),
    history: store.history,
    endedAt,
    interrupted: options.signal?.aborted ?? false,
    abortedByThreshold: abortedBy?.key,
    forcedStops: forced,
    notes,
    thresholds: options.thresholds?.evaluate(endedAt - store.startedAt) ?? [],
    store,
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
