import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  type LatencyHistogram,
  REPORTED_PERCENTILES,
} from './histogram.ts';
import type { Sample } from './sample.ts';
import { SlidingWindow } from './window.ts';

/** Percentile (0–100) → latency in milliseconds. Keys as strings: `"50"`, `"99.9"`. */
export type Percentiles = Record<string, number>;

/**
 * Summary of one (method, name) group or of all requests ("Aggregated"), as every
 * reporter reads it. Times in milliseconds, sizes in bytes, rates per second.
 */
export interface StatsSummary {
  /** HTTP method, or `""` for the aggregated row (as in Locust's CSV). */
  method: string;
  /** Request name, or `"Aggregated"`. */
  name: string;
  requests: number;
  failures: number;
  /** requests / elapsed run time. */
  rps: number;
  /** failures / elapsed run time. */
  failuresPerSecond: number;
  /** Current (trailing 10 s) requests/s, as Locust's live table shows. */
  currentRps: number;
  currentFailuresPerSecond: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  medianMs: number;
  /** Mean response body size, bytes. */
  meanContentSize: number;
  /** {@link REPORTED_PERCENTILES} → ms, from the whole-run histogram. */
  percentiles: Percentiles;
}

/** A stats entry's content, for shipping between threads (µs, bytes; histogram encoded). */
export interface EntryState {
  method: string;
  name: string;
  requests: number;
  failures: number;
  latencySumUs: number;
  minUs: number;
  maxUs: number;
  bytesSum: number;
  histogram: string;
}

/**
 * Everything known about one (method, name) group: counters, exact sums, min/max
 * and an HdrHistogram of latencies in µs (percentiles within 0.1 %).
 */
export class StatsEntry {
  readonly histogram: LatencyHistogram = createLatencyHistogram();
  readonly window: SlidingWindow;
  requests = 0;
  failures = 0;
  latencySumUs = 0;
  minUs = Number.POSITIVE_INFINITY;
  maxUs = 0;
  bytesSum = 0;

  constructor(
    readonly method: string,
    readonly name: string,
    withWindowHistograms = false,
  ) {
    this.window = new SlidingWindow(withWindowHistograms);
  }

  /** Adds one sample; `second` is the epoch second it completed in. */
  record(sample: Sample, second: number): void {
    const latencyUs = Math.max(1, Math.round(sample.latencyUs));
    this.requests++;
    if (sample.error !== undefined) this.failures++;
    this.latencySumUs += latencyUs;
    if (latencyUs < this.minUs) this.minUs = latencyUs;
    if (latencyUs > this.maxUs) this.maxUs = latencyUs;
    this.bytesSum += sample.bytes;
    this.histogram.recordValue(latencyUs);
    this.window.record(second, latencyUs, sample.error !== undefined);
  }

  /** This entry's content, to merge elsewhere with {@link merge}. */
  exportState(): EntryState {
    return {
      method: this.method,
      name: this.name,
      requests: this.requests,
      failures: this.failures,
      latencySumUs: this.latencySumUs,
      minUs: this.minUs,
      maxUs: this.maxUs,
      bytesSum: this.bytesSum,
      histogram: this.requests > 0 ? encodeHistogram(this.histogram) : '',
    };
  }

  /**
   * Adds another entry's content, exactly: counts and sums added, min/max combined,
   * HdrHistogram add (never averaged percentiles). It counts as completed in `second`.
   */
  merge(state: EntryState, second: number): void {
    if (state.requests === 0) return;
    const histogram = decodeHistogram(state.histogram);
    this.requests += state.requests;
    this.failures += state.failures;
    this.latencySumUs += state.latencySumUs;
    this.minUs = Math.min(this.minUs, state.minUs);
    this.maxUs = Math.max(this.maxUs, state.maxUs);
    this.bytesSum += state.bytesSum;
    this.histogram.add(histogram);
    this.window.recordMany(second, state.requests, state.failures, histogram);
  }

  /** Latency at percentile `p` (0–100) in ms; 0 when empty. */
  percentileMs(p: number): number {
    return this.requests === 0 ? 0 : this.histogram.getValueAtPercentile(p) / 1000;
  }

  /**
   * @param elapsedMs run time so far, for the whole-run rates
   * @param nowSecond current epoch second, for the trailing-window rates
   */
  summary(elapsedMs: number, nowSecond: number): StatsSummary {
    const elapsedSeconds = Math.max(elapsedMs / 1000, 1e-9);
    const current = this.window.rates(nowSecond, elapsedSeconds);
    const percentiles: Percentiles = {};
    for (const p of REPORTED_PERCENTILES) percentiles[String(p)] = this.percentileMs(p);
    const empty = this.requests === 0;
    return {
      method: this.method,
      name: this.name,
      requests: this.requests,
      failures: this.failures,
      rps: this.requests / elapsedSeconds,
      failuresPerSecond: this.failures / elapsedSeconds,
      currentRps: current.rps,
      currentFailuresPerSecond: current.failuresPerSecond,
      minMs: empty ? 0 : this.minUs / 1000,
      maxMs: this.maxUs / 1000,
      meanMs: empty ? 0 : this.latencySumUs / this.requests / 1000,
      medianMs: this.percentileMs(50),
      meanContentSize: empty ? 0 : this.bytesSum / this.requests,
      percentiles,
    };
  }
}
