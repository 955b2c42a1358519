/**
 * Feeds a run's measurements into the series its thresholds need and evaluates
 * the thresholds, with k6's semantics (k6 `metrics/thresholds.go`,
 * `metrics/engine/engine.go`).
 */
import type { Sample } from '../metrics/sample.ts';
import {
  type Accumulator,
  type AccumulatorState,
  CounterAccumulator,
  exportAccumulator,
  isEmpty,
  mergeAccumulator,
  RateAccumulator,
  TrendAccumulator,
} from './accumulator.ts';
import { compare } from './expression.ts';
import { matchesFilter, seriesId, type TagFilter } from './filter.ts';
import type { MetricKind, ThresholdMetric } from './metrics.ts';
import type { Threshold } from './threshold.ts';

/** Tags of a check, iteration or dropped iteration: at least the scenario, when there is one. */
export type MetricTags = Readonly<{ scenario?: string } & Record<string, string>>;

/** The outcome of one threshold at one moment. */
export interface ThresholdResult {
  /** The key as written, filter included. */
  key: string;
  /** The expression as written. */
  source: string;
  metric: ThresholdMetric;
  /** False when the threshold is crossed. True when it holds or has no data (`actual` null). */
  ok: boolean;
  /**
   * The aggregated value the expression compared: ms for trend times, a count of values
   * for a trend's `count`, 0..1 for rates, a count or per-second rate for counters;
   * null when there is no data (see {@link ThresholdTracker.evaluate}).
   */
  actual: number | null;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

interface Series {
  filter: TagFilter;
  accumulator: Accumulator;
}

/**
 * Keeps one accumulator per distinct (metric, tag filter) that some threshold
 * names — nothing for metrics or filters no threshold uses — so memory is bounded
 * by the number of thresholds, never by the number of requests. Thresholds with
 * the same metric and filter (in any order or quoting) share their series.
 *
 * Filters match a measurement when every filter key has the given value, where for
 * requests `name`, `method`, `status` (as a string, `"200"`; `"0"` when no response
 * came), `scenario` and `expected_response` (`"true"` when the request did not
 * fail, as k6's tag) come from the {@link Sample} and any other key from
 * `sample.tags`; for checks `check` is the check's name; otherwise keys are looked
 * up in the given tags. A measurement lacking a filtered key does not match.
 */
export class ThresholdTracker {
  /** The thresholds evaluated, in definition order. */
  readonly thresholds: readonly Threshold[];
  private readonly seriesByMetric = new Map<ThresholdMetric, Series[]>();
  private readonly bound: { threshold: Threshold; series: Series }[] = [];

  /** @param thresholds from {@link parseThresholds} */
  constructor(thresholds: readonly Threshold[]) {
    this.thresholds = thresholds;
    const byId = new Map<string, Series>();
    for (const threshold of thresholds) {
      const id = seriesId(threshold.metric, threshold.filter);
      let series = byId.get(id);
      if (series === undefined) {
        series = { filter: threshold.filter, accumulator: createAccumulator(threshold.kind) };
        byId.set(id, series);
        const list = this.seriesByMetric.get(threshold.metric) ?? [];
        list.push(series);
        this.seriesByMetric.set(threshold.metric, list);
      }
      this.bound.push({ threshold, series });
    }
  }

  /** Every series' content in a fixed order (same thresholds → same order), to merge elsewhere. */
  exportState(): AccumulatorState[] {
    const out: AccumulatorState[] = [];
    for (const list of this.seriesByMetric.values())
      for (const series of list) out.push(exportAccumulator(series.accumulator));
    return out;
  }

  /**
   * Adds the series content of a tracker built from the same thresholds (e.g. on a
   * worker thread): exact, HdrHistogram add for trends.
   * @throws Error when the states do not match this tracker's series
   */
  mergeState(states: readonly AccumulatorState[]): void {
    let i = 0;
    for (const list of this.seriesByMetric.values()) {
      for (const series of list) {
        const state = states[i++];
        if (!state) throw new Error('threshold states do not match the thresholds');
        mergeAccumulator(series.accumulator, state);
      }
    }
  }

  /** Number of distinct (metric, filter) series kept. */
  get seriesCount(): number {
    let count = 0;
    for (const list of this.seriesByMetric.values()) count += list.length;
    return count;
  }

  /**
   * Records one request: `http_req_duration` ← `latencyUs`; `http_req_service_time` ←
   * `serviceTimeUs ?? latencyUs`; `http_req_failed` ← whether it failed (`error` set: the
   * rate of failed requests, as k6); `http_reqs` +1; and, when `sample.timings` is present,
   * `http_req_blocked`, `_connecting`, `_tls_handshaking`, `_sending`, `_waiting`, `_receiving`.
   */
  recordRequest(sample: Sample): void {
    if (this.seriesByMetric.size === 0) return;
    const lookup = (tag: string): string | undefined => requestTag(sample, tag);
    this.addTrend('http_req_duration', sample.latencyUs, lookup);
    this.addTrend('http_req_service_time', sample.serviceTimeUs ?? sample.latencyUs, lookup);
    this.addRate('http_req_failed', sample.error !== undefined, lookup);
    this.addCount('http_reqs', lookup);
    const timings = sample.timings;
    if (timings === undefined) return;
    this.addTrend('http_req_blocked', timings.blockedUs, lookup);
    this.addTrend('http_req_connecting', timings.connectingUs, lookup);
    this.addTrend('http_req_tls_handshaking', timings.tlsHandshakingUs, lookup);
    this.addTrend('http_req_sending', timings.sendingUs, lookup);
    this.addTrend('http_req_waiting', timings.waitingUs, lookup);
    this.addTrend('http_req_receiving', timings.receivingUs, lookup);
  }

