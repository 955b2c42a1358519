/**
 * The tiny query interface the SQL store needs, so one store (and one set of SQL
 * statements) runs on PostgreSQL via `pg` and on PGlite in-process.
 */

/** A connection (pool) that runs parameterised SQL. */
export interface SqlClient {
  /** `postgres` (a server via `pg`) or `pglite` (embedded). */
  readonly kind: 'postgres' | 'pglite';
  /** Run one statement with `$1..$n` parameters; resolve to its rows. */
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Run a script of several statements without parameters (schema setup). */
  exec(script: string): Promise<void>;
  /** Release every connection / the embedded database. Idempotent. */
  close(): Promise<void>;
}
