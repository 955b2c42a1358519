/** Real PostgreSQL and Redis servers for tests: perflab's test support (one copy for every workspace). */
import {
  type PostgresServer,
  startPostgresServer as start,
} from '../../../../packages/perflab/test/support/postgres-server.ts';

export type { PostgresServer };
export { redisCommand, startRedisServer } from '../../../../packages/perflab/test/support/redis-server.ts';
export type { RedisServer } from '../../../../packages/perflab/test/support/redis-server.ts';

/** Starts PostgreSQL on a free port with a database `arena` (`postgres://postgres@127.0.0.1:{port}/arena`). */
export function startPostgresServer(): Promise<PostgresServer> {
  return start({ database: 'arena' });
}
