/**
 * Bounded non-linear least squares: a projected Levenberg–Marquardt method for
 * small problems (a handful of parameters, tens of observations), plus the small
 * dense linear algebra it needs. Deterministic: no random restarts.
 *
 * Method (Levenberg 1944; Marquardt 1963; damping update of Nielsen 1999, as in
 * Madsen, Nielsen & Tingleff, "Methods for Non-Linear Least Squares Problems",
 * 2nd ed., 2004, §3.2; active set for simple bounds as in projected-Newton
 * methods, Bertsekas 1982, and Kanzow, Yamashita & Fukushima 2004):
 *
 * - minimise S(p) = Σᵢ (yᵢ − f(xᵢ; p))² subject to lowerⱼ ≤ pⱼ ≤ upperⱼ;
 * - each iteration fixes the parameters that sit on a bound with the gradient
 *   pointing out of the box, solves (JᵀJ + μ·diag(JᵀJ)) δ = Jᵀr for the others
 *   (Marquardt's scaling makes the step independent of the parameters' units),
 *   projects p + δ onto the box, and accepts the step when S decreases;
 * - μ follows the gain ratio ρ = actual / predicted decrease (Nielsen):
 *   accepted → μ·max(1/3, 1 − (2ρ − 1)³), rejected → μ·ν, ν doubling;
 * - converged when the relative-offset criterion of Bates & Watts (1981), used by
 *   R's `nls`, √(rᵀ P_J r / rᵀr) (P_J the projection onto the span of the free
 *   columns of J), falls below `offsetTolerance`, when S stops decreasing
 *   (relative change below `sseTolerance`), when S is 0, or when no step can
 *   decrease S any more (μ beyond 1e20: a minimum to rounding precision).
 */

/** A bounded least-squares problem: model values and Jacobian as functions of the parameters. */
export interface BoundedLeastSquaresProblem {
  /** Observed values yᵢ, one per observation. */
  observed: readonly number[];
  /** Model values f(xᵢ; p), one per observation. */
  model: (params: readonly number[]) => number[];
  /** Jacobian of the model: row i holds ∂f(xᵢ; p)/∂pⱼ. */
  jacobian: (params: readonly number[]) => number[][];
  /** Lower bound per parameter (`-Infinity` for none). */
  lower: readonly number[];
  /** Upper bound per parameter (`Infinity` for none). */
  upper: readonly number[];
  /** Parameters held at their start value (not estimated), by index. */
  fixed?: readonly boolean[];
}

/** Tuning of {@link boundedLevenbergMarquardt}; the defaults suit well-scaled double precision problems. */
export interface LevenbergMarquardtOptions {
  /** Iteration limit (default 500). */
  maxIterations?: number;
  /** Relative-offset convergence tolerance (default 1e-10). */
  offsetTolerance?: number;
  /** Relative decrease of S below which an accepted step counts as converged (default 1e-15). */
  sseTolerance?: number;
  /** Initial damping μ relative to diag(JᵀJ) (default 1e-3). */
  initialDamping?: number;
}

/** Outcome of {@link boundedLevenbergMarquardt}. */
export interface LeastSquaresResult {
  /** Parameters at the solution, inside the bounds. */
  params: number[];
  /** Residual sum of squares S at the solution. */
  sse: number;
  /** Iterations run. */
  iterations: number;
  /** Whether a convergence criterion was met (false: the iteration limit stopped it). */
  converged: boolean;
}

/**
 * Minimises Σ (yᵢ − f(xᵢ; p))² within simple bounds by projected
 * Levenberg–Marquardt (see the module comment for the method and sources).
 * @param problem observations, model, Jacobian, bounds and fixed parameters
 * @param start starting parameters; projected onto the bounds first
 * @returns the solution, its residual sum of squares and whether it converged
 * @throws Error when a bound pair is empty (lower > upper) or the model is not finite at the start
 */
