import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTED_PERCENTILES } from '../../src/metrics/histogram.ts';
import { runLoadTest } from '../../src/load/run.ts';
import { workerDriver } from '../../src/load/workers/worker-driver.ts';
import { loadTestPlan } from '../../src/scenario/load.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';

const FILE = fileURLToPath(new URL('../fixtures/scenarios/workers.scenario.ts', import.meta.url));

/** Nearest-rank percentile of sorted values (HdrHistogram's definition). */
function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('worker threads', () => {
  let server: DelayServer;
  let dir: string;
  beforeAll(async () => {
    server = await startDelayServer(3);
    dir = await mkdtemp(join(tmpdir(), 'perflab-workers-'));
    process.env.ROWS_CSV = join(dir, 'rows.csv');
    await writeFile(process.env.ROWS_CSV, `id\n${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`);
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    delete process.env.ROWS_CSV;
  });

  it('2 workers produce exactly the planned load, with the percentiles of the merged raw samples', async () => {
    const plan = await loadTestPlan(FILE);
    const raw: number[] = [];
    const result = await runLoadTest({
      plan,
      host: server.url,
      graceMs: 2000,
      reporters: [
        {
          onStart: (_info, store) =>
            store.observe({
              onSample: (sample) => raw.push(Math.max(1, Math.round(sample.latencyUs))),
            }),
        },
      ],
      driver: workerDriver({
        file: FILE,
        flags: { host: server.url },
        host: server.url,
        graceMs: 2000,
        workers: 2,
      }),
    });
    const scenarios = Object.fromEntries(result.snapshot.scenarios.map((s) => [s.name, s]));
    // Open model: 100/s for 2 s is 200 iterations, split 100 + 100 between the workers.
    expect(scenarios.open!.iterations + scenarios.open!.droppedIterations).toBe(200);
    expect(scenarios.open!.droppedIterations).toBe(0);
    // Closed model: 5 users in all (3 + 2), plus the open model's allocated VUs (10, at most 20).
    const peak = Math.max(...result.history.map((row) => row.users));
    expect(peak).toBeGreaterThanOrEqual(5 + 10);
    expect(peak).toBeLessThanOrEqual(5 + 20);
    // Every raw sample reached the one store, and the percentiles are those of the raw data.
    const total = result.snapshot.aggregated;
    expect(raw).toHaveLength(total.requests);
    expect(total.failures).toBe(0);
    const sorted = [...raw].sort((a, b) => a - b);
    for (const p of REPORTED_PERCENTILES) {
      const exact = nearestRank(sorted, p) / 1000;
      const reported = total.percentiles[String(p)]!;
      expect(Math.abs(reported - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.001);
    }
    expect(total.meanMs).toBeCloseTo(raw.reduce((a, b) => a + b, 0) / raw.length / 1000, 6);
  });

  it('a sequential feeder is shared by the workers: rows 0..199 each used once by 200 iterations', async () => {
    const plan = await loadTestPlan(FILE);
    const paths: string[] = [];
    const recording = createServer((req, res) => {
      paths.push(req.url!);
      req.resume();
      setTimeout(() => res.end('ok'), 3);
    });
    recording.listen(0, '127.0.0.1');
    await once(recording, 'listening');
    const url = `http://127.0.0.1:${(recording.address() as { port: number }).port}`;
    try {
      await runLoadTest({
        plan,
        host: url,
        graceMs: 2000,
        reporters: [],
        driver: workerDriver({ file: FILE, flags: { host: url }, host: url, graceMs: 2000, workers: 2 }),
      });
    } finally {
      recording.closeAllConnections();
      recording.close();
    }
    const ids = paths.filter((p) => p.startsWith('/open/')).map((p) => Number(p.slice('/open/'.length)));
    expect(ids).toHaveLength(200);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });
});
