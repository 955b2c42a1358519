/**
 * Probability distributions for service times, inter-arrival times, network
 * delays and times to failure/repair. Values are in whatever unit the caller
 * gives the parameters in; the simulator uses **seconds** throughout.
 *
 * Every distribution draws from an explicit {@link Rng} stream, so a component
 * with its own stream gets the same values whatever the others do.
 * Sampling methods and moments (sources):
 * - exponential: inversion, `−ln(U)/λ` (Law, *Simulation Modeling and Analysis*, 5th ed., §8.3.2);
 * - normal: Box–Muller (Box & Muller, Ann. Math. Stat. 29, 1958), two uniforms per value, no cached spare
 *   (a spare would tie one stream's values to another's draws);
 * - gamma: Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3), 2000,
 *   with the `U^(1/α)` boost for shape α < 1 given in the same paper;
 * - lognormal: `exp(μ + σZ)`; from a mean m and standard deviation s, `σ² = ln(1 + s²/m²)`, `μ = ln m − σ²/2`
 *   (Law, Table 6.3);
 * - truncated normal moments: Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions* vol. 1, §10.1.
 */
import type { Rng } from './random.ts';
import { decodeHistogram, type LatencyHistogram } from '../metrics/histogram.ts';
import type { ResultsDocument } from '../output/json.ts';
import { recordedValues } from '../report/distribution.ts';

/** A univariate distribution of non-negative values (durations in seconds in the simulator). */
export interface Distribution {
  /** Short description with parameters, e.g. `exponential(rate=2)`. */
  readonly label: string;
  /** Expected value, in the unit of the parameters. */
  readonly mean: number;
  /** Variance, in the unit of the parameters squared. */
  readonly variance: number;
  /** One value drawn with `rng`. */
  sample(rng: Rng): number;
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a positive finite number, got ${value}`);
}

function requireNonNegative(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a non-negative finite number, got ${value}`);
}

/** Always `value` (≥ 0). Throws `RangeError` for a negative or non-finite value. */
export function constant(value: number): Distribution {
  requireNonNegative('constant value', value);
  return { label: `constant(${value})`, mean: value, variance: 0, sample: () => value };
}

/**
 * Exponential with `rate` λ > 0 (events per unit time) or `mean` 1/λ; mean 1/λ, variance 1/λ².
 * Sampled by inversion: `−ln(U)/λ`. Throws `RangeError` unless exactly one positive parameter is given.
 */
export function exponential(params: { rate: number } | { mean: number }): Distribution {
  const rate = 'rate' in params ? params.rate : 1 / params.mean;
  if ('rate' in params && 'mean' in params) throw new RangeError('exponential takes rate or mean, not both');
  requirePositive('exponential rate', rate);
  const mean = 1 / rate;
  return {
    label: `exponential(rate=${rate})`,
    mean,
    variance: mean * mean,
    sample: (rng) => -Math.log(rng.next()) * mean,
  };
}

/** Uniform on [a, b], 0 ≤ a ≤ b; mean (a+b)/2, variance (b−a)²/12. Throws `RangeError` otherwise. */
export function uniform(a: number, b: number): Distribution {
  requireNonNegative('uniform lower bound', a);
  if (!(Number.isFinite(b) && b >= a)) throw new RangeError(`uniform upper bound must be ≥ ${a}, got ${b}`);
  const width = b - a;
  return {
    label: `uniform(${a}, ${b})`,
    mean: (a + b) / 2,
    variance: (width * width) / 12,
    sample: (rng) => a + width * rng.next(),
  };
}

/** One standard normal value by Box–Muller (cosine branch; U in (0,1) so ln U is finite). */
export function standardNormal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Complementary error function, |relative error| < 1.2·10⁻⁷ everywhere
 * (Chebyshev fit from Press et al., *Numerical Recipes in C*, 2nd ed., §6.2, `erfcc`).
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * Normal(μ, σ) **truncated at 0**: values ≤ 0 are rejected and redrawn, so the
 * result is the normal conditioned on X > 0 (not clamped — clamping would put
 * a point mass at 0). With α = −μ/σ, Z = 1 − Φ(α), λ = φ(α)/Z:
 * mean = μ + σλ, variance = σ²(1 + αλ − λ²) (Johnson, Kotz & Balakrishnan §10.1).
 * Rejection costs 1/Z draws on average, so μ/σ must be > −3 (acceptance > 0.13 %);
 * throws `RangeError` otherwise or for σ ≤ 0.
 */
