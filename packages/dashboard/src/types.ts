/**
 * The shapes the page renders, taken from perflab's own types (type-only
 * imports: nothing of perflab's Node code reaches the bundle).
 */
import type { DashboardData } from 'perflab';

export type {
  DashboardData,
  ExceptionGroup,
  FailureGroup,
  HistoryRow,
  LatencyBucket,
  LiveStartRequest,
  LiveState,
  LiveStatus,
  ReportData,
  RequestDistribution,
  ResultsDocument,
  SpectrumPoint,
  StatsSummary,
  StatsWithHistogram,
  ThresholdOutcome,
} from 'perflab';

/** The comparison of two runs (perflab's `CompareReport`). */
export type CompareReport = Extract<DashboardData, { kind: 'compare' }>['compare'];
/** One row of a comparison. */
export type CompareRow = CompareReport['rows'][number];
/** One run's figures in a comparison row. */
export type CompareMetrics = NonNullable<CompareRow['base']>;
