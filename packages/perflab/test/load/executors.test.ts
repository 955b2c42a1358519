import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../../src/load/run.ts';
import { constantArrivals, rampingArrivals } from '../../src/load/executors/arrivals.ts';
import { stageTarget } from '../../src/load/executors/timing.ts';
import { constant } from '../../src/scenario/wait-time.ts';
import { startDelayServer } from '../support/delay-server.ts';
import { planOf } from '../support/scenario.ts';

const all = (startTimeOf: (i: number) => number | undefined) => {
  const times: number[] = [];
  for (let i = 0; ; i++) {
    const t = startTimeOf(i);
    if (t === undefined) return times;
    times.push(t);
  }
};

describe('arrival schedules', () => {
  it('constant rate: rate × duration iterations, evenly spaced', () => {
    const times = all(constantArrivals(200, 10_000));
    expect(times).toHaveLength(2000);
    expect(times[1]).toBe(5);
    expect(times.at(-1)).toBe(9995);
  });

  it('ramping rate: iteration i starts when ∫rate reaches i', () => {
    // 0 → 100/s over 10 s: N(t) = 5 t², so 500 iterations and iteration i at √(i/5) s.
    const times = all(rampingArrivals(0, [{ durationMs: 10_000, target: 100 }]));
    expect(times).toHaveLength(500);
    for (const i of [1, 20, 200, 499]) expect(times[i]).toBeCloseTo(Math.sqrt(i / 5) * 1000, 6);
    // Then a plateau and a ramp down: 100/s for 2 s (200 more), 100 → 0 over 4 s (200 more).
    const three = all(
      rampingArrivals(0, [
        { durationMs: 10_000, target: 100 },
        { durationMs: 2000, target: 100 },
        { durationMs: 4000, target: 0 },
      ]),
    );
    expect(three).toHaveLength(900);
    expect(three[600]).toBeCloseTo(11_000, 6);
    // In the ramp down N(τ) = 100τ − 12.5τ²: the 100th arrival after 12 s is at τ = (100 − √5000)/25 s.
    expect(three[800]).toBeCloseTo(12_000 + ((100 - Math.sqrt(5000)) / 25) * 1000, 6);
    expect([...three].sort((a, b) => a - b)).toEqual(three);
  });

  it('stage targets interpolate linearly and end after the last stage', () => {
    const stages = [
      { durationMs: 1000, target: 10 },
      { durationMs: 1000, target: 0 },
    ];
    expect(stageTarget(0, stages, 0)).toBe(0);
    expect(stageTarget(0, stages, 500)).toBe(5);
    expect(stageTarget(0, stages, 1500)).toBe(5);
    expect(stageTarget(0, stages, 2000)).toBeUndefined();
  });
});

describe('closed-model stages and shapes (against a real server)', () => {
  it('ramping users with stages: up to 4, down to 1', async () => {
    const server = await startDelayServer(5);
    try {
      const result = await runLoadTest({
        plan: planOf({
          executor: {
            executor: 'ramping-users',
            stages: [
              { duration: '1s', target: 4 },
              { duration: '1s', target: 4 },
              { until: '3s', target: 1 },
            ],
          },
          waitTime: constant(50),
          tasks: [{ run: (vu) => vu.http.get('/') }],
        }),
        host: server.url,
        graceMs: 1000,
        reporters: [],
      });
      const users = result.history.map((row) => row.users);
      expect(users[1]).toBe(4); // at 2 s: the plateau
      expect(Math.max(...users)).toBe(4);
      expect(users[2]).toBeLessThanOrEqual(2); // at 3 s: ramped down
      expect(result.snapshot.aggregated.failures).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('a shape function sets users each second, or a rate, and stops the scenario with null', async () => {
    const server = await startDelayServer(5);
    try {
      const closed = await runLoadTest({
        plan: planOf({
          executor: {
            executor: 'shape',
            shape: (ms) => (ms < 2000 ? { users: 3, spawnRate: 30 } : null),
          },
          waitTime: constant(100),
          tasks: [{ run: (vu) => vu.http.get('/') }],
        }),
        host: server.url,
        graceMs: 1000,
        reporters: [],
      });
      expect(closed.history[0]!.users).toBe(3);
      expect(closed.endedAt - closed.info.startedAt).toBeLessThan(3500);

      const open = await runLoadTest({
        plan: planOf({
          executor: { executor: 'shape', shape: (ms) => (ms < 2000 ? { rate: 25 } : undefined) },
          tasks: [{ run: (vu) => vu.http.get('/') }],
        }),
        host: server.url,
        graceMs: 1000,
        reporters: [],
      });
      expect(open.snapshot.scenarios[0]!.iterations).toBe(50);
      expect(open.info.scenarios[0]!.description).toMatch(/custom shape/);
    } finally {
      await server.stop();
    }
  });

  it('a shape that switches model mid-run stops its scenario with a note', async () => {
    const server = await startDelayServer(5);
    try {
      const result = await runLoadTest({
        plan: planOf({
          executor: {
            executor: 'shape',
            shape: (ms) => (ms < 1000 ? { rate: 5 } : { users: 2, spawnRate: 2 }),
          },
          tasks: [{ run: (vu) => vu.http.get('/') }],
        }),
        host: server.url,
        graceMs: 1000,
        reporters: [],
      });
      expect(result.notes.join('\n')).toMatch(/shape switched from the open to the closed model at 1 s/);
      expect(result.snapshot.aggregated.requests).toBe(5);
    } finally {
      await server.stop();
    }
  });
});
