import { REPORTED_PERCENTILES } from './histogram.ts';
import type { RequestTimings, Sample } from './sample.ts';
import { type EntryState, type Percentiles, StatsEntry, type StatsSummary } from './stats-entry.ts';
import { Trend, type TrendState, type TrendSummary } from './trend.ts';

/** Tags of a check, an iteration or a dropped iteration: always the scenario, plus any custom ones. */
export type EventTags = { scenario: string } & Record<string, string>;

/** Receives every event the store records (e.g. the thresholds tracker). */
export interface MetricsObserver {
  onSample?(sample: Sample): void;
  onCheck?(name: string, passed: boolean, tags: EventTags): void;
  onIteration?(durationMs: number, tags: EventTags): void;
  onDroppedIteration?(tags: EventTags): void;
}

/** Pass/fail counts of one named check. */
export interface CheckSummary {
  name: string;
  passes: number;
  fails: number;
}

/** Per-scenario results. */
export interface ScenarioSummary {
  name: string;
  /** Requests of this scenario, aggregated. */
  stats: StatsSummary;
  /** Completed iterations. */
  iterations: number;
  /** Open model: iterations not started because no VU was free. */
  droppedIterations: number;
  /** Iteration durations (open model: from the intended start). */
  iterationDuration: TrendSummary;
}

/** k6's request phases, summarised (ms). */
export type TimingsSummary = Record<keyof RequestTimings, TrendSummary>;

const PHASES = [
  'blockedUs',
  'connectingUs',
  'tlsHandshakingUs',
  'sendingUs',
  'waitingUs',
  'receivingUs',
  'durationUs',
] as const satisfies (keyof RequestTimings)[];

class ScenarioStats {
  readonly requests: StatsEntry;
  readonly iterationDuration = new Trend();
  dropped = 0;
  constructor(name: string) {
    this.requests = new StatsEntry('', name);
  }
}

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

/**
 * Everything a store recorded, in a form that crosses threads (structured clone)
 * and merges exactly into another store: counts and sums added, HdrHistograms
 * added (encoded), groups concatenated. Worker threads ship one every few hundred ms.
 */
export interface StoreState {
  entries: EntryState[];
  total: EntryState;
  scenarios: { name: string; requests: EntryState; iterations: TrendState; dropped: number }[];
  tags: EntryState[];
  failures: FailureGroup[];
  exceptions: ExceptionGroup[];
  checks: CheckSummary[];
  serviceTime: TrendState;
  timings: Record<(typeof PHASES)[number], TrendState> | null;
  firstNetworkError: string | undefined;
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
  checks: CheckSummary[];
  scenarios: ScenarioSummary[];
  /** Aggregated per tag, named `key:value`. */
  tags: StatsSummary[];
  /** Open model only: raw service times; null in the closed model. */
  serviceTime: TrendSummary | null;
  /** k6 request phases; null when not measured. */
  timings: TimingsSummary | null;
}

/**
 * The metrics store: one {@link StatsEntry} per (method, name) plus the
 * aggregate, failures grouped by error, exceptions, and the per-second history.
 * Memory is bounded by the number of distinct names and errors and by run length
 * in seconds (one small history row each), never by the number of requests.
 */
export class MetricsStore {
  readonly entries = new Map<string, StatsEntry>();
  total = new StatsEntry('', 'Aggregated', true);
  readonly failures = new Map<string, FailureGroup>();
  readonly exceptions = new Map<string, ExceptionGroup>();
  readonly history: HistoryRow[] = [];
  readonly checks = new Map<string, CheckSummary>();
  readonly scenarios = new Map<string, ScenarioStats>();
  /** Per tag (`key:value`), aggregated. */
  readonly tags = new Map<string, StatsEntry>();
  /** Open model: raw service times (µs), beside the corrected latencies. */
  serviceTime = new Trend();
  /** k6 request phases, when measured. */
  timings: Record<(typeof PHASES)[number], Trend> | undefined;
  private readonly observers: MetricsObserver[] = [];
  /** The first network error (no response at all), if any: the host may be unreachable. */
  firstNetworkError: string | undefined;

