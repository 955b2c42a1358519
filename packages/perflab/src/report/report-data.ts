import { decodeHistogram } from '../metrics/histogram.ts';
import type { ResultsDocument, StatsWithHistogram } from '../output/json.ts';
import type { ReportData, RequestDistribution } from './dashboard-data.ts';
import { latencyBuckets, percentileSpectrum } from './distribution.ts';

/** Bars per request name in the report's latency histogram. */
export const REPORT_BUCKET_COUNT = 40;

/**
 * Prepares a results document for the static report: decodes each stats row's
 * HdrHistogram (and the aggregate's) into its percentile spectrum and
 * {@link REPORT_BUCKET_COUNT} log-spaced latency bars, and strips the encoded
 * histograms from the embedded copy (they are the bulk of the document and the
 * page needs only what is decoded here). The input is not modified.
 *
 * A row whose `histogram.encoded` is `""` (already stripped, or no requests)
 * gets an empty spectrum and no bars.
 * @throws Error when an encoded histogram is not a valid HdrHistogram encoding
 */
export function buildReportData(results: ResultsDocument): ReportData {
  const distributions: RequestDistribution[] = [...results.stats, results.aggregated].map(distributionOf);
  const strip = (row: StatsWithHistogram): StatsWithHistogram => ({
    ...row,
    histogram: { ...row.histogram, encoded: '' },
  });
  return {
    results: { ...results, stats: results.stats.map(strip), aggregated: strip(results.aggregated) },
    distributions,
  };
}

function distributionOf(row: StatsWithHistogram): RequestDistribution {
  if (row.histogram.encoded === '') return { method: row.method, name: row.name, spectrum: [], buckets: [] };
  let histogram;
  try {
    histogram = decodeHistogram(row.histogram.encoded);
  } catch (error) {
    throw new Error(
      `stats row ${JSON.stringify(`${row.method} ${row.name}`.trim())}: histogram.encoded is not an HdrHistogram encoding (${(error as Error).message})`,
      { cause: error },
    );
  }
  return {
    method: row.method,
    name: row.name,
    spectrum: percentileSpectrum(histogram),
    buckets: latencyBuckets(histogram, REPORT_BUCKET_COUNT),
  };
}
