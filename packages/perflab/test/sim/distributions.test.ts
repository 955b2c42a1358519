import { describe, expect, it } from 'vitest';
import {
  constant,
  empirical,
  empiricalFromHistogram,
  empiricalBins,
  empiricalFromResults,
  erfc,
  erlang,
  exponential,
  gamma,
  lognormal,
  normalCdf,
  truncatedNormal,
  uniform,
  type Distribution,
} from '../../src/sim/distributions.ts';
import { createStream } from '../../src/sim/random.ts';
import { createLatencyHistogram } from '../../src/metrics/histogram.ts';
import { readResultsDocument } from '../../src/report/results-file.ts';
import { fileURLToPath } from 'node:url';

const N = 100_000;

function draw(dist: Distribution, seed = 42, n = N): Float64Array {
  const rng = createStream(seed, dist.label);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dist.sample(rng);
  return out;
}

function moments(xs: Float64Array): { mean: number; variance: number; min: number } {
  let sum = 0;
  let min = Infinity;
  for (const x of xs) {
    sum += x;
    min = Math.min(min, x);
  }
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1), min };
}

/** Sample mean within 4 standard errors and variance within 4% of theory (10⁵ draws, fixed seed). */
function expectMoments(dist: Distribution, expectedMean: number, expectedVariance: number): void {
  // Closed-form moments to 10⁻⁶ relative (Φ via erfc carries ~10⁻⁷ relative error).
  expect(Math.abs(dist.mean - expectedMean)).toBeLessThanOrEqual(1e-6 * Math.abs(expectedMean));
  expect(Math.abs(dist.variance - expectedVariance)).toBeLessThanOrEqual(1e-6 * Math.abs(expectedVariance));
  const { mean, variance, min } = moments(draw(dist));
  expect(min).toBeGreaterThanOrEqual(0);
  const se = Math.sqrt(expectedVariance / N);
  expect(Math.abs(mean - expectedMean)).toBeLessThanOrEqual(4 * se + 1e-12);
  expect(Math.abs(mean - expectedMean) / expectedMean).toBeLessThan(0.01);
  if (expectedVariance > 0)
    expect(Math.abs(variance - expectedVariance) / expectedVariance).toBeLessThan(0.04);
}

describe('distributions: sample moments match theory (10⁵ draws, seed 42)', () => {
  it('constant', () => {
    expectMoments(constant(0.25), 0.25, 0);
    expect(() => constant(-1)).toThrow(RangeError);
  });

  it('exponential by rate and by mean', () => {
    expectMoments(exponential({ rate: 4 }), 0.25, 1 / 16);
    expectMoments(exponential({ mean: 2 }), 2, 4);
    expect(() => exponential({ rate: 0 })).toThrow(RangeError);
    expect(() => exponential({ rate: -1 })).toThrow(RangeError);
  });

  it('uniform', () => {
    expectMoments(uniform(1, 3), 2, 4 / 12);
    expect(() => uniform(3, 1)).toThrow(RangeError);
  });

  it('normal truncated at 0: half-normal (μ = 0) and a mildly truncated one', () => {
    // μ = 0, σ = 1 is the half-normal: mean √(2/π), variance 1 − 2/π.
    expectMoments(truncatedNormal(0, 1), Math.sqrt(2 / Math.PI), 1 - 2 / Math.PI);
    const alpha = -1; // μ = 1, σ = 1
    const z = 1 - normalCdf(alpha);
    const lambda = Math.exp(-0.5) / Math.sqrt(2 * Math.PI) / z;
    expectMoments(truncatedNormal(1, 1), 1 + lambda, 1 + alpha * lambda - lambda ** 2);
    expect(() => truncatedNormal(-5, 1)).toThrow(RangeError);
  });

  it('erfc / Φ match tabulated values', () => {
    // Abramowitz & Stegun Table 7.1 / 26.1.
    expect(erfc(0.5)).toBeCloseTo(0.4795001222, 6);
    expect(erfc(1)).toBeCloseTo(0.1572992071, 6);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326347874)).toBeCloseTo(0.01, 6);
  });

  it('lognormal from (μ, σ) and from (mean, sd)', () => {
    const mu = -1;
    const sigma = 0.5;
    expectMoments(
      lognormal({ mu, sigma }),
      Math.exp(mu + sigma ** 2 / 2),
      (Math.exp(sigma ** 2) - 1) * Math.exp(2 * mu + sigma ** 2),
    );
    expectMoments(lognormal({ mean: 0.05, sd: 0.02 }), 0.05, 0.0004);
  });

  it('gamma (shape ≥ 1 and < 1) and Erlang', () => {
    expectMoments(gamma(2.5, 10), 0.25, 2.5 / 100);
    expectMoments(gamma(0.5, 2), 0.25, 0.5 / 4);
    expectMoments(erlang(3, 6), 0.5, 3 / 36);
    expect(() => erlang(1.5, 1)).toThrow(RangeError);
  });

  it('empirical: inverse CDF with interpolation inside each bucket', () => {
    // Point mass ¼ at 1, then ½ spread over (1, 2], ¼ over (2, 4].
    const dist = empirical([
      { value: 2, count: 2 },
      { value: 1, count: 1 },
      { value: 4, count: 1 },
    ]);
    const mean = (1 * 1 + 2 * 1.5 + 1 * 3) / 4;
    const second = (1 * 1 + (2 * (1 + 2 + 4)) / 3 + (1 * (4 + 8 + 16)) / 3) / 4;
    expectMoments(dist, mean, second - mean * mean);
    const xs = draw(dist);
    expect(xs.filter((x) => x === 1).length / N).toBeCloseTo(0.25, 2);
    expect(xs.filter((x) => x > 2).length / N).toBeCloseTo(0.25, 2);
    expect(() => empirical([])).toThrow(RangeError);
  });

  it('empirical bins: uniform within each bin, point masses allowed', () => {
    // ½ uniform on [0, 2], ¼ at 3, ¼ uniform on [4, 8].
    const dist = empiricalBins([
      { from: 4, to: 8, count: 1 },
      { from: 0, to: 2, count: 2 },
      { from: 3, to: 3, count: 1 },
      { from: 9, to: 10, count: 0 },
    ]);
    const mean = (2 * 1 + 3 + 6) / 4;
    const second = (2 * (4 / 3) + 9 + (16 + 32 + 64) / 3) / 4;
    expectMoments(dist, mean, second - mean * mean);
    const xs = draw(dist);
    expect(xs.filter((x) => x === 3).length / N).toBeCloseTo(0.25, 2);
    expect(xs.filter((x) => x > 2 && x < 3).length).toBe(0);
    expect(() => empiricalBins([{ from: 2, to: 1, count: 1 }])).toThrow(RangeError);
  });

  it('empirical from a latency histogram reproduces the recorded distribution in seconds', () => {
    const source = exponential({ mean: 0.01 });
    const rng = createStream(7, 'histogram');
    const histogram = createLatencyHistogram();
    for (let i = 0; i < N; i++) histogram.recordValue(Math.max(1, Math.round(source.sample(rng) * 1e6)));
    const dist = empiricalFromHistogram(histogram);
    expect(Math.abs(dist.mean - histogram.mean / 1e6) / (histogram.mean / 1e6)).toBeLessThan(0.002);
    const { mean } = moments(draw(dist));
    expect(Math.abs(mean - 0.01) / 0.01).toBeLessThan(0.015);
    const sorted = draw(dist).sort();
    expect(sorted[Math.floor(0.95 * N)]!).toBeCloseTo(-Math.log(0.05) * 0.01, 3);
  });
});

