import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTED_PERCENTILES } from '../../src/metrics/histogram.ts';
import { runLoadTest } from '../../src/load/run.ts';
import { workerDriver } from '../../src/load/workers/worker-driver.ts';
import { loadTestPlan } from '../../src/scenario/load.ts';
import { thresholdGate } from '../../src/thresholds/gate.ts';
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
    process.env.RAW_FILE = join(dir, 'raw.txt');
    await writeFile(process.env.ROWS_CSV, `id\n${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`);
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    delete process.env.ROWS_CSV;
    delete process.env.RAW_FILE;
  });

  it('2 workers produce exactly the planned load, with the counts and percentiles of the merged raw data', async () => {
    const plan = await loadTestPlan(FILE);
    await writeFile(process.env.RAW_FILE!, '');
    const result = await runLoadTest({
      plan,
      host: server.url,
      graceMs: 2000,
      reporters: [],
      thresholds: thresholdGate(plan.thresholds),
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

    // The raw response times each worker wrote, against the merged statistics.
    const lines = (await readFile(process.env.RAW_FILE!, 'utf8')).trim().split('\n');
    const rawUs = (scenario: string) =>
      lines
        .filter((line) => line.startsWith(`${scenario} `))
        .map((line) => Math.max(1, Math.round(Number(line.split(' ')[1]) * 1000)))
        .sort((a, b) => a - b);
    const closed = rawUs('closed');
    const open = rawUs('open');
    expect(result.snapshot.aggregated.requests).toBe(closed.length + open.length);
    expect(result.snapshot.aggregated.failures).toBe(0);
    const closedStats = result.snapshot.entries.find((e) => e.name === '/closed')!;
    expect(closedStats.requests).toBe(closed.length);
    for (const p of REPORTED_PERCENTILES) {
      const exact = nearestRank(closed, p) / 1000;
      expect(Math.abs(closedStats.percentiles[String(p)]! - exact)).toBeLessThanOrEqual(
        exact * 0.001 + 0.001,
      );
    }
    expect(closedStats.meanMs).toBeCloseTo(closed.reduce((a, b) => a + b, 0) / closed.length / 1000, 6);
    expect(closedStats.minMs).toBe(closed[0]! / 1000);
    // Open model: the raw service times are kept separately (latencies add the schedule lag).
    const service = result.snapshot.serviceTime!;
    expect(service.count).toBe(open.length);
    for (const [p, value] of [
      [50, service.medianMs],
      [95, service.p95Ms],
      [99, service.p99Ms],
    ] as const) {
      const exact = nearestRank(open, p) / 1000;
      expect(Math.abs(value - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.001);
    }
    // Threshold series are merged too.
    expect(result.thresholds.map((t) => [t.key, t.ok])).toEqual([
      ['http_req_duration{scenario:closed}', true],
      ['http_reqs', true],
    ]);
    expect(result.thresholds[1]!.actual).toBe(result.snapshot.aggregated.requests);
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
