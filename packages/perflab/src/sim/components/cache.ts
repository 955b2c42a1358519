import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';

/** A cache in front of a slower source. Times in simulated seconds. */
export interface CacheOptions {
  name: string;
  /** Lookup time of the cache itself (hit or miss). */
  lookup: Distribution;
  /**
   * `hitRatio`: each lookup hits with this probability; `keyspace`: `keys` keys
   * requested by popularity (uniform, or Zipf with exponent `zipf`), entries live
   * `ttlS` seconds, at most `capacity` entries (least recently used evicted).
   */
  model: { hitRatio: number } | { keys: number; zipf?: number; ttlS: number; capacity: number };
  rng: Rng;
}

/** `done(error?, hit)` after the lookup (and, on a miss, the source's fetch). */
export type CacheCallback = (error: string | undefined, hit: boolean) => void;

/**
 * A cache: a lookup takes `lookup` time; a miss goes to `fetch` (e.g. a database
 * read) and, in the key-space model, stores the key (TTL, LRU capacity). Counts
 * hits, misses and evictions.
 */
export class Cache {
  hits = 0;
  misses = 0;
  evictions = 0;
  /** Key → expiry time; a Map keeps insertion order, re-inserted on use: LRU first. */
  private readonly entries = new Map<number, number>();
  private readonly zipfCdf: Float64Array | undefined;

  constructor(
    private readonly calendar: Calendar,
    private readonly options: CacheOptions,
  ) {
    const { model } = options;
    if ('hitRatio' in model) {
      if (!(model.hitRatio >= 0 && model.hitRatio <= 1)) {
        throw new RangeError(`${options.name}: hit ratio ${model.hitRatio} is not in [0, 1]`);
      }
    } else {
      if (!(Number.isInteger(model.keys) && model.keys >= 1))
        throw new RangeError(`${options.name}: keys must be ≥ 1`);
      if (!(model.capacity >= 1)) throw new RangeError(`${options.name}: capacity must be ≥ 1`);
      if (model.zipf !== undefined) {
        // Zipf(s) over keys 1..n: P(k) ∝ 1/k^s; sampled by inverse CDF (binary search).
        const cdf = new Float64Array(model.keys);
        let sum = 0;
        for (let k = 0; k < model.keys; k++) cdf[k] = sum += 1 / (k + 1) ** model.zipf;
        for (let k = 0; k < model.keys; k++) cdf[k]! /= sum;
        this.zipfCdf = cdf;
      }
    }
  }

  /** Hits ÷ lookups (0 before any lookup). */
  get hitRate(): number {
    const lookups = this.hits + this.misses;
    return lookups === 0 ? 0 : this.hits / lookups;
  }

  /** Looks a value up; on a miss calls `fetch` and completes when it does. */
  get(fetch: (done: (error?: string) => void) => void, done: CacheCallback): void {
    this.calendar.schedule(this.options.lookup.sample(this.options.rng), () => {
      if (this.lookup()) {
        this.hits++;
        done(undefined, true);
        return;
      }
      this.misses++;
      fetch((error) => done(error, false));
    });
  }

  /** Decides hit or miss now (and, in the key-space model, caches the key on a miss). */
  private lookup(): boolean {
    const { model, rng } = this.options;
    if ('hitRatio' in model) return rng.next() < model.hitRatio;
    const key = this.zipfCdf ? this.zipfKey(rng.next()) : Math.floor(rng.next() * model.keys);
    const now = this.calendar.now;
    const expiry = this.entries.get(key);
    if (expiry !== undefined) {
      this.entries.delete(key);
      if (expiry > now) {
        this.entries.set(key, expiry); // most recently used
        return true;
      }
    }
    this.entries.set(key, now + model.ttlS);
    if (this.entries.size > model.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
      this.evictions++;
    }
    return false;
  }

  private zipfKey(u: number): number {
    const cdf = this.zipfCdf!;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
