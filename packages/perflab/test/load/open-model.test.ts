import { once } from 'node:events';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadTest } from '../../src/load/run.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';
import { planOf } from '../support/scenario.ts';

describe('open model', () => {
  let server: DelayServer;
  beforeAll(async () => {
    server = await startDelayServer(100);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('starts 200 iterations/s for 10 s on schedule against a 100 ms server (within 1 %)', async () => {
    const starts: number[] = [];
    const result = await runLoadTest({
      plan: planOf({
        executor: {
          executor: 'constant-arrival-rate',
          rate: 200,
          duration: '10s',
          // 20 are busy on average; the headroom keeps a hiccup of this shared VM from dropping any.
          preAllocatedVUs: 40,
          maxVUs: 200,
        },
        tasks: [
          {
            run: (vu) => {
              starts.push(performance.now());
              return vu.http.get('/');
            },
          },
        ],
      }),
      host: server.url,
      graceMs: 2000,
      reporters: [],
    });
    const [scenario] = result.snapshot.scenarios;
    expect(scenario!.droppedIterations).toBe(0);
    expect(starts).toHaveLength(2000);
    expect(scenario!.iterations).toBe(2000);
    // Achieved start rate over the schedule: 1999 intervals between first and last start.
    const achieved = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 1000);
    expect(Math.abs(achieved - 200) / 200).toBeLessThan(0.01);
    expect(result.snapshot.aggregated.failures).toBe(0);
    expect(result.snapshot.aggregated.medianMs).toBeGreaterThanOrEqual(100);
    // Service time is kept beside the corrected latency.
    expect(result.snapshot.serviceTime!.count).toBe(2000);
    expect(result.snapshot.serviceTime!.medianMs).toBeLessThanOrEqual(
      result.snapshot.aggregated.medianMs + 0.2,
    );
  });

  it('counts the iterations it cannot start as dropped: exactly the shortfall', async () => {
    const result = await runLoadTest({
      plan: planOf({
        // 5 VUs on a 100 ms server carry at most 50 iterations/s; 100/s are scheduled.
        executor: {
          executor: 'constant-arrival-rate',
          rate: 100,
          duration: '3s',
          preAllocatedVUs: 5,
          maxVUs: 5,
        },
        tasks: [{ run: (vu) => vu.http.get('/') }],
      }),
      host: server.url,
      graceMs: 2000,
      reporters: [],
    });
    const [scenario] = result.snapshot.scenarios;
    const scheduled = 300;
    expect(scenario!.iterations + scenario!.droppedIterations).toBe(scheduled);
    expect(scenario!.iterations).toBe(result.snapshot.aggregated.requests);
    // Capacity is 5 / 0.1 s = 50/s, so about half is dropped.
    expect(scenario!.droppedIterations).toBeGreaterThan(120);
    expect(scenario!.droppedIterations).toBeLessThan(180);
  });

  it('shows a server stall in the percentiles (p99 ≥ 1 s) where the closed model hides it', async () => {
    const open = await withStallingServer((url) =>
      runLoadTest({
        plan: planOf({
          executor: {
            executor: 'constant-arrival-rate',
            rate: 50,
            duration: '5s',
            preAllocatedVUs: 80,
            maxVUs: 120,
          },
          tasks: [{ run: (vu) => vu.http.get('/') }],
        }),
        host: url,
        graceMs: 3000,
        reporters: [],
      }),
    );
    expect(open.snapshot.scenarios[0]!.droppedIterations).toBe(0);
    expect(open.snapshot.aggregated.percentiles['99']).toBeGreaterThanOrEqual(1000);
    // 2 s of 5 s of arrivals stalled: the stall reaches down to the 75th percentile.
    expect(open.snapshot.aggregated.percentiles['75']).toBeGreaterThanOrEqual(1000);

    // Closed model, same server: users wait for the stall instead of sending, so
    // only a handful of slow samples are recorded (coordinated omission).
    const closed = await withStallingServer((url) =>
      runLoadTest({
        plan: planOf(
          { tasks: [{ run: (vu) => vu.http.get('/') }] },
          { users: 5, spawnRate: 100, durationMs: 5000 },
        ),
        host: url,
        graceMs: 3000,
        reporters: [],
      }),
    );
    expect(closed.snapshot.aggregated.percentiles['95']).toBeLessThan(100);
  });
});

/** Runs `fn` against a server where every request arriving 1.5–3.5 s after it starts waits 1 s (else 5 ms). */
async function withStallingServer<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const server = createServer((req, res) => {
    req.resume();
    const at = performance.now() - t0;
    setTimeout(() => res.end('ok'), at >= 1500 && at < 3500 ? 1000 : 5);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await fn(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
