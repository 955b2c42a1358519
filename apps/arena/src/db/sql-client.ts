/**
 * The query interface the arena needs, so one set of SQL statements runs on a
 * PostgreSQL server (via `pg`) and on PGlite in-process. Transactions are
 * first-class: every game action (buy, submit, regrade, void) runs in one.
 */

/** Something that runs parameterised SQL: the pool/database or an open transaction. */
export interface Queryable {
  /** Run one statement with `$1..$n` parameters; resolve to its rows. */
  query<R extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

/** A connection pool (pg) or the embedded database (PGlite). */
export interface SqlClient extends Queryable {
  /** `postgres` (a server via `pg`) or `pglite` (embedded). */
  readonly kind: 'postgres' | 'pglite';
  /**
   * Run `work` in one READ COMMITTED transaction: committed when it resolves,
   * rolled back when it throws (the error is rethrown). On PostgreSQL a deadlock
   * or serialization failure (40P01, 40001) is retried up to 3 times; PGlite runs
   * one transaction at a time.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Run a script of several statements without parameters. */
  exec(script: string): Promise<void>;
  /** Release every connection / the embedded database. Idempotent. */
  close(): Promise<void>;
}

/** The SQLSTATE of a database error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The constraint a unique/foreign-key violation names, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
