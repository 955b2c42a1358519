// Reference values computed once with SciPy 1.17.1 (Python 3), not needed to run the tests:
//
//   python3 -c "
//   import numpy as np; from scipy import stats
//   print(stats.mannwhitneyu([19, 22, 16, 29, 24], [20, 11, 17, 12], alternative='greater', method='asymptotic'))
//   xv = np.arange(1, 41); xc = (xv * 7) % 13 + 1; yv = np.arange(3, 46); yc = (yv * 5) % 11 + 1
//   X = np.repeat(xv, xc); Y = np.repeat(yv, yc)
//   print(stats.mannwhitneyu(Y, X, alternative='greater', method='asymptotic'), stats.mannwhitneyu(Y, X, alternative='less', method='asymptotic'))
//   xv = np.arange(100, 1601); xc = (xv * 37) % 17 + 20; yv = np.arange(101, 1602); yc = (yv * 41) % 19 + 19
//   X = np.repeat(xv, xc); Y = np.repeat(yv, yc)
//   print(stats.mannwhitneyu(Y, X, alternative='greater', method='asymptotic'), stats.mannwhitneyu(Y, X, alternative='less', method='asymptotic'))
//   yv = np.arange(130, 1631); yc = (yv * 41) % 19 + 19; Y = np.repeat(yv, yc)
//   print(stats.mannwhitneyu(Y, X, alternative='greater', method='asymptotic'))
//   for t in [[[3, 1], [1, 3]], [[3, 9997], [0, 10000]], [[8, 2], [1, 5]], [[120, 9880], [80, 9920]]]:
//       print(t, stats.fisher_exact(t, alternative='greater').pvalue, stats.fisher_exact(t, alternative='less').pvalue)
//   def ranks(n, q, a):
//       k = np.arange(n + 1); c = stats.binom.cdf(k, n, q); lo = k[c <= a / 2]
//       return (int(lo.max()) + 1 if len(lo) else 0), int(k[c >= 1 - a / 2].min()) + 1
//   print([ranks(*t) for t in [(100, .5, .05), (300, .99, .01), (527, .99, .01), (528, .99, .01), (2400, .99, .01), (400, .95, .01), (20000, .5, .01)]])"
import { describe, expect, it } from 'vitest';
import {
  fisherExact,
  mannWhitneyU,
  orderStatistic,
  quantileConfidenceRanks,
} from '../../src/compare/hypothesis-tests.ts';
import { createLatencyHistogram } from '../../src/metrics/histogram.ts';
import { type RecordedValue, recordedValues } from '../../src/report/distribution.ts';

function expectClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected),
  );
}

/** A histogram of raw samples (each value once per occurrence), through a real HdrHistogram. */
function histogramOf(samples: number[]): RecordedValue[] {
  const h = createLatencyHistogram();
  for (const v of samples) h.recordValue(v);
  return recordedValues(h);
}

/** Values from..to with count(v), through a real HdrHistogram (integers below 2048 are recorded exactly). */
function histogramFrom(from: number, to: number, count: (v: number) => number): RecordedValue[] {
  const h = createLatencyHistogram();
  for (let v = from; v <= to; v++) h.recordValueWithCount(v, count(v));
  return recordedValues(h);
}

describe('mannWhitneyU', () => {
  it("matches SciPy's asymptotic test on SciPy's documented example (U = 17)", () => {
    const males = histogramOf([19, 22, 16, 29, 24]);
    const females = histogramOf([20, 11, 17, 12]);
    const result = mannWhitneyU(females, males)!;
    expect(result.uY).toBe(17);
    expect(result.uX).toBe(3);
    expectClose(result.pGreater, 0.055673443266570206, 1e-12);
  });

  it('matches SciPy on histograms with many ties (281 vs 253 samples)', () => {
    const x = histogramFrom(1, 40, (v) => ((v * 7) % 13) + 1);
    const y = histogramFrom(3, 45, (v) => ((v * 5) % 11) + 1);
    const result = mannWhitneyU(x, y)!;
    expect(result.uY).toBe(40319.5);
    expectClose(result.pGreater, 0.003663357834728914, 1e-11);
    expectClose(result.pLess, 0.9963427898579331, 1e-12);
  });

  it('matches SciPy on 42 000 vs 42 000 samples, for a null and a shifted distribution', () => {
    const x = histogramFrom(100, 1600, (v) => ((v * 37) % 17) + 20);
    const same = histogramFrom(101, 1601, (v) => ((v * 41) % 19) + 19);
    const result = mannWhitneyU(x, same)!;
    expect(result.uY).toBe(884352676);
    expectClose(result.pGreater, 0.35558221875249074, 1e-10);
    expectClose(result.pLess, 0.64441788715998, 1e-10);
    const shifted = histogramFrom(130, 1630, (v) => ((v * 41) % 19) + 19);
    const moved = mannWhitneyU(x, shifted)!;
    expect(moved.uY).toBe(917999457);
    expectClose(moved.pGreater, 1.4391083063081735e-23, 1e-9);
  });

  it('gives p = 1 both ways when every value is tied, and null for an empty sample', () => {
    const tied = histogramOf([5, 5, 5]);
    expect(mannWhitneyU(tied, histogramOf([5, 5]))).toMatchObject({ pGreater: 1, pLess: 1, uY: 3 });
    expect(mannWhitneyU([], tied)).toBeNull();
  });

  it('rejects unsorted input', () => {
    expect(() =>
      mannWhitneyU(
        [
          { valueUs: 2, count: 1 },
          { valueUs: 1, count: 1 },
        ],
        [{ valueUs: 1, count: 1 }],
      ),
    ).toThrow(RangeError);
  });
});

