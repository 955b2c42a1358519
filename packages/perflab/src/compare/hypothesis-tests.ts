/**
 * The comparison's statistical tests, computed exactly on histograms — lists of
 * distinct values with their counts, as {@link recordedValues} returns them —
 * rather than on raw samples: Mann–Whitney U with tie correction, Fisher's exact
 * test on a 2×2 table, and distribution-free confidence intervals for a
 * percentile from order statistics. Checked against SciPy in
 * test/compare/hypothesis-tests.test.ts.
 */
import type { RecordedValue } from '../report/distribution.ts';
import { binomialCdf, logBinomialCoefficient, normalSurvival } from './distributions.ts';

/** A one-sided Mann–Whitney U test result. */
export interface MannWhitney {
  /** U of sample `y`: pairs (x, y) with y > x, plus half the tied pairs. */
  uY: number;
  /** U of sample `x` (`n_x · n_y − uY`). */
  uX: number;
  /** Standardised uY, tie-corrected, with the continuity correction for "y greater" (SciPy's z). */
  zGreater: number;
  /** Standardised uX likewise, for "y less". */
  zLess: number;
  /** One-sided p-value for "y is stochastically greater than x". 1 when every value is tied. */
  pGreater: number;
  /** One-sided p-value for "y is stochastically less than x". */
  pLess: number;
}

/**
 * The Mann–Whitney U test of sample `y` against sample `x`, given as histograms
 * (ascending distinct values with counts; any unit, only the order matters).
 * Ties get mid-ranks; the p-values use the normal approximation with the tie
 * correction of the variance and a continuity correction of ½:
 *
 *   U_y = Σ_v c_y(v) · (C_x(< v) + c_x(v) / 2),   μ = n_x n_y / 2,
 *   σ² = n_x n_y / 12 · ((n + 1) − Σ_v (t_v³ − t_v) / (n (n − 1))),   t_v = c_x(v) + c_y(v),
 *   z = (U_y − μ − ½) / σ,   p_greater = 1 − Φ(z).
 *
 * Sources: H. B. Mann & D. R. Whitney (1947), "On a test of whether one of two
 * random variables is stochastically larger than the other", Ann. Math. Statist.
 * 18(1); tie correction: M. Hollander, D. A. Wolfe & E. Chicken, *Nonparametric
 * Statistical Methods*, 3rd ed. (2014), §4.1; the same statistic as SciPy's
 * `mannwhitneyu(y, x, method='asymptotic', use_continuity=True)`.
 * @returns null when either sample is empty
 * @throws RangeError when the values are not strictly ascending or a count is negative
 */
export function mannWhitneyU(x: readonly RecordedValue[], y: readonly RecordedValue[]): MannWhitney | null {
  const nx = totalCount(x);
  const ny = totalCount(y);
  if (nx === 0 || ny === 0) return null;
  let uY = 0;
  let tieSum = 0;
  let xBelow = 0; // x-observations below the current value
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const vx = i < x.length ? x[i]!.valueUs : Number.POSITIVE_INFINITY;
    const vy = j < y.length ? y[j]!.valueUs : Number.POSITIVE_INFINITY;
    const v = Math.min(vx, vy);
    const cx = vx === v ? x[i++]!.count : 0;
    const cy = vy === v ? y[j++]!.count : 0;
    uY += cy * (xBelow + cx / 2);
    const t = cx + cy;
    tieSum += t * t * t - t;
    xBelow += cx;
  }
  const n = nx + ny;
  const mu = (nx * ny) / 2;
  const variance = ((nx * ny) / 12) * (n + 1 - tieSum / (n * (n - 1)));
  const uX = nx * ny - uY;
  if (!(variance > 0)) {
    return { uY, uX, zGreater: 0, zLess: 0, pGreater: 1, pLess: 1 };
  }
  const sigma = Math.sqrt(variance);
  const zGreater = (uY - mu - 0.5) / sigma;
  const zLess = (uX - mu - 0.5) / sigma;
  return {
    uY,
    uX,
    zGreater,
    zLess,
    pGreater: Math.min(1, normalSurvival(zGreater)),
    pLess: Math.min(1, normalSurvival(zLess)),
  };
}

function totalCount(values: readonly RecordedValue[]): number {
  let total = 0;
  let previous = Number.NEGATIVE_INFINITY;
  for (const { valueUs, count } of values) {
    if (!(valueUs > previous)) throw new RangeError('histogram values must be strictly ascending');
    if (!(count >= 0)) throw new RangeError(`histogram count must be ≥ 0, got ${count}`);
    previous = valueUs;
    total += count;
  }
  return total;
}

/** The two one-sided p-values of Fisher's exact test. */
export interface FisherExact {
  /** P(X ≥ observed): the second group has the higher proportion (SciPy `alternative='greater'` on [[a2, n2 − a2], [a1, n1 − a1]]). */
  pGreater: number;
  /** P(X ≤ observed): the second group has the lower proportion. */
  pLess: number;
}

