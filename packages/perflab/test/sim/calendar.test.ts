import { describe, expect, it } from 'vitest';
import { Calendar } from '../../src/sim/calendar.ts';
import { createStream } from '../../src/sim/random.ts';

describe('Calendar', () => {
  it('runs events in time order and advances the clock to each event time', () => {
    const cal = new Calendar();
    const seen: Array<[string, number]> = [];
    for (const [name, t] of [
      ['c', 3],
      ['a', 1],
      ['d', 4.5],
      ['b', 2],
    ] as const)
      cal.schedule(t, () => seen.push([name, cal.now]));
    expect(cal.pending).toBe(4);
    expect(cal.run()).toBe(4);
    expect(seen).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4.5],
    ]);
    expect(cal.now).toBe(4.5);
    expect(cal.pending).toBe(0);
  });

  it('breaks ties by priority, then by insertion sequence', () => {
    const cal = new Calendar();
    const seen: string[] = [];
    cal.schedule(1, () => seen.push('p0-first'));
    cal.schedule(1, () => seen.push('p-1'), -1);
    cal.schedule(1, () => seen.push('p0-second'));
    cal.schedule(1, () => seen.push('p5'), 5);
    cal.schedule(1, () => seen.push('p0-third'));
    cal.schedule(0.5, () => cal.schedule(0.5, () => seen.push('p0-fourth (scheduled later)')));
    cal.run();
    expect(seen).toEqual(['p-1', 'p0-first', 'p0-second', 'p0-third', 'p0-fourth (scheduled later)', 'p5']);
  });

  it('keeps FIFO order for 1000 simultaneous events through heap reshuffles', () => {
    const cal = new Calendar();
    const seen: Array<[number, number]> = [];
    const rng = createStream(1, 'shuffle');
    for (let i = 0; i < 1000; i++) {
      const t = Math.floor(rng.next() * 3);
      cal.schedule(t, () => seen.push([t, i]));
    }
    cal.run();
    expect(seen).toHaveLength(1000);
    for (let k = 1; k < 1000; k++) {
      const [t, i] = seen[k]!;
      const [tPrev, iPrev] = seen[k - 1]!;
      expect(t).toBeGreaterThanOrEqual(tPrev);
      if (t === tPrev) expect(i).toBeGreaterThan(iPrev);
    }
  });

  it('cancels events (lazily) and reports whether a cancel took effect', () => {
    const cal = new Calendar();
    const seen: string[] = [];
    const a = cal.schedule(1, () => seen.push('a'));
    const b = cal.schedule(2, () => seen.push('b'));
    cal.schedule(3, () => seen.push('c'));
    expect(cal.cancel(b)).toBe(true);
    expect(cal.cancel(b)).toBe(false);
    expect(cal.pending).toBe(2);
    cal.run({ count: 1 });
    expect(cal.cancel(a)).toBe(false);
    cal.schedule(0.5, () => seen.push('a2'));
    cal.run();
    expect(seen).toEqual(['a', 'a2', 'c']);
    expect(b.done).toBe(true);
  });

  it('run({ until }) stops at a simulated time and sets the clock to it; run({ count }) after n events', () => {
    const cal = new Calendar();
    let fired = 0;
    const tick = (): void => {
      fired++;
      cal.schedule(1, tick);
    };
    cal.schedule(0, tick);
    expect(cal.run({ until: 10.5 })).toBe(11); // t = 0, 1, …, 10
    expect(cal.now).toBe(10.5);
    expect(cal.run({ count: 3 })).toBe(3);
    expect(cal.now).toBe(13);
    expect(fired).toBe(14);
    cal.schedule(1, () => cal.stop());
    expect(cal.run({ until: 100 })).toBe(2); // t = 14 tick and the stop, ordered by sequence
    expect(cal.now).toBe(14);
  });

  it('run({ stopWhen }) stops after the event that makes the predicate true', () => {
    const cal = new Calendar();
    let n = 0;
    const tick = (): void => {
      n++;
      cal.schedule(0.5, tick);
    };
    cal.schedule(0, tick);
    expect(cal.run({ until: 100, stopWhen: () => n >= 7 })).toBe(7);
    expect(cal.now).toBe(3);
  });

  it('rejects negative delays and times in the past', () => {
    const cal = new Calendar();
    cal.schedule(5, () => undefined);
    cal.run();
    expect(() => cal.schedule(-1, () => undefined)).toThrow(RangeError);
    expect(() => cal.schedule(Number.NaN, () => undefined)).toThrow(RangeError);
    expect(() => cal.scheduleAt(4, () => undefined)).toThrow(RangeError);
    expect(() => cal.run({ until: 1 })).toThrow(RangeError);
  });

  it('handles 10⁶ events with random times in non-decreasing time order', () => {
    const cal = new Calendar();
    const rng = createStream(42, 'perf');
    let last = -1;
    let ordered = true;
    let count = 0;
    const check = (): void => {
      if (cal.now < last) ordered = false;
      last = cal.now;
      count++;
    };
    // A hold model: 1000 events outstanding, each firing schedules the next.
    const hold = (): void => {
      check();
      if (count < 1_000_000 - 1000 + 1) cal.schedule(rng.next(), hold);
    };
    for (let i = 0; i < 1000; i++) cal.schedule(rng.next(), hold);
    cal.run();
    expect(count).toBe(1_000_000);
    expect(ordered).toBe(true);
    expect(cal.executed).toBe(1_000_000);
  });
});
