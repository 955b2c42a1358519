import { describe, expect, it } from 'vitest';
import {
  fitUsl,
  uslStandardErrors,
  uslThroughput,
  type UslFit,
  type UslPoint,
} from '../../src/capacity/usl.ts';
import { PerflabError } from '../../src/errors.ts';

const points = (ns: number[], xs: number[]): UslPoint[] => ns.map((n, i) => ({ n, x: xs[i] as number }));

/** Relative closeness: |actual − expected| ≤ tolerance·|expected|. */
function expectWithin(actual: number | null, expected: number, tolerance = 0.01): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/**
 * SPEC SDM91 on a Sun SPARCcenter 2000 (Gunther 2007, ch. 5; the `specsdm91` data
 * set of R's `usl` package).
 */
const SPECSDM91 = points(
  [1, 18, 36, 72, 108, 144, 216],
  [64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2],
);

/** Synthetic set of R `usl`'s tests/usl-nls.R: X(N) for λ = 1, σ = κ = 0.02, rounded to 4 decimals. */
const SYNTHETIC = points([1, 2, 4, 6, 8, 10], [1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557]);

/**
 * Ray tracer on an SGI Origin 2000 (Gunther 2007, table 5.1; the `raytracer` data set
 * of R's `usl` package).
 */
const RAYTRACER = points(
  [1, 4, 8, 12, 16, 20, 24, 28, 32, 48, 64],
  [20, 78, 130, 170, 190, 200, 210, 230, 260, 280, 310],
);

/**
 * Reference values published by R's `usl` package (tests/*.Rout.save, R 3.6.2,
 * usl 2.0 with the three coefficients called alpha = σ, beta = κ, gamma = λ).
 */
