import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { probePostgres } from '../../../src/capacity/probes/postgres-probe.ts';
import { MAX_CONSECUTIVE_ERRORS } from '../../../src/capacity/probes/phase.ts';
import { PerflabError } from '../../../src/errors.ts';
import { freePort } from '../../support/free-port.ts';
import { startPostgresServer, type PostgresServer } from '../../support/postgres-server.ts';

let server: PostgresServer;
let admin: pg.Client;

async function tables(): Promise<string[]> {
  const { rows } = await admin.query<{ name: string }>(
    "SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  return rows.map((row) => row.name);
}

/** The probe's table once it exists and has at least `rows` rows. */
async function probeTableWith(rows: number): Promise<string> {
  for (;;) {
    const { rows: found } = await admin.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'perflab\\_probe\\_%'",
    );
    const table = found[0]?.tablename;
    if (table) {
      const { rows: count } = await admin
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)
        .catch(() => ({ rows: [{ n: 0 }] }));
      if ((count[0]?.n ?? 0) >= rows) return table;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Backends of the probe's pool still connected (they leave asynchronously after pool.end()). */
async function probeBackends(): Promise<number> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'perflab-probe'",
    );
    const n = rows[0]?.n ?? 0;
    if (n === 0 || Date.now() > deadline) return n;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  server = await startPostgresServer({ database: 'clinic' });
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE TABLE patients (id serial PRIMARY KEY, name text)');
  await admin.query("INSERT INTO patients (name) VALUES ('Ada')");
});

afterAll(async () => {
  await admin?.end().catch(() => {});
  await server?.stop();
});

