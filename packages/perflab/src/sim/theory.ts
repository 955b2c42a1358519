/**
 * Queueing-theory results the simulator is validated against. Time unit:
 * whatever the rates are per (seconds in the simulator). Sources:
 * Kleinrock, *Queueing Systems* vol. 1 (1975) — M/M/1 §3.2, M/M/c §3.5, M/M/1/K §3.6;
 * Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory* 4th ed. (2008), §2.3 (Erlang C);
 * Jackson, "Jobshop-like queueing systems", Management Science 10(1), 1963 (tandem/open networks);
 * Reiser & Lavenberg, "Mean-value analysis of closed multichain queueing networks", JACM 27(2), 1980 (MVA).
 */

function requireStable(lambda: number, mu: number, c = 1): void {
  if (!(lambda > 0 && mu > 0)) throw new RangeError(`rates must be positive, got λ=${lambda}, μ=${mu}`);
  if (!(lambda < c * mu)) throw new RangeError(`unstable queue: λ=${lambda} ≥ cμ=${c * mu}`);
}

/** M/M/1 mean sojourn (response) time W = 1/(μ − λ). Throws `RangeError` unless 0 < λ < μ. */
export function mm1MeanSojourn(lambda: number, mu: number): number {
  requireStable(lambda, mu);
  return 1 / (mu - lambda);
}

/**
 * M/M/1 (FIFO) sojourn-time p-quantile: the sojourn is exponential with rate
 * μ − λ, so the quantile is −ln(1 − p)/(μ − λ). Throws `RangeError` unless 0 < λ < μ and 0 < p < 1.
 */
export function mm1SojournQuantile(p: number, lambda: number, mu: number): number {
  requireStable(lambda, mu);
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile probability must be in (0, 1), got ${p}`);
  return -Math.log(1 - p) / (mu - lambda);
}

/**
 * Erlang B blocking probability for c servers and offered load a = λ/μ
 * (Erlangs), by the stable recursion B(0) = 1, B(k) = a·B(k−1)/(k + a·B(k−1)).
 */
export function erlangB(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`servers must be a positive integer, got ${c}`);
  if (!(a > 0)) throw new RangeError(`offered load must be positive, got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: probability that an arrival waits in M/M/c, with offered load
 * a = λ/μ < c: C = c·B/(c − a(1 − B)), B = Erlang B(c, a). Example:
 * c = 2, a = 1.6 → 0.7111. Throws `RangeError` for a ≥ c.
 */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new RangeError(`Erlang C needs offered load a < c, got a=${a}, c=${c}`);
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/c mean wait in queue Wq = C(c, λ/μ)/(cμ − λ). Throws `RangeError` unless λ < cμ. */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  requireStable(lambda, mu, c);
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/**
 * M/M/1/K blocking probability (K = system capacity, in service + waiting):
 * P_K = (1 − ρ)ρ^K/(1 − ρ^(K+1)), ρ = λ/μ; 1/(K + 1) when ρ = 1.
 */
export function mm1kBlocking(rho: number, k: number): number {
  if (!(rho > 0)) throw new RangeError(`ρ must be positive, got ${rho}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`K must be a positive integer, got ${k}`);
  if (rho === 1) return 1 / (k + 1);
  return ((1 - rho) * rho ** k) / (1 - rho ** (k + 1));
}

/** Mean sojourn through a tandem (series) of M/M/1 stations with Poisson(λ) input: Σ 1/(μᵢ − λ) (Jackson 1963). */
export function tandemMeanSojourn(lambda: number, mus: readonly number[]): number {
  return mus.reduce((sum, mu) => sum + mm1MeanSojourn(lambda, mu), 0);
}

/** A station of a closed network: `demand` = visits × mean service time (seconds); `delay` = infinite server (no queue). */
export interface MvaStation {
  demand: number;
  kind?: 'queue' | 'delay';
}

/** Exact MVA results for population N. */
export interface MvaResult {
  /** System throughput X(N), customers per second. */
  throughput: number;
  /** Response time per cycle, excluding the think time, seconds. */
  responseTime: number;
  /** Residence time per station, seconds. */
  residenceTimes: number[];
  /** Mean number at each station. */
  queueLengths: number[];
  /** Utilisation of each station X·D (for delay stations: mean number busy). */
  utilisations: number[];
}

/**
 * Exact Mean Value Analysis of a single-class closed product-form network
 * with `population` customers and think time `thinkTime` (seconds) (Reiser &
 * Lavenberg 1980): for n = 1…N, Rₖ(n) = Dₖ(1 + Qₖ(n − 1)) at queueing
 * stations, Dₖ at delay stations; X(n) = n/(Z + Σ Rₖ(n)); Qₖ(n) = X(n)·Rₖ(n).
 * Throws `RangeError` for a population < 1, negative demands or think time.
 */
export function meanValueAnalysis(
  stations: readonly MvaStation[],
  population: number,
  thinkTime = 0,
): MvaResult {
  if (!Number.isInteger(population) || population < 1)
    throw new RangeError(`population must be a positive integer, got ${population}`);
  if (!(thinkTime >= 0)) throw new RangeError(`think time must be ≥ 0, got ${thinkTime}`);
  for (const s of stations)
    if (!(s.demand >= 0)) throw new RangeError(`station demand must be ≥ 0, got ${s.demand}`);
  let queue = stations.map(() => 0);
  let residence = stations.map(() => 0);
  let throughput = 0;
  for (let n = 1; n <= population; n++) {
    residence = stations.map((s, k) => (s.kind === 'delay' ? s.demand : s.demand * (1 + queue[k]!)));
    const total = residence.reduce((a, b) => a + b, 0);
    throughput = n / (thinkTime + total);
    queue = residence.map((r) => throughput * r);
  }
  return {
    throughput,
    responseTime: residence.reduce((a, b) => a + b, 0),
    residenceTimes: residence,
    queueLengths: queue,
    utilisations: stations.map((s) => throughput * s.demand),
  };
}