describe('fitUsl: published fits', () => {
  it('specsdm91: coefficients, standard errors and fit quality of summary(usl(throughput ~ load))', () => {
    const fit = fitUsl(SPECSDM91);
    expect(fit.model).toBe('usl');
    expect(fit.converged).toBe(true);
    // The issue's acceptance values (within 1 %) …
    expectWithin(fit.sigma, 0.02773);
    expectWithin(fit.kappa, 1.044e-4);
    expectWithin(fit.lambda, 89.995);
    expectWithin(fit.nStar, 96.5);
    expectWithin(fit.xMax, 1884);
    // … and R's summary to the digits it prints (summary.Rout.save).
    expectWithin(fit.sigma, 2.773e-2, 5e-4);
    expectWithin(fit.kappa, 1.044e-4, 5e-4);
    expectWithin(fit.lambda, 9.0e1, 5e-4);
    expectWithin(fit.standardErrors.sigma, 9.122e-3, 5e-4);
    expectWithin(fit.standardErrors.kappa, 1.988e-5, 5e-4);
    expectWithin(fit.standardErrors.lambda, 1.421e1, 5e-4);
    expectWithin(fit.residualStandardError, 82.85, 1e-4);
    expect(fit.degreesOfFreedom).toBe(4);
    expectWithin(fit.rSquared, 0.9896, 1e-4);
    // Residual quantiles: min −81.66, max 111.09.
    const residuals = fit.points.map((p) => p.residual);
    expectWithin(Math.min(...residuals), -81.66, 1e-4);
    expectWithin(Math.max(...residuals), 111.09, 1e-4);
    // fitted.Rout.save (digits = 3).
    expect(fit.points.map((p) => Math.round(p.fitted))).toEqual([90, 1078, 1541, 1850, 1879, 1822, 1646]);
  });

  it('specsdm91: N*, N_opt and X_roof as peak/optimal/limit.scalability', () => {
    const fit = fitUsl(SPECSDM91);
    expect(Number(fit.nStar?.toPrecision(2))).toBe(97); // peak-scalability.Rout.save: signif(…, 2) = 97
    expectWithin(fit.nOpt, 36.06401, 1e-4); // optimal-scalability.Rout.save, all.equal tolerance 1e-4
    expectWithin(fit.xRoof, 3245.589, 1e-4); // limit-scalability.Rout.save
    // limit.scalability(u, 0.001, 0.00001) = γ/0.001 = 89995.23 gives λ to 7 digits.
    expectWithin(fit.lambda / 0.001, 89995.23, 1e-6);
    expect(fit.xMax).toBeCloseTo(fit.predict(fit.nStar as number), 9);
  });

  it('synthetic set: σ = κ = 0.02, λ = 1, N* = 7 (usl-nls.Rout.save)', () => {
    const fit = fitUsl(SYNTHETIC);
    expect(fit.model).toBe('usl');
    expectWithin(fit.sigma, 0.02);
    expectWithin(fit.kappa, 0.02);
    expectWithin(fit.lambda, 1);
    expectWithin(fit.nStar, 7);
    // The data are the model rounded to 4 decimals: the fit is much closer than 1 %.
    expectWithin(fit.sigma, 0.02, 1e-3);
    expectWithin(fit.kappa, 0.02, 1e-4);
    expectWithin(fit.lambda, 1, 1e-4);
    expect(fit.residualStandardError).toBeLessThan(5e-5);
  });

  it('raytracer: κ ends on its bound, so the fit is Amdahl with R’s σ and λ (confint.Rout.save)', () => {
    const fit = fitUsl(RAYTRACER);
    expect(fit.model).toBe('amdahl');
    expect(fit.kappa).toBe(0);
    expect(Number(fit.sigma.toPrecision(3))).toBe(0.0578);
    expect(Number(fit.lambda.toPrecision(6))).toBe(21.8488);
    expect(fit.standardErrors.kappa).toBeNull();
    expect(fit.degreesOfFreedom).toBe(RAYTRACER.length - 2);
    expect(fit.nStar).toBeNull();
    expect(fit.xRoof).toBeCloseTo(fit.lambda / fit.sigma, 9);
    expect(fit.xMax).toBe(fit.xRoof); // κ = 0: the Amdahl ceiling
    expect(fit.nOpt).toBeCloseTo(1 / fit.sigma, 9);
  });

  it('raytracer: the standard-error formula gives R’s confidence intervals when κ = 0 is kept as an estimate', () => {
    // R's usl keeps all three coefficients (df = n − 3) and prints confint(u) as
    // estimate ± SE·qt(0.95, n − 1) (its confint.R), qt(0.95, 10) = 1.812461.
    const fit = fitUsl(RAYTRACER);
    const r = uslStandardErrors(RAYTRACER, fit, ['lambda', 'sigma', 'kappa']);
    expect(r.degreesOfFreedom).toBe(8);
    const t = 1.812461;
    const halfWidth = (se: number | null) => (se as number) * t;
    expectWithin(fit.sigma - halfWidth(r.standardErrors.sigma), 0.033677, 1e-3);
    expectWithin(fit.sigma + halfWidth(r.standardErrors.sigma), 0.081864, 1e-3);
    expectWithin(halfWidth(r.standardErrors.kappa), 0.000214, 3e-3);
    expectWithin(fit.lambda - halfWidth(r.standardErrors.lambda), 17.86838, 1e-4);
    expectWithin(fit.lambda + halfWidth(r.standardErrors.lambda), 25.829306, 1e-4);
  });
});

