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

/**
 * A distribution of durations (k6's "trend"): exact count, sum, min and max, and
 * an HdrHistogram in µs for percentiles (within 0.1 %).
 */
export class Trend {
  readonly histogram: LatencyHistogram = createLatencyHistogram();
  count = 0;
  sumUs = 0;
  minUs = Number.POSITIVE_INFINITY;
  maxUs = 0;

  /** Records one duration in µs (values below 1 µs count as 1 µs). */
  record(valueUs: number): void {
    const us = Math.max(1, Math.round(valueUs));
    this.count++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
    this.histogram.recordValue(us);
  }

  /** This trend's content, to merge elsewhere with {@link merge}. */
  exportState(): TrendState {
    return {
      count: this.count,
      sumUs: this.sumUs,
      minUs: this.minUs,
      maxUs: this.maxUs,
      histogram: this.count > 0 ? encodeHistogram(this.histogram) : '',
    };
  }

  /** Adds another trend's content: exact (HdrHistogram add; sums, min and max combined). */
  merge(state: TrendState): void {
    if (state.count === 0) return;
    this.count += state.count;
    this.sumUs += state.sumUs;
    this.minUs = Math.min(this.minUs, state.minUs);
    this.maxUs = Math.max(this.maxUs, state.maxUs);
    this.histogram.add(decodeHistogram(state.histogram));
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
