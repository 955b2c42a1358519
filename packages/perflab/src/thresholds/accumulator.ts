/**
 * Running aggregates of one (metric, tag filter) series, one class per metric
 * kind, with what k6's sinks give a threshold (k6 `metrics/sink.go` and
 * `Thresholds.Run`): trend → avg/min/med/max/p(N), rate → rate, counter →
 * count and count per second. Memory is constant per series: the trend keeps an
 * HdrHistogram, never the values.
 */
import { createLatencyHistogram, type LatencyHistogram } from '../metrics/histogram.ts';
import { mergeTrendState, type TrendState, trendState } from '../metrics/trend.ts';
import type { Aggregation } from './expression.ts';

/**
 * A trend of times: an HdrHistogram of µs (3 significant digits, so percentiles
 * within 0.1 %) plus exact count, sum, min and max.
 */
export class TrendAccumulator {
  readonly kind = 'trend';
  /** Recorded times in µs, rounded to whole µs. */
  readonly histogram: LatencyHistogram = createLatencyHistogram();
  count = 0;
  sumUs = 0;
  minUs = Number.POSITIVE_INFINITY;
  maxUs = Number.NEGATIVE_INFINITY;

  /** Adds one time in µs (negative values are taken as 0). */
  add(us: number): void {
    const value = Math.max(0, us);
    this.count++;
    this.sumUs += value;
    if (value < this.minUs) this.minUs = value;
    if (value > this.maxUs) this.maxUs = value;
    this.histogram.recordValue(Math.round(value));
  }

  /**
   * The aggregate in **milliseconds** (`count`: a number of values).
   * `avg`, `min`, `max` are exact; `med` is `p(50)`; `p(N)` is HdrHistogram's value at
   * percentile N, clamped to the exact [min, max] (so `p(0)` = min and `p(100)` = max).
   * k6 interpolates between the two nearest values instead; the two differ by at most
   * the gap between neighbouring values plus 0.1 %.
   * @returns null when nothing was recorded, except `count`, which is then 0
   */
  value(aggregation: Aggregation): number | null {
    if (aggregation.method === 'count') return this.count;
    if (this.count === 0) return null;
    switch (aggregation.method) {
      case 'avg':
        return this.sumUs / this.count / 1000;
      case 'min':
        return this.minUs / 1000;
      case 'max':
        return this.maxUs / 1000;
      case 'med':
        return this.percentileUs(50) / 1000;
      case 'p':
        return this.percentileUs(aggregation.percentile) / 1000;
      case 'rate':
        return null; // not a trend aggregation; the parser rejects it
    }
  }

  private percentileUs(percentile: number): number {
    const fromHistogram = this.histogram.getValueAtPercentile(percentile);
    return Math.min(this.maxUs, Math.max(this.minUs, fromHistogram));
  }
}

/** A rate: how many of the recorded booleans were true ("passes"), out of all. */
export class RateAccumulator {
  readonly kind = 'rate';
  passes = 0;
  total = 0;

  /** Records one boolean; `pass` true counts towards the rate. */
  add(pass: boolean): void {
    this.total++;
    if (pass) this.passes++;
  }

  /** `rate` = passes / total, a fraction 0..1; null when nothing was recorded (as k6: no rate without samples). */
  value(aggregation: Aggregation): number | null {
    if (aggregation.method !== 'rate' || this.total === 0) return null;
    return this.passes / this.total;
  }
}

/** A counter of events (requests, iterations, dropped iterations). */
export class CounterAccumulator {
  readonly kind = 'counter';
  count = 0;

  /** Counts one event. */
  add(): void {
    this.count++;
  }

  /**
   * `count` = the sum (0 when nothing was counted, as k6); `rate` = count per second
   * of `elapsedMs` (k6 `CounterSink`: value / duration in seconds); null when
   * `elapsedMs` ≤ 0, where no rate exists.
   */
  value(aggregation: Aggregation, elapsedMs: number): number | null {
    if (aggregation.method === 'count') return this.count;
    if (aggregation.method !== 'rate' || elapsedMs <= 0) return null;
    return this.count / (elapsedMs / 1000);
  }
}

/** An accumulator's content, for shipping between threads (trend histogram encoded, µs). */
export type AccumulatorState =
  | ({ kind: 'trend' } & TrendState)
  | { kind: 'rate'; passes: number; total: number }
  | { kind: 'counter'; count: number };

/** The content of `accumulator`, to merge elsewhere with {@link mergeAccumulator}. */
export function exportAccumulator(accumulator: Accumulator): AccumulatorState {
  switch (accumulator.kind) {
    case 'trend':
      return { kind: 'trend', ...trendState(accumulator) };
    case 'rate':
      return { kind: 'rate', passes: accumulator.passes, total: accumulator.total };
    case 'counter':
      return { kind: 'counter', count: accumulator.count };
  }
}

/** Adds `state` into `accumulator` exactly (HdrHistogram add for trends). @throws Error when the kinds differ */
export function mergeAccumulator(accumulator: Accumulator, state: AccumulatorState): void {
  if (accumulator.kind === 'trend' && state.kind === 'trend') mergeTrendState(accumulator, state);
  else if (accumulator.kind === 'rate' && state.kind === 'rate') {
    accumulator.passes += state.passes;
    accumulator.total += state.total;
  } else if (accumulator.kind === 'counter' && state.kind === 'counter') accumulator.count += state.count;
  else throw new Error(`cannot merge a ${state.kind} into a ${accumulator.kind}`);
}

/** One series' accumulator, chosen by the metric's kind. */
export type Accumulator = TrendAccumulator | RateAccumulator | CounterAccumulator;

/** True when nothing at all was recorded into the accumulator. */
export function isEmpty(accumulator: Accumulator): boolean {
  switch (accumulator.kind) {
    case 'trend':
    case 'counter':
      return accumulator.count === 0;
    case 'rate':
      return accumulator.total === 0;
  }
}
