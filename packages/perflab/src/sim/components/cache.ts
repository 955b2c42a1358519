import { Availability } from '../availability.ts';
import type { Calendar } from '../calendar.ts';
import type { Distribution } from '../distributions.ts';
import type { Rng } from '../random.ts';
import { Resource } from '../resource.ts';
import {
  type ComponentReport,
  type ComponentSample,
  Outcomes,
  type PartEvent,
  type SimComponent,
  sampleResources,
} from './component.ts';

/** A cache in front of a slower source. Times in simulated seconds. */
export interface CacheOptions {
  name: string;
  /** Lookup time of the cache itself (hit or miss). */
  lookup: Distribution;
  /** Time to store a fetched value after a miss (default none). */
  store?: Distribution;
  /** Lookups served at once, and waiting places (default unbounded, no queue). */
  concurrency?: number;
  queueCapacity?: number;
  /**
   * `hitRatio`: each lookup hits with this probability; `keyspace`: `keys` keys
   * requested by popularity (uniform, or Zipf with exponent `zipf`), entries live
   * `ttlS` seconds, at most `capacity` entries (least recently used evicted).
   */
  model: { hitRatio: number } | { keys: number; zipf?: number; ttlS: number; capacity: number };
  /** Probability a lookup fails (the caller then reads the source, as cache-aside code does). */
  failureProbability?: number;
  /** The cache server fails after a time to failure and is back after a time to repair, again and again. */
  outages?: { timeToFailure: Distribution; timeToRepair: Distribution };
  rng: Rng;
}

/** Reads the source of a missed key: `done(error?, status?)` when it has. */
export type CacheFetch = (done: (error?: string, status?: number) => void) => void;

/** `done(error?, hit)` after the lookup (and, on a miss, the source's fetch). */
export type CacheCallback = (error: string | undefined, hit: boolean, status?: number) => void;

/**
 * A cache (cache-aside, as services use Redis): a lookup takes `lookup` time on
 * one of `concurrency` servers; a miss goes to `fetch` (e.g. a database read)
 * and, in the key-space model, stores the key (TTL, LRU capacity) in `store`
 * time. A failed lookup — by `failureProbability`, a full queue or an outage —
 * falls back to `fetch` and is counted as a cache error, not as a request
 * failure. Counts hits, misses, errors and evictions.
 */
export class Cache implements SimComponent {
  readonly name: string;
  readonly kind = 'cache' as const;
  hits = 0;
  misses = 0;
  evictions = 0;
  /** Lookups that failed (fell back to the source). */
  errors = 0;
  /** Key-space model: the cached keys as a recency list (see {@link KeyLru}). */
  private readonly entries: KeyLru | undefined;
  private readonly zipfCdf: Float64Array | undefined;
  private readonly resource: Resource;
  private readonly availability: Availability;
  private up = true;
  readonly outcomes = new Outcomes();
  readonly log: PartEvent[] = [];

  constructor(
    private readonly calendar: Calendar,
    private readonly options: CacheOptions,
  ) {
    this.name = options.name;
    const { model } = options;
    if ('hitRatio' in model) {
      if (!(model.hitRatio >= 0 && model.hitRatio <= 1)) {
        throw new RangeError(`${options.name}: hit ratio ${model.hitRatio} is not in [0, 1]`);
      }
    } else {
      if (!(Number.isInteger(model.keys) && model.keys >= 1))
        throw new RangeError(`${options.name}: keys must be ≥ 1`);
      if (!(model.capacity >= 1)) throw new RangeError(`${options.name}: capacity must be ≥ 1`);
      this.entries = new KeyLru(model.keys);
      if (model.zipf !== undefined) {
        // Zipf(s) over keys 1..n: P(k) ∝ 1/k^s; sampled by inverse CDF (binary search).
        const cdf = new Float64Array(model.keys);
        let sum = 0;
        for (let k = 0; k < model.keys; k++) cdf[k] = sum += 1 / (k + 1) ** model.zipf;
        for (let k = 0; k < model.keys; k++) cdf[k]! /= sum;
        this.zipfCdf = cdf;
      }
    }
    this.resource = new Resource(calendar, {
      name: options.name,
      capacity: options.concurrency ?? 1_000_000,
      queueCapacity: options.queueCapacity ?? Infinity,
    });
    this.availability = new Availability(1, calendar.now);
    if (options.outages) this.scheduleOutage();
  }

  /** Hits ÷ lookups (0 before any lookup). */
  get hitRate(): number {
    const lookups = this.hits + this.misses;
    return lookups === 0 ? 0 : this.hits / lookups;
  }

