import { describe, expect, it } from 'vitest';
import { LatencyAccumulator } from '../../src/sim/latency-accumulator.ts';
import { createLatencyHistogram, encodeHistogram } from '../../src/metrics/histogram.ts';
import { createStream } from '../../src/sim/random.ts';

describe('LatencyAccumulator', () => {
  it('gives exactly the histogram that direct recording gives (counts, min, max, mean, percentiles, encoding)', () => {
    const rng = createStream(42, 'latencies');
    const acc = new LatencyAccumulator();
    const direct = createLatencyHistogram();
    const values = [0, 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 123_456_789, 0xffffffff, 2 ** 33 + 5];
    for (let i = 0; i < 100_000; i++) values.push(Math.round(Math.exp(rng.next() * 22)));
    for (const v of values) {
      acc.record(v);
      direct.recordValue(v);
    }
    const h = acc.histogram();
    expect(h.totalCount).toBe(direct.totalCount);
    expect(h.minNonZeroValue).toBe(direct.minNonZeroValue);
    expect(h.maxValue).toBe(direct.maxValue);
    expect(h.mean).toBe(direct.mean);
    for (const p of [1, 50, 90, 99, 99.9, 100])
      expect(h.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
    expect(encodeHistogram(h)).toBe(encodeHistogram(direct));
  });

  it('keeps accumulating after a read and forgets everything on reset', () => {
    const acc = new LatencyAccumulator();
    acc.record(1000);
    expect(acc.histogram().totalCount).toBe(1);
    acc.record(3000);
    expect(acc.histogram().totalCount).toBe(2);
    expect(acc.histogram().maxValue).toBeGreaterThanOrEqual(3000);
    acc.reset();
    expect(acc.histogram().totalCount).toBe(0);
    acc.record(5);
    expect(acc.histogram().totalCount).toBe(1);
    expect(() => acc.record(-1)).toThrow();
  });
});
