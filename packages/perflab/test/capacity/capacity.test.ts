import { describe, expect, it } from 'vitest';
import { capacityFor, parseBudget, parseSlo, type StepMeasure } from '../../src/capacity/capacity.ts';

const MIB = 2 ** 20;

/** Steps of a service using 300 MiB + 31 MiB per user and 0.05 + 0.01 cores per user, p95 rising with users. */
function steps(): StepMeasure[] {
  return [5, 10, 20, 40, 80].map((users) => ({
    users,
    throughputRps: users * 2,
    sloLatencyMs: 20 + users * 4,
    memoryBytes: (300 + 31 * users) * MIB,
    cpuCores: 0.05 + 0.01 * users,
  }));
}

describe('capacityFor', () => {
  it("answers the spreadsheet's question: 2.9 GiB at 31 MiB per user over a 300 MiB base", () => {
    const capacity = capacityFor(steps(), { ramBytes: 2.9 * 2 ** 30 }, undefined, null, 5);
    expect(capacity.memoryModel!.slope / MIB).toBeCloseTo(31, 9);
    expect(capacity.memoryModel!.intercept / MIB).toBeCloseTo(300, 6);
    // (2.9 × 1024 − 300) / 31 = 86.1 → 86 users
    expect(capacity.constraints.find((c) => c.constraint === 'memory')!.maxUsers).toBe(86);
    expect(capacity.binding).toBe('memory');
    expect(capacity.headroomPercent).toBeCloseTo(((86 - 5) / 5) * 100, 9);
  });

  it('lets the smallest constraint bind and names it (here the USL peak)', () => {
    const budget = { ramBytes: 2.9 * 2 ** 30, cpus: 3 };
    // CPU: (3 − 0.05) / 0.01 = 295; memory 86; USL peak 60.7 → 60; SLO p95 < 300 ms: 180 ms at 40 users,
    // 340 at 80 → 40 + (120/160)·40 = 70
    const capacity = capacityFor(steps(), budget, { percentile: 95, maxMs: 300 }, 60.7, 80);
    const byName = Object.fromEntries(capacity.constraints.map((c) => [c.constraint, c.maxUsers]));
    expect(byName).toEqual({ memory: 86, cpu: 295, usl: 60, slo: 70 });
    expect(capacity.binding).toBe('usl');
    expect(capacity.maxUsers).toBe(60);
    expect(capacity.headroomPercent).toBeLessThan(0); // already past it at 80 users
  });

  it('says why a constraint has no figure instead of inventing one', () => {
    const flat = steps().map((s) => ({ ...s, memoryBytes: 500 * MIB, cpuCores: null }));
    const capacity = capacityFor(flat, { ramBytes: 2 ** 30, cpus: 2 }, undefined, null, 80);
    const reasons = Object.fromEntries(capacity.constraints.map((c) => [c.constraint, c.reason]));
    expect(reasons.memory).toMatch(/did not grow with users/);
    expect(reasons.cpu).toMatch(/not watched/);
    expect(reasons.usl).toMatch(/no throughput peak/);
    expect(capacity.maxUsers).toBeNull();
    expect(capacity.headroomPercent).toBeNull();
  });
});

describe('--budget and --slo', () => {
  it('reads sizes in binary and decimal units and CPU counts', () => {
    expect(parseBudget('ram=2.9GiB,cpus=3')).toEqual({ ramBytes: 2.9 * 2 ** 30, cpus: 3 });
    expect(parseBudget('ram=512MB')).toEqual({ ramBytes: 512e6 });
    expect(parseSlo('p95<300ms')).toEqual({ percentile: 95, maxMs: 300 });
    expect(parseSlo('p99 < 1.5s')).toEqual({ percentile: 99, maxMs: 1500 });
  });

  it('names the part it cannot read', () => {
    expect(() => parseBudget('ram=lots')).toThrow(/"ram=lots": ram must be a size/);
    expect(() => parseBudget('disk=1GB')).toThrow(/"disk=1GB" is not ram=SIZE or cpus=N/);
    expect(() => parseBudget('cpus=0')).toThrow(/cpus must be a positive number/);
    expect(() => parseSlo('p97<1s')).toThrow(/p50, p95, p99/);
    expect(() => parseSlo('fast')).toThrow(/not like p95<300ms/);
  });
});