  /** @param startedAt epoch ms the run started (moved by {@link resetStats}: rates count from there) */
  constructor(public startedAt: number = Date.now()) {}

  /**
   * Starts the statistics afresh at `nowMs` (Locust's "Reset stats"): every
   * request, check, failure, exception, scenario and timing figure is dropped
   * and rates count from `nowMs`; the per-second history is kept (its charts
   * go on). Observers (thresholds) keep what they saw.
   */
  resetStats(nowMs: number = Date.now()): void {
    this.startedAt = nowMs;
    this.entries.clear();
    this.total = new StatsEntry('', 'Aggregated', true);
    this.failures.clear();
    this.exceptions.clear();
    this.checks.clear();
    this.scenarios.clear();
    this.tags.clear();
    this.serviceTime = new Trend();
    this.timings = undefined;
    this.firstNetworkError = undefined;
  }

  /** Adds an observer that sees every event from now on. */
  observe(observer: MetricsObserver): void {
    this.observers.push(observer);
  }

  /** Counts one named check of scenario `scenario`. */
  recordCheck(name: string, passed: boolean, scenario: string, tags?: Record<string, string>): void {
    let check = this.checks.get(name);
    if (!check) this.checks.set(name, (check = { name, passes: 0, fails: 0 }));
    if (passed) check.passes++;
    else check.fails++;
    const eventTags = { ...tags, scenario };
    for (const o of this.observers) o.onCheck?.(name, passed, eventTags);
  }

  /** Counts one completed iteration of `scenario` that took `durationMs`. */
  recordIteration(scenario: string, durationMs: number): void {
    this.scenario(scenario).iterationDuration.record(durationMs * 1000);
    if (this.observers.length > 0) {
      const tags = { scenario };
      for (const o of this.observers) o.onIteration?.(durationMs, tags);
    }
  }

  /** Counts one iteration the open model could not start (no free VU). */
  recordDroppedIteration(scenario: string): void {
    this.scenario(scenario).dropped++;
    const tags = { scenario };
    for (const o of this.observers) o.onDroppedIteration?.(tags);
  }

  private scenario(name: string): ScenarioStats {
    let stats = this.scenarios.get(name);
    if (!stats) this.scenarios.set(name, (stats = new ScenarioStats(name)));
    return stats;
  }

