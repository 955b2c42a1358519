import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../../src/metrics/histogram.ts';
import type { Sample } from '../../src/metrics/sample.ts';
import { MetricsStore } from '../../src/metrics/store.ts';

const sample = (latencyMs: number, overrides: Partial<Sample> = {}): Sample => ({
  method: 'GET',
  name: '/x',
  startedAt: Date.now(),
  latencyUs: latencyMs * 1000,
  status: 200,
  bytes: 100,
  ...overrides,
});

describe('latency histogram', () => {
  it('gives percentiles within 0.1 % (3 significant digits) of the exact order statistic', () => {
    const h = createLatencyHistogram();
    // 1..100000 µs once each: the exact p-th percentile is p * 1000 µs.
    for (let v = 1; v <= 100_000; v++) h.recordValue(v);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = p * 1000;
      const got = h.getValueAtPercentile(p);
      expect(Math.abs(got - exact) / exact).toBeLessThanOrEqual(0.001);
    }
    expect(h.getValueAtPercentile(100)).toBeGreaterThanOrEqual(100_000);
    expect(h.totalCount).toBe(100_000);
  });

  it('round-trips through the compressed base64 encoding', () => {
    const h = createLatencyHistogram();
    for (const v of [120, 4500, 4500, 51_000, 2_000_000]) h.recordValue(v);
    const encoded = encodeHistogram(h);
    expect(encoded).toMatch(/^HISTFAA/); // HdrHistogram V2 compressed cookie, base64
    const back = decodeHistogram(encoded);
    expect(back.totalCount).toBe(5);
    expect(back.getValueAtPercentile(50)).toBe(h.getValueAtPercentile(50));
    expect(back.getValueAtPercentile(100)).toBe(h.getValueAtPercentile(100));
  });
});

describe('MetricsStore', () => {
  it('keeps exact counts, mean, min, max and content size per name and aggregated', () => {
    const store = new MetricsStore(Date.now() - 10_000);
    store.record(sample(10));
    store.record(sample(20, { bytes: 300 }));
    store.record(
      sample(30, { name: '/y', method: 'POST', status: 500, error: 'HTTP 500 Internal Server Error' }),
    );
    const snap = store.snapshot();
    const x = snap.entries.find((e) => e.name === '/x')!;
    expect(x.requests).toBe(2);
    expect(x.failures).toBe(0);
    expect(x.meanMs).toBeCloseTo(15, 6);
    expect(x.minMs).toBe(10);
    expect(x.maxMs).toBe(20);
    expect(x.meanContentSize).toBe(200);
    expect(snap.aggregated.requests).toBe(3);
    expect(snap.aggregated.failures).toBe(1);
    expect(snap.aggregated.meanMs).toBeCloseTo(20, 6);
    expect(snap.aggregated.rps).toBeCloseTo(3 / 10, 1);
    expect(snap.entries.map((e) => `${e.method} ${e.name}`)).toEqual(['GET /x', 'POST /y']);
  });

  it('groups failures by (method, name, error)', () => {
    const store = new MetricsStore();
    for (let i = 0; i < 5; i++)
      store.record(sample(1, { status: 0, error: 'ECONNREFUSED connection refused' }));
    store.record(sample(1, { status: 404, error: 'HTTP 404 Not Found' }));
    store.record(sample(1, { name: '/z', status: 0, error: 'ECONNREFUSED connection refused' }));
    expect(store.snapshot().failures).toEqual([
      { method: 'GET', name: '/x', error: 'ECONNREFUSED connection refused', occurrences: 5 },
      { method: 'GET', name: '/x', error: 'HTTP 404 Not Found', occurrences: 1 },
      { method: 'GET', name: '/z', error: 'ECONNREFUSED connection refused', occurrences: 1 },
    ]);
  });

  it('groups exceptions from scenario code by message and throwing frame', () => {
    const store = new MetricsStore();
    const boom = new TypeError('boom');
    store.recordException(boom);
    store.recordException(boom);
    const [group] = store.snapshot().exceptions;
    expect(group!.count).toBe(2);
    expect(group!.message).toBe('TypeError: boom');
    expect(group!.traceback).toContain('stats.test.ts');
  });

  it('history rows carry trailing-window rates and whole-run totals', () => {
    const start = Date.now() - 3000;
    const store = new MetricsStore(start);
    for (let i = 0; i < 20; i++) store.record(sample(5));
    const row = store.takeHistoryRow(7, Date.now() + 1000); // the recorded second is now complete
    expect(row.users).toBe(7);
    expect(row.totalRequests).toBe(20);
    expect(row.percentiles['50']).toBeCloseTo(5, 1);
    expect(row.rps).toBeGreaterThan(0);
    expect(store.history).toHaveLength(1);
  });
});

describe('MetricsStore state merge (worker threads)', () => {
  it('two stores merged equal one store that saw every event: counts, sums, percentiles, groups', () => {
    const direct = new MetricsStore(Date.now() - 5000);
    const parts = [new MetricsStore(), new MetricsStore()];
    const events = Array.from({ length: 2000 }, (_, i) => ({
      sample: sample(1 + ((i * 7919) % 997) / 10, {
        name: i % 3 === 0 ? '/a' : '/b',
        error: i % 50 === 0 ? 'HTTP 500 Internal Server Error' : undefined,
        status: i % 50 === 0 ? 500 : 200,
        scenario: i % 2 ? 'one' : 'two',
        tags: { kind: i % 2 ? 'x' : 'y' },
      }),
      check: i % 10 !== 0,
    }));
    events.forEach(({ sample: s, check }, i) => {
      for (const store of [direct, parts[i % 2]!]) {
        store.record(s);
        store.recordCheck('ok', check, s.scenario!);
        store.recordIteration(s.scenario!, s.latencyUs / 1000);
      }
    });
    const merged = new MetricsStore(direct.startedAt);
    for (const part of parts) merged.mergeState(structuredClone(part.exportState()));
    const a = direct.snapshot();
    const b = merged.snapshot(a.startedAt + a.elapsedMs);
    const strip = (s: typeof a.aggregated) => ({ ...s, currentRps: 0, currentFailuresPerSecond: 0 });
    expect(b.entries.map(strip)).toEqual(a.entries.map(strip));
    expect(strip(b.aggregated)).toEqual(strip(a.aggregated));
    expect(b.failures).toEqual(a.failures);
    expect(b.checks).toEqual(a.checks);
    expect(b.tags.map(strip)).toEqual(a.tags.map(strip));
    expect(b.scenarios.map((s) => [s.name, s.iterations, s.iterationDuration])).toEqual(
      a.scenarios.map((s) => [s.name, s.iterations, s.iterationDuration]),
    );
  });
});
