import { describe, expect, it } from 'vitest';
import { Calendar } from '../../src/sim/calendar.ts';
import { Resource } from '../../src/sim/resource.ts';
import { exponential } from '../../src/sim/distributions.ts';
import { RandomStreams } from '../../src/sim/random.ts';

describe('Resource', () => {
  it('serves FIFO, blocks beyond the queue capacity and integrates the state over time', () => {
    const cal = new Calendar();
    const server = new Resource(cal, { name: 'db', capacity: 1, queueCapacity: 1 });
    const outcomes: Array<[number, boolean]> = [];
    const done: number[] = [];
    for (const t of [0, 0.5, 0.6, 0.7]) {
      cal.scheduleAt(t, () => {
        outcomes.push([
          t,
          server.serve(
            () => 1,
            (c) => done.push(c.arrival),
          ),
        ]);
      });
    }
    cal.run();
    expect(outcomes).toEqual([
      [0, true],
      [0.5, true],
      [0.6, false],
      [0.7, false],
    ]);
    expect(done).toEqual([0, 0.5]);
    expect(cal.now).toBe(2);
    const s = server.stats();
    expect(s.arrivals).toBe(4);
    expect(s.blocked).toBe(2);
    expect(s.blockingProbability).toBe(0.5);
    expect(s.delayed).toBe(1);
    expect(s.completed).toBe(2);
    expect(server.completions).toBe(2);
    expect(s.utilisation).toBe(1);
    expect(s.meanQueueLength).toBeCloseTo(0.25, 12); // one waiting from 0.5 to 1 over 2 s
    expect(s.meanInSystem).toBeCloseTo(1.25, 12);
    expect(s.meanWaitSeconds).toBeCloseTo(0.25, 12);
    expect(s.meanSojournSeconds).toBeCloseTo(1.25, 12);
    // Histograms in µs of simulated time.
    expect(s.sojourns.totalCount).toBe(2);
    expect(s.sojourns.minNonZeroValue).toBeGreaterThanOrEqual(999_000);
    expect(s.sojourns.maxValue).toBeLessThanOrEqual(1_501_000);
    expect(s.waits.totalCount).toBe(2);
  });

  it('uses c servers in parallel', () => {
    const cal = new Calendar();
    const pool = new Resource(cal, { name: 'workers', capacity: 3 });
    for (let i = 0; i < 6; i++) cal.schedule(0, () => pool.serve(() => 2));
    cal.run({ until: 1 });
    expect(pool.busy).toBe(3);
    expect(pool.queueLength).toBe(3);
    cal.run();
    expect(cal.now).toBe(4);
    const s = pool.stats();
    expect(s.utilisation).toBeCloseTo(1, 12);
    expect(s.meanSojournSeconds).toBeCloseTo(3, 12);
    expect(s.probabilityOfWaiting).toBe(0.5);
  });

  it('deletes the warm-up: resetStatistics forgets earlier observations and earlier arrivals', () => {
    const cal = new Calendar();
    const server = new Resource(cal, { name: 's' });
    cal.scheduleAt(0, () => server.serve(() => 3)); // arrives before the reset: not observed
    cal.scheduleAt(2, () => server.resetStatistics());
    cal.scheduleAt(2.5, () => server.serve(() => 1)); // waits 0.5, sojourn 1.5
    cal.run();
    const s = server.stats();
    expect(s.observedSeconds).toBe(2);
    expect(s.arrivals).toBe(1);
    expect(s.completed).toBe(1);
    expect(s.meanSojournSeconds).toBe(1.5);
    expect(s.meanWaitSeconds).toBe(0.5);
    expect(s.utilisation).toBe(1);
    expect(s.meanQueueLength).toBeCloseTo(0.25, 12);
  });

  it("satisfies Little's law L = λW on an M/M/2 run", () => {
    const cal = new Calendar();
    const streams = new RandomStreams(42);
    const pool = new Resource(cal, { name: 'mm2', capacity: 2 });
    const inter = exponential({ rate: 1.5 });
    const service = exponential({ rate: 1 });
    const arrivals = streams.stream('arrivals');
    const services = streams.stream('service');
    const arrive = (): void => {
      pool.serve(() => service.sample(services));
      cal.schedule(inter.sample(arrivals), arrive);
    };
    cal.schedule(0, arrive);
    cal.run({ until: 20_000 });
    const s = pool.stats();
    const lambda = s.arrivals / s.observedSeconds;
    expect(Math.abs(s.meanInSystem - lambda * s.meanSojournSeconds) / s.meanInSystem).toBeLessThan(0.01);
    expect(s.utilisation).toBeCloseTo(0.75, 1);
  });

  it('rejects bad capacities and a release of a customer not in service', () => {
    const cal = new Calendar();
    expect(() => new Resource(cal, { name: 'x', capacity: 0 })).toThrow(RangeError);
    expect(() => new Resource(cal, { name: 'x', capacity: 1.5 })).toThrow(RangeError);
    expect(() => new Resource(cal, { name: 'x', queueCapacity: -1 })).toThrow(RangeError);
    const r = new Resource(cal, { name: 'x', capacity: 1 });
    const first = r.request(() => undefined)!;
    const second = r.request(() => undefined)!;
    expect(() => r.release(second)).toThrow(/not in service/);
    r.release(first);
    expect(r.busy).toBe(1);
  });
});