  /** Records one check into `checks` (a pass when `passed`); filter key `check` is its `name`. */
  recordCheck(name: string, passed: boolean, tags: MetricTags = {}): void {
    this.addRate('checks', passed, (tag) => (tag === 'check' ? name : ownTag(tags, tag)));
  }

  /** Records one finished iteration: `iteration_duration` ← `durationMs` (milliseconds) and `iterations` +1. */
  recordIteration(durationMs: number, tags: MetricTags = {}): void {
    const lookup = (tag: string): string | undefined => ownTag(tags, tag);
    this.addTrend('iteration_duration', durationMs * 1000, lookup);
    this.addCount('iterations', lookup);
  }

  /** Records one iteration an arrival-rate executor could not start: `dropped_iterations` +1. */
  recordDroppedIteration(tags: MetricTags = {}): void {
    this.addCount('dropped_iterations', (tag) => ownTag(tags, tag));
  }

  /**
   * Evaluates every threshold, in definition order.
   *
   * No data: a trend or rate series with nothing recorded gives `actual: null` and
   * `ok: true`. (k6 passes an empty rate likewise — no `rate` value, the threshold is
   * skipped — but evaluates an empty trend as if every aggregate were 0, so there
   * `avg>100` fails while `p(95)<200` passes; perflab treats both trends and rates as
   * "no data, not failed".) A count is never "no data": a counter, or a trend's
   * `count`, with nothing recorded is 0 and is compared, as k6's end-of-test
   * evaluation does (`iterations: ['count>0']` fails a run that completed none).
   * A counter's `rate` is count / (`elapsedMs` / 1000); null (passing) when `elapsedMs` ≤ 0.
   *
   * @param elapsedMs run time so far in ms, for counters' per-second rates
   */
  evaluate(elapsedMs: number): ThresholdResult[] {
    return this.bound.map(({ threshold, series }) => evaluateOne(threshold, series, elapsedMs));
  }

  /**
   * The first (in definition order) `abortOnFail` threshold that fails now and whose
   * delay has passed, or undefined. As k6's periodic evaluation during a run: a
   * threshold whose series has recorded nothing yet is skipped (k6's
   * `ignoreEmptySinks`), and a delay has passed when `elapsedMs > delayAbortEvalMs`
   * (strictly; a threshold without `delayAbortEval` may abort at once).
   * @param elapsedMs run time so far in ms
   */
  shouldAbort(elapsedMs: number): ThresholdResult | undefined {
    for (const { threshold, series } of this.bound) {
      if (!threshold.abortOnFail || isEmpty(series.accumulator)) continue;
      if (threshold.delayAbortEvalMs > 0 && elapsedMs <= threshold.delayAbortEvalMs) continue;
      const result = evaluateOne(threshold, series, elapsedMs);
      if (!result.ok) return result;
    }
    return undefined;
  }

  private addTrend(metric: ThresholdMetric, us: number, lookup: (tag: string) => string | undefined): void {
    const list = this.seriesByMetric.get(metric);
    if (list === undefined) return;
    for (const { filter, accumulator } of list) {
      if (accumulator.kind === 'trend' && matchesFilter(filter, lookup)) accumulator.add(us);
    }
  }

  private addRate(metric: ThresholdMetric, pass: boolean, lookup: (tag: string) => string | undefined): void {
    const list = this.seriesByMetric.get(metric);
    if (list === undefined) return;
    for (const { filter, accumulator } of list) {
      if (accumulator.kind === 'rate' && matchesFilter(filter, lookup)) accumulator.add(pass);
    }
  }

  private addCount(metric: ThresholdMetric, lookup: (tag: string) => string | undefined): void {
    const list = this.seriesByMetric.get(metric);
    if (list === undefined) return;
    for (const { filter, accumulator } of list) {
      if (accumulator.kind === 'counter' && matchesFilter(filter, lookup)) accumulator.add();
    }
  }
}

function createAccumulator(kind: MetricKind): Accumulator {
  switch (kind) {
    case 'trend':
      return new TrendAccumulator();
    case 'rate':
      return new RateAccumulator();
    case 'counter':
      return new CounterAccumulator();
  }
}

function evaluateOne(threshold: Threshold, series: Series, elapsedMs: number): ThresholdResult {
  const actual = series.accumulator.value(threshold.aggregation, elapsedMs);
  return {
    key: threshold.key,
    source: threshold.source,
    metric: threshold.metric,
    ok: actual === null || compare(actual, threshold.operator, threshold.value),
    actual,
    abortOnFail: threshold.abortOnFail,
    delayAbortEvalMs: threshold.delayAbortEvalMs,
  };
}

function requestTag(sample: Sample, tag: string): string | undefined {
  switch (tag) {
    case 'name':
      return sample.name;
    case 'method':
      return sample.method;
    case 'status':
      return String(sample.status);
    case 'scenario':
      return sample.scenario ?? ownTag(sample.tags, tag);
    case 'expected_response':
      return String(sample.error === undefined);
    default:
      return ownTag(sample.tags, tag);
  }
}

function ownTag(tags: Readonly<Record<string, string>> | undefined, tag: string): string | undefined {
  return tags !== undefined && Object.hasOwn(tags, tag) ? tags[tag] : undefined;
}
