import { REPORTED_PERCENTILES } from './histogram.ts';
import type { Sample } from './sample.ts';
import { type Percentiles, StatsEntry, type StatsSummary } from './stats-entry.ts';

/** Failures grouped by (method, name, error), as in Locust's failures CSV. */
export interface FailureGroup {
  method: string;
  name: string;
  error: string;
  occurrences: number;
}

/** Errors thrown by scenario code (not HTTP failures), grouped by message and throwing frame; `traceback` is the first one's stack. */
export interface ExceptionGroup {
  count: number;
  message: string;
  traceback: string;
}

/**
 * One row per second of the run, as Locust's `_stats_history.csv`: the current
 * (trailing 10 s) rates and percentiles, then whole-run totals. Times in ms.
 */
export interface HistoryRow {
  /** Epoch seconds. */
  timestamp: number;
  /** Running virtual users at that moment. */
  users: number;
  rps: number;
  failuresPerSecond: number;
  /** Trailing-window percentiles in ms; `null` when no request completed in the window. */
  percentiles: Record<string, number | null>;
  totalRequests: number;
  totalFailures: number;
  totalMedianMs: number;
  totalMeanMs: number;
  totalMinMs: number;
  totalMaxMs: number;
  totalMeanContentSize: number;
}

/** A snapshot of everything the store knows, for reporters. */
export interface StatsSnapshot {
  /** Epoch ms the run started. */
  startedAt: number;
  /** ms since start. */
  elapsedMs: number;
  /** One per (method, name), sorted by name then method. */
  entries: StatsSummary[];
  aggregated: StatsSummary;
  failures: FailureGroup[];
  exceptions: ExceptionGroup[];
}

/**
 * The metrics store: one {@link StatsEntry} per (method, name) plus the
 * aggregate, failures grouped by error, exceptions, and the per-second history.
 * Memory is bounded by the number of distinct names and errors and by run length
 * in seconds (one small history row each), never by the number of requests.
 */
export class MetricsStore {
  readonly entries = new Map<string, StatsEntry>();
  readonly total = new StatsEntry('', 'Aggregated', true);
  readonly failures = new Map<string, FailureGroup>();
  readonly exceptions = new Map<string, ExceptionGroup>();
  readonly history: HistoryRow[] = [];

  /** @param startedAt epoch ms the run started */
  constructor(readonly startedAt: number = Date.now()) {}

  /** Records one request outcome. */
  record(sample: Sample): void {
    const second = Math.floor(Date.now() / 1000);
    const key = `${sample.method} ${sample.name}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new StatsEntry(sample.method, sample.name);
      this.entries.set(key, entry);
    }
    entry.record(sample, second);
    this.total.record(sample, second);
    if (sample.error !== undefined) {
      const failureKey = `${key}\u0000${sample.error}`;
      const group = this.failures.get(failureKey);
      if (group) group.occurrences++;
      else
        this.failures.set(failureKey, {
          method: sample.method,
          name: sample.name,
          error: sample.error,
          occurrences: 1,
        });
    }
  }

  /**
   * Records an error thrown by scenario code (a task or hook), grouped by message
   * and the frame that threw (the callers' frames differ between iterations).
   */
  recordException(error: unknown): void {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const traceback = error instanceof Error ? (error.stack ?? '') : '';
    const thrownAt = /^\s+at .*$/m.exec(traceback)?.[0].trim() ?? '';
    const key = `${message}\u0000${thrownAt}`;
    const group = this.exceptions.get(key);
    if (group) group.count++;
    else this.exceptions.set(key, { count: 1, message, traceback });
  }

  /** Appends (and returns) the history row for `nowMs` with `users` running. */
  takeHistoryRow(users: number, nowMs: number = Date.now()): HistoryRow {
    const nowSecond = Math.floor(nowMs / 1000);
    const elapsedSeconds = (nowMs - this.startedAt) / 1000;
    const current = this.total.window.rates(nowSecond, elapsedSeconds);
    const windowHistogram = this.total.window.histogram(nowSecond);
    const percentiles: Record<string, number | null> = {};
    for (const p of REPORTED_PERCENTILES) {
      percentiles[String(p)] =
        windowHistogram && windowHistogram.totalCount > 0
          ? windowHistogram.getValueAtPercentile(p) / 1000
          : null;
    }
    const total = this.total.summary(nowMs - this.startedAt, nowSecond);
    const row: HistoryRow = {
      timestamp: nowSecond,
      users,
      rps: current.rps,
      failuresPerSecond: current.failuresPerSecond,
      percentiles,
      totalRequests: total.requests,
      totalFailures: total.failures,
      totalMedianMs: total.medianMs,
      totalMeanMs: total.meanMs,
      totalMinMs: total.minMs,
      totalMaxMs: total.maxMs,
      totalMeanContentSize: total.meanContentSize,
    };
    this.history.push(row);
    return row;
  }

  /** Summaries of every entry and the aggregate as of `nowMs`. */
  snapshot(nowMs: number = Date.now()): StatsSnapshot {
    const elapsedMs = Math.max(0, nowMs - this.startedAt);
    const nowSecond = Math.floor(nowMs / 1000);
    const entries = [...this.entries.values()]
      .map((entry) => entry.summary(elapsedMs, nowSecond))
      .sort((a, b) => (a.name === b.name ? a.method.localeCompare(b.method) : a.name.localeCompare(b.name)));
    return {
      startedAt: this.startedAt,
      elapsedMs,
      entries,
      aggregated: this.total.summary(elapsedMs, nowSecond),
      failures: [...this.failures.values()].sort((a, b) => b.occurrences - a.occurrences),
      exceptions: [...this.exceptions.values()].sort((a, b) => b.count - a.count),
    };
  }
}

export type { Percentiles, StatsSummary };