describe('fitUsl: bounds and refits', () => {
  const grid = [1, 2, 4, 8, 16, 24, 32, 48, 64];

  it('pure Amdahl data refit with κ = 0: σ and λ exact, κ held, df = n − 2', () => {
    const fit = fitUsl(
      points(
        grid,
        grid.map((n) => uslThroughput(n, 100, 0.05, 0)),
      ),
    );
    expect(fit.model).toBe('amdahl');
    expect(fit.kappa).toBe(0);
    expectWithin(fit.sigma, 0.05, 1e-9);
    expectWithin(fit.lambda, 100, 1e-9);
    expect(fit.standardErrors).toMatchObject({ kappa: null });
    expect(fit.standardErrors.sigma).toBeTypeOf('number');
    expect(fit.degreesOfFreedom).toBe(grid.length - 2);
    expect(fit.nStar).toBeNull();
    expectWithin(fit.xMax, 2000, 1e-9);
    expectWithin(fit.xRoof, 2000, 1e-9);
    expectWithin(fit.nOpt, 20, 1e-9);
  });

  it('noisy Amdahl data whose unconstrained κ would be negative refit with κ = 0', () => {
    // Throughput keeps rising faster than Amdahl's curve allows: the free optimum has κ < 0.
    const xs = grid.map((n, i) => uslThroughput(n, 100, 0.05, 0) * (1 + 0.02 * Math.sin(i) + 0.0004 * n));
    const fit = fitUsl(points(grid, xs));
    expect(fit.model).toBe('amdahl');
    expect(fit.kappa).toBe(0);
    expect(fit.sigma).toBeGreaterThan(0);
    expectOptimal(fit);
  });

  it('coherency without contention refit with σ = 0; linear data with σ = κ = 0', () => {
    const coherent = fitUsl(
      points(
        grid,
        grid.map((n) => uslThroughput(n, 10, 0, 0.001)),
      ),
    );
    expect(coherent.model).toBe('coherency-only');
    expect(coherent.sigma).toBe(0);
    expectWithin(coherent.kappa, 0.001, 1e-9);
    expectWithin(coherent.nStar, Math.sqrt(1000), 1e-9);
    expect(coherent.nOpt).toBeNull();
    expect(coherent.xRoof).toBeNull();
    expect(coherent.standardErrors.sigma).toBeNull();

    const linear = fitUsl(
      points(
        grid,
        grid.map((n) => 3 * n),
      ),
    );
    expect(linear.model).toBe('linear');
    expect([linear.sigma, linear.kappa]).toEqual([0, 0]);
    expectWithin(linear.lambda, 3, 1e-12);
    expect([linear.nStar, linear.xMax, linear.nOpt, linear.xRoof]).toEqual([null, null, null, null]);
    expect(linear.degreesOfFreedom).toBe(grid.length - 1);
  });

  it('σ on its upper bound 1 (throughput never grows): σ held, no N*, X_max = λ', () => {
    const falling = fitUsl(
      points(
        grid,
        grid.map((n) => 100 / (1 + 0.01 * (n - 1))),
      ),
    );
    expect(falling.sigma).toBe(1);
    expect(falling.standardErrors.sigma).toBeNull();
    expectWithin(falling.kappa, 0.01, 1e-9);
    expect(falling.degreesOfFreedom).toBe(grid.length - 2);
    expect(falling.nStar).toBeNull();
    expectWithin(falling.xMax, 100, 1e-9);

    const flat = fitUsl(
      points(
        grid,
        grid.map(() => 50),
      ),
    );
    expect([flat.model, flat.sigma, flat.kappa]).toEqual(['amdahl', 1, 0]);
    expectWithin(flat.xMax, 50, 1e-12);
    expect(flat.rSquared).toBe(1);
  });

  it('fits fractional concurrencies (X·R < 1) with a peak below the measured range’s end', () => {
    const ns = [0.2, 0.5, 0.8, 1.2, 1.6, 2.0];
    const fit = fitUsl(
      points(
        ns,
        ns.map((n) => uslThroughput(n, 100, 0.1, 0.3)),
      ),
    );
    expect(fit.model).toBe('usl');
    expectWithin(fit.lambda, 100, 1e-9);
    expectWithin(fit.sigma, 0.1, 1e-9);
    expectWithin(fit.kappa, 0.3, 1e-9);
    expectWithin(fit.nStar, Math.sqrt(3), 1e-9);
  });

  it('reaches the constrained minimum on noisy data (no feasible nearby point is better)', () => {
    let seed = 7;
    const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 20; trial++) {
      const lambda = 10 ** (uniform() * 4 - 1);
      const sigma = uniform() < 0.25 ? 0 : 10 ** (-3 * uniform());
      const kappa = uniform() < 0.25 ? 0 : 10 ** (-2 - 4 * uniform());
      const ns = [1, 5, 10, 20, 40, 80, 120, 160].map((n) => n * (0.5 + uniform()));
      const xs = ns.map((n) => uslThroughput(n, lambda, sigma, kappa) * (1 + 0.05 * (uniform() - 0.5)));
      expectOptimal(fitUsl(points(ns, xs)));
    }
  });
});

/**
 * First-order optimality checked without the solver: every feasible move of each
 * parameter by a small relative step (and of λ together with σ or κ) increases SSE.
 */
