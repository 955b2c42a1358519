import { z } from 'zod';
import { PerflabError } from '../errors.ts';
import {
  boundedLevenbergMarquardt,
  invertSymmetricPositiveDefinite,
  linearLeastSquares,
} from './least-squares.ts';

/**
 * One measurement: throughput X at concurrency N (steady state of one step of a
 * stepped run, or one row of a `perflab fit-usl` CSV file).
 */
export interface UslPoint {
  /** Concurrency N: virtual users, or X·R by Little's law when there is think time (> 0, dimensionless). */
  n: number;
  /** Throughput X at that concurrency, in any rate unit, e.g. requests/s (> 0); the fit reports λ in it. */
  x: number;
}

/** Options of {@link fitUsl}. */
export interface UslFitOptions {
  /**
   * Fewest measurements accepted (default 6, at least 4 so that the three-parameter
   * model keeps a residual degree of freedom). Gunther (2007, ch. 5) asks for 4–6 or more.
   */
  minPoints?: number;
}

/** Which parameters the reported fit estimates: the others sit on their bound (0) and are held there. */
export type UslModel =
  /**
   * The Universal Scalability Law: λ, σ, κ estimated (σ may end on its upper bound 1,
   * then it is held there and its standard error is `null`).
   */
  | 'usl'
  /** κ = 0: Amdahl's law X(N) = λN / (1 + σ(N−1)). */
  | 'amdahl'
  /** σ = 0: coherency delay only, X(N) = λN / (1 + κN(N−1)). */
  | 'coherency-only'
  /** σ = κ = 0: linear scaling X(N) = λN. */
  | 'linear';

/** One measurement next to the fitted curve. */
export interface UslFittedPoint {
  /** Concurrency N as given. */
  n: number;
  /** Measured throughput X (unit of the input). */
  x: number;
  /** X(N) of the fitted model (unit of the input). */
  fitted: number;
  /** x − fitted (unit of the input). */
  residual: number;
}

/**
 * A Universal Scalability Law fit: X(N) = λN / (1 + σ(N−1) + κN(N−1))
 * (Gunther, "Guerrilla Capacity Planning", Springer 2007, eq. 4.31 with the
 * throughput scale λ as a third parameter, as in the R package `usl` ≥ 2.0).
 *
 * Units: N is dimensionless (users, processes), X and λ in the unit of the input
 * throughput (e.g. requests/s), σ and κ are dimensionless. The figures below are
 * those of R's `usl` package where it has them (`peak.scalability`,
 * `optimal.scalability`, `limit.scalability`). Quantities that do not exist for
 * the fitted model (N* when κ = 0, N_opt and X_roof when σ = 0) are `null`, so
 * the object serialises to JSON as is (`predict` is a method and is left out).
 */
