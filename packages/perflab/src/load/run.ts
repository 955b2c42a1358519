import type { ResourceMonitor } from '../capacity/samplers/monitor.ts';
import type { ResourceReport } from '../capacity/samplers/types.ts';
import { MetricsStore } from '../metrics/store.ts';
import type { Reporter, RunInfo, RunResult, ThresholdOutcome } from '../output/reporter.ts';
import type { TestPlan } from '../scenario/schema.ts';
import type { LoadDriver, ThresholdGate } from './driver.ts';
import { createExecutor } from './executors/index.ts';
import { localDriver } from './local-driver.ts';

export type { LoadDriver, Share, ThresholdGate } from './driver.ts';
export { localDriver } from './local-driver.ts';

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
  /**
   * Resource samplers run alongside the load: started first (so a spec that
   * matches nothing stops the run before workers start or any load is sent),
   * stopped when the load ends; their report becomes `RunResult.resources` and
   * their notes run notes.
   */
  resources?: ResourceMonitor;
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
  await options.resources?.start();
  try {
    await driver.prepare?.();
  } catch (error) {
    await options.resources?.stop();
    throw error;
  }
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
    await options.resources?.stop();
    await driver.dispose?.();
    throw error;
  }

  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    for (const reporter of options.reporters) reporter.onNote?.(text);
  };
  options.resources?.onNote(note);
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

  let forced: number;
  let resources: ResourceReport | undefined;
  try {
    ({ forced } = await running);
  } finally {
    clearInterval(ticker);
    resources = await options.resources?.stop();
  }
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
    ...(resources ? { resources } : {}),
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
