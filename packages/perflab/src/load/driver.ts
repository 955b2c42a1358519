import type { MetricsStore, MetricsObserver } from '../metrics/store.ts';
import type { ThresholdOutcome } from '../output/reporter.ts';

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