export function boundedLevenbergMarquardt(
  problem: BoundedLeastSquaresProblem,
  start: readonly number[],
  options: LevenbergMarquardtOptions = {},
): LeastSquaresResult {
  const { observed, lower, upper } = problem;
  const maxIterations = options.maxIterations ?? 500;
  const offsetTolerance = options.offsetTolerance ?? 1e-10;
  const sseTolerance = options.sseTolerance ?? 1e-15;
  const k = start.length;
  const fixed = problem.fixed ?? start.map(() => false);
  for (let j = 0; j < k; j++) {
    if (!((lower[j] ?? -Infinity) <= (upper[j] ?? Infinity)))
      throw new Error(`empty bounds for parameter ${j}`);
  }
  const project = (p: readonly number[]) =>
    p.map((v, j) => Math.min(upper[j] ?? Infinity, Math.max(lower[j] ?? -Infinity, v)));

  let params = project(start);
  let residuals = residualsOf(observed, problem.model(params));
  let sse = sumOfSquares(residuals);
  if (!Number.isFinite(sse)) throw new Error('the model is not finite at the starting parameters');
  let mu = options.initialDamping ?? 1e-3;
  let nu = 2;

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (sse === 0) return { params, sse, iterations: iteration - 1, converged: true };
    const jac = problem.jacobian(params);
    const gradient = transposeTimes(jac, residuals); // Jᵀr = −½∇S
    // Free parameters: not fixed, not without influence at this point (a zero column of J,
    // e.g. a rate multiplied by an amplitude that is 0), and not on a bound the descent
    // direction points out of.
    const free: number[] = [];
    for (let j = 0; j < k; j++) {
      if (fixed[j] || !(columnDot(jac, j, j) > 0)) continue;
      const g = gradient[j] ?? 0;
      const p = params[j] ?? 0;
      if ((p <= (lower[j] ?? -Infinity) && g < 0) || (p >= (upper[j] ?? Infinity) && g > 0)) continue;
      free.push(j);
    }
    if (free.length === 0) return { params, sse, iterations: iteration - 1, converged: true };

    const a = free.map((i) => free.map((j) => columnDot(jac, i, j)));
    const b = free.map((j) => gradient[j] ?? 0);
    // Convergence: the relative offset √(bᵀA⁻¹b / S) (Bates & Watts 1981).
    const gaussNewton = solveScaled(a, b, 0);
    if (gaussNewton !== undefined) {
      const projected = dot(b, gaussNewton);
      if (Math.sqrt(Math.max(0, projected) / sse) < offsetTolerance) {
        return { params, sse, iterations: iteration - 1, converged: true };
      }
    }

    // Inner loop: raise μ until a step decreases S.
    for (;;) {
      const delta = solveScaled(a, b, mu);
      if (delta === undefined) {
        mu *= nu;
        nu *= 2;
        if (mu > 1e20) return { params, sse, iterations: iteration, converged: true };
        continue;
      }
      const candidate = params.slice();
      free.forEach((j, i) => (candidate[j] = (candidate[j] ?? 0) + (delta[i] ?? 0)));
      const next = project(candidate);
      const step = next.map((v, j) => v - (params[j] ?? 0));
      const nextResiduals = residualsOf(observed, problem.model(next));
      const nextSse = sumOfSquares(nextResiduals);
      // Predicted S after the (projected) step from the linear model: ‖r − J·step‖².
      let predictedSse = 0;
      for (let i = 0; i < residuals.length; i++) {
        const row = jac[i] ?? [];
        let change = 0;
        for (let j = 0; j < k; j++) change += (row[j] ?? 0) * (step[j] ?? 0);
        predictedSse += ((residuals[i] ?? 0) - change) ** 2;
      }
      const predictedDecrease = sse - predictedSse;
      const actualDecrease = sse - nextSse;
      if (Number.isFinite(nextSse) && actualDecrease > 0) {
        const rho = predictedDecrease > 0 ? actualDecrease / predictedDecrease : 0;
        params = next;
        residuals = nextResiduals;
        const previous = sse;
        sse = nextSse;
        mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
        if (actualDecrease <= sseTolerance * previous) {
          return { params, sse, iterations: iteration, converged: true };
        }
        break;
      }
      mu *= nu;
      nu *= 2;
      if (mu > 1e20) return { params, sse, iterations: iteration, converged: true };
    }
  }
  return { params, sse, iterations: maxIterations, converged: false };
}

/**
 * Inverse of a symmetric positive definite matrix, computed on its unit-diagonal
 * scaling D^{-1/2}·A·D^{-1/2} (D = diag A) by Cholesky factorisation, so that
 * columns of very different magnitude (λ ~ 100, κ ~ 1e-4) do not cost precision.
 * @returns the inverse, or undefined when A is not (numerically) positive definite
 */
