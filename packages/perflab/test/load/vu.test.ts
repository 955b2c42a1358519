import { describe, expect, it } from 'vitest';
import { weightedPicker } from '../../src/load/virtual-user.ts';
import type { Task } from '../../src/scenario/schema.ts';
import { between, constant, constantPacing } from '../../src/scenario/wait-time.ts';

const task = (name: string, weight: number): Task => ({ name, weight, run: () => undefined });

describe('weightedPicker', () => {
  it('picks each task in proportion to its weight (Locust @task(n))', () => {
    const tasks = [task('a', 3), task('b', 5), task('c', 2)];
    // Evenly spaced "random" numbers make the frequencies exact.
    const n = 1000;
    let i = 0;
    const pick = weightedPicker(tasks, () => (i++ + 0.5) / n);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let k = 0; k < n; k++) counts[pick().name]!++;
    expect(counts).toEqual({ a: 300, b: 500, c: 200 });
  });
});

describe('wait times', () => {
  it('between stays within its bounds and spreads over them', () => {
    const wait = between(200, '1s');
    const values = Array.from({ length: 2000 }, () => wait(0));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...values)).toBeLessThanOrEqual(1000);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(570);
    expect(mean).toBeLessThan(630);
  });

  it('constant and constantPacing', () => {
    expect(constant('250ms')(40)).toBe(250);
    expect(constantPacing('1s')(300)).toBe(700);
    expect(constantPacing('1s')(1300)).toBe(0);
  });

  it('rejects min > max', () => {
    expect(() => between('2s', '1s')).toThrowError(/min is greater than max/);
  });
});
