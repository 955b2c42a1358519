import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFeeder } from '../../src/data/csv-feeder.ts';
import { createFeeder, type Feeder } from '../../src/data/feeder.ts';
import { PerflabError } from '../../src/errors.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Takes `count` rows for `vuId`. */
const take = <T>(feeder: Feeder<T>, vuId: number, count: number) => range(count).map(() => feeder.next(vuId));

describe('sequential feeder', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-feeder-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('100 concurrent VUs share 1,000 CSV rows: each handed out exactly once, then undefined for everyone', async () => {
    const file = join(dir, 'users.csv');
    await writeFile(file, ['id,user', ...range(1000).map((i) => `${i},user-${i}`)].join('\n') + '\n');
    const feeder = csvFeeder(file, { onEnd: 'stop' });
    expect(feeder.size).toBe(1000);

    const taken: { vuId: number; id: string }[] = [];
    const endedWithUndefined = new Set<number>();
    const vu = async (vuId: number) => {
      for (;;) {
        const row = feeder.next(vuId);
        if (row === undefined) {
          expect(feeder.exhausted).toBe(true);
          endedWithUndefined.add(vuId);
          return;
        }
        taken.push({ vuId, id: row.id! });
        await sleep(Math.floor(Math.random() * 4));
      }
    };
    await Promise.all(range(100).map((i) => vu(i + 1)));

    expect(taken).toHaveLength(1000);
    expect(new Set(taken.map((t) => t.id)).size).toBe(1000);
    expect(taken.map((t) => Number(t.id)).sort((a, b) => a - b)).toEqual(range(1000));
    // Handed out in file order, whichever VU asked.
    expect(taken.map((t) => Number(t.id))).toEqual(range(1000));
    // Work was spread over many VUs, and every VU saw the end.
    expect(new Set(taken.map((t) => t.vuId)).size).toBeGreaterThan(50);
    expect(endedWithUndefined.size).toBe(100);
    expect(feeder.next(1)).toBeUndefined();
    expect(feeder.next(77)).toBeUndefined();
    expect(feeder.exhausted).toBe(true);
  });

  it('recycle wraps to the first row after the last, across VUs, and is never exhausted', () => {
    const feeder = createFeeder(['a', 'b', 'c']);
    expect([feeder.mode, feeder.onEnd]).toEqual(['sequential', 'recycle']);
    const got = range(8).map((i) => feeder.next((i % 3) + 1));
    expect(got).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b']);
    expect(feeder.exhausted).toBe(false);
  });

  it('stop reports exhaustion exactly when the last row has been taken', () => {
    const feeder = createFeeder(['a', 'b'], { onEnd: 'stop' });
    expect(feeder.next(1)).toBe('a');
    expect(feeder.exhausted).toBe(false);
    expect(feeder.next(2)).toBe('b');
    expect(feeder.exhausted).toBe(true);
    expect(take(feeder, 3, 3)).toEqual([undefined, undefined, undefined]);
  });

  it('reset rewinds the shared cursor', () => {
    const feeder = createFeeder([1, 2, 3], { onEnd: 'stop' });
    expect(take(feeder, 1, 4)).toEqual([1, 2, 3, undefined]);
    feeder.reset();
    expect(feeder.exhausted).toBe(false);
    expect(take(feeder, 1, 2)).toEqual([1, 2]);
  });
});

describe('per-vu feeder', () => {
  const rows = ['r0', 'r1', 'r2', 'r3'];

  it('VU n starts on row (n - 1) % size and walks on its own cursor, whatever other VUs take', () => {
    const feeder = createFeeder(rows, { mode: 'per-vu' });
    expect(feeder.next(1)).toBe('r0');
    expect(feeder.next(2)).toBe('r1');
    expect(feeder.next(4)).toBe('r3');
    expect(feeder.next(5)).toBe('r0'); // (5 - 1) % 4
    expect(feeder.next(11)).toBe('r2'); // (11 - 1) % 4
    expect(feeder.next(2)).toBe('r2');
    expect(feeder.next(1)).toBe('r1');
    expect(take(feeder, 2, 4)).toEqual(['r3', 'r0', 'r1', 'r2']); // recycled within VU 2's pass
    expect(feeder.next(1)).toBe('r2');
    expect(feeder.exhausted).toBe(false);
  });

  it('stop: each VU gets every row once from its own start, then undefined; others carry on', () => {
    const feeder = createFeeder(rows, { mode: 'per-vu', onEnd: 'stop' });
    expect(take(feeder, 3, 5)).toEqual(['r2', 'r3', 'r0', 'r1', undefined]);
    expect(feeder.next(3)).toBeUndefined();
    expect(feeder.exhausted).toBe(false);
    expect(take(feeder, 1, 5)).toEqual(['r0', 'r1', 'r2', 'r3', undefined]);
    feeder.reset();
    expect(feeder.next(3)).toBe('r2');
  });

  it('rejects a VU id that is not a positive integer', () => {
    const feeder = createFeeder(rows, { mode: 'per-vu' });
    expect(() => feeder.next(0)).toThrow(RangeError);
    expect(() => feeder.next(1.5)).toThrow(/vuId must be a positive integer, got 1.5/);
  });
});

describe('random feeder', () => {
  it('draws every row, only rows that exist, and never runs out even with onEnd stop', () => {
    const rows = range(10).map((i) => ({ i }));
    const feeder = createFeeder(rows, { mode: 'random', onEnd: 'stop' });
    const drawn = range(5000).map((k) => feeder.next((k % 7) + 1));
    const known = new Set(rows);
    expect(drawn.filter((row) => row === undefined || !known.has(row))).toEqual([]);
    const counts = new Map<number, number>();
    for (const row of drawn) counts.set(row!.i, (counts.get(row!.i) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(range(10));
    // Uniform: 500 expected per row; ±150 is more than 6 standard deviations (σ ≈ 21).
    for (const count of counts.values()) expect(Math.abs(count - 500)).toBeLessThan(150);
    expect(feeder.exhausted).toBe(false);
  });
});

describe('createFeeder input checks', () => {
  it('rejects no rows and undefined rows', () => {
    expect(() => createFeeder([], undefined, 'ids')).toThrow('feeder ids: no rows');
    expect(() => createFeeder(['a', undefined])).toThrow(/rows\[1\] is undefined/);
  });

  it('copies the rows: later changes to the array do not change the feeder', () => {
    const rows = ['a'];
    const feeder = createFeeder(rows, { onEnd: 'stop' });
    rows.push('b');
    expect(feeder.size).toBe(1);
    expect(take(feeder, 1, 2)).toEqual(['a', undefined]);
  });

  it('reports every invalid option at once as a scenario error (exit code 2)', () => {
    let error: unknown;
    try {
      createFeeder([1], { mode: 'shuffled', onEnd: 'halt', order: 1 } as never, 'ids');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PerflabError);
    const perflabError = error as PerflabError;
    expect(perflabError.code).toBe('PERFLAB_ERR_SCENARIO_INVALID');
    expect(perflabError.exitCode).toBe(2);
    expect(perflabError.message).toMatch(/^feeder ids: invalid options: /);
    expect(perflabError.message).toMatch(/mode: .*"sequential"/);
    expect(perflabError.message).toMatch(/onEnd: .*"recycle"/);
    expect(perflabError.message).toMatch(/order/);
  });
});
