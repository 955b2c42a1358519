import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceMonitor } from '../../../src/capacity/samplers/monitor.ts';
import { PostgresSampler } from '../../../src/capacity/samplers/postgres-sampler.ts';
import { sliceResources } from '../../../src/capacity/samplers/summary.ts';
import { PerflabError } from '../../../src/errors.ts';
import { type PostgresServer, startPostgresServer } from '../../support/postgres-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL sampler (a real PostgreSQL server)', () => {
  let server: PostgresServer;
  /** Pages of table `t` (8 KiB blocks). */
  let pages: number;
  beforeAll(async () => {
    // No autovacuum: nothing but the test's own queries touches the table.
    server = await startPostgresServer({ settings: ['autovacuum=off'] });
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(
      `CREATE TABLE t AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 35000) g`,
    );
    await client.query('CREATE TABLE w (id serial PRIMARY KEY, at timestamptz DEFAULT now())');
    const { rows } = await client.query<{ pages: string }>(`SELECT pg_relation_size('t') / 8192 AS pages`);
    pages = Number(rows[0]!.pages);
    await client.end();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('buffer hit rate from a cold scan then warm scans, commits, backends, size; an outage is a gap', async () => {
    expect(pages).toBeGreaterThan(900);
    const notes: string[] = [];
    const monitor = new ResourceMonitor({ postgres: [server.url] });
    monitor.onNote((n) => notes.push(n));
    await monitor.start();

    // A restart empties shared buffers: the sampler sees a gap, then connects again.
    await server.shutdown();
    await monitor.sampleNow();
    await server.restart();
    await monitor.sampleNow();
    expect(monitor.report().postgres[0]!.samples.at(-1)!.backends).toBe(0);

    // Known traffic: 1 cold scan (every page read), 9 warm scans (every page a hit), 50 commits.
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    for (let i = 0; i < 10; i++) await client.query('SELECT count(*) FROM t');
    for (let i = 0; i < 50; i++) await client.query('INSERT INTO w DEFAULT VALUES');
    await monitor.sampleNow(); // sessions are live, not cumulative statistics
    const during = monitor.report().postgres[0]!.samples.at(-1)!;
    expect(during.backends).toBe(1);
    await client.end(); // a session publishes its counters when it ends
    const trafficFrom = during.timestamp;
    let window = sliceResources(monitor.report(), trafficFrom - 60, Infinity).postgres[0]!.summary;
    for (let i = 0; i < 20 && window.commits < 50; i++) {
      await sleep(250);
      await monitor.sampleNow();
      window = sliceResources(monitor.report(), trafficFrom - 60, Infinity).postgres[0]!.summary;
    }
    const report = await monitor.stop();
    const series = report.postgres[0]!;
    // From the first sample after the restart on: the traffic's interval(s).
    const afterRestart = series.samples.findIndex((s, i) => i > 1 && s.backends !== null);
    const traffic = sliceResources(report, series.samples[afterRestart]!.timestamp, Infinity).postgres[0]!
      .summary;
    console.log(
      `table t: ${pages} pages; traffic window: ${traffic.blocksRead} blocks read, ${traffic.blocksHit} hit ` +
        `→ buffer hit rate ${(100 * traffic.bufferHitRate!).toFixed(2)}% (expected ≈ 90%); ${traffic.commits} commits`,
    );
    expect(traffic.blocksRead).toBeGreaterThanOrEqual(pages);
    expect(traffic.blocksRead).toBeLessThan(pages * 1.1);
    expect(traffic.blocksHit).toBeGreaterThanOrEqual(9 * pages);
    expect(traffic.blocksHit).toBeLessThan(9 * pages * 1.05);
    expect(traffic.bufferHitRate!).toBeGreaterThan(0.88);
    expect(traffic.bufferHitRate!).toBeLessThan(0.92);
    // 50 inserts + 10 scans, each its own transaction, plus the sampler's one query per sample.
    expect(traffic.commits).toBeGreaterThanOrEqual(60);
    expect(traffic.commits).toBeLessThan(60 + series.samples.length + 5);
    expect(traffic.rollbacks).toBe(0);
    expect(series.summary.databaseSizeBytes!.last).toBeGreaterThan(pages * 8192);
    expect(series.database).toBe('perflab');
    expect(series.samples[1]).toMatchObject({ backends: null, bufferHitRate: null, databaseSizeBytes: null });
    expect(series.summary.gaps).toBe(1);
    expect(series.samples[afterRestart]!.commits).toBeNull(); // no baseline right after a gap
    expect(notes).toEqual([
      expect.stringMatching(
        /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/perflab: \d\d:\d\d:\d\d: .+; recorded as a gap$/,
      ),
      expect.stringMatching(/: \d\d:\d\d:\d\d: answering again$/),
    ]);
    expect(series.summary.commitsPerSecond!.max).toBeGreaterThan(0);
  });

  it('an unreachable server or a missing database is refused at start, naming the URL (password hidden)', async () => {
    const missing = `postgres://postgres:secret@127.0.0.1:${server.port}/nosuchdb`;
    const monitor = new ResourceMonitor({ postgres: [missing] });
    const error = await monitor.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerflabError);
    expect((error as PerflabError).code).toBe('PERFLAB_ERR_WATCH_SOURCE');
    expect((error as PerflabError).message).toBe(
      `--postgres postgres://postgres:***@127.0.0.1:${server.port}/nosuchdb: database "nosuchdb" does not exist`,
    );
    expect(() => new PostgresSampler('mysql://x@y/z')).toThrow(
      /--postgres "mysql:\/\/x@y\/z": not a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });
});