  /** Looks a value up; on a miss (or a failed lookup) calls `fetch` and completes when it does. */
  get(fetch: CacheFetch, done: CacheCallback): void {
    if (!this.up) {
      this.fallBack(`${this.name}: unavailable`, fetch, done);
      return;
    }
    const rng = this.options.rng;
    const accepted = this.resource.serve(
      () => this.options.lookup.sample(rng),
      () => {
        if (rng.next() < (this.options.failureProbability ?? 0)) {
          this.fallBack(`${this.name}: lookup error`, fetch, done);
          return;
        }
        if (this.lookup()) {
          this.hits++;
          done(undefined, true);
          return;
        }
        this.misses++;
        fetch((error, status) => {
          const store = this.options.store;
          if (error !== undefined || store === undefined) done(error, false, status);
          else this.calendar.schedule(store.sample(rng), () => done(undefined, false));
        });
      },
    );
    if (!accepted) this.fallBack(`${this.name}: queue full`, fetch, done);
  }

  /** A failed lookup: counted, then the source is read as on a miss. */
  private fallBack(label: string, fetch: CacheFetch, done: CacheCallback): void {
    this.errors++;
    this.outcomes.count(label);
    fetch((error, status) => done(error, false, status));
  }

  /** Decides hit or miss now (and, in the key-space model, caches the key on a miss). */
  private lookup(): boolean {
    const { model, rng } = this.options;
    if ('hitRatio' in model) return rng.next() < model.hitRatio;
    const key = this.zipfCdf ? this.zipfKey(rng.next()) : Math.floor(rng.next() * model.keys);
    const entries = this.entries!;
    const now = this.calendar.now;
    if (entries.has(key)) {
      if (entries.expiry(key) > now) {
        entries.touch(key); // most recently used
        return true;
      }
      entries.remove(key);
    }
    entries.add(key, now + model.ttlS);
    if (entries.size > model.capacity) {
      entries.remove(entries.oldest);
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

  private scheduleOutage(): void {
    const { timeToFailure, timeToRepair } = this.options.outages!;
    this.calendar.schedule(timeToFailure.sample(this.options.rng), () => {
      this.up = false;
      this.entries?.clear(); // a restarted cache is cold
      this.availability.down(this.calendar.now);
      this.log.push({ timeS: this.calendar.now, node: this.name, event: 'failed' });
      this.calendar.schedule(timeToRepair.sample(this.options.rng), () => {
        this.up = true;
        this.availability.restored(this.calendar.now);
        this.log.push({ timeS: this.calendar.now, node: this.name, event: 'repaired' });
        this.scheduleOutage();
      });
    });
  }

  resetStatistics(): void {
    this.resource.resetStatistics();
    this.availability.reset(this.calendar.now);
    this.hits = this.misses = this.evictions = this.errors = 0;
    this.outcomes.clear();
  }

  sample(): ComponentSample {
    return sampleResources([this.resource], this.up ? 1 : 0);
  }

  report(): ComponentReport {
    const s = this.resource.stats();
    const availability = this.availability.fractions(this.calendar.now).component;
    return {
      name: this.name,
      kind: this.kind,
      utilisation: this.options.concurrency === undefined ? 0 : s.utilisation,
      meanQueueLength: s.meanQueueLength,
      availability,
      outcomes: { ...this.outcomes.toRecord('hit'), hit: this.hits, miss: this.misses },
      parts: [
        {
          name: this.name,
          utilisation: s.utilisation,
          meanQueueLength: s.meanQueueLength,
          availability,
        },
      ],
      extra: {
        hits: this.hits,
        misses: this.misses,
        errors: this.errors,
        evictions: this.evictions,
        hitRate: this.hitRate,
      },
    };
  }
}

/**
 * The cached keys 0…n−1 in recency order, as a doubly linked list in typed
 * arrays (no allocation per lookup; a Map re-inserting on every hit cost a fifth
 * of a webservice simulation): has, touch (move to most recent), add, remove,
 * oldest — all O(1).
 */
class KeyLru {
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private readonly expiries: Float64Array;
  private readonly present: Uint8Array;
  /** Least and most recently used keys (−1: empty). */
  private head = -1;
  private tail = -1;
  size = 0;

  constructor(keys: number) {
    this.prev = new Int32Array(keys);
    this.next = new Int32Array(keys);
    this.expiries = new Float64Array(keys);
    this.present = new Uint8Array(keys);
  }

  get oldest(): number {
    return this.head;
  }

  has(key: number): boolean {
    return this.present[key] === 1;
  }

  expiry(key: number): number {
    return this.expiries[key]!;
  }

  add(key: number, expiry: number): void {
    this.present[key] = 1;
    this.expiries[key] = expiry;
    this.append(key);
    this.size++;
  }

  touch(key: number): void {
    if (this.tail === key) return;
    this.unlink(key);
    this.append(key);
  }

  remove(key: number): void {
    this.unlink(key);
    this.present[key] = 0;
    this.size--;
  }

  clear(): void {
    this.present.fill(0);
    this.head = this.tail = -1;
    this.size = 0;
  }

  private append(key: number): void {
    this.prev[key] = this.tail;
    this.next[key] = -1;
    if (this.tail >= 0) this.next[this.tail] = key;
    else this.head = key;
    this.tail = key;
  }

  private unlink(key: number): void {
    const p = this.prev[key]!;
    const n = this.next[key]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }
}