describe('probePostgres', () => {
  it('measures single-row INSERT transactions and SELECTs by key, then drops its table', async () => {
    const before = await tables();
    expect(before).toEqual(['public.patients']);
    const commitsBefore = await admin.query<{ n: string }>(
      'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    const result = await probePostgres(server.url, { durationMs: 1000, concurrency: 4 });
    console.log('postgres probe', JSON.stringify(result));

    expect(result.kind).toBe('postgres');
    expect(result.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/clinic`);
    expect(result.target).toMatch(/^perflab_probe_[0-9a-f]{12}$/);
    expect(result.errors).toBe(0);
    expect(result.writeOps).toBeGreaterThan(20);
    expect(result.readOps).toBeGreaterThan(20);
    expect(result.writeOpsPerSecond).toBeCloseTo(result.writeOps / (result.writeDurationMs / 1000), 6);
    expect(result.readOpsPerSecond).toBeCloseTo(result.readOps / (result.readDurationMs / 1000), 6);
    for (const latency of [result.writeLatencyMs, result.readLatencyMs]) {
      expect(latency.p50).toBeGreaterThan(0);
      expect(latency.p95).toBeGreaterThanOrEqual(latency.p50);
      expect(latency.p99).toBeGreaterThanOrEqual(latency.p95);
    }
    expect(result.cleanedUp).toBe(true);
    expect(result.notes).toEqual([`clean-up: dropped the table ${result.target}`]);
    expect(await tables()).toEqual(before);
    const { rows } = await admin.query('SELECT id, name FROM patients');
    expect(rows).toEqual([{ id: 1, name: 'Ada' }]);
    expect(await probeBackends()).toBe(0);
    // Each INSERT was its own transaction: at least one commit per write (counters are published lazily).
    const deadline = Date.now() + 15_000;
    let commits = 0;
    while (Date.now() < deadline) {
      const now = await admin.query<{ n: string }>(
        'SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()',
      );
      commits = Number(now.rows[0]?.n) - Number(commitsBefore.rows[0]?.n);
      if (commits >= result.writeOps) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(commits).toBeGreaterThanOrEqual(result.writeOps);
  });

  it('counts errors, stops the phase and still cleans up when its table is dropped mid-run', async () => {
    const before = await tables();
    const probe = probePostgres(server.url, { durationMs: 60_000, concurrency: 4 });
    const table = await probeTableWith(50);
    await admin.query(`DROP TABLE "${table}"`);
    const result = await probe;
    console.log('postgres probe, table dropped', JSON.stringify({ ...result, notes: result.notes.length }));

    expect(result.target).toBe(table);
    expect(result.writeOps).toBeGreaterThanOrEqual(50);
    expect(result.errors).toBeGreaterThanOrEqual(2 * MAX_CONSECUTIVE_ERRORS);
    expect(result.writeDurationMs).toBeLessThan(30_000);
    expect(result.readOps).toBe(0);
    expect(
      result.notes.some((n) => n.startsWith('write phase stopped early') && n.includes('does not exist')),
    ).toBe(true);
    expect(result.notes.some((n) => n.startsWith('read phase stopped early'))).toBe(true);
    expect(result.cleanedUp).toBe(true);
    expect(await tables()).toEqual(before);
    expect(await probeBackends()).toBe(0);
  });

  it('drops its table when aborted mid-way, then rejects with the abort reason', async () => {
    const before = await tables();
    const controller = new AbortController();
    const outcome = probePostgres(server.url, {
      durationMs: 60_000,
      concurrency: 2,
      signal: controller.signal,
    }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await probeTableWith(20);
    controller.abort(new Error('stop the probe'));
    const error = await outcome;
    expect((error as Error).message).toBe('stop the probe');
    expect(await tables()).toEqual(before);
    expect(await probeBackends()).toBe(0);
  });

  it('cleans up after a tiny duration too', async () => {
    const before = await tables();
    const result = await probePostgres(server.url, { durationMs: 2, concurrency: 3, prefix: 'check_' });
    expect(result.target).toMatch(/^check_[0-9a-f]{12}$/);
    expect(result.errors).toBe(0);
    expect(result.cleanedUp).toBe(true);
    expect(await tables()).toEqual(before);
  });

  it('rejects an unreachable server with PERFLAB_ERR_PROBE naming the URL, password masked', async () => {
    const port = await freePort();
    const error = await probePostgres(`postgres://postgres:s3cret@127.0.0.1:${port}/clinic`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerflabError);
    expect((error as PerflabError).code).toBe('PERFLAB_ERR_PROBE');
    expect((error as PerflabError).message).toContain(
      `PostgreSQL probe postgres://postgres:***@127.0.0.1:${port}/clinic`,
    );
    expect((error as PerflabError).message).toContain('ECONNREFUSED');
    expect((error as PerflabError).message).not.toContain('s3cret');
  });

  it('rejects a database that does not exist, creating nothing', async () => {
    const before = await tables();
    const url = `postgres://postgres@127.0.0.1:${server.port}/nowhere`;
    await expect(probePostgres(url)).rejects.toMatchObject({
      code: 'PERFLAB_ERR_PROBE',
      message: expect.stringContaining(
        `PostgreSQL probe ${url}: cannot connect (database "nowhere" does not exist)`,
      ),
    });
    expect(await tables()).toEqual(before);
  });

  it('rejects a read-only user before any phase, leaving no table', async () => {
    await admin.query("CREATE ROLE reader LOGIN PASSWORD 'pw'");
    await admin.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    try {
      const before = await tables();
      const url = `postgres://reader:pw@127.0.0.1:${server.port}/clinic`;
      await expect(probePostgres(url, { durationMs: 100 })).rejects.toMatchObject({
        code: 'PERFLAB_ERR_PROBE',
        message: expect.stringMatching(
          /^PostgreSQL probe postgres:\/\/reader:\*\*\*@127\.0\.0\.1:\d+\/clinic: cannot create the table perflab_probe_[0-9a-f]{12} \(permission denied for schema public\)$/,
        ),
      });
      expect(await tables()).toEqual(before);
      expect(await probeBackends()).toBe(0);
    } finally {
      await admin.query('DROP ROLE reader');
    }
  });

  it('rejects a bad URL and bad options before connecting', async () => {
    await expect(probePostgres('mysql://127.0.0.1/x')).rejects.toMatchObject({ code: 'PERFLAB_ERR_PROBE' });
    await expect(probePostgres(server.url, { prefix: 'Bad-Name' })).rejects.toMatchObject({
      code: 'PERFLAB_ERR_USAGE',
    });
    await expect(probePostgres(server.url, { durationMs: -1 })).rejects.toMatchObject({
      code: 'PERFLAB_ERR_USAGE',
    });
  });
});