export function truncatedNormal(mu: number, sigma: number): Distribution {
  requirePositive('normal sd', sigma);
  if (!Number.isFinite(mu) || mu / sigma <= -3)
    throw new RangeError(
      `normal mean must be > −3·sd for truncation at 0 by rejection, got mean ${mu}, sd ${sigma}`,
    );
  const alpha = -mu / sigma;
  const z = 1 - normalCdf(alpha);
  const phi = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI);
  const lambda = phi / z;
  return {
    label: `normal(${mu}, ${sigma}) truncated at 0`,
    mean: mu + sigma * lambda,
    variance: sigma * sigma * (1 + alpha * lambda - lambda * lambda),
    sample: (rng) => {
      for (;;) {
        const x = mu + sigma * standardNormal(rng);
        if (x > 0) return x;
      }
    },
  };
}

/**
 * Lognormal: `exp(μ + σZ)`. Give either the parameters of the underlying
 * normal (`mu`, `sigma` > 0) or the distribution's own `mean` > 0 and `sd` > 0,
 * converted by σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2 (Law, Table 6.3).
 * Mean exp(μ + σ²/2), variance (exp(σ²) − 1)·exp(2μ + σ²). Throws `RangeError` for bad parameters.
 */
export function lognormal(
  params: { mu: number; sigma: number } | { mean: number; sd: number },
): Distribution {
  let mu: number;
  let sigma: number;
  if ('mean' in params) {
    requirePositive('lognormal mean', params.mean);
    requirePositive('lognormal sd', params.sd);
    const s2 = Math.log(1 + (params.sd * params.sd) / (params.mean * params.mean));
    sigma = Math.sqrt(s2);
    mu = Math.log(params.mean) - s2 / 2;
  } else {
    if (!Number.isFinite(params.mu)) throw new RangeError(`lognormal mu must be finite, got ${params.mu}`);
    requirePositive('lognormal sigma', params.sigma);
    mu = params.mu;
    sigma = params.sigma;
  }
  const s2 = sigma * sigma;
  return {
    label: `lognormal(mu=${mu}, sigma=${sigma})`,
    mean: Math.exp(mu + s2 / 2),
    variance: (Math.exp(s2) - 1) * Math.exp(2 * mu + s2),
    sample: (rng) => Math.exp(mu + sigma * standardNormal(rng)),
  };
}

