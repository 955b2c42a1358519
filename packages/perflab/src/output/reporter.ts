import type { HistoryRow, MetricsStore, StatsSnapshot } from '../metrics/store.ts';

/** What is known when a run starts. */
export interface RunInfo {
  /** Scenario file as given on the command line, if any. */
  scenarioFile: string | undefined;
  /** Base URL the requests go to. */
  host: string;
  /** Closed-model load. Durations in ms. */
  load: { users: number; spawnRate: number; durationMs: number };
  /** Time running tasks get to finish after the load phase, ms. */
  graceMs: number;
  /** Epoch ms. */
  startedAt: number;
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
  /** Stopped by the user (Ctrl-C) before the planned duration. */
  interrupted: boolean;
  /** Users whose in-flight requests were aborted when the grace period ran out. */
  forcedStops: number;
  /** Warnings raised during the run (e.g. host unreachable), in order. */
  notes: string[];
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