describe('fisherExact', () => {
  it("gives Fisher's lady-tasting-tea p = 17/70 and matches SciPy fisher_exact", () => {
    // Fisher (1935): 3 of 4 cups right each way; one-sided p = (16 + 1) / 70.
    expectClose(fisherExact(1, 4, 3, 4).pGreater, 17 / 70, 1e-13);
    const cases: [number, number, number, number, number, number][] = [
      // a1, n1 (base), a2, n2 (new), p greater, p less
      [0, 10000, 3, 10000, 0.12498124906245311, 1],
      [1, 6, 8, 10, 0.024475524475524483, 0.9991258741258742],
      [80, 10000, 120, 10000, 0.0027240245655397975, 0.9982654483430008],
    ];
    for (const [a1, n1, a2, n2, greater, less] of cases) {
      const { pGreater, pLess } = fisherExact(a1, n1, a2, n2);
      expectClose(pGreater, greater, 1e-10);
      expectClose(pLess, less, 1e-10);
    }
  });

  it('is 1 both ways without any failures, and rejects impossible counts', () => {
    expect(fisherExact(0, 500, 0, 700)).toEqual({ pGreater: 1, pLess: 1 });
    expect(() => fisherExact(3, 2, 0, 1)).toThrow(RangeError);
    expect(() => fisherExact(-1, 2, 0, 1)).toThrow(RangeError);
  });
});

describe('quantile confidence intervals from order statistics', () => {
  it('gives the textbook ranks for the median of 100 (X(40), X(61) at 95 %) and SciPy-computed ranks', () => {
    expect(quantileConfidenceRanks(100, 0.5, 0.05)).toEqual({ lower: 40, upper: 61 });
    expect(quantileConfidenceRanks(300, 0.99, 0.01)).toEqual({ lower: 292, upper: 301 });
    expect(quantileConfidenceRanks(2400, 0.99, 0.01)).toEqual({ lower: 2363, upper: 2389 });
    expect(quantileConfidenceRanks(400, 0.95, 0.01)).toEqual({ lower: 368, upper: 391 });
    expect(quantileConfidenceRanks(20000, 0.5, 0.01)).toEqual({ lower: 9818, upper: 10183 });
  });

  it('cannot bound p99 at 99 % below 528 requests (upper rank n + 1)', () => {
    expect(quantileConfidenceRanks(527, 0.99, 0.01)).toEqual({ lower: 515, upper: 528 });
    expect(quantileConfidenceRanks(528, 0.99, 0.01)).toEqual({ lower: 516, upper: 528 });
  });

  it('covers the quantile at least 1 − α of the time (exact binomial coverage)', () => {
    // Coverage of [X(r), X(s)] is P(r ≤ B ≤ s − 1) for B ~ Binomial(n, q): sum it directly.
    for (const [n, q, alpha] of [
      [50, 0.5, 0.05],
      [200, 0.9, 0.01],
      [1000, 0.99, 0.01],
    ] as const) {
      const { lower, upper } = quantileConfidenceRanks(n, q, alpha);
      let coverage = 0;
      let logPmf = n * Math.log(1 - q); // P(B = 0)
      for (let k = 0; k <= n; k++) {
        if (k >= lower && k <= upper - 1) coverage += Math.exp(logPmf);
        logPmf += Math.log((n - k) / (k + 1)) + Math.log(q / (1 - q));
      }
      expect(coverage).toBeGreaterThanOrEqual(1 - alpha);
    }
  });

  it('reads order statistics off a histogram as HdrHistogram reads percentiles', () => {
    const h = createLatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.recordValue(i * 37);
    const values = recordedValues(h);
    for (const [p, rank] of [
      [1, 10],
      [50, 500],
      [95, 950],
      [99, 990],
      [99.9, 999],
      [100, 1000],
    ] as const) {
      expect(orderStatistic(values, rank)).toBe(h.getValueAtPercentile(p));
    }
    expect(orderStatistic(values, 0)).toBeUndefined();
    expect(orderStatistic(values, 1001)).toBeUndefined();
  });
});
