/** {@link SqlClient} on a `pg` connection pool to a PostgreSQL server. */
import pg from 'pg';
import { sqlState, type Queryable, type SqlClient } from './sql-client.ts';

/** Options of {@link createPgClient}. */
export interface PgClientOptions {
  /** Pool size (connections, default 20). */
  max?: number;
  /** Give up connecting after this long (ms, default 2000), so an outage answers fast. */
  connectionTimeoutMs?: number;
}

// bigint (int8) and numeric columns as JS numbers: balances and ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * A pool for `url` (e.g. `postgres://user@127.0.0.1:5432/arena`). Connects lazily;
 * errors of idle connections are consumed so a server restart never crashes the
 * process.
 */
export function createPgClient(url: string, options: PgClientOptions = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
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
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        const tx: Queryable = {
          async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
            const result = await client.query<R & pg.QueryResultRow>(text, params as unknown[]);
            return result.rows;
          },
        };
        let broken = false;
        try {
          await client.query('BEGIN');
          const value = await work(tx);
          await client.query('COMMIT');
          return value;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          if (attempt < 3 && RETRYABLE.has(sqlState(error) ?? '')) continue;
          throw error;
        } finally {
          client.release(broken);
        }
      }
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
