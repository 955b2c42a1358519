import * as hdr from 'hdr-histogram-js';

/** Latency histograms: HdrHistogram, microsecond values, 3 significant digits. */
export type LatencyHistogram = hdr.Histogram;

/** Significant decimal digits every perflab latency histogram keeps (relative error ≤ 0.1 %). */
export const SIGNIFICANT_DIGITS = 3;

/** Percentiles reported everywhere (the columns of Locust's stats CSV), as fractions of 100. */
export const REPORTED_PERCENTILES = [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100] as const;

/**
 * A new, empty latency histogram. Values are microseconds; it resizes itself for
 * any latency, so memory stays bounded by the range of values, not their number.
 */
export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/**
 * Encodes a histogram in HdrHistogram's compressed base64 form (V2 encoding,
 * the same string the Java/C/Go HdrHistogram libraries and HistogramLogReader read).
 */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Decodes {@link encodeHistogram}'s output. @throws Error when the string is not an encoded histogram. */
export function decodeHistogram(encoded: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}
