import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/metrics/sample.ts';
import { parseThresholds, ThresholdTracker, type ThresholdResult } from '../../src/thresholds/index.ts';

function tracker(definition: unknown): ThresholdTracker {
  const result = parseThresholds(definition);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return new ThresholdTracker(result.thresholds);
}

const sample = (latencyMs: number, overrides: Partial<Sample> = {}): Sample => ({
  method: 'GET',
  name: '/x',
  startedAt: 0,
  latencyUs: latencyMs * 1000,
  status: 200,
  bytes: 10,
  ...overrides,
});

/** Results by source, for tests whose sources are unique. */
function bySource(results: ThresholdResult[]): Record<string, ThresholdResult> {
  return Object.fromEntries(results.map((r) => [`${r.key} ${r.source}`, r]));
}

/** Nearest-rank percentile (the order statistic HdrHistogram approximates). */
function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('ThresholdTracker: trends', () => {
  it('aggregates 1..1000 ms: avg and min/max exact, percentiles within HdrHistogram’s 0.1 %', () => {
    const t = tracker({
      http_req_duration: [
        'avg==500.5',
        'min==1',
        'max==1000',
        'med<501',
        'p(95)<952',
        'p(95)<949',
        'p(99.9)<1000',
        'count==1000',
      ],
    });
    const values: number[] = [];
    // 1..1000 once each, in a scrambled order (7 is coprime with 1000).
    for (let i = 0; i < 1000; i++) values.push(((i * 7) % 1000) + 1);
    for (const ms of values) t.recordRequest(sample(ms));

    const sorted = [...values].sort((a, b) => a - b);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const r = bySource(t.evaluate(60_000));

    expect(r['http_req_duration avg==500.5']).toMatchObject({ actual: mean, ok: true });
    expect(mean).toBe(500.5);
    expect(r['http_req_duration min==1']).toMatchObject({ actual: sorted[0], ok: true });
    expect(r['http_req_duration max==1000']).toMatchObject({ actual: sorted[999], ok: true });
    expect(r['http_req_duration count==1000']).toMatchObject({ actual: 1000, ok: true });

    const med = r['http_req_duration med<501']!.actual!;
    expect(Math.abs(med - nearestRank(sorted, 50)) / nearestRank(sorted, 50)).toBeLessThanOrEqual(0.001);
    const p95 = r['http_req_duration p(95)<952']!.actual!;
    expect(nearestRank(sorted, 95)).toBe(950);
    expect(Math.abs(p95 - 950) / 950).toBeLessThanOrEqual(0.001);
    expect(r['http_req_duration p(95)<952']!.ok).toBe(true);
    expect(r['http_req_duration p(95)<949']).toMatchObject({ actual: p95, ok: false });
    const p999 = r['http_req_duration p(99.9)<1000']!.actual!;
    expect(Math.abs(p999 - nearestRank(sorted, 99.9)) / nearestRank(sorted, 99.9)).toBeLessThanOrEqual(0.001);
  });

  it('clamps p(0) and p(100) to the exact min and max', () => {
    const t = tracker({ http_req_duration: ['p(0)>0', 'p(100)>0'] });
    for (const us of [3217, 40_000, 1_234_567]) t.recordRequest(sample(0, { latencyUs: us }));
    expect(t.evaluate(1000).map((r) => r.actual)).toEqual([3.217, 1234.567]);
  });

  it('feeds http_req_service_time from serviceTimeUs, falling back to latencyUs', () => {
    const t = tracker({ http_req_service_time: ['avg<100'], http_req_duration: ['avg<100'] });
    t.recordRequest(sample(300, { serviceTimeUs: 20_000 })); // open model: 300 ms from the intended start
    t.recordRequest(sample(40)); // closed model: no serviceTimeUs
    const [service, duration] = t.evaluate(1000);
    expect(service).toMatchObject({ actual: (20 + 40) / 2, ok: true });
    expect(duration).toMatchObject({ actual: (300 + 40) / 2, ok: false });
  });

  it('feeds the phase trends from sample.timings, only for samples that have them', () => {
    const t = tracker({
      http_req_blocked: ['max<1'],
      http_req_connecting: ['avg<1'],
      http_req_tls_handshaking: ['max<1'],
      http_req_sending: ['avg<1'],
      http_req_waiting: ['avg<1', 'count>=0'],
      http_req_receiving: ['avg<1'],
    });
    const timings = (scale: number) => ({
      blockedUs: 100 * scale,
      connectingUs: 200 * scale,
      tlsHandshakingUs: 0,
      sendingUs: 50 * scale,
      waitingUs: 4000 * scale,
      receivingUs: 300 * scale,
      durationUs: 4350 * scale,
    });
    t.recordRequest(sample(5, { timings: timings(1) }));
    t.recordRequest(sample(9, { timings: timings(2) }));
    t.recordRequest(sample(7)); // no timings measured
    expect(t.evaluate(1000).map((r) => [r.metric, r.actual])).toEqual([
      ['http_req_blocked', 0.2],
      ['http_req_connecting', 0.3],
      ['http_req_tls_handshaking', 0],
      ['http_req_sending', 0.075],
      ['http_req_waiting', 6],
      ['http_req_waiting', 2],
      ['http_req_receiving', 0.45],
    ]);
  });

  it('records iteration_duration in ms and counts iterations', () => {
    const t = tracker({
      iteration_duration: ['avg<1000', 'max<1000'],
      iterations: ['count==3', 'rate>0.05'],
    });
    for (const ms of [500, 900, 1600]) t.recordIteration(ms, { scenario: 'browse' });
    const r = t.evaluate(30_000);
    expect(r.map((x) => [x.source, x.actual, x.ok])).toEqual([
      ['avg<1000', 1000, false],
      ['max<1000', 1600, false],
      ['count==3', 3, true],
      ['rate>0.05', 3 / 30, true],
    ]);
  });
});