export interface UslFit {
  /** Which parameters were estimated; see {@link UslModel}. */
  model: UslModel;
  /** λ: throughput of one user without contention or coherency delay (unit of X per unit of N). */
  lambda: number;
  /** σ: contention, the serial fraction (Amdahl), 0 ≤ σ ≤ 1. */
  sigma: number;
  /** κ: coherency delay (cross-talk between each pair of users), κ ≥ 0. */
  kappa: number;
  /**
   * Standard errors of the estimates: √(s²·[(JᵀJ)⁻¹]ⱼⱼ) with s² = SSE / (n − p) and J
   * the Jacobian ∂X(Nᵢ)/∂(λ, σ, κ) over the p estimated parameters at the solution
   * (the asymptotic covariance s²(JᵀJ)⁻¹ of non-linear least squares, as R's `nls`
   * and `usl` compute it; Bates & Watts 1988, §2.3). `null` for a parameter held on
   * its bound (not estimated).
   */
  standardErrors: { lambda: number; sigma: number | null; kappa: number | null };
  /** Residual sum of squares Σ (Xᵢ − X(Nᵢ))² (unit of X squared). */
  sse: number;
  /** Residual degrees of freedom n − p (p: estimated parameters). */
  degreesOfFreedom: number;
  /** Residual standard error s = √(SSE / (n − p)) (unit of X). */
  residualStandardError: number;
  /** R² = 1 − SSE / Σ (Xᵢ − X̄)² (as R's `usl`); 1 when every X is equal and fitted exactly. */
  rSquared: number;
  /**
   * N*: the concurrency of peak throughput, √((1 − σ)/κ) (Gunther 2007, eq. 4.33;
   * R `peak.scalability`); beyond it throughput goes retrograde. `null` when κ = 0
   * (throughput rises for ever towards X_roof) and when σ = 1 (the formula gives 0:
   * throughput never grows with concurrency).
   */
  nStar: number | null;
  /**
   * X_max: the highest throughput the model reaches: X(N*) when κ > 0; when κ = 0
   * the Amdahl ceiling λ/σ (= X_roof, approached, never reached); when σ = 1, λ (the
   * throughput at N = 1, never exceeded for N ≥ 1); `null` when σ = κ = 0.
   */
  xMax: number | null;
  /**
   * N_opt = 1/σ: where the linear bound λN meets the Amdahl ceiling λ/σ; below it
   * capacity is under-used, beyond it diminishing returns dominate (R
   * `optimal.scalability`). It is not the peak (that is N*). `null` when σ = 0.
   */
  nOpt: number | null;
  /**
   * X_roof = λ/σ: the Amdahl asymptote, an upper bound on throughput for N ≥ 1
   * (R `limit.scalability`). `null` when σ = 0.
   */
  xRoof: number | null;
  /** The measurements in input order, with fitted values and residuals. */
  points: UslFittedPoint[];
  /** Levenberg–Marquardt iterations of the reported fit. */
  iterations: number;
  /** Whether the iteration met a convergence criterion (false: stopped by the iteration limit). */
  converged: boolean;
  /**
   * X(n) of the fitted model (unit of X).
   * @param n concurrency, a finite number ≥ 0
   * @throws PerflabError `PERFLAB_ERR_USL_INPUT` when n is negative or not finite
   */
  predict(n: number): number;
}

const optionsSchema = z
  .object({ minPoints: z.number().int().min(4).default(6) })
  .strict()
  .default({ minPoints: 6 });

/** Parameter indices: λ, σ, κ. */
const LAMBDA = 0;
const SIGMA = 1;
const KAPPA = 2;
const LOWER = [0, 0, 0];
const UPPER = [Infinity, 1, Infinity];

/** Candidate models: which of σ, κ are held at 0. */
const MODELS: { model: UslModel; holdSigma: boolean; holdKappa: boolean }[] = [
  { model: 'usl', holdSigma: false, holdKappa: false },
  { model: 'amdahl', holdSigma: false, holdKappa: true },
  { model: 'coherency-only', holdSigma: true, holdKappa: false },
  { model: 'linear', holdSigma: true, holdKappa: true },
];

/** SSE within this relative margin of the best counts as "as good": the model with fewer parameters wins. */
const SAME_SSE = 1e-9;

/**
 * X(N) = λN / (1 + σ(N−1) + κN(N−1)), the Universal Scalability Law
 * (Gunther 2007, eq. 4.31, scaled by λ).
 * @param n concurrency (dimensionless)
 * @returns throughput in the unit of λ
 */
