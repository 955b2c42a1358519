/**
 * The comparison of two results documents (`perflab compare BASE.json NEW.json`),
 * as written by `--json FILE` and rendered by the dashboard's compare view.
 * Method and rules: docs/compare.md.
 */
import type { SpectrumPoint } from '../report/distribution.ts';

export type { SpectrumPoint };

/** A row's verdict. Only `regressed` fails the comparison (exit code 1). */
export type CompareVerdict = 'regressed' | 'improved' | 'unchanged' | 'added' | 'removed';

/** One run's figures for one (method, name) row. Times in ms, rates per second, error rate a fraction. */
export interface CompareMetrics {
  /** Requests completed (failures included). */
  requests: number;
  /** Failed requests. */
  failures: number;
  /** Requests per second over the whole run (`requests / elapsedMs`), as in the results document. */
  rps: number;
  /** `failures / requests`, a fraction in 0..1 (0 without requests). */
  errorRate: number;
  /** Median latency, ms, from the decoded whole-run HdrHistogram (nearest rank). */
  p50Ms: number;
  /** 95th percentile latency, ms, from the decoded whole-run HdrHistogram (nearest rank). */
  p95Ms: number;
  /** 99th percentile latency, ms, from the decoded whole-run HdrHistogram (nearest rank). */
  p99Ms: number;
  /** Mean latency, ms (exact, from the run's latency sum). */
  meanMs: number;
}

/** A change of one metric: `new − base` and that change relative to base. */
export interface CompareDelta {
  /** `new − base`, in the metric's unit (ms, requests/s, fraction or count). */
  absolute: number;
  /** `(new − base) / base`; null when base is 0. */
  relative: number | null;
}

/** `new − base` for every {@link CompareMetrics} field. */
export type CompareDeltas = Record<keyof CompareMetrics, CompareDelta>;

/** The two-sided distribution-free confidence interval of a percentile, ms; null bounds are unbounded. */
export interface PercentileInterval {
  /** Lower bound, ms (the order statistic of rank `lowerRank`), or null when no order statistic is low enough. */
  lowMs: number | null;
  /** Upper bound, ms (the order statistic of rank `upperRank`), or null when too few requests reach that far into the tail. */
  highMs: number | null;
}

/** How one percentile moved and whether that counts, with its evidence. */
export interface PercentileComparison {
  /** 50, 95 or 99. */
  percentile: number;
  /** Base and new value at the percentile, ms (nearest rank on the HdrHistogram). */
  baseMs: number;
  newMs: number;
  /** `newMs − baseMs`, ms. */
  deltaMs: number;
  /** `deltaMs / baseMs` (null when baseMs is 0). */
  relative: number | null;
  /** Confidence intervals (at the report's `intervalConfidence`) of the percentile in each run, from order statistics (binomial). */
  baseInterval: PercentileInterval;
  newInterval: PercentileInterval;
  /**
   * `worse`/`better`: beyond the tolerance and the floor, the two intervals do not overlap, and
   * (p50 only) the Mann–Whitney test rejects at `testAlpha` in that direction.
   */
  change: 'worse' | 'better' | 'same';
}

/** The Mann–Whitney U test of the two latency histograms. */
export interface MannWhitneyResult {
  /** U of the new run: pairs (new, base) with new slower, plus half the ties. */
  u: number;
  /** Standardised U (tie- and continuity-corrected), in the direction of `pValue`. */
  z: number;
  /** One-sided p-value for "new is slower" (stochastically larger latencies). */
  pSlower: number;
  /** One-sided p-value for "new is faster". */
  pFaster: number;
  /** `u / (n_base · n_new)`: probability that a new request is slower than a base one (ties count half). */
  probabilitySlower: number;
}

/** The error-rate comparison: Fisher's exact test on the 2×2 table of failures and successes. */
export interface ErrorRateTest {
  /** One-sided p-value for "the new run fails more often". */
  pWorse: number;
  /** One-sided p-value for "the new run fails less often". */
  pBetter: number;
  change: 'worse' | 'better' | 'same';
}

/** One (method, name) row of the comparison (or the aggregated row: method `""`, name `"Aggregated"`). */
export interface CompareRow {
  method: string;
  name: string;
  verdict: CompareVerdict;
  /** Why the verdict is what it is (empty for `unchanged`), one sentence each. */
  reasons: string[];
  /** The base run's figures; null when the row is only in the new run. */
  base: CompareMetrics | null;
  /** The new run's figures; null when the row is only in the base run. */
  new: CompareMetrics | null;
  /**
   * Mann–Whitney one-sided p-value in the direction the latencies moved (`mannWhitney.pSlower`
   * when new requests are more often slower than base ones, else `pFaster`); null for added/removed rows.
   */
  pValue: number | null;
  /** Latency percentile spectra (HdrHistogram percentile distribution, ms) of each run; empty when absent. */
  spectra: { base: SpectrumPoint[]; new: SpectrumPoint[] };
  /** `new − base` per metric; null for added/removed rows. */
  deltas: CompareDeltas | null;
  /** p50, p95, p99 with their confidence intervals; empty for added/removed rows. */
  percentiles: PercentileComparison[];
  /** null for added/removed rows or when either run has no requests in the row. */
  mannWhitney: MannWhitneyResult | null;
  /** null for added/removed rows. */
  errorRateTest: ErrorRateTest | null;
  /** Near misses worth knowing (e.g. "p99: too few requests to bound it"), not part of the verdict. */
  notes: string[];
}

/** Which run a side of the comparison is. */
export interface CompareRunInfo {
  /** The file as given on the command line (or by the caller). */
  file: string;
  /** ISO 8601 start of the run. */
  startedAt: string;
  /** Base URL the run loaded. */
  host: string;
  scenarioFile: string | null;
  /** Run time, ms (grace period included), as in the results document. */
  elapsedMs: number;
  /** The planned load in words, one per scenario (e.g. `10 users at 100/s for 10s`). */
  load: string[];
}

/** The comparison of two runs: `perflab compare`'s JSON output (format `perflab-compare`, version 1). */
export interface CompareReport {
  format: 'perflab-compare';
  version: 1;
  /** Relative tolerance as a fraction (0.1 = 10 %). */
  tolerance: number;
  /** The decision method in words (tests, α, tolerance, floors). */
  method: string;
  /** Family-wise significance level: the chance that an A/A comparison flags anything (Bonferroni). */
  alpha: number;
  /** Level of each single (one-sided) test: `alpha / (4 × rows judged)`. */
  testAlpha: number;
  /**
   * Confidence of each percentile interval, a fraction: chosen so that two intervals fail to
   * overlap by chance with probability about `testAlpha` (Goldstein & Healy 1995), e.g. 0.9845.
   */
  intervalConfidence: number;
  /** Absolute floor a latency percentile must move by to count, ms. */
  minDeltaMs: number;
  /** Absolute floor the error rate must move by to count, a fraction (0.001 = 0.1 percentage point). */
  minErrorRateDelta: number;
  base: CompareRunInfo;
  new: CompareRunInfo;
  /** One row per (method, name) in either run, sorted by name then method. */
  rows: CompareRow[];
  /** All requests of each run (the results documents' aggregated histograms). Counts towards `regressed`. */
  aggregated: CompareRow;
  /** True when any row, the aggregated one included, regressed. */
  regressed: boolean;
  /** Differences between the runs that make the comparison less meaningful (other load, interrupted run…). */
  notes: string[];
}
