// Reference values computed once with SciPy 1.17.1 (Python 3), not needed to run the tests:
//
//   python3 -c "
//   from scipy import special, stats
//   print([repr(v) for v in special.gammaln([0.1, 0.5, 1, 2, 10, 100.5, 1e6])])
//   print([repr(v) for v in stats.norm.sf([-3, -1, 0, 1, 1.959963984540054, 2.5758293035489004, 5, 10, 20])])
//   print([repr(special.betainc(a, b, x)) for (x, a, b) in [(0.3, 2, 5), (0.5, 0.5, 0.5), (0.9, 10, 3), (0.01, 1, 1000), (0.999, 500, 2)]])
//   print([repr(special.gammainc(a, x)) for (a, x) in [(0.5, 0.1), (3, 2.5), (10, 20), (0.5, 30)]])
//   print([repr(special.gammaincc(a, x)) for (a, x) in [(0.5, 0.1), (3, 2.5), (10, 20), (0.5, 30)]])
//   print([repr(stats.binom.cdf(k, n, p)) for (k, n, p) in [(5, 20, 0.3), (39, 100, 0.5), (2370, 2400, 0.99), (99000, 100000, 0.99), (0, 528, 0.01)]])"
import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  erfc,
  logBinomialCoefficient,
  logGamma,
  normalSurvival,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../src/compare/distributions.ts';

/** |actual − expected| ≤ rel · |expected| (plus a tiny absolute slack for exact zeros). */
function expectClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected) + 1e-300,
  );
}

describe('logGamma', () => {
  it('matches SciPy gammaln and the closed forms', () => {
    const cases: [number, number][] = [
      [0.1, 2.252712651734206],
      [0.5, 0.5723649429247],
      [10, 12.801827480081469],
      [100.5, 361.43554046777757],
      [1e6, 12815504.569147611],
    ];
    for (const [x, expected] of cases) expectClose(logGamma(x), expected, 1e-13);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    // Γ(1/2) = √π; 9! = 362880.
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectClose(logGamma(10), Math.log(362880), 1e-14);
    expectClose(logBinomialCoefficient(52, 5), Math.log(2598960), 1e-13); // poker hands
  });

  it('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
  });
});

describe('normal tail and error function', () => {
  it('matches SciPy norm.sf, the 0.025 and 0.005 critical values included, far into the tail', () => {
    const cases: [number, number][] = [
      [-3, 0.9986501019683699],
      [-1, 0.8413447460685429],
      [0, 0.5],
      [1, 0.15865525393145707],
      [1.959963984540054, 0.025],
      [2.5758293035489004, 0.005000000000000004],
      [5, 2.866515718791933e-7],
      [10, 7.61985302416047e-24],
      [20, 2.7536241186061556e-89],
    ];
    for (const [z, expected] of cases) expectClose(normalSurvival(z), expected, 1e-12);
    expect(erfc(0)).toBe(1);
    expectClose(erfc(-1) + erfc(1), 2, 1e-15);
  });
});

describe('incomplete gamma and beta', () => {
  it('P(a, x) and Q(a, x) match SciPy gammainc and gammaincc', () => {
    const cases: [number, number, number, number][] = [
      [0.5, 0.1, 0.34527915398142317, 0.6547208460185768],
      [3, 2.5, 0.45618688411667035, 0.5438131158833297],
      [10, 20, 0.9950045876916924, 0.0049954123083075785],
      [0.5, 30, 0.9999999999999906, 9.485737571073857e-15],
    ];
    for (const [a, x, p, q] of cases) {
      expectClose(regularizedGammaP(a, x), p, 1e-13);
      expectClose(regularizedGammaQ(a, x), q, 1e-13);
    }
  });

  it('I_x(a, b) matches SciPy betainc', () => {
    const cases: [number, number, number, number][] = [
      [0.3, 2, 5, 0.5798250000000003],
      [0.5, 0.5, 0.5, 0.5000000000000001],
      [0.9, 10, 3, 0.889130022255],
      [0.01, 1, 1000, 0.9999568287525893],
      [0.999, 500, 2, 0.9095684172917773],
    ];
    for (const [x, a, b, expected] of cases) expectClose(regularizedBeta(x, a, b), expected, 1e-12);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it('the binomial CDF matches SciPy binom.cdf, n up to 100 000', () => {
    const cases: [number, number, number, number][] = [
      [5, 20, 0.3, 0.4163708294474809],
      [39, 100, 0.5, 0.017600100108852428],
      [2370, 2400, 0.99, 0.1309837502491361],
      [99000, 100000, 0.99, 0.5042686879721225],
      [0, 528, 0.01, 0.0049588702783547245], // = 0.99^528
    ];
    // Large n loses a few digits in ln Γ of ~1e5 (its absolute error ~1e-10): 1e-9 relative.
    for (const [k, n, p, expected] of cases) expectClose(binomialCdf(k, n, p), expected, 1e-9);
    expect(binomialCdf(-1, 10, 0.5)).toBe(0);
    expect(binomialCdf(10, 10, 0.5)).toBe(1);
    // A direct sum of the probability mass function, as a second check.
    let sum = 0;
    for (let i = 0; i <= 7; i++)
      sum += Math.exp(logBinomialCoefficient(30, i) + i * Math.log(0.2) + (30 - i) * Math.log(0.8));
    expectClose(binomialCdf(7, 30, 0.2), sum, 1e-12);
  });
});
