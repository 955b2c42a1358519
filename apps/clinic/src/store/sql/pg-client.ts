/** {@link SqlClient} on a `pg` connection pool to a PostgreSQL server. */
import pg from 'pg';
import type { SqlClient } from './sql-client.ts';

/** Options of {@link createPgClient}. */
export interface PgClientOptions {
  /** Pool size (connections, default 10). */
  max?: number;
  /** Give up connecting after this long (ms, default 2000), so an outage answers fast. */
  connectionTimeoutMs?: number;
}

/**
 * A pool for `url` (e.g. `postgres://user@127.0.0.1:5432/clinic`). Connects lazily;
 * errors of idle connections (server restart) are consumed so they never crash
 * the process — the pool drops the broken connection and opens a new one later.
 */
export function createPgClient(url: string, options: PgClientOptions = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 2000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool has already discarded it.
  });
  let closed = false;
  return {
    kind: 'postgres',
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await pool.query<R & pg.QueryResultRow>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await pool.query(script);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
