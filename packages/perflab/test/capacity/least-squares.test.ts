import { describe, expect, it } from 'vitest';
import {
  boundedLevenbergMarquardt,
  invertSymmetricPositiveDefinite,
  linearLeastSquares,
} from '../../src/capacity/least-squares.ts';

/**
 * The Hobbs weed infestation problem, unscaled: y = b1 / (1 + b2·exp(−b3·t)), t = 1…12
 * (J. C. Nash, "Compact Numerical Methods for Computers", 1979/1990; R package nlsr's
 * test problems). Published solutions: unconstrained b = (196.186, 49.0916, 0.313570),
 * SS = 2.5873; with lower (0, 0, 0) and upper (500, 100, 0.25) b = (500.000, 87.942,
 * 0.250), SS = 29.993 (nlsCompare's Hobbs_4.R; nls "port" agrees).
 */
const WEED = [5.308, 7.24, 9.638, 12.866, 17.069, 23.192, 31.443, 38.558, 50.156, 62.948, 75.995, 91.972];
const T = WEED.map((_, i) => i + 1);
const hobbs = (lower: number[], upper: number[]) => ({
  observed: WEED,
  model: (p: readonly number[]) => {
    const [b1 = 0, b2 = 0, b3 = 0] = p;
    return T.map((t) => b1 / (1 + b2 * Math.exp(-b3 * t)));
  },
  jacobian: (p: readonly number[]) => {
    const [b1 = 0, b2 = 0, b3 = 0] = p;
    return T.map((t) => {
      const e = Math.exp(-b3 * t);
      const z = 1 / (1 + b2 * e);
      return [z, -b1 * z * z * e, b1 * z * z * e * b2 * t];
    });
  },
  lower,
  upper,
});
const FREE = [-Infinity, -Infinity, -Infinity];
const NONE = [Infinity, Infinity, Infinity];

describe('boundedLevenbergMarquardt', () => {
  it('solves the unconstrained Hobbs problem from an easy and from a hard start', () => {
    for (const start of [
      [200, 50, 0.3],
      [1, 1, 0.1],
    ]) {
      const result = boundedLevenbergMarquardt(hobbs(FREE, NONE), start);
      expect(result.converged).toBe(true);
      expect(result.sse).toBeCloseTo(2.5873, 4);
      expect(result.params[0]).toBeCloseTo(196.186, 3);
      expect(result.params[1]).toBeCloseTo(49.0916, 4);
      expect(result.params[2]).toBeCloseTo(0.31357, 5);
    }
  });

  it('stops on active bounds: Hobbs with b1 ≤ 500 and b3 ≤ 0.25 (Hobbs_4)', () => {
    const result = boundedLevenbergMarquardt(hobbs([0, 0, 0], [500, 100, 0.25]), [1, 1, 0.1]);
    expect(result.converged).toBe(true);
    expect(result.params[0]).toBe(500);
    expect(result.params[2]).toBe(0.25);
    expect(result.params[1]).toBeCloseTo(87.942, 3);
    expect(result.sse).toBeCloseTo(29.993, 3);
  });

  it('holds fixed parameters at their start value and projects the start onto the bounds', () => {
    const result = boundedLevenbergMarquardt(
      { ...hobbs(FREE, NONE), fixed: [false, true, false] },
      [200, 49, 0.3],
    );
    expect(result.params[1]).toBe(49);
    const projected = boundedLevenbergMarquardt(hobbs([0, 0, 0], [500, 100, 0.25]), [1000, -5, 1]);
    expect(projected.params[0]).toBeLessThanOrEqual(500);
    expect(projected.params[1]).toBeGreaterThanOrEqual(0);
    expect(projected.params[2]).toBeLessThanOrEqual(0.25);
    expect(projected.sse).toBeCloseTo(29.993, 3);
  });

  it('refuses empty bounds and a model that is not finite at the start', () => {
    expect(() => boundedLevenbergMarquardt(hobbs([0, 0, 1], [1, 1, 0]), [1, 1, 1])).toThrow(/empty bounds/);
    expect(() => boundedLevenbergMarquardt(hobbs(FREE, NONE), [1, -1, 0])).toThrow(/not finite/);
  });
});

describe('linear algebra helpers', () => {
  it('inverts a badly scaled symmetric positive definite matrix', () => {
    const a = [
      [4e4, 2, 6e-3],
      [2, 3e-3, 1e-7],
      [6e-3, 1e-7, 2e-8],
    ];
    const inverse = invertSymmetricPositiveDefinite(a);
    expect(inverse).toBeDefined();
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const product = [0, 1, 2].reduce((s, k) => s + (a[i]?.[k] ?? 0) * (inverse?.[k]?.[j] ?? 0), 0);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
    expect(
      invertSymmetricPositiveDefinite([
        [1, 2],
        [2, 4],
      ]),
    ).toBeUndefined();
  });

  it('solves a linear least-squares problem exactly and detects dependent columns', () => {
    const x = [1, 2, 3, 4, 5];
    const y = x.map((v) => 2 + 3 * v - 0.5 * v * v);
    const beta = linearLeastSquares([x.map(() => 1), x, x.map((v) => v * v)], y);
    expect(beta?.[0]).toBeCloseTo(2, 10);
    expect(beta?.[1]).toBeCloseTo(3, 10);
    expect(beta?.[2]).toBeCloseTo(-0.5, 10);
    expect(linearLeastSquares([x, x.map((v) => 2 * v)], y)).toBeUndefined();
  });
});
