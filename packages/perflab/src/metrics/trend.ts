import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  type LatencyHistogram,
} from './histogram.ts';

/** Summary of a trend (a distribution of durations), in milliseconds. */
export interface TrendSummary {
  count: number;
  minMs: number;
  meanMs: number;
  medianMs: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A trend's content, for shipping between threads: exact aggregates + the encoded histogram (µs). */
export interface TrendState {
  count: number;
  sumUs: number;
  minUs: number;
  maxUs: number;
  /** HdrHistogram compressed base64 (empty when count is 0). */
  histogram: string;
}

/** Anything that keeps a trend's aggregates (a {@link Trend}, a threshold's trend series). */
export interface TrendLike {
  readonly histogram: LatencyHistogram;
  count: number;
  sumUs: number;
  minUs: number;
  maxUs: number;
}

/** The content of a trend-like accumulator, for shipping to another thread. */
export function trendState(trend: TrendLike): TrendState {
  return {
    count: trend.count,
    sumUs: trend.sumUs,
    minUs: trend.minUs,
    maxUs: trend.maxUs,
    histogram: trend.count > 0 ? encodeHistogram(trend.histogram) : '',
  };
}

/** Adds a shipped trend into `into`, exactly: sums and counts added, min/max combined, HdrHistogram add. */
export function mergeTrendState(into: TrendLike, state: TrendState): void {
  if (state.count === 0) return;
  into.count += state.count;
  into.sumUs += state.sumUs;
  into.minUs = Math.min(into.minUs, state.minUs);
  into.maxUs = Math.max(into.maxUs, state.maxUs);
  into.histogram.add(decodeHistogram(state.histogram));
}

/**
 * A distribution of durations (k6's "trend"): exact count, sum, min and max, and
 * an HdrHistogram in µs for percentiles (within 0.1 %).
 */
export class Trend implements TrendLike {
  private readonly values: LatencyHistogram = createLatencyHistogram();
  /**
   * Values of 1 µs (or less) not yet in the histogram: most requests' blocked,
   * connecting and TLS phases are 0 on a kept-alive connection, so they are
   * counted here and added in one step when the histogram is read.
   */
  private ones = 0;
  count = 0;
  sumUs = 0;
  minUs = Number.POSITIVE_INFINITY;
  maxUs = 0;

  /** The HdrHistogram of every recorded value (µs). */
  get histogram(): LatencyHistogram {
    if (this.ones > 0) {
      this.values.recordValueWithCount(1, this.ones);
      this.ones = 0;
    }
    return this.values;
  }

  /** Records one duration in µs (values below 1 µs count as 1 µs). */
  record(valueUs: number): void {
    const us = valueUs < 1.5 ? 1 : Math.round(valueUs);
    this.count++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
    if (us === 1) this.ones++;
    else this.values.recordValue(us);
  }

  /** This trend's content, to merge elsewhere with {@link merge}. */
  exportState(): TrendState {
    return trendState(this);
  }

  /** Adds another trend's content: exact (HdrHistogram add; sums, min and max combined). */
  merge(state: TrendState): void {
    mergeTrendState(this, state);
  }

  summary(): TrendSummary {
    const at = (p: number) => (this.count === 0 ? 0 : this.histogram.getValueAtPercentile(p) / 1000);
    return {
      count: this.count,
      minMs: this.count === 0 ? 0 : this.minUs / 1000,
      meanMs: this.count === 0 ? 0 : this.sumUs / this.count / 1000,
      medianMs: at(50),
      p90Ms: at(90),
      p95Ms: at(95),
      p99Ms: at(99),
      maxMs: this.maxUs / 1000,
    };
  }
}
