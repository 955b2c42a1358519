/** The arena server's public surface: build or start it, its configuration and error catalogue. */
export { buildArena, BODY_LIMIT_BYTES, type BuildArenaOptions } from './app.ts';
export { loadConfig, type ArenaConfig, type LogLevel, type RateLimits } from './config.ts';
export { ARENA_ERRORS, ArenaError, isArenaError, type ArenaErrorCode } from './errors.ts';
export { createArena, type Arena, type CreateArenaOptions } from './server.ts';
export { openDatabase, type DatabaseOptions } from './db/open.ts';
export { MIGRATIONS, migrate, type Migration } from './db/migrations.ts';
export type { SqlClient, Queryable } from './db/sql-client.ts';
