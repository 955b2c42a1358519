/** {@link SqlClient} on PGlite: PostgreSQL compiled to WASM, running in this process. */
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.ts';

/**
 * Open an embedded database: in memory when `dir` is undefined, else persisted in
 * directory `dir` (created if missing). Takes a few seconds to start (WASM).
 * PGlite runs one query at a time; concurrent calls queue.
 */
export async function createPgliteClient(dir?: string): Promise<SqlClient> {
  const db = dir === undefined ? new PGlite() : new PGlite(dir);
  await db.waitReady;
  return {
    kind: 'pglite',
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await db.query<R>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
    async close(): Promise<void> {
      if (!db.closed) await db.close();
    },
  };
}