export function uslThroughput(n: number, lambda: number, sigma: number, kappa: number): number {
  return (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
}

/**
 * Fits the Universal Scalability Law X(N) = λN / (1 + σ(N−1) + κN(N−1)) to
 * measurements by bounded non-linear least squares on X, the method of R's `usl`
 * package (`nls`/`nlxb` with bounds; Gunther 2007, ch. 5): minimise
 * Σ (Xᵢ − X(Nᵢ))² subject to λ ≥ 0, 0 ≤ σ ≤ 1, κ ≥ 0 (R also caps κ at 1; here it is
 * unbounded above so that fractional concurrencies such as X·R < 1 are fitted as well).
 *
 * Algorithm: projected Levenberg–Marquardt ({@link boundedLevenbergMarquardt}), run
 * from two starts — the linearised fit N/X = (1 + σ(N−1) + κN(N−1))/λ, linear in
 * (1/λ, σ/λ, κ/λ) (after Gunther 2007, ch. 5), and R's start (λ = max X/N, σ = 0.01,
 * κ = 0.0001) — keeping the lower SSE. A parameter that ends on its bound is held
 * there and the model refitted without it: the models with κ = 0 (Amdahl), σ = 0 and
 * σ = κ = 0 are fitted the same way, and the reported fit is the one with the fewest
 * parameters among those whose SSE is within 1e-9 (relative) of the best. Standard
 * errors, degrees of freedom and R² are those of the reported model. Deterministic.
 *
 * Duplicates: repeated N values are replicate measurements, each one an observation
 * (as in R); they count towards `minPoints`, but three distinct N are needed for the
 * three parameters.
 *
 * @param points measurements (N > 0, X > 0, finite), in any order
 * @param options `minPoints` (default 6)
 * @returns the fit, its standard errors, quality, the derived figures N*, X_max, N_opt, X_roof and `predict`
 * @throws PerflabError `PERFLAB_ERR_USL_INPUT` naming what is wrong when there are fewer than
 *   `minPoints` points or fewer than 3 distinct N, when an N or X is not a finite number > 0,
 *   when the options are invalid, or when the parameters cannot be determined from the points
 */
export function fitUsl(points: readonly UslPoint[], options?: UslFitOptions): UslFit {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new PerflabError(
      'PERFLAB_ERR_USL_INPUT',
      `fitUsl options: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`,
      'options: { minPoints?: integer ≥ 4 }',
    );
  }
  const { minPoints } = parsed.data;
  checkPoints(points, minPoints);
  const ns = points.map((p) => p.n);
  const xs = points.map((p) => p.x);

  const candidates = MODELS.map((m) => ({ ...m, ...fitModel(ns, xs, m.holdSigma, m.holdKappa) }));
  const best = Math.min(...candidates.map((c) => c.sse));
  // MODELS is ordered by parameter count within ties of equal count by SSE below.
  const acceptable = candidates.filter((c) => c.sse <= best * (1 + SAME_SSE) + Number.MIN_VALUE);
  acceptable.sort((a, b) => freeCount(a) - freeCount(b) || a.sse - b.sse);
  const chosen = acceptable[0] as (typeof candidates)[number];
  return describeFit(ns, xs, chosen.model, chosen.params, chosen.iterations, chosen.converged);
}

function freeCount(m: { holdSigma: boolean; holdKappa: boolean }): number {
  return 3 - Number(m.holdSigma) - Number(m.holdKappa);
}

/** Validates the measurements; every bad point is named (up to five) in one message. */
function checkPoints(points: readonly UslPoint[], minPoints: number): void {
  if (!Array.isArray(points)) {
    throw new PerflabError('PERFLAB_ERR_USL_INPUT', 'fitUsl: points must be an array of { n, x }');
  }
  const bad: string[] = [];
  points.forEach((p, i) => {
    const n: unknown = p?.n;
    const x: unknown = p?.x;
    const problems: string[] = [];
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) problems.push(`N = ${String(n)}`);
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) problems.push(`X = ${String(x)}`);
    if (problems.length > 0) bad.push(`point ${i + 1} (${problems.join(', ')})`);
  });
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '');
    throw new PerflabError(
      'PERFLAB_ERR_USL_INPUT',
      `USL fit: N and X must be finite numbers > 0: ${shown}`,
      'drop steps that measured no throughput; N is the concurrency (users), X the throughput',
    );
  }
  if (points.length < minPoints) {
    throw new PerflabError(
      'PERFLAB_ERR_USL_INPUT',
      `USL fit: ${points.length} point${points.length === 1 ? '' : 's'}, at least ${minPoints} needed`,
    );
  }
  const distinct = new Set(points.map((p) => p.n)).size;
  if (distinct < 3) {
    throw new PerflabError(
      'PERFLAB_ERR_USL_INPUT',
      `USL fit: the points have ${distinct} distinct N value${distinct === 1 ? '' : 's'}, at least 3 needed for λ, σ and κ`,
      'measure at more concurrency levels (repeated N values are replicates of one level)',
    );
  }
}

/** Model values X(Nᵢ) for p = [λ, σ, κ]. */
function modelValues(ns: readonly number[], p: readonly number[]): number[] {
  const [lambda = 0, sigma = 0, kappa = 0] = p;
  return ns.map((n) => uslThroughput(n, lambda, sigma, kappa));
}