/** Marsaglia–Tsang gamma(shape α ≥ 1, scale 1) draw. */
function gammaUnitShapeAtLeastOne(rng: Rng, d: number, c: number): number {
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Gamma with `shape` α > 0 and `rate` β > 0 (scale 1/β): mean α/β, variance α/β².
 * Marsaglia & Tsang (2000): d = α − 1/3, c = 1/√(9d), squeeze then log test;
 * for α < 1, draw with α + 1 and multiply by U^(1/α). Throws `RangeError` for bad parameters.
 */
export function gamma(shape: number, rate: number): Distribution {
  requirePositive('gamma shape', shape);
  requirePositive('gamma rate', rate);
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const scale = 1 / rate;
  const invShape = 1 / shape;
  return {
    label: `gamma(shape=${shape}, rate=${rate})`,
    mean: shape * scale,
    variance: shape * scale * scale,
    sample: boosted
      ? (rng) => gammaUnitShapeAtLeastOne(rng, d, c) * Math.pow(rng.next(), invShape) * scale
      : (rng) => gammaUnitShapeAtLeastOne(rng, d, c) * scale,
  };
}

/**
 * Erlang-k with `rate` λ per phase: the sum of k exponential(λ) phases, mean k/λ,
 * variance k/λ². Gamma(k, λ) by Marsaglia–Tsang. Throws `RangeError` unless k is a positive integer.
 */
export function erlang(k: number, rate: number): Distribution {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Erlang k must be a positive integer, got ${k}`);
  return { ...gamma(k, rate), label: `erlang(k=${k}, rate=${rate})` };
}

/** One point of an empirical distribution: a value and how many times it was observed. */
export interface EmpiricalPoint {
  value: number;
  count: number;
}

/**
 * Empirical distribution from observed (value, count) pairs, e.g. the recorded
 * values of an HdrHistogram. Piecewise-linear CDF (Law §6.2.4, "continuous
 * empirical distribution" from grouped data): with distinct values v₁ < … < vₙ,
 * v₁'s count is a point mass at v₁ (the smallest observation), and vᵢ's count
 * (i > 1) is spread uniformly over (vᵢ₋₁, vᵢ] — for a histogram, the bucket
 * whose upper edge vᵢ is. Sampling inverts this CDF: U·N picks the bucket by
 * binary search over cumulative counts, then interpolates linearly inside it.
 * Mean = (c₁v₁ + Σᵢ₌₂ cᵢ(vᵢ₋₁ + vᵢ)/2) / N. Values are multiplied by `scale`
 * (e.g. 1e-6 for microseconds → seconds). Throws `RangeError` for no
 * positive counts, or negative/non-finite values or counts.
 */
export function empirical(points: readonly EmpiricalPoint[], scale = 1): Distribution {
  requirePositive('empirical scale', scale);
  const merged = new Map<number, number>();
  for (const { value, count } of points) {
    requireNonNegative('empirical value', value);
    requireNonNegative('empirical count', count);
    if (count > 0) merged.set(value, (merged.get(value) ?? 0) + count);
  }
  const sorted = [...merged.entries()].sort((x, y) => x[0] - y[0]);
  if (sorted.length === 0)
    throw new RangeError('empirical distribution needs at least one value with a positive count');
  const n = sorted.length;
  const values = new Float64Array(n);
  const cumulative = new Float64Array(n);
  let total = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const [value, count] = sorted[i]!;
    const v = value * scale;
    const lower = i === 0 ? v : values[i - 1]!;
    values[i] = v;
    total += count;
    cumulative[i] = total;
    // Moments of U(lower, v): mean (lower+v)/2, second moment (lower² + lower·v + v²)/3.
    sum += (count * (lower + v)) / 2;
    sumSq += (count * (lower * lower + lower * v + v * v)) / 3;
  }
  const mean = sum / total;
  const first = values[0]!;
  const firstCount = cumulative[0]!;
  return {
    label: `empirical(${n} values, ${total} observations)`,
    mean,
    variance: Math.max(0, sumSq / total - mean * mean),
    sample: (rng) => {
      const target = rng.next() * total;
      if (target <= firstCount) return first;
      let lo = 1;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      const below = cumulative[lo - 1]!;
      const fraction = (target - below) / (cumulative[lo]! - below);
      const lower = values[lo - 1]!;
      return lower + fraction * (values[lo]! - lower);
    },
  };
}

/** One bin of a histogram: `count` observations spread uniformly over [from, to]. */
export interface EmpiricalBin {
  from: number;
  to: number;
  count: number;
}

/**
 * Empirical distribution from histogram bins: each bin's count is spread
 * uniformly over [from, to] (piecewise-linear CDF within each bin, Law §6.2.4);
 * a draw takes U·N, finds the bin by binary search over cumulative counts and
 * interpolates linearly inside it. Bins may have from = to (a point mass).
 * Mean Σ cᵢ(fromᵢ + toᵢ)/2 / N; variance Σ cᵢ(fromᵢ² + fromᵢtoᵢ + toᵢ²)/3 / N − mean².
 * Values are multiplied by `scale`. Throws `RangeError` for no positive count,
 * negative or non-finite bounds or counts, or from > to.
 */
export function empiricalBins(bins: readonly EmpiricalBin[], scale = 1): Distribution {
  requirePositive('empirical scale', scale);
  const kept = bins.filter((b) => {
    requireNonNegative('empirical bin lower bound', b.from);
    requireNonNegative('empirical count', b.count);
    if (!(Number.isFinite(b.to) && b.to >= b.from))
      throw new RangeError(`empirical bin upper bound must be ≥ ${b.from}, got ${b.to}`);
    return b.count > 0;
  });
  kept.sort((x, y) => x.from - y.from);
  const n = kept.length;
  if (n === 0) throw new RangeError('empirical distribution needs at least one bin with a positive count');
  const from = new Float64Array(n);
  const width = new Float64Array(n);
  const cumulative = new Float64Array(n);
  let total = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const bin = kept[i]!;
    const lo = bin.from * scale;
    const hi = bin.to * scale;
    from[i] = lo;
    width[i] = hi - lo;
    total += bin.count;
    cumulative[i] = total;
    sum += (bin.count * (lo + hi)) / 2;
    sumSq += (bin.count * (lo * lo + lo * hi + hi * hi)) / 3;
  }
  const mean = sum / total;
  return {
    label: `empirical(${n} bins, ${total} observations)`,
    mean,
    variance: Math.max(0, sumSq / total - mean * mean),
    sample: (rng) => {
      const target = rng.next() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      const below = lo === 0 ? 0 : cumulative[lo - 1]!;
      return from[lo]! + ((target - below) / (cumulative[lo]! - below)) * width[lo]!;
    },
  };
}

/**
 * Empirical distribution in **seconds** from a latency histogram (values in
 * µs), e.g. one decoded from a perflab results JSON with `decodeHistogram`.
 * Each recorded value's count is spread uniformly over its HdrHistogram bucket
 * [lowestEquivalentValue, nextNonEquivalentValue) — ±0.05 % wide at 3
 * significant digits — via {@link empiricalBins}, so sparse histograms are
 * not smeared across the gaps between recorded values. Every value is
 * multiplied by `scale` (default 1).
 * Throws `RangeError` for an empty histogram or a scale that is not positive.
 */
export function empiricalFromHistogram(histogram: LatencyHistogram, scale = 1): Distribution {
  const h = histogram as LatencyHistogram & {
    lowestEquivalentValue(value: number): number;
    nextNonEquivalentValue(value: number): number;
  };
  const bins = recordedValues(histogram).map(({ valueUs, count }) => ({
    from: h.lowestEquivalentValue(valueUs),
    to: h.nextNonEquivalentValue(valueUs),
    count,
  }));
  return empiricalBins(bins, 1e-6 * scale);
}

/**
 * Empirical distribution in **seconds** from a perflab results document (the
 * JSON of `perflab run --json`, e.g. read with `readResultsDocument`): the
 * whole-run latency histogram of the request `name` (and `method`, when
 * given), or of the aggregated row when `name` is omitted; values multiplied by `scale`. Throws
 * `RangeError` when no entry matches, several do (give the method), or the
 * entry has no recorded latencies.
 */
export function empiricalFromResults(
  document: ResultsDocument,
  request: { name?: string; method?: string } = {},
  scale = 1,
): Distribution {
  let entry;
  if (request.name === undefined) entry = document.aggregated;
  else {
    const matches = document.stats.filter(
      (s) => s.name === request.name && (request.method === undefined || s.method === request.method),
    );
    const which = `${request.method ?? '*'} ${request.name}`;
    if (matches.length === 0) throw new RangeError(`results: no request ${which}`);
    if (matches.length > 1)
      throw new RangeError(
        `results: ${matches.length} requests named ${request.name} (give the method: ${matches.map((m) => m.method).join(', ')})`,
      );
    entry = matches[0]!;
  }
  if (entry.histogram.encoded === '')
    throw new RangeError(`results: ${entry.method} ${entry.name} has no latency histogram`);
  return empiricalFromHistogram(decodeHistogram(entry.histogram.encoded), scale);
}
