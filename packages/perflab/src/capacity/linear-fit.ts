/**
 * Ordinary least squares for a straight line y = intercept + slope·x, with the
 * usual standard errors (e.g. Montgomery & Runger, "Applied Statistics and
 * Probability for Engineers", §11-4):
 *   slope = Sxy / Sxx, intercept = ȳ − slope·x̄,
 *   s² = SSE / (n − 2), se(slope) = √(s² / Sxx), se(intercept) = √(s² (1/n + x̄²/Sxx)),
 *   R² = 1 − SSE / Syy.
 */
export interface LinearFit {
  intercept: number;
  slope: number;
  /** Standard errors; NaN with fewer than 3 points (no residual degrees of freedom). */
  interceptStdError: number;
  slopeStdError: number;
  /** Coefficient of determination; 1 when every y is equal and fitted exactly. */
  rSquared: number;
  points: number;
}

/**
 * Fits y = intercept + slope·x by ordinary least squares.
 * @throws RangeError with fewer than 2 points, non-finite values, or all x equal
 */
export function fitLine(points: readonly { x: number; y: number }[]): LinearFit {
  const n = points.length;
  if (n < 2) throw new RangeError(`a line needs at least 2 points, got ${n}`);
  for (const { x, y } of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`not a finite point: (${x}, ${y})`);
  }
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0) throw new RangeError('every x is the same: the slope is undefined');
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  for (const { x, y } of points) sse += (y - intercept - slope * x) ** 2;
  const s2 = n > 2 ? sse / (n - 2) : NaN;
  return {
    intercept,
    slope,
    interceptStdError: Math.sqrt(s2 * (1 / n + (meanX * meanX) / sxx)),
    slopeStdError: Math.sqrt(s2 / sxx),
    rSquared: syy === 0 ? 1 : 1 - sse / syy,
    points: n,
  };
}