/** Jacobian rows [∂X/∂λ, ∂X/∂σ, ∂X/∂κ] at each Nᵢ. */
function modelJacobian(ns: readonly number[], p: readonly number[]): number[][] {
  const [lambda = 0, sigma = 0, kappa = 0] = p;
  return ns.map((n) => {
    const d = 1 + sigma * (n - 1) + kappa * n * (n - 1);
    const top = lambda * n;
    return [n / d, (-top * (n - 1)) / (d * d), (-top * n * (n - 1)) / (d * d)];
  });
}

/** Best of the two starts for one candidate model. */
function fitModel(ns: readonly number[], xs: readonly number[], holdSigma: boolean, holdKappa: boolean) {
  const fixed = [false, holdSigma, holdKappa];
  const problem = {
    observed: xs,
    model: (p: readonly number[]) => modelValues(ns, p),
    jacobian: (p: readonly number[]) => modelJacobian(ns, p),
    lower: LOWER,
    upper: UPPER,
    fixed,
  };
  const hold = (p: number[]) => [
    p[LAMBDA] ?? 0,
    holdSigma ? 0 : (p[SIGMA] ?? 0),
    holdKappa ? 0 : (p[KAPPA] ?? 0),
  ];
  const starts = [hold(linearisedStart(ns, xs, holdSigma, holdKappa)), hold(rStart(ns, xs))];
  let best: ReturnType<typeof boundedLevenbergMarquardt> | undefined;
  for (const start of starts) {
    const result = boundedLevenbergMarquardt(problem, start);
    if (best === undefined || result.sse < best.sse) best = result;
  }
  return best as ReturnType<typeof boundedLevenbergMarquardt>;
}

/** R `usl`'s start: λ = max X/N, σ = 0.01, κ = 0.0001. */
function rStart(ns: readonly number[], xs: readonly number[]): number[] {
  return [Math.max(...xs.map((x, i) => x / (ns[i] ?? 1))), 0.01, 0.0001];
}

/**
 * Start from the linearised USL: N/X = a + b(N−1) + cN(N−1) with a = 1/λ, b = σ/λ,
 * c = κ/λ, solved by linear least squares (held parameters' columns left out),
 * then projected onto the bounds. Falls back to R's start when a ≤ 0.
 */
function linearisedStart(
  ns: readonly number[],
  xs: readonly number[],
  holdSigma: boolean,
  holdKappa: boolean,
): number[] {
  const y = ns.map((n, i) => n / (xs[i] ?? 1));
  const columns = [ns.map(() => 1)];
  if (!holdSigma) columns.push(ns.map((n) => n - 1));
  if (!holdKappa) columns.push(ns.map((n) => n * (n - 1)));
  const beta = linearLeastSquares(columns, y);
  const a = beta?.[0];
  if (beta === undefined || a === undefined || !(a > 0) || !Number.isFinite(a)) return rStart(ns, xs);
  let column = 1;
  const sigma = holdSigma ? 0 : (beta[column++] ?? 0) / a;
  const kappa = holdKappa ? 0 : (beta[column] ?? 0) / a;
  return [1 / a, Math.min(1, Math.max(0, sigma)), Math.max(0, kappa)];
}

/** A USL parameter by name. */
export type UslParameter = 'lambda' | 'sigma' | 'kappa';

/**
 * Asymptotic standard errors of USL parameters at given values: Cov = s²·(JᵀJ)⁻¹ with
 * s² = SSE / (n − p), J the Jacobian ∂X(Nᵢ)/∂θ over the p `estimated` parameters
 * (the others count as known), as R's `nls` and `usl` compute them (Bates & Watts,
 * "Nonlinear Regression Analysis and Its Applications", 1988, §2.3; J. Fox,
 * "Nonlinear Regression and Nonlinear Least Squares", 2002). {@link fitUsl} calls it
 * with the parameters it estimated; called with all three at a boundary fit it gives
 * R `usl`'s figures, which keep κ = 0 as an estimate.
 * @param points the measurements (N, X) the parameters were fitted to
 * @param params λ (unit of X), σ, κ
 * @param estimated which parameters were estimated (λ first)
 * @returns SSE (unit of X squared), n − p, s (unit of X) and the standard errors, `null` for parameters not estimated
 * @throws PerflabError `PERFLAB_ERR_USL_INPUT` when JᵀJ is singular (the parameters cannot be determined)
 */