function expectOptimal(fit: UslFit): void {
  const sse = (lambda: number, sigma: number, kappa: number) =>
    fit.points.reduce((sum, p) => sum + (p.x - uslThroughput(p.n, lambda, sigma, kappa)) ** 2, 0);
  const base = sse(fit.lambda, fit.sigma, fit.kappa);
  expect(base).toBeCloseTo(fit.sse, 6);
  const steps = [1e-3, -1e-3];
  for (const h of steps) {
    for (const [dl, ds, dk] of [
      [h, 0, 0],
      [0, h, 0],
      [0, 0, h],
      [h, h, 0],
      [h, 0, h],
      [0, h, -h],
    ] as const) {
      const lambda = fit.lambda * (1 + dl);
      const sigma = fit.sigma === 0 ? Math.max(0, ds) * 1e-3 : Math.min(1, fit.sigma * (1 + ds));
      const kappa = fit.kappa === 0 ? Math.max(0, dk) * 1e-6 : fit.kappa * (1 + dk);
      expect(sse(lambda, sigma, kappa)).toBeGreaterThanOrEqual(base * (1 - 1e-12));
    }
  }
}

describe('fitUsl: standard errors', () => {
  /** 3×3 (or smaller) inverse by cofactors: independent of the solver's Cholesky code. */
  function invert(m: number[][]): number[][] {
    if (m.length === 1) return [[1 / (m[0]?.[0] as number)]];
    if (m.length === 2) {
      const [[a, b], [c, d]] = m as [[number, number], [number, number]];
      const det = a * d - b * c;
      return [
        [d / det, -b / det],
        [-c / det, a / det],
      ];
    }
    const at = (i: number, j: number) => m[i]?.[j] as number;
    const cof = (i: number, j: number) => {
      const r = [0, 1, 2].filter((x) => x !== i);
      const c = [0, 1, 2].filter((x) => x !== j);
      const minor =
        at(r[0] as number, c[0] as number) * at(r[1] as number, c[1] as number) -
        at(r[0] as number, c[1] as number) * at(r[1] as number, c[0] as number);
      return (i + j) % 2 === 0 ? minor : -minor;
    };
    const det = at(0, 0) * cof(0, 0) + at(0, 1) * cof(0, 1) + at(0, 2) * cof(0, 2);
    return [0, 1, 2].map((i) => [0, 1, 2].map((j) => cof(j, i) / det));
  }

  /** √(s²·diag (JᵀJ)⁻¹) with J by central differences (relative step 1e-6) over the estimated parameters. */
  function finiteDifferenceErrors(fit: UslFit): number[] {
    const names = (['lambda', 'sigma', 'kappa'] as const).filter((k) => fit.standardErrors[k] !== null);
    const theta = { lambda: fit.lambda, sigma: fit.sigma, kappa: fit.kappa };
    const x = (n: number, t: typeof theta) => uslThroughput(n, t.lambda, t.sigma, t.kappa);
    const jac = fit.points.map(({ n }) =>
      names.map((name) => {
        const h = theta[name] * 1e-6;
        return (
          (x(n, { ...theta, [name]: theta[name] + h }) - x(n, { ...theta, [name]: theta[name] - h })) /
          (2 * h)
        );
      }),
    );
    const jtj = names.map((_, i) =>
      names.map((__, j) => jac.reduce((s, row) => s + (row[i] as number) * (row[j] as number), 0)),
    );
    const inv = invert(jtj);
    const s2 = fit.sse / (fit.points.length - names.length);
    return names.map((_, i) => Math.sqrt(s2 * (inv[i]?.[i] as number)));
  }

  it('match s²(JᵀJ)⁻¹ from a finite-difference Jacobian (USL and Amdahl fits)', () => {
    for (const fit of [fitUsl(SPECSDM91), fitUsl(RAYTRACER)]) {
      const numeric = finiteDifferenceErrors(fit);
      const reported = [fit.standardErrors.lambda, fit.standardErrors.sigma, fit.standardErrors.kappa].filter(
        (v) => v !== null,
      );
      expect(reported).toHaveLength(numeric.length);
      reported.forEach((se, i) => expectWithin(se, numeric[i] as number, 1e-6));
    }
  });
});

