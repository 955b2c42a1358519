import type { JsHistogram } from 'hdr-histogram-js';
import type { LatencyHistogram } from '../metrics/histogram.ts';

/** One point of a percentile spectrum: `percentile` in 0..100, `valueMs` the latency at it. */
export interface SpectrumPoint {
  percentile: number;
  valueMs: number;
  /** Requests at or below `valueMs`. */
  totalCount: number;
}

/** A distinct recorded value (µs, the highest equivalent value of its HdrHistogram bucket) and how often it occurred. */
export interface RecordedValue {
  valueUs: number;
  count: number;
}

/** One bar of a latency histogram: requests whose latency falls in [fromMs, toMs). */
export interface LatencyBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

/** The percentile ticks per halving of the distance to 100 % — HdrHistogram's own default. */
export const DEFAULT_TICKS_PER_HALF_DISTANCE = 5;

/**
 * The latency percentile spectrum, exactly the rows of HdrHistogram's
 * `outputPercentileDistribution` (Gil Tene's HdrHistogram; percentile levels
 * get `ticksPerHalfDistance` steps each time the distance to 100 % halves, so
 * the tail is resolved on a log scale of 1/(1−p)). Empty for an empty histogram.
 */
export function percentileSpectrum(
  histogram: LatencyHistogram,
  ticksPerHalfDistance = DEFAULT_TICKS_PER_HALF_DISTANCE,
): SpectrumPoint[] {
  if (histogram.totalCount === 0) return [];
  const iterator = (histogram as JsHistogram).percentileIterator;
  iterator.reset(ticksPerHalfDistance);
  const points: SpectrumPoint[] = [];
  while (iterator.hasNext()) {
    const step = iterator.next();
    points.push({
      percentile: step.percentileLevelIteratedTo,
      valueMs: step.valueIteratedTo / 1000,
      totalCount: step.totalCountToThisValue,
    });
  }
  return points;
}

/** Every distinct recorded value with its count, ascending — the histogram's full content. */
export function recordedValues(histogram: LatencyHistogram): RecordedValue[] {
  if (histogram.totalCount === 0) return [];
  const iterator = (histogram as JsHistogram).recordedValuesIterator;
  iterator.reset();
  const values: RecordedValue[] = [];
  while (iterator.hasNext()) {
    const step = iterator.next();
    values.push({ valueUs: step.valueIteratedTo, count: step.countAddedInThisIterationStep });
  }
  return values;
}

/**
 * Latency bars on log-spaced bucket edges between the smallest and largest
 * recorded latency (`bucketCount` bars; one bar when every value is equal).
 * Counts sum to the histogram's total count.
 */
export function latencyBuckets(histogram: LatencyHistogram, bucketCount = 40): LatencyBucket[] {
  const values = recordedValues(histogram);
  if (values.length === 0) return [];
  const minMs = Math.max(values[0]!.valueUs, 1) / 1000;
  const maxMs = Math.max(values[values.length - 1]!.valueUs, 1) / 1000;
  if (maxMs <= minMs) return [{ fromMs: minMs, toMs: maxMs, count: histogram.totalCount }];
  const ratio = Math.pow(maxMs / minMs, 1 / bucketCount);
  const buckets: LatencyBucket[] = [];
  for (let i = 0; i < bucketCount; i++) {
    buckets.push({
      fromMs: minMs * ratio ** i,
      toMs: i === bucketCount - 1 ? maxMs : minMs * ratio ** (i + 1),
      count: 0,
    });
  }
  const logRatio = Math.log(ratio);
  for (const { valueUs, count } of values) {
    const index = Math.floor(Math.log(Math.max(valueUs, 1) / 1000 / minMs) / logRatio);
    buckets[Math.min(Math.max(index, 0), bucketCount - 1)]!.count += count;
  }
  return buckets;
}
