/**
 * Distributed runs end to end: a real redis-server, `perflab run --coordinator`
 * and `perflab worker` child processes on this machine, against a local
 * counting HTTP server.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/output/json.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { runCli } from '../support/processes.ts';
import {
  type CountingServer,
  exactPercentile,
  startCountingServer,
  startWorker,
  type WorkerProcess,
} from './support.ts';

const scenario = fileURLToPath(new URL('./fixtures/count.scenario.ts', import.meta.url));

describe('perflab run --coordinator with perflab worker processes', () => {
  let redis: RedisServer | undefined;
  let server: CountingServer | undefined;
  let workers: WorkerProcess[] = [];
  let dir: string | undefined;

  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    await redis?.stop();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    redis = server = dir = undefined;
  });

  async function setUp(names: string[], args: (name: string) => string[] = () => ['--threads', '1']) {
    dir = await mkdtemp(join(tmpdir(), 'perflab-distributed-'));
    redis = await startRedisServer();
    server = await startCountingServer();
    workers = await Promise.all(
      names.map((name) =>
        startWorker(redis!.url, name, args(name), { PERFLAB_TEST_LATENCY_DIR: join(dir!, 'latencies') }),
      ),
    );
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir!, 'latencies')));
    return { dir, redis, server };
  }

  async function latencies(): Promise<number[]> {
    const folder = join(dir!, 'latencies');
    const values: number[] = [];
    for (const file of await readdir(folder)) {
      for (const line of (await readFile(join(folder, file), 'utf8')).split('\n')) {
        if (line !== '') values.push(Number(line));
      }
    }
    return values.sort((a, b) => a - b);
  }

  it('merges three workers exactly: requests = sum of the workers = the server count; percentiles = all latencies', async () => {
    const { redis, server } = await setUp(['w1', 'w2', 'w3'], (name) =>
      name === 'w1' ? ['--threads', '2', '--capacity', '200'] : ['--threads', '1', '--capacity', '100'],
    );
    const json = join(dir!, 'results.json');
    const { code, stdout, stderr } = await runCli(
      [
        'run',
        scenario,
        '--coordinator',
        redis.url,
        '--expect-workers',
        '3',
        '--host',
        server.url,
        '--users',
        '12',
        '--duration',
        '3s',
        '--json',
        json,
      ],
      { timeoutMs: 60_000 },
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /3 workers loading the scenario: w1 \(capacity 200, 6\/12 of the load\), w2 \(capacity 100, 3\/12 of the load\), w3/,
    );
    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsDocument;
    const merged = results.aggregated.requests;
    expect(merged).toBeGreaterThan(100);
    await Promise.all(workers.map((w) => w.waitFor(/done: \d+ requests/)));
    const perWorker = workers.map((w) => w.requests());
    for (const count of perWorker) expect(count).toBeGreaterThan(0);
    expect(perWorker.reduce((a, b) => a + b, 0)).toBe(merged);
    expect(server.arrivals.length).toBe(merged);
    expect(results.aggregated.failures).toBe(0);

    const all = await latencies();
    expect(all.length).toBe(merged);
    for (const p of [50, 75, 90, 95, 99, 100] as const) {
      const exact = exactPercentile(all, p);
      const reported =
        results.aggregated.percentiles[String(p) as keyof typeof results.aggregated.percentiles];
      // HdrHistogram with 3 significant digits: within 0.1 % (plus 1 µs of integer recording).
      expect(Math.abs(reported - exact), `p${p}: ${reported} vs ${exact}`).toBeLessThanOrEqual(
        exact * 0.001 + 0.002,
      );
    }
    expect(results.aggregated.minMs).toBeCloseTo(all[0]!, 2);
    expect(results.aggregated.maxMs).toBeCloseTo(all.at(-1)!, 2);
  }, 90_000);
});