  /** Records one request outcome, completed at `nowMs` (epoch ms; a simulation passes its own clock). */
  record(sample: Sample, nowMs: number = Date.now()): void {
    const second = Math.floor(nowMs / 1000);
    const key = `${sample.method} ${sample.name}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new StatsEntry(sample.method, sample.name);
      this.entries.set(key, entry);
    }
    entry.record(sample, second);
    this.total.record(sample, second);
    if (sample.scenario !== undefined) this.scenario(sample.scenario).requests.record(sample, second);
    if (sample.tags) {
      for (const [k, v] of Object.entries(sample.tags)) {
        const tagKey = `${k}:${v}`;
        let tagEntry = this.tags.get(tagKey);
        if (!tagEntry) this.tags.set(tagKey, (tagEntry = new StatsEntry('', tagKey)));
        tagEntry.record(sample, second);
      }
    }
    if (sample.serviceTimeUs !== undefined) this.serviceTime.record(sample.serviceTimeUs);
    if (sample.timings) {
      this.timings ??= Object.fromEntries(PHASES.map((p) => [p, new Trend()])) as Record<
        (typeof PHASES)[number],
        Trend
      >;
      for (const phase of PHASES) this.timings[phase].record(sample.timings[phase]);
    }
    for (const o of this.observers) o.onSample?.(sample);
    if (sample.error !== undefined) {
      if (sample.status === 0) this.firstNetworkError ??= sample.error;
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

  /** Everything recorded so far, to merge into another store with {@link mergeState}. */
  exportState(): StoreState {
    return {
      entries: [...this.entries.values()].map((e) => e.exportState()),
      total: this.total.exportState(),
      scenarios: [...this.scenarios.entries()].map(([name, s]) => ({
        name,
        requests: s.requests.exportState(),
        iterations: s.iterationDuration.exportState(),
        dropped: s.dropped,
      })),
      tags: [...this.tags.values()].map((e) => e.exportState()),
      failures: [...this.failures.values()],
      exceptions: [...this.exceptions.values()],
      checks: [...this.checks.values()],
      serviceTime: this.serviceTime.exportState(),
      timings: this.timings
        ? (Object.fromEntries(
            PHASES.map((p) => [p, this.timings![p].exportState()]),
          ) as StoreState['timings'])
        : null,
      firstNetworkError: this.firstNetworkError,
    };
  }

  /**
   * Adds another store's content (see {@link StoreState}); its requests count as
   * completed now, for the per-second history. Observers are not called.
   */
  mergeState(state: StoreState): void {
    const second = Math.floor(Date.now() / 1000);
    for (const e of state.entries) {
      const key = `${e.method} ${e.name}`;
      let entry = this.entries.get(key);
      if (!entry) this.entries.set(key, (entry = new StatsEntry(e.method, e.name)));
      entry.merge(e, second);
    }
    this.total.merge(state.total, second);
    for (const s of state.scenarios) {
      const scenario = this.scenario(s.name);
      scenario.requests.merge(s.requests, second);
      scenario.iterationDuration.merge(s.iterations);
      scenario.dropped += s.dropped;
    }
    for (const t of state.tags) {
      let entry = this.tags.get(t.name);
      if (!entry) this.tags.set(t.name, (entry = new StatsEntry('', t.name)));
      entry.merge(t, second);
    }
    for (const f of state.failures) {
      const key = `${f.method} ${f.name}\u0000${f.error}`;
      const group = this.failures.get(key);
      if (group) group.occurrences += f.occurrences;
      else this.failures.set(key, { ...f });
    }
    for (const e of state.exceptions) {
      const key = `${e.message}\u0000${/^\s+at .*$/m.exec(e.traceback)?.[0].trim() ?? ''}`;
      const group = this.exceptions.get(key);
      if (group) group.count += e.count;
      else this.exceptions.set(key, { ...e });
    }
    for (const c of state.checks) {
      const check = this.checks.get(c.name);
      if (check) {
        check.passes += c.passes;
        check.fails += c.fails;
      } else this.checks.set(c.name, { ...c });
    }
    this.serviceTime.merge(state.serviceTime);
    if (state.timings) {
      this.timings ??= Object.fromEntries(PHASES.map((p) => [p, new Trend()])) as Record<
        (typeof PHASES)[number],
        Trend
      >;
      for (const phase of PHASES) this.timings[phase].merge(state.timings[phase]);
    }
    this.firstNetworkError ??= state.firstNetworkError;
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
      checks: [...this.checks.values()].map((c) => ({ ...c })),
      scenarios: [...this.scenarios.entries()].map(([name, s]) => ({
        name,
        stats: s.requests.summary(elapsedMs, nowSecond),
        iterations: s.iterationDuration.count,
        droppedIterations: s.dropped,
        iterationDuration: s.iterationDuration.summary(),
      })),
      tags: [...this.tags.values()]
        .map((entry) => entry.summary(elapsedMs, nowSecond))
        .sort((a, b) => a.name.localeCompare(b.name)),
      serviceTime: this.serviceTime.count > 0 ? this.serviceTime.summary() : null,
      timings: this.timings
        ? (Object.fromEntries(PHASES.map((p) => [p, this.timings![p].summary()])) as TimingsSummary)
        : null,
    };
  }
}

export type { Percentiles, StatsSummary, TrendSummary };