describe('ThresholdTracker: rates', () => {
  it('gives the rate of failed requests', () => {
    const t = tracker({ http_req_failed: ['rate<0.05', 'rate<0.01'] });
    let failed = 0;
    for (let i = 0; i < 1000; i++) {
      const fails = i % 27 === 0; // 38 of 1000
      if (fails) failed++;
      t.recordRequest(sample(10, fails ? { status: 500, error: 'HTTP 500 Internal Server Error' } : {}));
    }
    expect(failed).toBe(38);
    expect(t.evaluate(1000).map((r) => [r.actual, r.ok])).toEqual([
      [failed / 1000, true],
      [failed / 1000, false],
    ]);
  });

  it('gives the checks rate overall and by check name', () => {
    const t = tracker({
      checks: ['rate>0.9'],
      'checks{check:status is 200}': ['rate>0.9'],
      'checks{check:body ok}': ['rate>0.9'],
      'checks{check:never run}': ['rate>0.9'],
    });
    for (let i = 0; i < 100; i++) t.recordCheck('status is 200', i >= 2, { scenario: 'default' });
    for (let i = 0; i < 50; i++) t.recordCheck('body ok', i % 2 === 0, { scenario: 'default' });
    expect(t.evaluate(1000).map((r) => [r.key, r.actual, r.ok])).toEqual([
      ['checks', (98 + 25) / 150, false],
      ['checks{check:status is 200}', 98 / 100, true],
      ['checks{check:body ok}', 25 / 50, false],
      ['checks{check:never run}', null, true],
    ]);
  });
});

