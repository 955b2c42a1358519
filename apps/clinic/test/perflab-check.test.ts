// `perflab check` against the clinic stack: the clinic service on a real Redis,
// with a real PostgreSQL beside it; the readiness report must grade all six
// criteria and score them, and the database probes must leave nothing behind.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { main, type CliIo } from 'perflab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createRedisStore } from '../src/index.ts';
import { startPostgresServer, type PostgresServer } from './helpers/postgres-server.ts';
import { redisCommand, startRedisServer, type RedisServer } from './helpers/redis-server.ts';

const SCENARIO = fileURLToPath(new URL('../../../examples/clinic.scenario.ts', import.meta.url));

function quietIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    write: (text) => out.push(text),
    writeError: (text) => err.push(text),
    isTTY: false,
    env: {},
    onInterrupt: () => ({ signal: new AbortController().signal, dispose: () => {} }),
  };
}

async function probeTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'perflab_probe%'",
    );
    return rows.map((r) => r.tablename);
  } finally {
    await client.end();
  }
}

describe('perflab check on the clinic stack', () => {
  let redis: RedisServer;
  let postgres: PostgresServer;
  let dir: string;
  let close: () => Promise<void> = async () => {};
  let host: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    postgres = await startPostgresServer();
    const app = await buildApp({ store: await createRedisStore(redis.url) });
    host = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    dir = await mkdtemp(join(tmpdir(), 'perflab-check-'));
  }, 60_000);

  afterAll(async () => {
    await close();
    await redis?.stop();
    await postgres?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('grades the six criteria, scores them, and its probes leave no keys or tables behind', async () => {
    const config = join(dir, 'readiness.yaml');
    await writeFile(
      config,
      [
        `scenario: ${SCENARIO}`,
        `host: ${host}`,
        'users: 6',
        'duration: 4s',
        `watch: ["pid:${process.pid}"]`,
        `redis: ${redis.url}`,
        `postgres: ${postgres.url}`,
        'slo: p95<300ms',
        'limits: { steps: [2, 4, 6], stepDuration: 2s, warmup: 1s }',
        'probes: { duration: 1s, concurrency: 4 }',
        '',
      ].join('\n'),
    );
    const io = quietIo();
    const code = await main(
      ['node', 'perflab', 'check', '--config', config, '--out', dir, '--workers', '1'],
      io,
    );
    expect(io.err.join('')).not.toMatch(/^error/m);
    expect(code).toBe(0);
    const json = (await readdir(dir)).find((f) => /^perflab-readiness-\d{8}-\d{6}\.json$/.test(f))!;
    const report = JSON.parse(await readFile(join(dir, json), 'utf8'));
    expect(report.criteria.map((c: { id: string }) => c.id)).toEqual([
      'db-read',
      'db-write',
      'cache-hit-rate',
      'success-rate',
      'memory-growth',
      'system-limits',
    ]);
    for (const c of report.criteria)
      expect(['EXCELLENT', 'GOOD', 'NEEDS_OPTIMIZATION', 'NEEDS_SETUP']).toContain(c.grade);
    const byId = Object.fromEntries(report.criteria.map((c: { id: string }) => [c.id, c]));
    // Loopback Redis and PostgreSQL easily pass 100 reads/s and 50 writes/s.
    expect(byId['db-read'].grade).toBe('EXCELLENT');
    expect(byId['db-write'].grade).toBe('EXCELLENT');
    expect(report.probes.map((p: { kind: string }) => p.kind)).toEqual(['redis', 'postgres']);
    expect(byId['success-rate']).toMatchObject({ grade: 'EXCELLENT', value: 100 });
    expect(byId['system-limits'].grade).toBe('EXCELLENT');
    expect(byId['memory-growth'].value).not.toBeNull();
    expect(report.score.percent).toBeGreaterThan(0);
    expect(report.score.percent).toBeLessThanOrEqual(100);
    expect(report.forecast.maxRps).toBeGreaterThan(0);
    const markdown = await readFile(join(dir, json.replace(/\.json$/, '.md')), 'utf8');
    expect(await readFile(join(dir, json.replace(/\.json$/, '.html')), 'utf8')).toContain(
      '"kind":"readiness"',
    );
    expect(markdown).toMatch(/\*\*Score \d+ % — /);
    // Nothing left behind: no probe key (the reply to KEYS is an empty array), no probe table.
    expect(await redisCommand(redis.port, ['KEYS', 'perflab:probe*'])).toBe('*0');
    expect(await probeTables(postgres.url)).toEqual([]);
  }, 120_000);
});
