/** A real redis-server per test: one copy in perflab's test support, shared with the clinic's tests. */
export { redisCommand, startRedisServer } from '../../../../packages/perflab/test/support/redis-server.ts';
export type { RedisServer } from '../../../../packages/perflab/test/support/redis-server.ts';