describe('ThresholdTracker: filters', () => {
  it('selects requests by name', () => {
    const t = tracker({
      'http_req_duration{name:/a}': ['avg<50'],
      'http_req_duration{name:/b}': ['avg<50'],
      http_req_duration: ['avg<50'],
    });
    for (let i = 0; i < 100; i++) t.recordRequest(sample(10, { name: '/a' }));
    for (let i = 0; i < 100; i++) t.recordRequest(sample(100, { name: '/b' }));
    expect(t.evaluate(1000).map((r) => [r.key, r.actual, r.ok])).toEqual([
      ['http_req_duration{name:/a}', 10, true],
      ['http_req_duration{name:/b}', 100, false],
      ['http_req_duration', 55, false],
    ]);
  });

  it('selects requests by scenario, method, status, expected_response and custom tags; all keys must match', () => {
    const t = tracker({
      'http_reqs{scenario:browse,method:GET}': ['count>0'],
      'http_reqs{scenario:browse}': ['count>0'],
      'http_reqs{status:404}': ['count>0'],
      'http_reqs{expected_response:false}': ['count>0'],
      'http_reqs{team:red}': ['count>0'],
      'http_reqs{scenario:nobody}': ['count>0'],
    });
    const requests: Sample[] = [
      sample(1, { scenario: 'browse', method: 'GET', tags: { team: 'red' } }),
      sample(1, { scenario: 'browse', method: 'GET' }),
      sample(1, { scenario: 'browse', method: 'POST', status: 404, error: 'HTTP 404 Not Found' }),
      sample(1, { scenario: 'checkout', method: 'GET', tags: { team: 'blue' } }),
      sample(1, { method: 'GET', tags: { scenario: 'browse' } }), // scenario only as a tag
      sample(1, { scenario: 'checkout', status: 0, error: 'ECONNREFUSED connection refused' }),
    ];
    for (const s of requests) t.recordRequest(s);
    expect(t.evaluate(1000).map((r) => [r.key, r.actual])).toEqual([
      ['http_reqs{scenario:browse,method:GET}', 3],
      ['http_reqs{scenario:browse}', 4],
      ['http_reqs{status:404}', 1],
      ['http_reqs{expected_response:false}', 2],
      ['http_reqs{team:red}', 1],
      ['http_reqs{scenario:nobody}', 0],
    ]);
  });

  it('does not match a tag key the sample lacks, nor inherited object keys', () => {
    const t = tracker({ 'http_reqs{constructor:x}': ['count==0'], 'http_reqs{team:red}': ['count==0'] });
    t.recordRequest(sample(1));
    t.recordRequest(sample(1, { tags: {} }));
    expect(t.evaluate(1000).map((r) => [r.actual, r.ok])).toEqual([
      [0, true],
      [0, true],
    ]);
  });

  it('filters checks, iterations and dropped iterations by their tags', () => {
    const t = tracker({
      'checks{scenario:browse}': ['rate==1'],
      'iterations{scenario:browse}': ['count==2'],
      'iteration_duration{scenario:checkout}': ['avg==30'],
      'dropped_iterations{scenario:checkout}': ['count==1'],
      dropped_iterations: ['count==3'],
    });
    t.recordCheck('ok', true, { scenario: 'browse' });
    t.recordCheck('ok', false, { scenario: 'checkout' });
    t.recordIteration(10, { scenario: 'browse' });
    t.recordIteration(20, { scenario: 'browse' });
    t.recordIteration(30, { scenario: 'checkout' });
    t.recordDroppedIteration({ scenario: 'checkout' });
    t.recordDroppedIteration({ scenario: 'browse' });
    t.recordDroppedIteration({ scenario: 'browse' });
    expect(t.evaluate(1000).map((r) => [r.key, r.actual, r.ok])).toEqual([
      ['checks{scenario:browse}', 1, true],
      ['iterations{scenario:browse}', 2, true],
      ['iteration_duration{scenario:checkout}', 30, true],
      ['dropped_iterations{scenario:checkout}', 1, true],
      ['dropped_iterations', 3, true],
    ]);
  });

  it('keeps one series per distinct (metric, filter), shared by thresholds that name it', () => {
    const t = tracker({
      'http_req_duration{name:/a,method:GET}': ['avg<10'],
      'http_req_duration{ method:"GET", name:/a }': ['max<10'],
      http_req_duration: ['avg<10', 'p(95)<10'],
      checks: ['rate>0.5'],
    });
    expect(t.seriesCount).toBe(3);
    t.recordRequest(sample(4, { name: '/a' }));
    t.recordRequest(sample(20, { name: '/a', method: 'POST' }));
    expect(t.evaluate(1000).map((r) => r.actual)).toEqual([4, 4, 12, 20, null]);
  });
});

describe('ThresholdTracker: counters', () => {
  it('gives counts and counts per second of elapsed run time', () => {
    const t = tracker({ http_reqs: ['count==300', 'rate>=5', 'rate>5'], iterations: ['rate<1'] });
    for (let i = 0; i < 300; i++) t.recordRequest(sample(1));
    for (let i = 0; i < 90; i++) t.recordIteration(1);
    expect(t.evaluate(60_000).map((r) => [r.source, r.actual, r.ok])).toEqual([
      ['count==300', 300, true],
      ['rate>=5', 300 / 60, true],
      ['rate>5', 300 / 60, false],
      ['rate<1', 90 / 60, false],
    ]);
    expect(t.evaluate(120_000).map((r) => r.actual)).toEqual([300, 2.5, 2.5, 0.75]);
  });
});

