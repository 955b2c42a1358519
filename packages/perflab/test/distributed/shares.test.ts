import { describe, expect, it } from 'vitest';
import { dealSlots, planSlots, shiftPlan } from '../../src/distributed/shares.ts';
import { signatureProblem, sign } from '../../src/distributed/protocol.ts';
import type { ExecutorConfig, TestPlan } from '../../src/scenario/schema.ts';
import { planOf } from '../support/scenario.ts';

const task = { run: () => undefined };

describe('dealSlots / planSlots', () => {
  it('deals slots in proportion to capacity, interleaved, every slot once', () => {
    const slots = Array.from({ length: 12 }, (_, j) => j);
    const deal = dealSlots(
      [
        { id: 'a', capacity: 200 },
        { id: 'b', capacity: 100 },
        { id: 'c', capacity: 100 },
      ],
      slots,
    );
    expect(deal.a).toHaveLength(6);
    expect(deal.b).toHaveLength(3);
    expect(deal.c).toHaveLength(3);
    expect([...deal.a!, ...deal.b!, ...deal.c!].sort((x, y) => x - y)).toEqual(slots);
    // Interleaved: the first four slots (the first users) already go 2:1:1.
    const firstFour = slots.slice(0, 4).map((s) => Object.keys(deal).find((id) => deal[id]!.includes(s)));
    expect(firstFour.filter((id) => id === 'a')).toHaveLength(2);
  });

  it('rejects a capacity that is not a positive number', () => {
    expect(() => dealSlots([{ id: 'a', capacity: 0 }], [0])).toThrow(/worker a: capacity 0/);
    expect(() => dealSlots([], [0])).toThrow(/no worker/);
  });

  it('cuts at least one slot per thread and at least 12', () => {
    expect(planSlots([{ id: 'a', capacity: 1, threads: 1 }]).slotCount).toBe(12);
    const big = planSlots([
      { id: 'a', capacity: 1, threads: 16 },
      { id: 'b', capacity: 1, threads: 16 },
    ]);
    expect(big.slotCount).toBe(32);
    expect(big.assignments.a).toHaveLength(16);
  });
});

describe('shiftPlan (taking over a lost worker mid-run)', () => {
  const executorAfter = (executor: ExecutorConfig, offsetMs: number, startTimeMs = 0) => {
    const plan: TestPlan = planOf({ tasks: [task] });
    const shifted = shiftPlan(
      { ...plan, scenarios: [{ ...plan.scenarios[0]!, executor, startTimeMs }] },
      offsetMs,
    );
    return shifted.scenarios[0];
  };

  it('shortens a constant load and drops it once over', () => {
    const executor: ExecutorConfig = {
      type: 'ramping-users',
      startUsers: 0,
      constant: { users: 10, spawnRate: 5, durationMs: 10_000 },
    };
    expect(executorAfter(executor, 4000)?.executor).toEqual({
      ...executor,
      constant: { users: 10, spawnRate: 5, durationMs: 6000 },
    });
    expect(executorAfter(executor, 10_000)).toBeUndefined();
  });

  it('continues stages from the current target', () => {
    const executor: ExecutorConfig = {
      type: 'ramping-arrival-rate',
      startRatePerSecond: 0,
      stages: [
        { durationMs: 10_000, target: 100 },
        { durationMs: 5000, target: 100 },
      ],
      preAllocatedVUs: 1,
      maxVUs: 10,
    };
    expect(executorAfter(executor, 4000)?.executor).toEqual({
      ...executor,
      startRatePerSecond: 40,
      stages: [
        { durationMs: 6000, target: 100 },
        { durationMs: 5000, target: 100 },
      ],
    });
  });

  it('starts a later scenario sooner, and reads a shape at the shifted time', () => {
    const constant: ExecutorConfig = {
      type: 'constant-arrival-rate',
      ratePerSecond: 10,
      durationMs: 5000,
      preAllocatedVUs: 1,
      maxVUs: 2,
    };
    expect(executorAfter(constant, 2000, 3000)).toMatchObject({ startTimeMs: 1000, executor: constant });
    const seen: number[] = [];
    const shape: ExecutorConfig = {
      type: 'shape',
      shape: (ms) => (seen.push(ms), null),
      preAllocatedVUs: 1,
      maxVUs: 1,
    };
    const shifted = executorAfter(shape, 7000)!.executor as Extract<ExecutorConfig, { type: 'shape' }>;
    shifted.shape(1000);
    expect(seen).toEqual([8000]);
  });
});

describe('signatures (the shared token)', () => {
  const body = '{"type":"prepare"}';
  it('accepts the same token, or none on both sides', () => {
    expect(signatureProblem(body, sign(body, 't1'), 't1')).toBeUndefined();
    expect(signatureProblem(body, sign(body, undefined), undefined)).toBeUndefined();
  });
  it('says why when the tokens differ or one side has none', () => {
    expect(signatureProblem(body, sign(body, 't2'), 't1')).toMatch(/does not match this worker's token/);
    expect(signatureProblem(body, '', 't1')).toMatch(/sent no token signature/);
    expect(signatureProblem(body, sign(body, 't1'), undefined)).toMatch(/this worker has none/);
    expect(signatureProblem(`${body} `, sign(body, 't1'), 't1')).toMatch(/does not match/);
  });
});
