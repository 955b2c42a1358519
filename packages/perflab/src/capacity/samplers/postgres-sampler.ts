/**
 * Samples a PostgreSQL database through `pg_stat_database`
 * (https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-DATABASE-VIEW)
 * with the `pg` client: sessions, buffer hits and reads (→ buffer hit rate),
 * commits, rollbacks and the database's size.
 */
import pg from 'pg';
import { PerflabError } from '../../errors.ts';
import { clockTime } from './process-sampler.ts';
import { redactUrl } from './redis-sampler.ts';
import { summarizePostgresSamples } from './summary.ts';
import type { PostgresSample, PostgresSeries } from './types.ts';

/** The sampler's query: the URL's database's row, counters as text (bigint). */
const STATS_QUERY = `SELECT current_database() AS database, numbackends, blks_hit::text, blks_read::text, xact_commit::text,
  xact_rollback::text, pg_database_size(datid)::text AS size
FROM pg_stat_database WHERE datname = current_database()`;

interface StatsRow {
  database: string;
  numbackends: number;
  blks_hit: string;
  blks_read: string;
  xact_commit: string;
  xact_rollback: string;
  size: string;
}

interface PostgresCounters {
  atMs: number;
  hit: number;
  read: number;
  commits: number;
  rollbacks: number;
}

/** Options of a {@link PostgresSampler}. */
export interface PostgresSamplerOptions {
  /** Called with each note (prefixed with the redacted URL). */
  note?: (text: string) => void;
  /** Longest wait for a connection or the query, ms (default 900); longer counts as a gap. */
  timeoutMs?: number;
}

/**
 * One PostgreSQL database's samples. Holds one connection (application name
 * `perflab-sampler`, excluded from `backends`); when the server goes away the
 * sample is a gap and the next sample connects again.
 *
 * PostgreSQL ≥ 15 backends publish their counters at most once a second and,
 * when idle, within about 10 s (at once when they disconnect), so single
 * seconds are bursty; the window values (`summary`) are exact.
 */
export class PostgresSampler {
  readonly url: string;
  /** The database sampled (from the URL; once connected, as the server names it). */
  database: string;
  readonly samples: PostgresSample[] = [];
  readonly notes: string[] = [];
  private client: pg.Client | undefined;
  private counters: PostgresCounters | undefined;
  private inGap = false;
  private readonly timeoutMs: number;

