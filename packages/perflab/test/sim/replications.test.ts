import { describe, expect, it } from 'vitest';
import {
  confidenceInterval,
  logGamma,
  runReplication,
  runReplications,
  studentTCdf,
  studentTQuantile,
  type ReplicationContext,
  type ReplicationModel,
} from '../../src/sim/replications.ts';
import { Resource } from '../../src/sim/resource.ts';
import { exponential } from '../../src/sim/distributions.ts';

describe("Student's t", () => {
  it('quantiles match tabulated values (NIST/SEMATECH e-Handbook 1.3.6.7.2)', () => {
    const table: Array<[number, number, number]> = [
      [0.975, 19, 2.093],
      [0.995, 19, 2.8609],
      [0.975, 1, 12.7062],
      [0.995, 1, 63.6567],
      [0.95, 5, 2.015],
      [0.995, 4, 4.6041],
      [0.975, 29, 2.0452],
      [0.995, 99, 2.6264],
      [0.975, 100, 1.984],
    ];
    for (const [p, df, expected] of table) expect(studentTQuantile(p, df)).toBeCloseTo(expected, 4);
    expect(studentTQuantile(0.025, 19)).toBeCloseTo(-2.093, 4);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 12);
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });

  it('ln Γ matches exact values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('confidence interval: mean ± t·s/√n', () => {
    const ci = confidenceInterval([1, 2, 3, 4, 5], 0.95);
    expect(ci.mean).toBe(3);
    expect(ci.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(ci.halfWidth).toBeCloseTo((2.7764 * Math.sqrt(2.5)) / Math.sqrt(5), 3);
    expect(ci.lower).toBeCloseTo(3 - ci.halfWidth, 12);
    expect(ci.relativeHalfWidth).toBeCloseTo(ci.halfWidth / 3, 12);
    expect(() => confidenceInterval([1])).toThrow(RangeError);
  });
});

/** M/M/1 with λ = 0.5, μ = 1 reporting mean sojourn and completed customers. */
function mm1({ calendar, streams }: ReplicationContext): ReplicationModel {
  const server = new Resource(calendar, { name: 'server' });
  const inter = exponential({ rate: 0.5 });
  const service = exponential({ rate: 1 });
  const a = streams.stream('arrivals');
  const s = streams.stream('service');
  const arrive = (): void => {
    server.serve(() => service.sample(s));
    calendar.schedule(inter.sample(a), arrive);
  };
  calendar.schedule(inter.sample(a), arrive);
  return {
    resetStatistics: () => server.resetStatistics(),
    progress: () => server.completions,
    observe: () => {
      const st = server.stats();
      return { sojourn: st.meanSojournSeconds, completed: st.completed, end: calendar.now };
    },
  };
}

describe('replications', () => {
  it('stops each replication at a simulated time, after the warm-up', () => {
    const r = runReplication({ build: mm1, warmupSeconds: 100, stop: { until: 1100 } }, 1, 0);
    expect(r.end).toBe(1100);
    expect(r.completed).toBeGreaterThan(400);
    expect(r.completed).toBeLessThan(600);
  });

  it('stops each replication at a customer count', () => {
    const r = runReplication({ build: mm1, warmupSeconds: 100, stop: { count: 777 } }, 1, 0);
    expect(r.completed).toBe(777);
  });

  it('is reproducible and uses a different seed per replication', () => {
    const options = { masterSeed: 42, build: mm1, warmupSeconds: 50, stop: { until: 2000 }, replications: 5 };
    const a = runReplications(options);
    const b = runReplications(options);
    expect(a.values).toEqual(b.values);
    expect(new Set(a.seeds).size).toBe(5);
    expect(new Set(a.values.sojourn).size).toBe(5);
    expect(a.intervals.sojourn).toHaveLength(2);
    const [ci95, ci99] = a.intervals.sojourn!;
    expect(ci95!.level).toBe(0.95);
    expect(ci99!.halfWidth).toBeGreaterThan(ci95!.halfWidth);
    expect(a.targetReached).toBeUndefined();
  });

  it('adds replications until the target relative half-width is reached', () => {
    const r = runReplications({
      masterSeed: 7,
      build: mm1,
      warmupSeconds: 50,
      stop: { until: 2000 },
      replications: 3,
      maxReplications: 200,
      target: { metrics: ['sojourn'], relativeHalfWidth: 0.02 },
    });
    expect(r.targetReached).toBe(true);
    expect(r.replications).toBeGreaterThan(3);
    expect(r.replications).toBeLessThan(200);
    expect(r.intervals.sojourn![0]!.relativeHalfWidth).toBeLessThanOrEqual(0.02);
    // One replication fewer did not reach it (sequential stopping stops at the first success).
    const fewer = r.values.sojourn!.slice(0, -1);
    expect(confidenceInterval(fewer, 0.95).relativeHalfWidth).toBeGreaterThan(0.02);
  });

  it('reports a target not reached within maxReplications', () => {
    const r = runReplications({
      masterSeed: 7,
      build: mm1,
      stop: { until: 200 },
      replications: 3,
      maxReplications: 4,
      target: { metrics: ['sojourn'], relativeHalfWidth: 0.0001 },
    });
    expect(r.targetReached).toBe(false);
    expect(r.replications).toBe(4);
  });
});
