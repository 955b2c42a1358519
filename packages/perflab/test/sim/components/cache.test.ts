import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/sim/calendar.ts';
import { Cache, type CacheOptions } from '../../../src/sim/components/cache.ts';
import { constant } from '../../../src/sim/distributions.ts';
import { createStream } from '../../../src/sim/random.ts';

/** `n` lookups, one every 10 ms, against a source that takes 5 ms; returns the cache and the mean latency. */
function run(model: CacheOptions['model'], n: number) {
  const calendar = new Calendar();
  const cache = new Cache(calendar, {
    name: 'redis',
    lookup: constant(0.0005),
    model,
    rng: createStream(5, 'cache'),
  });
  const fetch = (done: (error?: string) => void) => calendar.schedule(0.005, () => done());
  let latency = 0;
  for (let k = 0; k < n; k++) {
    calendar.scheduleAt(k * 0.01, () => {
      const start = calendar.now;
      cache.get(fetch, () => (latency += calendar.now - start));
    });
  }
  calendar.run();
  return { cache, meanLatency: latency / n };
}

describe('Cache', () => {
  it('hit-ratio model: the hit rate and the mean latency follow the ratio', () => {
    const { cache, meanLatency } = run({ hitRatio: 0.8 }, 20_000);
    expect(cache.hitRate).toBeGreaterThan(0.79);
    expect(cache.hitRate).toBeLessThan(0.81);
    // 0.5 ms lookup + 20 % × 5 ms fetch = 1.5 ms
    expect(meanLatency * 1000).toBeCloseTo(0.5 + (cache.misses / 20_000) * 5, 9);
  });

  it('key-space model: every key fits and lives long → only first touches miss; a small LRU cache evicts', () => {
    const warm = run({ keys: 100, ttlS: 1e6, capacity: 1000 }, 20_000).cache;
    expect(warm.misses).toBe(100);
    expect(warm.evictions).toBe(0);
    const small = run({ keys: 1000, ttlS: 1e6, capacity: 100 }, 20_000).cache;
    // Uniform popularity, LRU holding 10 % of the keys: hit rate ≈ 10 %.
    expect(small.hitRate).toBeGreaterThan(0.08);
    expect(small.hitRate).toBeLessThan(0.12);
    expect(small.evictions).toBe(small.misses - 100);
  });

  it('TTL expiry turns repeated keys into misses, and Zipf popularity raises the hit rate', () => {
    const shortTtl = run({ keys: 10, ttlS: 0.05, capacity: 100 }, 5_000).cache;
    expect(shortTtl.hitRate).toBeLessThan(0.5);
    const uniform = run({ keys: 1000, ttlS: 1e6, capacity: 100 }, 20_000).cache.hitRate;
    const zipf = run({ keys: 1000, zipf: 1, ttlS: 1e6, capacity: 100 }, 20_000).cache.hitRate;
    expect(zipf).toBeGreaterThan(uniform + 0.3);
  });
});
