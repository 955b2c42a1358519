/**
 * Validation of the engine against queueing theory: 20 independent
 * replications per model, warm-up deleted, ρ ≤ 0.8. Every theoretical value
 * must lie inside the simulated 99 % confidence interval AND within 3 %
 * relative error of the simulated mean. Plus a seeded golden test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  runReplications,
  type ReplicationContext,
  type ReplicationModel,
} from '../../src/sim/replications.ts';
import { Resource } from '../../src/sim/resource.ts';
import { exponential } from '../../src/sim/distributions.ts';
import {
  erlangC,
  meanValueAnalysis,
  mm1kBlocking,
  mm1MeanSojourn,
  mm1SojournQuantile,
  mmcMeanWait,
  tandemMeanSojourn,
} from '../../src/sim/theory.ts';

const REPLICATIONS = 20;
const MASTER_SEED = 2026;
const rows: string[] = [];

/** Checks theory ∈ 99 % CI and |sim − theory|/theory < 3 %; records a table row. */
function validate(
  model: string,
  metric: string,
  result: ReturnType<typeof runReplications>,
  key: string,
  theory: number,
): void {
  const [ci95, ci99] = result.intervals[key]!;
  const error = (ci99!.mean - theory) / theory;
  rows.push(
    `| ${model} | ${metric} | ${theory.toPrecision(5)} | ${ci99!.mean.toPrecision(5)} | ±${ci95!.halfWidth.toPrecision(2)} | [${ci99!.lower.toPrecision(5)}, ${ci99!.upper.toPrecision(5)}] | ${(error * 100).toFixed(2)} % |`,
  );
  expect(theory, `${model} ${metric}: theory inside the 99% CI`).toBeGreaterThanOrEqual(ci99!.lower);
  expect(theory, `${model} ${metric}: theory inside the 99% CI`).toBeLessThanOrEqual(ci99!.upper);
  expect(Math.abs(error), `${model} ${metric}: relative error`).toBeLessThan(0.03);
}

/** Poisson arrivals at `rate` per second calling `arrive` (stream "arrivals"). */
function poisson({ calendar, streams }: ReplicationContext, rate: number, arrive: () => void): void {
  const inter = exponential({ rate });
  const rng = streams.stream('arrivals');
  const next = (): void => {
    arrive();
    calendar.schedule(inter.sample(rng), next);
  };
  calendar.schedule(inter.sample(rng), next);
}

function mmc(lambda: number, mu: number, c: number, queueCapacity = Infinity) {
  return (ctx: ReplicationContext): ReplicationModel => {
    const server = new Resource(ctx.calendar, { name: 'server', capacity: c, queueCapacity });
    const service = exponential({ rate: mu });
    const rng = ctx.streams.stream('service');
    const draw = (): number => service.sample(rng);
    poisson(ctx, lambda, () => server.serve(draw));
    return {
      resetStatistics: () => server.resetStatistics(),
      progress: () => server.completions,
      observe: () => {
        const s = server.stats();
        return {
          sojourn: s.meanSojournSeconds,
          wait: s.meanWaitSeconds,
          pWait: s.probabilityOfWaiting,
          blocking: s.blockingProbability,
          p50: s.sojourns.getValueAtPercentile(50) / 1e6,
          p95: s.sojourns.getValueAtPercentile(95) / 1e6,
          p99: s.sojourns.getValueAtPercentile(99) / 1e6,
          utilisation: s.utilisation,
        };
      },
    };
  };
}

afterAll(() => {
  console.log(
    [
      '| model | metric | theory | simulated mean | 95 % half-width | 99 % CI | error |',
      '|---|---|---:|---:|---:|---|---:|',
      ...rows,
    ].join('\n'),
  );
});