describe('empirical from a perflab results document', () => {
  it('builds service times in seconds from a request of examples/data/clinic-results.json', async () => {
    const file = fileURLToPath(new URL('../../../../examples/data/clinic-results.json', import.meta.url));
    const doc = await readResultsDocument(file);
    const entry = doc.stats.find((s) => s.method === 'GET' && s.name === '/')!;
    const dist = empiricalFromResults(doc, { method: 'GET', name: '/' });
    // The histogram's mean (µs, 3 significant digits) against the document's exact mean in ms.
    expect(Math.abs(dist.mean * 1000 - entry.meanMs) / entry.meanMs).toBeLessThan(0.01);
    const xs = draw(dist, 42, 20_000);
    const { mean, min } = moments(xs);
    expect(min).toBeGreaterThanOrEqual(entry.minMs / 1000 - 1e-6);
    expect(Math.max(...xs)).toBeLessThanOrEqual((entry.maxMs * 1.001) / 1000);
    expect(Math.abs(mean - dist.mean) / dist.mean).toBeLessThan(0.05);
    const all = empiricalFromResults(doc);
    expect(Math.abs(all.mean * 1000 - doc.aggregated.meanMs) / doc.aggregated.meanMs).toBeLessThan(0.01);
    // scaled (e.g. to a measured service demand): every value, hence mean and sd, times the scale
    const quarter = empiricalFromResults(doc, {}, 0.25);
    expect(quarter.mean).toBeCloseTo(all.mean * 0.25, 12);
    expect(Math.sqrt(quarter.variance)).toBeCloseTo(Math.sqrt(all.variance) * 0.25, 12);
    expect(() => empiricalFromResults(doc, { name: '/no-such-request' })).toThrow(/no request/);
  });
});

describe('exponential: Kolmogorov–Smirnov goodness of fit', () => {
  it('D_n below the 1% critical value 1.628/√n (n = 10⁵, seed 42)', () => {
    const rate = 3;
    const xs = draw(exponential({ rate })).sort();
    let d = 0;
    for (let i = 0; i < xs.length; i++) {
      const f = 1 - Math.exp(-rate * xs[i]!);
      d = Math.max(d, (i + 1) / xs.length - f, f - i / xs.length);
    }
    // Asymptotic KS critical value at α = 0.01: 1.628/√n (Massey 1951, Table 1).
    expect(d).toBeLessThan(1.628 / Math.sqrt(xs.length));
    expect(d).toBeGreaterThan(0);
  });
});
