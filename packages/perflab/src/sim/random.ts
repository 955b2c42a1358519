/**
 * Seeded random-number streams for the discrete-event simulator.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47(4), 2021; reference C at https://prng.di.unimi.it/xoshiro128starstar.c),
 * 128-bit state, period 2^128 − 1, all arithmetic on 32-bit integers (fast in V8).
 * Seeding: the 128-bit state is filled from splitmix32 (the 32-bit variant of
 * Steele, Lea & Flood's SplitMix, "Fast splittable pseudorandom number generators", OOPSLA 2014)
 * started from a hash of (master seed, stream name), so `stream(name)` gives the
 * same sequence for the same seed and name on every run and platform, and
 * unrelated-looking sequences for different names.
 */

/** A source of uniform doubles in the open interval (0, 1). */
export interface Rng {
  /** Next uniform double, strictly inside (0, 1): `(u32 + 0.5) / 2^32`, resolution 2^-32. */
  next(): number;
}

const TWO_POW_MINUS_32 = 1 / 4294967296;

/** splitmix32 step: returns [output, nextState] (constants from the MurmurHash3 finaliser, as in SplitMix). */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, next];
}

/**
 * 64-bit (two 32-bit halves) string hash, cyrb53-style: two multiply-xorshift
 * lanes over the UTF-16 code units, cross-mixed at the end.
 */
function hash64(text: string, seed: number): [number, number] {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * One xoshiro128** stream. Holds its own 128-bit state; `next()` returns a
 * uniform double in (0, 1), `nextUint32()` the raw 32-bit output.
 */
export class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * @param state four 32-bit words; not all zero (the all-zero state is the
   *   generator's only fixed point). Throws `RangeError` otherwise.
   */
  constructor(state: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = state.map((word) => word | 0) as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0)
      throw new RangeError('xoshiro128** state must not be all zero');
  }

  /** Seeds the 128-bit state from a 32-bit integer seed through splitmix32. */
  static fromSeed(seed: number): Xoshiro128 {
    let state = seed | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [out, next] = splitmix32(state);
      words.push(out);
      state = next;
    }
    if (!words.some((word) => word !== 0)) words[0] = 1;
    return new Xoshiro128(words as [number, number, number, number]);
  }

  /** Next raw output, an unsigned 32-bit integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  /** Uniform double in (0, 1): `(u32 + 0.5) · 2^-32` — never 0 or 1, so `ln(u)` is always finite. */
  next(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }
}

/**
 * A family of independent named streams under one master seed: one stream per
 * simulation component (arrivals, each server's service times, routing…), so
 * adding a component does not shift the random numbers any other component sees.
 */
export class RandomStreams {
  /** The master seed (a 32-bit integer; other numbers are truncated with `| 0`). */
  readonly seed: number;
  private readonly streams = new Map<string, Xoshiro128>();

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`random seed must be a finite number, got ${seed}`);
    this.seed = seed | 0;
  }

  /**
   * The stream called `name`, created on first use from hash(seed, name) and
   * then kept (the same object is returned each time, continuing its sequence).
   */
  stream(name: string): Xoshiro128 {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = createStream(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/**
 * A fresh stream for (seed, name): hash the name with the seed into 64 bits,
 * then fill the 128-bit state with splitmix32 from both halves. Deterministic.
 */
export function createStream(seed: number, name: string): Xoshiro128 {
  const [h1, h2] = hash64(name, seed | 0);
  let state = h1 | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [out, next] = splitmix32(state ^ (i === 2 ? h2 : 0));
    words.push(out ^ (i % 2 === 0 ? 0 : h2));
    state = next;
  }
  if (!words.some((word) => word !== 0)) words[0] = 1;
  return new Xoshiro128(words as [number, number, number, number]);
}

/**
 * The seed of replication `index` (0-based) under a master seed: a splitmix32
 * output, so consecutive replications get well-separated seeds.
 */
export function replicationSeed(masterSeed: number, index: number): number {
  const [h1] = hash64(`replication:${index}`, masterSeed | 0);
  return splitmix32(h1)[0] | 0;
}