describe('fitUsl: input handling', () => {
  it('is deterministic and independent of the order of the points', () => {
    const a = fitUsl(SPECSDM91);
    const b = fitUsl([...SPECSDM91].reverse());
    expect(JSON.stringify(fitUsl(SPECSDM91))).toBe(JSON.stringify(a));
    expect(b.lambda).toBeCloseTo(a.lambda, 6);
    expect(b.sigma).toBeCloseTo(a.sigma, 10);
    expect(b.kappa).toBeCloseTo(a.kappa, 12);
    expect(b.points.map((p) => p.n)).toEqual([216, 144, 108, 72, 36, 18, 1]); // input order kept
  });

  it('takes repeated N as replicates: each point an observation, same estimates when all are doubled', () => {
    const once = fitUsl(SPECSDM91);
    const twice = fitUsl([...SPECSDM91, ...SPECSDM91]);
    expect(twice.points).toHaveLength(14);
    expect(twice.degreesOfFreedom).toBe(11);
    expectWithin(twice.sigma, once.sigma, 1e-7);
    expectWithin(twice.kappa, once.kappa, 1e-7);
    expectWithin(twice.sse, 2 * once.sse, 1e-9);
  });

  it('scales λ with the throughput unit and leaves σ, κ unchanged', () => {
    const base = fitUsl(SPECSDM91);
    const perSecond = fitUsl(SPECSDM91.map((p) => ({ n: p.n, x: p.x / 3600 })));
    expectWithin(perSecond.lambda, base.lambda / 3600, 1e-7);
    expectWithin(perSecond.sigma, base.sigma, 1e-7);
    expectWithin(perSecond.kappa, base.kappa, 1e-6);
  });

  it('serialises to JSON with null for figures that do not exist and without predict', () => {
    const json = JSON.parse(JSON.stringify(fitUsl(RAYTRACER))) as Record<string, unknown>;
    expect(json).toMatchObject({ model: 'amdahl', kappa: 0, nStar: null, standardErrors: { kappa: null } });
    expect(json).not.toHaveProperty('predict');
  });

  it('predicts X(n) from the fitted model and refuses a negative or non-finite n', () => {
    const fit = fitUsl(SPECSDM91);
    expect(fit.predict(0)).toBe(0);
    expect(fit.predict(50)).toBeCloseTo((fit.lambda * 50) / (1 + fit.sigma * 49 + fit.kappa * 50 * 49), 9);
    expect(fit.points[3]?.fitted).toBe(fit.predict(72));
    expect(() => fit.predict(-1)).toThrow(/USL predict: N must be a finite number ≥ 0, got -1/);
    expect(() => fit.predict(Number.NaN)).toThrow(PerflabError);
  });

  const codeOf = (fn: () => unknown): { code: string; message: string; exitCode: number } => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(PerflabError);
      return error as PerflabError;
    }
    throw new Error('expected an error');
  };

  it('refuses fewer than 6 points (or than minPoints) naming the count', () => {
    const e = codeOf(() => fitUsl(SPECSDM91.slice(0, 5)));
    expect(e.code).toBe('PERFLAB_ERR_USL_INPUT');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('USL fit: 5 points, at least 6 needed');
    expect(fitUsl(SPECSDM91.slice(0, 5), { minPoints: 4 }).points).toHaveLength(5);
    expect(codeOf(() => fitUsl(SPECSDM91, { minPoints: 3 })).message).toMatch(
      /^fitUsl options: minPoints: .*4/,
    );
    expect(codeOf(() => fitUsl([])).message).toBe('USL fit: 0 points, at least 6 needed');
  });

  it('refuses non-positive or non-finite N and X, naming every bad point', () => {
    const bad = [...SPECSDM91];
    bad[1] = { n: 0, x: 995.9 };
    bad[3] = { n: 72, x: -1 };
    bad[5] = { n: Number.POSITIVE_INFINITY, x: Number.NaN };
    const e = codeOf(() => fitUsl(bad));
    expect(e.code).toBe('PERFLAB_ERR_USL_INPUT');
    expect(e.message).toBe(
      'USL fit: N and X must be finite numbers > 0: point 2 (N = 0), point 4 (X = -1), point 6 (N = Infinity, X = NaN)',
    );
  });

  it('refuses fewer than 3 distinct N', () => {
    const two = [1, 1, 1, 8, 8, 8].map((n, i) => ({ n, x: 10 * n + i }));
    expect(codeOf(() => fitUsl(two)).message).toBe(
      'USL fit: the points have 2 distinct N values, at least 3 needed for λ, σ and κ',
    );
  });
});