export function invertSymmetricPositiveDefinite(a: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const scale = a.map((row, i) => Math.sqrt(row[i] ?? 0));
  if (scale.some((s) => !(s > 0) || !Number.isFinite(s))) return undefined;
  const scaled = a.map((row, i) => row.map((v, j) => v / ((scale[i] ?? 1) * (scale[j] ?? 1))));
  const factor = cholesky(scaled);
  if (factor === undefined) return undefined;
  const inverse: number[][] = [];
  for (let column = 0; column < n; column++) {
    const unit = Array.from({ length: n }, (_, i) => (i === column ? 1 : 0));
    const x = choleskySolve(factor, unit);
    inverse.push(x);
  }
  // inverse is symmetric; undo the scaling: A⁻¹ = D^{-1/2}·S⁻¹·D^{-1/2}.
  return inverse.map((row, i) => row.map((v, j) => v / ((scale[i] ?? 1) * (scale[j] ?? 1))));
}

/**
 * Least-squares solution of X·β ≈ y (columns of X are the regressors) via the
 * scaled normal equations; for starting values, not for reported estimates.
 * @returns β, or undefined when the columns are linearly dependent
 */
export function linearLeastSquares(
  columns: readonly (readonly number[])[],
  y: readonly number[],
): number[] | undefined {
  const a = columns.map((ci) => columns.map((cj) => dot(ci, cj)));
  const b = columns.map((c) => dot(c, y));
  return solveScaled(a, b, 0);
}

/** Solves (A + μ·diag A) x = b on the unit-diagonal scaling of A; undefined when not positive definite. */
function solveScaled(
  a: readonly (readonly number[])[],
  b: readonly number[],
  mu: number,
): number[] | undefined {
  const scale = a.map((row, i) => Math.sqrt(row[i] ?? 0));
  if (scale.some((s) => !(s > 0) || !Number.isFinite(s))) return undefined;
  const scaled = a.map((row, i) =>
    row.map((v, j) => v / ((scale[i] ?? 1) * (scale[j] ?? 1)) + (i === j ? mu : 0)),
  );
  const factor = cholesky(scaled);
  if (factor === undefined) return undefined;
  const x = choleskySolve(
    factor,
    b.map((v, i) => v / (scale[i] ?? 1)),
  );
  return x.map((v, i) => v / (scale[i] ?? 1));
}

/** Lower-triangular L with L·Lᵀ = A; undefined when A is not positive definite to working precision. */
function cholesky(a: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]?.[j] ?? 0;
      for (let m = 0; m < j; m++) sum -= (l[i]?.[m] ?? 0) * (l[j]?.[m] ?? 0);
      if (i === j) {
        // Relative pivot threshold: a pivot lost to cancellation means a singular matrix.
        if (!(sum > 1e-13 * Math.abs(a[i]?.[i] ?? 0)) || !Number.isFinite(sum)) return undefined;
        (l[i] as number[])[i] = Math.sqrt(sum);
      } else {
        (l[i] as number[])[j] = sum / (l[j]?.[j] ?? 1);
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ x = b. */
function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = l.length;
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i] ?? 0;
    for (let m = 0; m < i; m++) sum -= (l[i]?.[m] ?? 0) * (z[m] ?? 0);
    z[i] = sum / (l[i]?.[i] ?? 1);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let m = i + 1; m < n; m++) sum -= (l[m]?.[i] ?? 0) * (x[m] ?? 0);
    x[i] = sum / (l[i]?.[i] ?? 1);
  }
  return x;
}

function residualsOf(observed: readonly number[], fitted: readonly number[]): number[] {
  return observed.map((y, i) => y - (fitted[i] ?? NaN));
}

function sumOfSquares(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return sum;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** Jᵀ·r for J given by rows. */
function transposeTimes(rows: readonly (readonly number[])[], r: readonly number[]): number[] {
  const k = rows[0]?.length ?? 0;
  const out = new Array<number>(k).fill(0);
  rows.forEach((row, i) => {
    for (let j = 0; j < k; j++) out[j] = (out[j] ?? 0) + (row[j] ?? 0) * (r[i] ?? 0);
  });
  return out;
}

/** (JᵀJ)ᵢⱼ for J given by rows. */
function columnDot(rows: readonly (readonly number[])[], i: number, j: number): number {
  let sum = 0;
  for (const row of rows) sum += (row[i] ?? 0) * (row[j] ?? 0);
  return sum;
}
