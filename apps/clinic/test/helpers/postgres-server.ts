/** A real PostgreSQL per test: perflab's test support, with the clinic's database `clinic`. */
import {
  type PostgresServer,
  startPostgresServer as start,
} from '../../../../packages/perflab/test/support/postgres-server.ts';

export type { PostgresServer };

/** Starts PostgreSQL on a free port with a database `clinic` (url `postgres://postgres@127.0.0.1:{port}/clinic`). */
export function startPostgresServer(): Promise<PostgresServer> {
  return start({ database: 'clinic' });
}