/**
 * Fisher's exact test of two proportions `a1 / n1` (first group) and `a2 / n2`
 * (second group), one-sided each way. Given the margins, the count X of
 * "successes" in the second group is hypergeometric:
 *
 *   P(X = k) = C(K, k) · C(N − K, n2 − k) / C(N, n2),   N = n1 + n2,  K = a1 + a2,
 *
 * and p_greater = P(X ≥ a2), p_less = P(X ≤ a2), summed exactly (in log space).
 * Exact for any counts, so zero failures in a run needs no special case.
 *
 * Source: R. A. Fisher, *Statistical Methods for Research Workers* (1925), §21.02;
 * A. Agresti, *Categorical Data Analysis*, 3rd ed. (2013), §3.5.1; SciPy's
 * `fisher_exact`.
 * @throws RangeError when a count is negative, not an integer, or above its total
 */
export function fisherExact(a1: number, n1: number, a2: number, n2: number): FisherExact {
  for (const [count, total] of [
    [a1, n1],
    [a2, n2],
  ] as const) {
    if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || count > total) {
      throw new RangeError(`fisherExact: ${count} out of ${total} is not a proportion of counts`);
    }
  }
  const big = n1 + n2;
  const successes = a1 + a2;
  const low = Math.max(0, n2 - (big - successes));
  const high = Math.min(successes, n2);
  const logDenominator = logBinomialCoefficient(big, n2);
  const logPmf = (k: number) =>
    logBinomialCoefficient(successes, k) + logBinomialCoefficient(big - successes, n2 - k) - logDenominator;
  return {
    pGreater: Math.min(1, sumExp(a2, high, logPmf)),
    pLess: Math.min(1, sumExp(low, a2, logPmf)),
  };
}

/** Σ_{k=from}^{to} exp(logTerm(k)), without underflow or overflow. */
function sumExp(from: number, to: number, logTerm: (k: number) => number): number {
  if (from > to) return 0;
  const logs: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  for (let k = from; k <= to; k++) {
    const value = logTerm(k);
    logs.push(value);
    if (value > max) max = value;
  }
  let sum = 0;
  for (const value of logs) sum += Math.exp(value - max);
  return Math.exp(max + Math.log(sum));
}

/** The ranks (1-based) of the order statistics bounding a percentile's confidence interval. */
export interface QuantileRanks {
  /** Rank of the lower bound, or 0 when no order statistic is low enough (the bound is −∞). */
  lower: number;
  /** Rank of the upper bound, or n + 1 when no order statistic is high enough (the bound is +∞). */
  upper: number;
}

/**
 * Ranks r, s of the order statistics X_(r) ≤ X_(s) that form a distribution-free
 * confidence interval, at level at least 1 − α, for the q-quantile of a
 * continuous distribution from n independent observations. With B ~ Binomial(n, q),
 * P(X_(r) ≤ ξ_q ≤ X_(s)) ≥ P(r ≤ B ≤ s − 1), so take the largest r with
 * P(B ≤ r − 1) ≤ α/2 and the smallest s with P(B ≤ s − 1) ≥ 1 − α/2.
 * In a small sample the interval of a tail percentile has no upper order
 * statistic (s = n + 1): the data cannot bound it — e.g. p99 at 99 % needs n ≥ 528.
 *
 * Source: W. J. Conover, *Practical Nonparametric Statistics*, 3rd ed. (1999),
 * §3.2 (confidence interval for a quantile); G. J. Hahn & W. Q. Meeker,
 * *Statistical Intervals* (1991), §5.2.
 * @param n number of observations (≥ 0)
 * @param q quantile as a fraction, 0 < q < 1
 * @param alpha 1 − confidence level, 0 < α < 1
 */
export function quantileConfidenceRanks(n: number, q: number, alpha: number): QuantileRanks {
  if (n === 0) return { lower: 0, upper: 1 };
  // Largest k in [−1, n] with F(k) ≤ α/2 (F(−1) = 0), and smallest k in [0, n] with F(k) ≥ 1 − α/2 (F(n) = 1).
  const lowerK = lastIndexWhere(-1, n, (k) => binomialCdf(k, n, q) <= alpha / 2);
  const upperK = firstIndexWhere(0, n, (k) => binomialCdf(k, n, q) >= 1 - alpha / 2);
  return { lower: lowerK + 1, upper: upperK + 1 };
}

/** Largest k in [from, to] with pred(k), for pred true on a prefix and pred(from) true. */
function lastIndexWhere(from: number, to: number, pred: (k: number) => boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (pred(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Smallest k in [from, to] with pred(k), for pred true on a suffix and pred(to) true. */
function firstIndexWhere(from: number, to: number, pred: (k: number) => boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The order statistic of rank `rank` (1-based) of a histogram: the smallest
 * recorded value whose cumulative count reaches `rank`. With rank = ⌈q·n⌉ this
 * is HdrHistogram's `getValueAtPercentile(100 q)` (nearest rank, bucket's highest
 * equivalent value).
 * @returns the value, or undefined when rank is outside 1..n
 */
export function orderStatistic(values: readonly RecordedValue[], rank: number): number | undefined {
  if (rank < 1) return undefined;
  let cumulative = 0;
  for (const { valueUs, count } of values) {
    cumulative += count;
    if (cumulative >= rank) return valueUs;
  }
  return undefined;
}
