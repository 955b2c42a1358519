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

/** The capacity plan of `perflab plan` (perflab's `PlanReport`). */
export type PlanReport = Extract<DashboardData, { kind: 'plan' }>['plan'];
/** One measured step of a plan. */
export type PlanStep = PlanReport['steps'][number];
/** The USL fit of a plan. */
export type PlanUsl = NonNullable<PlanReport['usl']>;
/** A straight-line fit y = intercept + slope·x (memory or CPU per user). */
export type LinearFit = NonNullable<PlanReport['capacity']['memoryModel']>;
/** One constraint's capacity estimate. */
export type ConstraintCapacity = PlanReport['capacity']['constraints'][number];

/** The production-readiness report of `perflab check` (perflab's `ReadinessReport`). */
export type ReadinessReport = Extract<DashboardData, { kind: 'readiness' }>['readiness'];
/** One graded criterion of a readiness report. */
export type ReadinessCriterion = ReadinessReport['criteria'][number];
/** A criterion's grade. */
export type ReadinessGrade = ReadinessCriterion['grade'];
/** The readiness verdict band. */
export type ReadinessVerdict = ReadinessReport['score']['verdict'];
/** One database probe's figures. */
export type ProbeFigures = ReadinessReport['probes'][number];
