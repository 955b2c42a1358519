import { performance } from 'node:perf_hooks';
import { createTransport } from '../http/client.ts';
import { type MetricsObserver, MetricsStore } from '../metrics/store.ts';
import type { Reporter, RunInfo, RunResult, ThresholdOutcome } from '../output/reporter.ts';
import type { TestPlan } from '../scenario/schema.ts';
import { shareOf } from './executors/executor.ts';
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
  /** What was recorded, to ship to another gate built from the same thresholds (worker threads). */
  exportState(): unknown[];
  /** Adds what another gate built from the same thresholds recorded. */
  mergeState(states: unknown[]): void;
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
  /** Who generates the load; default {@link localDriver} (this thread). */
  driver?: LoadDriver;
}

/**
 * Generates the load of a plan and feeds every event into a store: in this
 * thread ({@link localDriver}) or on worker threads.
 */
export interface LoadDriver {
  /** Gets ready to send load (e.g. starts worker threads) before the run's clock starts. */
  prepare?(): Promise<void>;
  /**
   * Runs every scenario until it ends or `stop` aborts; resolves once all VUs
   * stopped. Events go into `store` (whose observers include `thresholds`); a
   * driver that merges aggregated state instead must merge thresholds too.
   */
  run(
    store: MetricsStore,
    stop: AbortSignal,
    note: (text: string) => void,
    thresholds?: ThresholdGate,
  ): Promise<{ forced: number }>;
  /** Running VUs right now. */
  readonly users: number;
  /** Releases what `prepare` started when the run is called off before `run`. */
  dispose?(): Promise<void>;
}

/** Which part of the load one generator produces: the `index`-th of `count` equal shares. */
export interface Share {
  index: number;
  count: number;
}

/**
 * Runs a plan's scenarios in this thread, side by side, each from its start time
 * with its own executor and VU pool, then stops them (grace period).
 * @param share the part of the load to produce (all of it by default)
 */
export function localDriver(
  plan: TestPlan,
  host: string,
  graceMs: number,
  share: Share = { index: 0, count: 1 },
): LoadDriver {
  const pools: VuPool[] = [];
  return {
    get users() {
      return pools.reduce((sum, pool) => sum + pool.size, 0);
    },
    async run(store, stopRun, note) {
      const transport = createTransport();
      const origin = performance.now();
      const outcomes = await Promise.all(
        plan.scenarios.map(async (scenario): Promise<StopOutcome> => {
          const executor = createExecutor(scenario.executor);
          const stopScenario = new AbortController();
          const signal = AbortSignal.any([stopRun, stopScenario.signal]);
          // Open model: this share's part of maxVUs (together the shares allocate at most maxVUs).
          const maxVUs =
            executor.model === 'open' ? shareOf(executor.maxVUs, share) : Number.POSITIVE_INFINITY;
          const pool = new VuPool(
            scenario,
            host,
            transport,
            store,
            maxVUs,
            () => stopScenario.abort(),
            share,
          );
          pools.push(pool);
          if (!(await sleepUntil(origin + scenario.startTimeMs, stopRun))) return { forced: 0 };
          try {
            await executor.run({ pool, signal, share });
          } catch (error) {
            store.recordException(error);
            note(
              `scenario ${scenario.name} stopped: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          return pool.stopAll(scenario.gracefulStopMs ?? graceMs);
        }),
      );
      await transport.destroy();
      return { forced: outcomes.reduce((sum, o) => sum + o.forced, 0) };
    },
  };
}

/**
 * Runs a plan against a host through a driver (this thread by default), keeps
 * the metrics, the once-a-second history, live output and threshold watch, and
 * hands the result to every reporter. Network errors never stop the run; they are
 * counted as failures and announced once through `onNote`. A failing
 * `abortOnFail` threshold ends the run early, like Ctrl-C.
 * @throws the first error a reporter threw in `onStart` (before any load) or in `onEnd` (after all ran)
 */
export async function runLoadTest(options: RunOptions): Promise<RunResult> {
  const driver = options.driver ?? localDriver(options.plan, options.host, options.graceMs);
  await driver.prepare?.();
  const store = new MetricsStore(Date.now());
  if (options.thresholds) store.observe(options.thresholds);
  const info: RunInfo = {
    scenarioFile: options.scenarioFile,
    host: options.host,
    graceMs: options.graceMs,
    startedAt: store.startedAt,
    scenarios: options.plan.scenarios.map((scenario) => {
      const executor = createExecutor(scenario.executor);
      return {
        name: scenario.name,
        model: executor.model,
        description: executor.describe(),
        startTimeMs: scenario.startTimeMs,
        plannedDurationMs: executor.plannedDurationMs,
        tags: scenario.tags,
      };
    }),
  };
  try {
    for (const reporter of options.reporters) await reporter.onStart?.(info, store);
  } catch (error) {
    await driver.dispose?.();
    throw error;
  }

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

  const running = driver.run(store, stopRun.signal, note, options.thresholds);

  let warnedUnreachable = false;
  const ticker = setInterval(() => {
    const row = store.takeHistoryRow(driver.users);
    if (!warnedUnreachable && store.firstNetworkError !== undefined) {
      warnedUnreachable = true;
      note(
        `cannot reach ${options.host}: ${store.firstNetworkError}; the run continues and counts every such request as a failure`,
      );
    }
    const failing = abortedBy ? undefined : options.thresholds?.shouldAbort(Date.now() - store.startedAt);
    if (failing) {
      abortedBy = failing;
      note(`threshold ${failing.key}: ${failing.source} failed (abortOnFail); stopping the run`);
      stopRun.abort();
    }
    for (const reporter of options.reporters) reporter.onSecond?.(row, store);
  }, 1000);

  const { forced } = await running;
  clearInterval(ticker);
  options.signal?.removeEventListener('abort', onInterrupt);
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