describe('validation against queueing theory (20 replications, warm-up deleted)', () => {
  it('M/M/1 (λ = 7/s, μ = 10/s, ρ = 0.7): mean sojourn and p50/p95/p99', () => {
    const [lambda, mu] = [7, 10];
    const r = runReplications({
      masterSeed: MASTER_SEED,
      build: mmc(lambda, mu, 1),
      warmupSeconds: 200,
      stop: { until: 200 + 15_000 },
      replications: REPLICATIONS,
    });
    expect(r.replications).toBe(REPLICATIONS);
    validate('M/M/1 ρ=0.7', 'mean sojourn (s)', r, 'sojourn', mm1MeanSojourn(lambda, mu));
    validate('M/M/1 ρ=0.7', 'p50 sojourn (s)', r, 'p50', mm1SojournQuantile(0.5, lambda, mu));
    validate('M/M/1 ρ=0.7', 'p95 sojourn (s)', r, 'p95', mm1SojournQuantile(0.95, lambda, mu));
    validate('M/M/1 ρ=0.7', 'p99 sojourn (s)', r, 'p99', mm1SojournQuantile(0.99, lambda, mu));
    validate('M/M/1 ρ=0.7', 'utilisation', r, 'utilisation', lambda / mu);
  });

  it('M/M/2 (λ = 1.6/s, μ = 1/s, ρ = 0.8): Erlang C probability of waiting and mean wait', () => {
    const r = runReplications({
      masterSeed: MASTER_SEED,
      build: mmc(1.6, 1, 2),
      warmupSeconds: 500,
      stop: { until: 500 + 60_000 },
      replications: REPLICATIONS,
    });
    validate('M/M/2 ρ=0.8', 'P(wait)', r, 'pWait', erlangC(2, 1.6));
    validate('M/M/2 ρ=0.8', 'mean wait (s)', r, 'wait', mmcMeanWait(1.6, 1, 2));
  });

  it('M/M/1/K (ρ = 0.8, K = 5): blocking probability', () => {
    const r = runReplications({
      masterSeed: MASTER_SEED,
      build: mmc(0.8, 1, 1, 4),
      warmupSeconds: 100,
      stop: { until: 100 + 60_000 },
      replications: REPLICATIONS,
    });
    validate('M/M/1/5 ρ=0.8', 'P(block)', r, 'blocking', mm1kBlocking(0.8, 5));
  });

  it('tandem of two M/M/1 stations (λ = 7/s, μ = 10/s and 12.5/s): mean end-to-end sojourn (Jackson)', () => {
    const [lambda, mu1, mu2] = [7, 10, 12.5];
    const r = runReplications({
      masterSeed: MASTER_SEED,
      build: (ctx) => {
        const first = new Resource(ctx.calendar, { name: 'first' });
        const second = new Resource(ctx.calendar, { name: 'second' });
        const s1 = exponential({ rate: mu1 });
        const s2 = exponential({ rate: mu2 });
        const rng1 = ctx.streams.stream('service-1');
        const rng2 = ctx.streams.stream('service-2');
        let resetAt = 0;
        let count = 0;
        let sum = 0;
        poisson(ctx, lambda, () => {
          const arrival = ctx.calendar.now;
          first.serve(
            () => s1.sample(rng1),
            () =>
              second.serve(
                () => s2.sample(rng2),
                () => {
                  if (arrival < resetAt) return;
                  count++;
                  sum += ctx.calendar.now - arrival;
                },
              ),
          );
        });
        return {
          resetStatistics: () => {
            resetAt = ctx.calendar.now;
            count = 0;
            sum = 0;
            first.resetStatistics();
            second.resetStatistics();
          },
          observe: () => ({ sojourn: sum / count }),
        };
      },
      warmupSeconds: 200,
      stop: { until: 200 + 10_000 },
      replications: REPLICATIONS,
    });
    validate('tandem M/M/1→M/M/1', 'mean sojourn (s)', r, 'sojourn', tandemMeanSojourn(lambda, [mu1, mu2]));
  });

  it('closed network (N = 5, exponential think 1 s, two FIFO stations 0.2 s and 0.15 s) against exact MVA', () => {
    const [population, think, d1, d2] = [5, 1, 0.2, 0.15];
    const mva = meanValueAnalysis([{ demand: d1 }, { demand: d2 }], population, think);
    expect(mva.utilisations[0]).toBeLessThanOrEqual(0.8);
    const r = runReplications({
      masterSeed: MASTER_SEED,
      build: (ctx) => {
        const cal = ctx.calendar;
        const first = new Resource(cal, { name: 'first' });
        const second = new Resource(cal, { name: 'second' });
        const thinkTime = exponential({ mean: think });
        const s1 = exponential({ mean: d1 });
        const s2 = exponential({ mean: d2 });
        const rngThink = ctx.streams.stream('think');
        const rng1 = ctx.streams.stream('service-1');
        const rng2 = ctx.streams.stream('service-2');
        let resetAt = 0;
        let cycles = 0;
        let responseSum = 0;
        const cycle = (): void => {
          const start = cal.now;
          first.serve(
            () => s1.sample(rng1),
            () =>
              second.serve(
                () => s2.sample(rng2),
                () => {
                  if (start >= resetAt) {
                    cycles++;
                    responseSum += cal.now - start;
                  }
                  cal.schedule(thinkTime.sample(rngThink), cycle);
                },
              ),
          );
        };
        for (let i = 0; i < population; i++) cal.schedule(thinkTime.sample(rngThink), cycle);
        return {
          resetStatistics: () => {
            resetAt = cal.now;
            cycles = 0;
            responseSum = 0;
            first.resetStatistics();
            second.resetStatistics();
          },
          observe: () => ({
            throughput: first.stats().completed / first.stats().observedSeconds,
            response: responseSum / cycles,
            utilisation1: first.stats().utilisation,
          }),
        };
      },
      warmupSeconds: 100,
      stop: { until: 100 + 20_000 },
      replications: REPLICATIONS,
    });
    validate('closed N=5 (MVA)', 'throughput (1/s)', r, 'throughput', mva.throughput);
    validate('closed N=5 (MVA)', 'response time (s)', r, 'response', mva.responseTime);
    validate('closed N=5 (MVA)', 'utilisation station 1', r, 'utilisation1', mva.utilisations[0]!);
  });
});

