import { describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../src/metrics/histogram.ts';
import { Calendar } from '../../src/sim/calendar.ts';
import { exponential } from '../../src/sim/distributions.ts';
import { createStream } from '../../src/sim/random.ts';
import { SimRecorder } from '../../src/sim/recorder.ts';
import { Resource } from '../../src/sim/resource.ts';

const START = Date.UTC(2026, 10, 21, 0, 0, 0);
const SCENARIO = {
  name: 'default',
  model: 'open' as const,
  description: 'M/M/1',
  startTimeMs: 0,
  plannedDurationMs: 10_000,
  tags: {},
};

describe('SimRecorder: simulated requests as a load test’s results', () => {
  it('maps simulated time onto the results document: counts, latencies, failures, one history row per second', () => {
    const recorder = new SimRecorder(START, () => 3);
    recorder.record({ method: 'GET', name: '/read', startS: 0.1, endS: 0.15, status: 200 });
    recorder.record({ method: 'GET', name: '/read', startS: 1.2, endS: 1.3, status: 200 });
    recorder.record({
      method: 'POST',
      name: '/write',
      startS: 2.5,
      endS: 2.9,
      status: 503,
      error: 'HTTP 503 Service Unavailable',
    });
    const doc = recorder.results(4, [SCENARIO]);
    expect(doc.format).toBe('perflab-results');
    expect(doc.aggregated).toMatchObject({ requests: 3, failures: 1 });
    expect(doc.aggregated.rps).toBeCloseTo(3 / 4, 9); // over 4 simulated seconds
    const read = doc.stats.find((s) => s.name === '/read')!;
    expect(read.minMs).toBeCloseTo(50, 6);
    expect(read.maxMs).toBeCloseTo(100, 6);
    expect(decodeHistogram(read.histogram.encoded).totalCount).toBe(2);
    expect(doc.failures).toEqual([
      { method: 'POST', name: '/write', error: 'HTTP 503 Service Unavailable', occurrences: 1 },
    ]);
    expect(doc.history.map((row) => row.timestamp)).toEqual([1, 2, 3, 4].map((s) => START / 1000 + s));
    expect(doc.history.map((row) => row.totalRequests)).toEqual([1, 2, 3, 3]);
    expect(doc.history.every((row) => row.users === 3)).toBe(true);
    expect(doc.run.startedAt).toBe(new Date(START).toISOString());
    expect(doc.run.endedAt).toBe(new Date(START + 4000).toISOString());
  });

  it('an M/M/1 simulated through the engine reports the theoretical sojourn percentiles', () => {
    // λ = 8/s, μ = 10/s: sojourn ~ Exponential(μ − λ = 2/s): median ln 2 / 2 s = 346.6 ms, p95 1,497.9 ms.
    const calendar = new Calendar();
    const arrivals = createStream(7, 'arrivals');
    const service = createStream(7, 'service');
    const interArrival = exponential({ rate: 8 });
    const serviceTime = exponential({ rate: 10 });
    const server = new Resource(calendar, { name: 'server' });
    const recorder = new SimRecorder(START);
    const horizon = 5000;
    const arrive = (): void => {
      const startS = calendar.now;
      if (startS > horizon) return;
      calendar.schedule(interArrival.sample(arrivals), arrive);
      server.serve(
        () => serviceTime.sample(service),
        () => recorder.record({ method: 'GET', name: '/', startS, endS: calendar.now, status: 200 }),
      );
    };
    calendar.schedule(0, arrive);
    calendar.run();
    const doc = recorder.results(calendar.now, [SCENARIO]);
    expect(doc.aggregated.requests).toBeGreaterThan(39_000);
    expect(doc.aggregated.medianMs).toBeGreaterThan(346.6 * 0.95);
    expect(doc.aggregated.medianMs).toBeLessThan(346.6 * 1.05);
    expect(doc.aggregated.percentiles['95']).toBeGreaterThan(1497.9 * 0.95);
    expect(doc.aggregated.percentiles['95']).toBeLessThan(1497.9 * 1.05);
    expect(doc.aggregated.meanMs).toBeCloseTo(500, -2);
    expect(doc.history.length).toBe(Math.floor(calendar.now));
  });
});
