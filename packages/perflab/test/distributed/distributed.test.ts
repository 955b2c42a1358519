/**
 * Distributed runs end to end: a real redis-server, `perflab run --coordinator`
 * and `perflab worker` child processes on this machine, against a local
 * counting HTTP server.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/output/json.ts';
import { redisCommand, startRedisServer, type RedisServer } from '../support/redis-server.ts';
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

  async function setUp(
    names: string[],
    args: (name: string) => string[] = () => ['--threads', '1'],
    password?: string,
  ) {
    dir = await mkdtemp(join(tmpdir(), 'perflab-distributed-'));
    await mkdir(join(dir, 'latencies'));
    redis = await startRedisServer();
    if (password) await redisCommand(redis.port, ['CONFIG', 'SET', 'requirepass', password]);
    const url = password ? `redis://:${password}@127.0.0.1:${redis.port}` : redis.url;
    server = await startCountingServer();
    workers = await Promise.all(
      names.map((name) =>
        startWorker(url, name, args(name), { PERFLAB_TEST_LATENCY_DIR: join(dir!, 'latencies') }),
      ),
    );
    return { dir, redis, server, url };
  }

  /** `perflab run` of the test scenario on the workers; `onLive` sees each live progress line once. */
  function runController(url: string, extra: string[], options: Parameters<typeof runCli>[1] = {}) {
    return runCli(['run', scenario, '--coordinator', url, '--host', server!.url, ...extra], {
      timeoutMs: 60_000,
      ...options,
    });
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
        results.aggregated.percentiles[String(p) as keyof typeof results.aggregated.percentiles]!;
      // HdrHistogram with 3 significant digits: within 0.1 % (plus 1 µs of integer recording).
      expect(Math.abs(reported - exact), `p${p}: ${reported} vs ${exact}`).toBeLessThanOrEqual(
        exact * 0.001 + 0.002,
      );
    }
    expect(results.aggregated.minMs).toBeCloseTo(all[0]!, 2);
    expect(results.aggregated.maxMs).toBeCloseTo(all.at(-1)!, 2);
  }, 90_000);

  it('a worker killed mid-run is reported and the others take over its share (--on-worker-loss continue)', async () => {
    const { url, server } = await setUp(['w1', 'w2', 'w3']);
    const json = join(dir!, 'results.json');
    let lostAt = 0;
    let killed = false;
    const { code, stdout, stderr } = await runController(
      url,
      ['--expect-workers', '3', '--users', '6', '--duration', '14s', '--json', json],
      {
        onStdout: (text) => {
          if (!killed && /\[\d+s\] users=6/.test(text)) {
            killed = true;
            workers[2]!.child.kill('SIGKILL');
          }
          if (!lostAt && /worker w3 lost/.test(text)) lostAt = Date.now();
        },
      },
    );
    expect(code, stderr).toBe(0);
    expect(killed).toBe(true);
    expect(stdout).toMatch(
      /worker w3 lost at [\d.]+ s: missed heartbeats \(none for 3\.5 s\); its share \(4 slots\) goes to w1, w2/,
    );
    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsDocument;
    expect(results.run.notes.some((n) => /worker w3 lost at .* goes to w1, w2/.test(n))).toBe(true);
    const takers = workers.slice(0, 2).filter((w) => /took over slots/.test(w.output()));
    expect(takers.length).toBe(2);
    // Back to the planned 6 users after the re-spread (w3 had 2 of them).
    const after = results.history.filter((row) => row.timestamp * 1000 > lostAt + 1000);
    expect(
      after.some((row) => row.users === 6),
      `users per second: ${JSON.stringify(results.history.map((r) => r.users))}`,
    ).toBe(true);
    expect(server.arrivals.filter((t) => t > lostAt).length).toBeGreaterThan(0);
    // The survivors' counts are all merged; the lost worker's last unsent second is not.
    await Promise.all(workers.slice(0, 2).map((w) => w.waitFor(/done: \d+ requests/)));
    expect(results.aggregated.requests).toBeGreaterThanOrEqual(
      workers[0]!.requests() + workers[1]!.requests(),
    );
    expect(results.aggregated.requests).toBeLessThanOrEqual(server.arrivals.length);
  }, 90_000);

  it('a worker killed mid-run stops the run with exit 1 under --on-worker-loss abort; outputs are still written', async () => {
    const { url } = await setUp(['w1', 'w2']);
    const json = join(dir!, 'results.json');
    let killed = false;
    const { code, stdout, stderr } = await runController(
      url,
      [
        '--expect-workers',
        '2',
        '--on-worker-loss',
        'abort',
        '--users',
        '4',
        '--duration',
        '30s',
        '--json',
        json,
      ],
      {
        onStdout: (text) => {
          if (!killed && /\[\d+s\] users=4/.test(text)) {
            killed = true;
            workers[1]!.child.kill('SIGKILL');
          }
        },
      },
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /worker w2 lost at [\d.]+ s: missed heartbeats .*; stopping the run \(--on-worker-loss abort\)/,
    );
    expect(stderr).toMatch(/^error PERFLAB_ERR_WORKER_LOST: worker w2 was lost \(--on-worker-loss abort\)/m);
    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsDocument;
    expect(results.run.notes.some((n) => /worker w2 lost/.test(n))).toBe(true);
    expect(results.run.elapsedMs).toBeLessThan(25_000); // stopped, not run to its 30 s
    await workers[0]!.waitFor(/done: \d+ requests/);
  }, 90_000);

  it("killing Redis stops every worker's load within 5 s and fails the run (exit 1)", async () => {
    const { url, redis, server } = await setUp(['w1', 'w2', 'w3']);
    let killedAt = 0;
    let killing: Promise<void> | undefined;
    const { code, stderr } = await runController(
      url,
      ['--expect-workers', '3', '--users', '6', '--duration', '40s'],
      {
        onStdout: (text) => {
          if (!killing && /\[\d+s\] users=6/.test(text)) {
            killedAt = Date.now();
            killing = redis.stop();
          }
        },
      },
    );
    await killing;
    expect(killedAt).toBeGreaterThan(0);
    expect(code).toBe(1);
    expect(stderr).toMatch(/PERFLAB_ERR_WORKER_LOST: lost the coordinator redis:\/\/127\.0\.0\.1:\d+/);
    await Promise.all(
      workers.map((w) => w.waitFor(/stopped its load at once: no reply from the coordinator/)),
    );
    const quietUntil = killedAt + 6000;
    if (Date.now() < quietUntil) await new Promise((resolve) => setTimeout(resolve, quietUntil - Date.now()));
    expect(server.arrivals.filter((t) => t < killedAt).length).toBeGreaterThan(0);
    const late = server.arrivals.filter((t) => t > killedAt + 5000);
    expect(late, `requests ${late.map((t) => t - killedAt).join(', ')} ms after the kill`).toEqual([]);
  }, 90_000);

  it('a worker with another token refuses the scenario and says why; credentials and tokens are never printed', async () => {
    const password = 's3cret-pass';
    const { url, server } = await setUp(['w1'], () => ['--threads', '1', '--token', 'right-token'], password);
    const wrong = await runController(url, ['--expect-workers', '1', '--token', 'wrong-token']);
    expect(wrong.code, wrong.stderr + wrong.stdout + workers[0]!.output()).toBe(2);
    expect(wrong.stderr).toMatch(
      /^error PERFLAB_ERR_WORKER_REFUSED: worker w1 refused the run: the run's signature does not match this worker's token/m,
    );
    await workers[0]!.waitFor(/refused: the run's signature does not match this worker's token/);
    const none = await runController(url, ['--expect-workers', '1'], { env: { PERFLAB_TOKEN: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/worker w1 refused the run: the controller sent no token signature/);
    expect(server.arrivals.length).toBe(0);
    const right = await runController(url, ['--expect-workers', '1', '--duration', '1s'], {
      env: { PERFLAB_TOKEN: 'right-token' },
    });
    expect(right.code, right.stderr).toBe(0);
    expect(server.arrivals.length).toBeGreaterThan(0);
    const everything = [wrong, none, right].map((r) => r.stdout + r.stderr).join('') + workers[0]!.output();
    expect(everything).toContain(':***@127.0.0.1');
    for (const secret of [password, 'right-token', 'wrong-token']) expect(everything).not.toContain(secret);
  }, 90_000);

  it('refuses workers on another perflab version, and says when too few workers came', async () => {
    redis = await startRedisServer();
    server = await startCountingServer();
    const info = { id: 'old-1', name: 'old', capacity: 100, threads: 1, version: '0.0.1', state: 'idle' };
    await redisCommand(redis.port, ['SET', 'perflab:worker:old-1', JSON.stringify(info), 'PX', '60000']);
    const stale = await runController(redis.url, ['--expect-workers', '1']);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(
      /PERFLAB_ERR_WORKER_REFUSED: worker old runs perflab 0\.0\.1; this controller runs perflab \d+\.\d+\.\d+: the same version is required/,
    );
    const few = await runController(redis.url, ['--expect-workers', '2', '--worker-timeout', '1s']);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(
      /PERFLAB_ERR_WORKERS_MISSING: waited 1 s for 2 workers at redis:\/\/127\.0\.0\.1:\d+; 1 idle \(old\)/,
    );
    expect(server.arrivals.length).toBe(0);
  }, 60_000);

  it('a controller that dies mid-run leaves no load behind (workers stop within 5 s) and the workers serve the next run', async () => {
    const { url, server } = await setUp(['w1', 'w2']);
    let killedAt = 0;
    const first = await runController(url, ['--expect-workers', '2', '--users', '4', '--duration', '40s'], {
      onStdout: (text, child) => {
        if (!killedAt && /\[\d+s\] users=4/.test(text)) {
          killedAt = Date.now();
          child.kill('SIGKILL');
        }
      },
    });
    expect(first.code).toBe(null); // killed
    await Promise.all(
      workers.map((w) => w.waitFor(/stopped its load at once: the controller stopped heartbeating/)),
    );
    const quietUntil = killedAt + 6000;
    if (Date.now() < quietUntil) await new Promise((resolve) => setTimeout(resolve, quietUntil - Date.now()));
    expect(server.arrivals.filter((t) => t > killedAt + 5000)).toEqual([]);
    const before = server.arrivals.length;
    const next = await runController(url, ['--expect-workers', '2', '--users', '2', '--duration', '1s']);
    expect(next.code, next.stderr).toBe(0);
    expect(server.arrivals.length).toBeGreaterThan(before);
  }, 90_000);

  it('Ctrl-C on the controller stops every worker (exit 130, outputs written)', async () => {
    const { url, server } = await setUp(['w1', 'w2']);
    const json = join(dir!, 'results.json');
    let interrupted = false;
    const { code, stdout } = await runController(
      url,
      ['--expect-workers', '2', '--users', '4', '--duration', '40s', '--grace', '1s', '--json', json],
      {
        onStdout: (text, child) => {
          if (!interrupted && /\[\d+s\] users=4/.test(text)) {
            interrupted = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    const endedAt = Date.now();
    expect(code).toBe(130);
    expect(stdout).toMatch(/Interrupted after [\d.]+s · \d+ requests/);
    await Promise.all(workers.map((w) => w.waitFor(/done: \d+ requests/)));
    const results = JSON.parse(await readFile(json, 'utf8')) as ResultsDocument;
    expect(results.run.interrupted).toBe(true);
    expect(results.aggregated.requests).toBe(workers[0]!.requests() + workers[1]!.requests());
    expect(results.aggregated.requests).toBe(server.arrivals.length);
    expect(server.arrivals.filter((t) => t > endedAt)).toEqual([]);
  }, 90_000);
});