export function uslStandardErrors(
  points: readonly UslPoint[],
  params: { lambda: number; sigma: number; kappa: number },
  estimated: readonly UslParameter[],
): {
  sse: number;
  degreesOfFreedom: number;
  residualStandardError: number;
  standardErrors: Record<UslParameter, number | null>;
} {
  const ns = points.map((p) => p.n);
  const theta = [params.lambda, params.sigma, params.kappa];
  const fitted = modelValues(ns, theta);
  const sse = points.reduce((sum, p, i) => sum + (p.x - (fitted[i] ?? NaN)) ** 2, 0);
  const index = { lambda: LAMBDA, sigma: SIGMA, kappa: KAPPA };
  const columns = estimated.map((name) => index[name]);
  const degreesOfFreedom = points.length - columns.length;
  const variance = sse / degreesOfFreedom;
  const jacobian = modelJacobian(ns, theta);
  const information = columns.map((i) =>
    columns.map((j) => jacobian.reduce((sum, row) => sum + (row[i] ?? 0) * (row[j] ?? 0), 0)),
  );
  const covariance = invertSymmetricPositiveDefinite(information);
  if (covariance === undefined) {
    throw new PerflabError(
      'PERFLAB_ERR_USL_INPUT',
      'USL fit: the parameters cannot be determined from these points (singular Jacobian at the solution)',
      'measure at more concurrency levels, from N = 1 or close to it up past the peak',
    );
  }
  const standardError = (name: UslParameter): number | null => {
    const at = estimated.indexOf(name);
    return at < 0 ? null : Math.sqrt(variance * (covariance[at]?.[at] ?? NaN));
  };
  return {
    sse,
    degreesOfFreedom,
    residualStandardError: Math.sqrt(variance),
    standardErrors: {
      lambda: standardError('lambda'),
      sigma: standardError('sigma'),
      kappa: standardError('kappa'),
    },
  };
}

/** Builds the reported fit: held parameters, standard errors, quality, derived figures. */
function describeFit(
  ns: readonly number[],
  xs: readonly number[],
  model: UslModel,
  params: readonly number[],
  iterations: number,
  converged: boolean,
): UslFit {
  const [lambda = 0, sigma = 0, kappa = 0] = params;
  if (!(lambda > 0)) {
    throw new PerflabError(
      'PERFLAB_ERR_USL_INPUT',
      'USL fit: λ cannot be determined from these points (fit λ = 0)',
    );
  }
  const fitted = modelValues(ns, params);
  const residuals = xs.map((x, i) => x - (fitted[i] ?? NaN));
  // Estimated parameters: λ always; σ, κ unless held at 0 or ended on a bound.
  const estimated: UslParameter[] = ['lambda'];
  if (sigma > 0 && sigma < 1) estimated.push('sigma');
  if (kappa > 0) estimated.push('kappa');
  const { sse, degreesOfFreedom, residualStandardError, standardErrors } = uslStandardErrors(
    ns.map((n, i) => ({ n, x: xs[i] ?? NaN })),
    { lambda, sigma, kappa },
    estimated,
  );
  const mean = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const sst = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0);

  const nStar = kappa > 0 && sigma < 1 ? Math.sqrt((1 - sigma) / kappa) : null;
  const xRoof = sigma > 0 ? lambda / sigma : null;
  const xMax = nStar !== null ? uslThroughput(nStar, lambda, sigma, kappa) : sigma >= 1 ? lambda : xRoof;
  return {
    model,
    lambda,
    sigma,
    kappa,
    standardErrors: {
      lambda: standardErrors.lambda ?? NaN,
      sigma: standardErrors.sigma,
      kappa: standardErrors.kappa,
    },
    sse,
    degreesOfFreedom,
    residualStandardError,
    rSquared: sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0,
    nStar,
    xMax,
    nOpt: sigma > 0 ? 1 / sigma : null,
    xRoof,
    points: ns.map((n, i) => ({
      n,
      x: xs[i] ?? NaN,
      fitted: fitted[i] ?? NaN,
      residual: residuals[i] ?? NaN,
    })),
    iterations,
    converged,
    predict(n: number): number {
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
        throw new PerflabError(
          'PERFLAB_ERR_USL_INPUT',
          `USL predict: N must be a finite number ≥ 0, got ${String(n)}`,
          null,
        );
      }
      return uslThroughput(n, lambda, sigma, kappa);
    },
  };
}