  /**
   * @param rawUrl `postgres://user[:password]@host[:port]/database` (or `postgresql://`)
   * @throws PerflabError `PERFLAB_ERR_WATCH_SOURCE` when the URL is not a PostgreSQL URL
   */
  constructor(
    private readonly rawUrl: string,
    private readonly options: PostgresSamplerOptions = {},
  ) {
    this.url = redactUrl(rawUrl);
    let parsed: URL | undefined;
    try {
      parsed = new URL(rawUrl);
    } catch {
      parsed = undefined;
    }
    if (parsed?.protocol !== 'postgres:' && parsed?.protocol !== 'postgresql:') {
      throw new PerflabError(
        'PERFLAB_ERR_WATCH_SOURCE',
        `--postgres ${JSON.stringify(this.url)}: not a postgres:// or postgresql:// URL`,
      );
    }
    this.database = decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username);
    this.timeoutMs = options.timeoutMs ?? 900;
  }

  private async connect(timeoutMs: number): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.rawUrl,
      application_name: 'perflab-sampler',
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    client.on('error', () => {
      // The connection broke (server gone): sample() notices on its next query.
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => {});
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private async query(client: pg.Client): Promise<StatsRow> {
    const { rows } = await client.query<StatsRow>(STATS_QUERY);
    const row = rows[0];
    if (!row) throw new Error(`pg_stat_database has no row for database ${JSON.stringify(this.database)}`);
    return row;
  }

  /**
   * Connects and takes the baseline sample.
   * @throws PerflabError `PERFLAB_ERR_WATCH_SOURCE` naming the URL when the database cannot be reached or queried
   */
  async start(timestampS: number): Promise<void> {
    let row: StatsRow;
    let client: pg.Client | undefined;
    try {
      client = await this.connect(Math.max(this.timeoutMs, 2000));
      row = await this.query(client);
    } catch (error) {
      await client?.end().catch(() => {});
      throw new PerflabError(
        'PERFLAB_ERR_WATCH_SOURCE',
        `--postgres ${this.url}: ${(error as Error).message || String(error)}`,
        undefined,
        { cause: error },
      );
    }
    this.client = client;
    this.database = row.database;
    this.record(timestampS, row);
  }

  private note(text: string): void {
    const line = `${this.url}: ${text}`;
    this.notes.push(line);
    this.options.note?.(line);
  }

  /**
   * Takes one sample and appends it. Never throws: when the database cannot be
   * reached or queried within the timeout the sample is a gap and a note says so
   * (once per outage); the per-interval values start again after a gap.
   */
  async sample(timestampS: number): Promise<PostgresSample> {
    try {
      this.client ??= await this.connect(this.timeoutMs);
      return this.record(timestampS, await this.query(this.client));
    } catch (error) {
      const client = this.client;
      this.client = undefined;
      await client?.end().catch(() => {});
      return this.record(timestampS, (error as Error).message || String(error));
    }
  }

  private record(timestampS: number, row: StatsRow | string): PostgresSample {
    if (typeof row === 'string') {
      if (!this.inGap) this.note(`${clockTime(timestampS * 1000)}: ${row}; recorded as a gap`);
      this.inGap = true;
      this.counters = undefined;
      const gap: PostgresSample = {
        timestamp: timestampS,
        backends: null,
        blocksHit: null,
        blocksRead: null,
        bufferHitRate: null,
        commits: null,
        commitsPerSecond: null,
        rollbacks: null,
        databaseSizeBytes: null,
      };
      this.samples.push(gap);
      return gap;
    }
    if (this.inGap) {
      this.inGap = false;
      this.note(`${clockTime(timestampS * 1000)}: answering again`);
    }
    const now: PostgresCounters = {
      atMs: timestampS * 1000,
      hit: Number(row.blks_hit),
      read: Number(row.blks_read),
      commits: Number(row.xact_commit),
      rollbacks: Number(row.xact_rollback),
    };
    const before = this.counters;
    this.counters = now;
    let delta: Omit<PostgresCounters, 'atMs'> | undefined;
    if (before) {
      delta = {
        hit: now.hit - before.hit,
        read: now.read - before.read,
        commits: now.commits - before.commits,
        rollbacks: now.rollbacks - before.rollbacks,
      };
      if (Object.values(delta).some((d) => d < 0)) {
        this.note(`${clockTime(timestampS * 1000)}: counters went back (pg_stat_reset or a crash)`);
        delta = undefined;
      }
    }
    const wallS = before ? (now.atMs - before.atMs) / 1000 : 0;
    const sample: PostgresSample = {
      timestamp: timestampS,
      backends: Math.max(0, row.numbackends - 1),
      blocksHit: delta?.hit ?? null,
      blocksRead: delta?.read ?? null,
      bufferHitRate: delta && delta.hit + delta.read > 0 ? delta.hit / (delta.hit + delta.read) : null,
      commits: delta?.commits ?? null,
      commitsPerSecond: delta && wallS > 0 ? delta.commits / wallS : null,
      rollbacks: delta?.rollbacks ?? null,
      databaseSizeBytes: Number(row.size),
    };
    this.samples.push(sample);
    return sample;
  }

  /** Closes the connection (idempotent). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  /** The series so far, with summaries. */
  series(): PostgresSeries {
    return {
      url: this.url,
      database: this.database,
      samples: [...this.samples],
      summary: summarizePostgresSamples(this.samples),
      notes: [...this.notes],
    };
  }
}
