import type { ResourceReport } from '../capacity/samplers/types.ts';
import type { HistoryRow, MetricsStore, StatsSnapshot } from '../metrics/store.ts';

/** One scenario as planned. */
export interface ScenarioInfo {
  name: string;
  model: 'closed' | 'open';
  /** The executor in words, e.g. `50 users at 5/s for 2m`. */
  description: string;
  /** Delay after the run's start, ms. */
  startTimeMs: number;
  /** Planned load phase, ms; undefined when a shape function decides. */
  plannedDurationMs: number | undefined;
  tags: Record<string, string>;
}

/** What is known when a run starts. */
export interface RunInfo {
  /** Scenario file as given on the command line, if any. */
  scenarioFile: string | undefined;
  /** Base URL the requests go to. */
  host: string;
  scenarios: ScenarioInfo[];
  /** Default time running iterations get to finish when a scenario ends, ms. */
  graceMs: number;
  /** Epoch ms. */
  startedAt: number;
}

/** A threshold's verdict (k6 semantics). */
export interface ThresholdOutcome {
  /** Metric and filter as written, e.g. `http_req_duration{name:/x}`. */
  key: string;
  /** The expression as written, e.g. `p(95)<200`. */
  source: string;
  ok: boolean;
  /** The aggregated value compared (ms for durations, 0..1 for rates); null when there was no data. */
  actual: number | null;
  /** Metric name without the filter, e.g. `http_req_duration`. */
  metric?: string;
  abortOnFail?: boolean;
  delayAbortEvalMs?: number;
}

/** The outcome of a run, handed to every reporter at the end. */
export interface RunResult {
  info: RunInfo;
  /** Final statistics (elapsed time = whole run, including the grace period). */
  snapshot: StatsSnapshot;
  /** One row per second. */
  history: HistoryRow[];
  /** Epoch ms. */
  endedAt: number;
  /** Stopped by the user (Ctrl-C) before the planned end. */
  interrupted: boolean;
  /** Key of the `abortOnFail` threshold that stopped the run early, if one did. */
  abortedByThreshold: string | undefined;
  /** Iterations whose in-flight requests were aborted when the grace period ran out. */
  forcedStops: number;
  /** Warnings raised during the run (e.g. host unreachable), in order. */
  notes: string[];
  /** Threshold verdicts; empty when the scenario has none. */
  thresholds: ThresholdOutcome[];
  /** The store itself, for outputs that need more than the snapshot (encoded histograms). */
  store: MetricsStore;
  /** Resource samples (`--watch`, `--redis`, `--postgres`); absent when nothing was watched. */
  resources?: ResourceReport;
}

/**
 * An output of a run (console, CSV, JSON, …). Hooks are called in order; a hook
 * that throws in `onStart` aborts the run before any load is sent (so a bad
 * output path costs nothing), one that throws in `onEnd` does not stop the others.
 */
export interface Reporter {
  onStart?(info: RunInfo, store: MetricsStore): void | Promise<void>;
  /** Called once per second with the row just added to the history. */
  onSecond?(row: HistoryRow, store: MetricsStore): void;
  /** A warning worth showing now (e.g. the host refuses connections). */
  onNote?(note: string): void;
  onEnd?(result: RunResult): void | Promise<void>;
}
