import { describe, expect, it } from 'vitest';
import { mergeTrendState, Trend, trendState } from '../../src/metrics/trend.ts';

describe('Trend', () => {
  it('counts sub-microsecond values as 1 µs, in the histogram too, however they were batched', () => {
    const trend = new Trend();
    for (const us of [0, 0.4, 1, 1.2, 2, 1000]) trend.record(us);
    expect(trend.count).toBe(6);
    expect(trend.histogram.totalCount).toBe(6);
    expect(trend.sumUs).toBe(1 + 1 + 1 + 1 + 2 + 1000);
    expect(trend.summary()).toMatchObject({ minMs: 0.001, medianMs: 0.001, maxMs: 1 });
    // More ones after a read are added at the next read, not lost.
    trend.record(0);
    trend.record(0);
    expect(trend.histogram.totalCount).toBe(8);
    expect(trend.histogram.getValueAtPercentile(75)).toBe(1);
  });

  it('merges exactly through its state (the ones included)', () => {
    const a = new Trend();
    const b = new Trend();
    for (let i = 0; i < 100; i++) a.record(i % 2 === 0 ? 0 : 500);
    for (let i = 0; i < 50; i++) b.record(0);
    const merged = new Trend();
    mergeTrendState(merged, trendState(a));
    mergeTrendState(merged, trendState(b));
    expect(merged.count).toBe(150);
    expect(merged.histogram.totalCount).toBe(150);
    expect(merged.histogram.getValueAtPercentile(66)).toBe(1);
    expect(merged.summary().p90Ms).toBeCloseTo(0.5, 2);
  });
});
