import { describe, expect, it } from 'vitest';
import { fitLine } from '../../src/capacity/linear-fit.ts';

describe('fitLine (ordinary least squares)', () => {
  it("reproduces R's lm() on a published data set (cars: dist ~ speed)", () => {
    // R 4.x: summary(lm(dist ~ speed, data = cars)) → intercept −17.5791 (SE 6.7584),
    // slope 3.9324 (SE 0.4155), R² 0.6511 (the `cars` data set of R's datasets package).
    const speed = [
      4, 4, 7, 7, 8, 9, 10, 10, 10, 11, 11, 12, 12, 12, 12, 13, 13, 13, 13, 14, 14, 14, 14, 15, 15, 15, 16,
      16, 17, 17, 17, 18, 18, 18, 18, 19, 19, 19, 20, 20, 20, 20, 20, 22, 23, 24, 24, 24, 24, 25,
    ];
    const dist = [
      2, 10, 4, 22, 16, 10, 18, 26, 34, 17, 28, 14, 20, 24, 28, 26, 34, 34, 46, 26, 36, 60, 80, 20, 26, 54,
      32, 40, 32, 40, 50, 42, 56, 76, 84, 36, 46, 68, 32, 48, 52, 56, 64, 66, 54, 70, 92, 93, 120, 85,
    ];
    const fit = fitLine(speed.map((x, i) => ({ x, y: dist[i]! })));
    expect(fit.intercept).toBeCloseTo(-17.5791, 3);
    expect(fit.slope).toBeCloseTo(3.9324, 3);
    expect(fit.interceptStdError).toBeCloseTo(6.7584, 3);
    expect(fit.slopeStdError).toBeCloseTo(0.4155, 3);
    expect(fit.rSquared).toBeCloseTo(0.6511, 3);
  });

  it('fits an exact line exactly and refuses what has no slope', () => {
    const fit = fitLine([1, 2, 3, 4].map((x) => ({ x, y: 100 + 31 * x })));
    expect(fit.intercept).toBeCloseTo(100, 9);
    expect(fit.slope).toBeCloseTo(31, 9);
    expect(fit.rSquared).toBe(1);
    expect(() => fitLine([{ x: 1, y: 1 }])).toThrow(/at least 2 points/);
    expect(() =>
      fitLine([
        { x: 2, y: 1 },
        { x: 2, y: 3 },
      ]),
    ).toThrow(/every x is the same/);
    expect(() =>
      fitLine([
        { x: 1, y: NaN },
        { x: 2, y: 3 },
      ]),
    ).toThrow(/not a finite point/);
  });
});
