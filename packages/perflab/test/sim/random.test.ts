import { describe, expect, it } from 'vitest';
import { RandomStreams, Xoshiro128, createStream, replicationSeed } from '../../src/sim/random.ts';

describe('xoshiro128**', () => {
  it('matches the reference C implementation (prng.di.unimi.it) from state {1,2,3,4}', () => {
    // Values printed by the reference xoshiro128starstar.c compiled with gcc.
    const rng = new Xoshiro128([1, 2, 3, 4]);
    const out = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('rejects the all-zero state', () => {
    expect(() => new Xoshiro128([0, 0, 0, 0])).toThrow(RangeError);
  });

  it('next() stays strictly inside (0, 1)', () => {
    const rng = Xoshiro128.fromSeed(7);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  });
});

describe('RandomStreams', () => {
  it('is reproducible: same seed and name give the same sequence', () => {
    const a = new RandomStreams(42).stream('arrivals');
    const b = new RandomStreams(42).stream('arrivals');
    const seqA = Array.from({ length: 1000 }, () => a.next());
    const seqB = Array.from({ length: 1000 }, () => b.next());
    expect(seqA).toEqual(seqB);
    expect(createStream(42, 'arrivals').next()).toBe(seqA[0]);
  });

  it('returns the same stream object for a name, continuing its sequence', () => {
    const streams = new RandomStreams(1);
    const first = streams.stream('x').next();
    expect(streams.stream('x').next()).not.toBe(first);
    expect(streams.stream('x')).toBe(streams.stream('x'));
  });

  it('gives different, uncorrelated sequences for different names and seeds', () => {
    const streams = new RandomStreams(42);
    const names = ['arrivals', 'service', 'service-1', 'service-2', 'db', 'cache'];
    const seqs = names.map((name) => Array.from({ length: 10_000 }, () => streams.stream(name).next()));
    seqs.push(Array.from({ length: 10_000 }, () => new RandomStreams(43).stream('arrivals').next()));
    for (let i = 0; i < seqs.length; i++) {
      for (let j = i + 1; j < seqs.length; j++) {
        const x = seqs[i]!;
        const y = seqs[j]!;
        expect(x[0]).not.toBe(y[0]);
        // Pearson correlation of independent U(0,1) samples: sd ≈ 1/√n = 0.01; allow 4 sd.
        let sxy = 0;
        for (let k = 0; k < x.length; k++) sxy += (x[k]! - 0.5) * (y[k]! - 0.5);
        const r = sxy / x.length / (1 / 12);
        expect(Math.abs(r)).toBeLessThan(0.04);
      }
    }
  });

  it('passes a chi-square uniformity test (100 bins, 10^6 draws, seed 42)', () => {
    const rng = new RandomStreams(42).stream('chi-square');
    const bins = new Array<number>(100).fill(0);
    const n = 1_000_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rng.next() * 100)]! += 1;
    const expected = n / 100;
    const chi2 = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // χ²(99) critical values: 0.005 → 66.51, 0.995 → 138.99 (NIST/SEMATECH e-Handbook, table 1.3.6.7.4).
    expect(chi2).toBeGreaterThan(66.51);
    expect(chi2).toBeLessThan(138.99);
  });

  it('derives distinct, deterministic replication seeds', () => {
    const seeds = Array.from({ length: 1000 }, (_, i) => replicationSeed(42, i));
    expect(new Set(seeds).size).toBe(1000);
    expect(replicationSeed(42, 3)).toBe(seeds[3]);
    expect(replicationSeed(43, 3)).not.toBe(seeds[3]);
  });
});