describe('golden output (seed 42)', () => {
  it('pins the first sojourns and the mean of an M/M/1 run exactly', () => {
    const sojourns: number[] = [];
    const result = runReplications({
      masterSeed: 42,
      build: (ctx) => {
        const server = new Resource(ctx.calendar, { name: 'server' });
        const service = exponential({ rate: 1 });
        const rng = ctx.streams.stream('service');
        poisson(ctx, 0.8, () => {
          const arrival = ctx.calendar.now;
          server.serve(
            () => service.sample(rng),
            () => {
              if (ctx.index === 0 && sojourns.length < 5) sojourns.push(ctx.calendar.now - arrival);
            },
          );
        });
        return {
          resetStatistics: () => server.resetStatistics(),
          progress: () => server.completions,
          observe: () => ({
            sojourn: server.stats().meanSojournSeconds,
            completed: server.stats().completed,
          }),
        };
      },
      stop: { count: 10_000 },
      replications: 2,
    });
    expect(result.seeds).toEqual(GOLDEN.seeds);
    expect(sojourns).toEqual(GOLDEN.firstSojourns);
    expect(result.values.sojourn).toEqual(GOLDEN.meanSojourns);
    expect(result.values.completed).toEqual([10_000, 10_000]);
  });
});

/**
 * Pinned output of the golden run (M/M/1, λ = 0.8, μ = 1, master seed 42, two
 * replications of 10,000 customers). Any change to the generator, seeding,
 * distributions, calendar order or resource changes these numbers: update
 * them only for an intended change, and say so in the commit.
 */
const GOLDEN = {
  seeds: [52735762, 746751709],
  firstSojourns: [
    5.077199596170193, 5.089084090978435, 7.3335105674307215, 7.070373200702695, 7.942778556141712,
  ],
  meanSojourns: [5.109001605583472, 4.884418532843381],
};