describe('ThresholdTracker: no data', () => {
  it('passes trends and rates without data (actual null); counts are 0 and compared', () => {
    const t = tracker({
      http_req_duration: ['avg>100', 'p(95)<200', 'count>0'],
      http_req_failed: ['rate>0.99'],
      checks: ['rate>0.99'],
      iterations: ['count>0', 'count<1', 'rate>1'],
    });
    expect(t.evaluate(10_000).map((r) => [r.source, r.actual, r.ok])).toEqual([
      ['avg>100', null, true],
      ['p(95)<200', null, true],
      ['count>0', 0, false],
      ['rate>0.99', null, true],
      ['rate>0.99', null, true],
      ['count>0', 0, false],
      ['count<1', 0, true],
      ['rate>1', 0, false],
    ]);
  });

  it('has no counter rate at 0 ms elapsed', () => {
    const t = tracker({ http_reqs: ['rate<1'] });
    t.recordRequest(sample(1));
    expect(t.evaluate(0)).toMatchObject([{ actual: null, ok: true }]);
  });

  it('does nothing with measurements no threshold needs', () => {
    const t = tracker({});
    t.recordRequest(sample(1));
    t.recordCheck('c', true);
    t.recordIteration(5);
    t.recordDroppedIteration();
    expect(t.seriesCount).toBe(0);
    expect(t.evaluate(1000)).toEqual([]);
    expect(t.shouldAbort(1000)).toBeUndefined();
  });
});

describe('ThresholdTracker: abortOnFail', () => {
  it('aborts on a failing threshold only once its delayAbortEval has passed', () => {
    const t = tracker({
      http_req_duration: [{ threshold: 'p(95)<100', abortOnFail: true, delayAbortEval: '10s' }],
    });
    for (let i = 0; i < 20; i++) t.recordRequest(sample(200));
    expect(t.shouldAbort(5_000)).toBeUndefined();
    expect(t.shouldAbort(10_000)).toBeUndefined(); // k6: the delay must be exceeded
    expect(t.shouldAbort(10_001)).toEqual({
      key: 'http_req_duration',
      source: 'p(95)<100',
      metric: 'http_req_duration',
      ok: false,
      actual: 200,
      abortOnFail: true,
      delayAbortEvalMs: 10_000,
    });
  });

  it('aborts at once without a delay, never for passing or non-abortOnFail thresholds', () => {
    const t = tracker({
      http_req_failed: ['rate<0.1', { threshold: 'rate<0.9', abortOnFail: true }],
      http_req_duration: [{ threshold: 'max<1000', abortOnFail: true }],
    });
    t.recordRequest(sample(10, { error: 'HTTP 500 Internal Server Error', status: 500 }));
    t.recordRequest(sample(10));
    // rate 0.5: the first threshold fails but does not abort; the second passes.
    expect(t.shouldAbort(1)).toBeUndefined();
    t.recordRequest(sample(2000));
    expect(t.shouldAbort(1)).toMatchObject({ source: 'max<1000', actual: 2000, ok: false });
  });

  it('returns the first failing abortOnFail threshold in definition order', () => {
    const t = tracker({
      checks: [{ threshold: 'rate>0.99', abortOnFail: true, delayAbortEval: 60_000 }],
      http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true }],
      http_req_duration: [{ threshold: 'avg<1', abortOnFail: true }],
    });
    t.recordCheck('c', false);
    t.recordRequest(sample(50, { error: 'HTTP 503 Service Unavailable', status: 503 }));
    expect(t.shouldAbort(1000)).toMatchObject({ key: 'http_req_failed', actual: 1 });
    expect(t.shouldAbort(60_001)).toMatchObject({ key: 'checks', actual: 0 });
  });

  it('skips series with nothing recorded yet while running, as k6 does', () => {
    const t = tracker({ iterations: [{ threshold: 'count>10', abortOnFail: true }] });
    expect(t.shouldAbort(30_000)).toBeUndefined();
    expect(t.evaluate(30_000)).toMatchObject([{ actual: 0, ok: false }]);
    t.recordIteration(100);
    expect(t.shouldAbort(30_000)).toMatchObject({ actual: 1, ok: false });
  });
});
