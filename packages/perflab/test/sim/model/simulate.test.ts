import { describe, expect, it } from 'vitest';
import { FAILOVER_MODEL } from './failover-model.ts';
import { parseSimModel } from '../../../src/sim/model/load.ts';
import { simulateModel } from '../../../src/sim/model/simulate.ts';
import { compareResults, COMPARE_DEFAULTS } from '../../../src/compare/compare.ts';
import { buildReportData } from '../../../src/report/report-data.ts';
import { resultsDocumentProblems } from '../../../src/report/results-file.ts';

const model = (yaml: string) => parseSimModel(yaml, '/virtual/test.sim.yaml');
const START = Date.UTC(2026, 10, 21);
/** A results document without its run metadata (machine, wall-clock times), as JSON. */
const strip = (r: Awaited<ReturnType<typeof simulateModel>>) => {
  const { run: _run, ...rest } = r;
  return JSON.stringify(rest);
};

describe('simulateModel', () => {
  it('a master failure at t = 100 s: writes fail only during the detection delay, a replica is promoted, log and metrics show it', async () => {
    const results = await simulateModel(model(FAILOVER_MODEL), { startEpochMs: START });
    const sim = results.simulation;
    expect(sim.events.map((e) => [e.timeS, e.node, e.event])).toEqual([
      [100, 'orders-db-0', 'failed'],
      [110, 'orders-db-1', 'promoted to master'],
      [160, 'orders-db-0', 'rejoined as replica'],
    ]);
    // Cumulative failures by simulated second: none before 100 s, none added after 110 s.
    const failuresAt = (second: number) =>
      results.history.find((row) => row.timestamp === START / 1000 + second)!.totalFailures;
    expect(failuresAt(100)).toBe(0);
    expect(failuresAt(101)).toBeGreaterThan(0);
    expect(failuresAt(109)).toBeLessThan(failuresAt(110));
    expect(failuresAt(200)).toBe(failuresAt(110)); // row 110 counts what ended in [109, 110)
    expect(results.failures.map((f) => f.error)).toEqual([
      'orders-db: master unavailable (failover in progress)',
    ]);
    const failed = results.failures[0]!.occurrences;
    // ≈ 50/s × 10 s of writes fail; nothing else does.
    expect(failed).toBeGreaterThan(400);
    expect(failed).toBeLessThan(600);
    expect(results.aggregated.failures).toBe(failed);
    expect(results.stats.map((s) => `${s.method} ${s.name}`)).toEqual(['POST /orders']);
    const db = sim.components.find((c) => c.name === 'orders-db')!;
    expect(db.availability).toBeCloseTo(190 / 200, 6); // no master for 10 of 200 s
    expect(db.extra).toEqual({ master: 'orders-db-1' });
    // Over time (value i = simulated second i + 1): no master from 100 s to 110 s, failures only then.
    const up = sim.series.availability['orders-db']!;
    expect(up.slice(0, 100).every((v) => v === 1)).toBe(true);
    expect(up.slice(100, 110).every((v) => v === 0)).toBe(true);
    expect(up.slice(110).every((v) => v === 1)).toBe(true);
    const perSecond = sim.series.failures['orders-db']!;
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(failed);
    const seconds = perSecond.flatMap((n, i) => (n > 0 ? [i + 1] : []));
    expect(Math.min(...seconds)).toBe(101);
    expect(Math.max(...seconds)).toBe(110);
  });

  it('same seed ⇒ identical results; another seed ⇒ different ones', async () => {
    const m = model(FAILOVER_MODEL);
    const a = await simulateModel(m, { startEpochMs: START, durationS: 30 });
    const b = await simulateModel(m, { startEpochMs: START, durationS: 30 });
    const c = await simulateModel(m, { startEpochMs: START, durationS: 30, seed: 6 });
    expect(strip(a)).toBe(strip(b));
    expect(strip(a)).not.toBe(strip(c));
  });

  it('gives the same results with worker threads as in one thread', async () => {
    const m = model(FAILOVER_MODEL);
    const options = { startEpochMs: START, durationS: 30, replications: 3 };
    const one = await simulateModel(m, options);
    const two = await simulateModel(m, { ...options, threads: 2 });
    expect(two.simulation.replications).toBe(3);
    expect(strip(two)).toBe(strip(one));
  });

  it('golden: a seeded webservice-like run pins its exact output', async () => {
    const m = model(`
seed: 42
duration: 60s
warmup: 10s
replications: 2
workload: { type: open, rate: 100 }
links: [{ from: client, to: lb, latency: 1ms }, { from: api, to: auth-svc, latency: { exponential: { mean: 0.5ms } } }]
loadBalancers: { lb: { algorithm: power-of-two, targets: [api] } }
services: { api: { instances: 2, concurrency: 4, serviceTime: { lognormal: { mean: 4ms, sd: 2ms } }, failureProbability: 0.01 } }
auth: { auth-svc: { serviceTime: { erlang: { k: 2, rate: 2000 } }, failureProbability: 0.02 } }
caches: { c: { hitRatio: 0.7, database: db } }
databases: { db: { readTime: { uniform: [1ms, 3ms] }, writeTime: 4ms } }
brokers: { mq: { queues: { events: { serviceTime: { exponential: { mean: 5ms } } } } } }
flows:
  read: { weight: 0.7, steps: [{ type: call, target: api, via: lb }, { type: auth, target: auth-svc }, { type: cache, target: c }] }
  write: { weight: 0.3, steps: [{ type: call, target: api, via: lb }, { type: write, target: db }, { type: publish, target: mq, queue: events }] }
`);
    const r = await simulateModel(m, { startEpochMs: START });
    const summary = {
      requests: r.aggregated.requests,
      failures: r.aggregated.failures,
      meanMs: Number(r.aggregated.meanMs.toFixed(6)),
      p99: r.aggregated.percentiles['99'],
      byCause: r.simulation.outcomes.byCause,
      auth: r.simulation.outcomes.auth,
      simulated: r.simulation.simulatedRequests,
      rps: r.simulation.intervals.find((i) => i.metric === 'requests/s')!.values,
    };
    expect(summary).toMatchInlineSnapshot(`
      {
        "auth": {
          "failure": 71,
          "success": 3418,
        },
        "byCause": {
          "api: HTTP 500": 55,
          "auth-svc: authentication failed (401)": 71,
        },
        "failures": 126,
        "meanMs": 9.630077,
        "p99": 17.135,
        "requests": 5001,
        "rps": [
          100.02,
          97.74,
        ],
        "simulated": 11865,
      }
    `);
  });

  it('stops each replication at a request count when asked (the duration stays the bound)', async () => {
    const m = model(FAILOVER_MODEL);
    const r = await simulateModel(m, { startEpochMs: START, requests: 1000, replications: 2, warmupS: 5 });
    expect(r.aggregated.requests).toBe(1000);
    const rps = r.simulation.intervals.find((i) => i.metric === 'requests/s')!;
    for (const v of rps.values) expect(v).toBeCloseTo(50, -1); // 1000 requests in ≈ 20 s at 50/s
    const bounded = await simulateModel(m, { startEpochMs: START, requests: 10 ** 9, durationS: 10 });
    expect(bounded.aggregated.requests).toBeLessThan(700);
  });

  it('logs cache and broker outages; a cache outage falls back to the database, a broker outage fails the publish', async () => {
    const m = model(`
seed: 2
duration: 100s
workload: { type: open, rate: 20 }
services: { api: { serviceTime: 1ms, concurrency: 4 } }
databases: { db: { readTime: 2ms, writeTime: 2ms } }
caches: { c: { hitRatio: 0.9, database: db, outages: { ttf: 30s, ttr: 10s } } }
brokers: { mq: { outages: { ttf: 50s, ttr: 5s }, queues: { q: { serviceTime: 1ms } } } }
flows:
  read: { weight: 0.5, steps: [{ type: call, target: api }, { type: cache, target: c }] }
  write: { weight: 0.5, steps: [{ type: call, target: api }, { type: publish, target: mq, queue: q }] }
`);
    const r = await simulateModel(m, { startEpochMs: START });
    expect(r.simulation.events.map((e) => [e.timeS, e.component, e.event])).toEqual([
      [30, 'c', 'failed'],
      [40, 'c', 'repaired'],
      [50, 'mq', 'failed'],
      [55, 'mq', 'repaired'],
      [70, 'c', 'failed'],
      [80, 'c', 'repaired'],
    ]);
    const cache = r.simulation.components.find((c) => c.name === 'c')!;
    expect(cache.availability).toBeCloseTo(0.8, 6);
    expect(r.failures.map((f) => f.error)).toEqual(['mq: broker unavailable']);
    // ≈ 10/s writes for 5 s fail; the cache's 20 s down only cost database reads.
    expect(r.failures[0]!.occurrences).toBeGreaterThan(25);
    expect(r.failures[0]!.occurrences).toBeLessThan(80);
    expect(r.simulation.series.availability.c!.slice(30, 40).every((v) => v === 0)).toBe(true);
    expect(r.simulation.series.failures.mq!.slice(50, 55).every((v) => v > 0)).toBe(true);
  });

  it('ramps like perflab run: arrival-rate stages by thinning, user stages up and down', async () => {
    const open = await simulateModel(
      model(`
seed: 4
duration: 100s
workload: { type: open, stages: [{ duration: 50s, target: 100 }] }
services: { api: { serviceTime: 1ms, concurrency: 10 } }
flows: { f: { weight: 1, steps: [{ type: call, target: api }] } }
`),
      { startEpochMs: START },
    );
    const at = (second: number) =>
      open.history.find((row) => row.timestamp === START / 1000 + second)!.totalRequests;
    // ∫₀⁵⁰ 2t dt = 2500 during the ramp, then 100/s held for 50 s: 5000 (Poisson: ± a few %).
    expect(at(50) / 2500).toBeCloseTo(1, 1);
    expect((at(100) - at(50)) / 5000).toBeCloseTo(1, 1);
    const closed = await simulateModel(
      model(`
seed: 4
duration: 40s
workload: { type: closed, stages: [{ duration: 10s, target: 10 }, { duration: 10s, target: 2 }], thinkTime: 100ms }
services: { api: { serviceTime: 1ms, concurrency: 10 } }
flows: { f: { weight: 1, steps: [{ type: call, target: api }] } }
`),
      { startEpochMs: START },
    );
    const users = (second: number) =>
      closed.history.find((row) => row.timestamp === START / 1000 + second)!.users;
    expect(users(6)).toBe(5); // user k starts at k s (the row of second s is taken just before s)
    expect(users(11)).toBe(10);
    expect(users(30)).toBe(2);
  });

  it('M/M/1 through a model file: mean response time 1/(μ − λ) inside the 99% interval', async () => {
    // λ = 8/s, μ = 10/s: W = 0.5 s. No links, one instance with one worker.
    const m = model(`
seed: 3
duration: 2000s
warmup: 200s
replications: 20
workload: { type: open, rate: 8 }
services: { server: { serviceTime: { exponential: { mean: 100ms } } } }
flows: { only: { weight: 1, steps: [{ type: call, target: server }] } }
`);
    const r = await simulateModel(m, { startEpochMs: START });
    const mean = r.simulation.intervals.find((i) => i.metric === 'mean latency ms')!;
    expect(Math.abs(mean.mean - 500)).toBeLessThanOrEqual(mean.halfWidth99!);
    expect(Math.abs(mean.mean - 500) / 500).toBeLessThan(0.03);
    const rho = r.simulation.intervals.find((i) => i.metric === 'utilisation server')!;
    expect(rho.mean).toBeCloseTo(0.8, 1);
  });

  it('closed workload: throughput follows the interactive response time law X = N / (R + Z)', async () => {
    const m = model(`
seed: 9
duration: 600s
warmup: 60s
replications: 4
workload: { type: closed, users: 20, thinkTime: { exponential: { mean: 1s } } }
services: { app: { concurrency: 2, serviceTime: { exponential: { mean: 50ms } } } }
flows: { page: { weight: 1, steps: [{ type: call, target: app }] } }
`);
    const r = await simulateModel(m, { startEpochMs: START });
    const x = r.simulation.intervals.find((i) => i.metric === 'requests/s')!.mean;
    const rMs = r.simulation.intervals.find((i) => i.metric === 'mean latency ms')!.mean;
    expect(x).toBeCloseTo(20 / (rMs / 1000 + 1), 0);
    expect(r.history.at(-1)!.users).toBe(20);
  });

  it('flow weights, weighted balancing between services, network loss and a link latency', async () => {
    const m = model(`
seed: 11
duration: 400s
workload: { type: open, rate: 100 }
links: [{ from: client, to: front, latency: 10ms, lossProbability: 0.01 }]
loadBalancers: { front: { algorithm: weighted-round-robin, targets: [{ target: a, weight: 3 }, { target: b, weight: 1 }] } }
services:
  a: { serviceTime: 1ms, concurrency: 10 }
  b: { serviceTime: 1ms, concurrency: 10 }
flows:
  x: { weight: 0.25, steps: [{ type: call, target: front }] }
  y: { weight: 0.75, steps: [{ type: call, target: front }] }
`);
    const r = await simulateModel(m, { startEpochMs: START });
    const count = (name: string) => r.stats.find((s) => s.name === name)!.requests;
    const total = r.aggregated.requests;
    expect(count('x') / total).toBeCloseTo(0.25, 1);
    const served = Object.fromEntries(
      r.simulation.components.map((c) => [c.name, c.outcomes.ok ?? 0]),
    ) as Record<string, number>;
    expect(served.a! / (served.a! + served.b!)).toBeCloseTo(0.75, 2);
    const lost = r.failures.find((f) => f.error.startsWith('network: client → front'))!;
    expect(lost.occurrences / total).toBeCloseTo(0.01, 2);
    // 10 ms out and back + 1 ms service.
    expect(r.aggregated.percentiles['50']).toBeCloseTo(21, 0);
  });

  it('writes a results document that the report and compare read like a measured run', async () => {
    const m = model(FAILOVER_MODEL);
    const a = await simulateModel(m, { startEpochMs: START, durationS: 20 });
    const b = await simulateModel(m, { startEpochMs: START, durationS: 20, seed: 99 });
    const doc = JSON.parse(JSON.stringify(a));
    expect(resultsDocumentProblems(doc)).toEqual([]);
    expect(buildReportData(doc).distributions.at(-1)!.spectrum.length).toBeGreaterThan(0);
    const compared = compareResults(doc, JSON.parse(JSON.stringify(b)), {
      ...COMPARE_DEFAULTS,
      baseFile: 'a.json',
      newFile: 'b.json',
    });
    expect(compared.rows.length).toBeGreaterThan(0);
  });
});
