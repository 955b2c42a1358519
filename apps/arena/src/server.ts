/**
 * `createArena`: database + shared state + app from an {@link ArenaConfig}, and
 * one `close()` for all three. Used by `main.ts`, the tests and the benchmark.
 */
import type { FastifyInstance } from 'fastify';
import { buildArena } from './app.ts';
import type { ArenaConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import type { SqlClient } from './db/sql-client.ts';
import type { ArenaContext } from './http/context.ts';
import { createMemoryShared, createRedisShared, type SharedState } from './live/shared.ts';
import { ensureAdmin } from './store/people.ts';

/** A built arena with everything it opened. */
export interface Arena {
  app: FastifyInstance & { arena: ArenaContext };
  db: SqlClient;
  shared: SharedState;
  /** Close the app, then Redis, then the database. Idempotent. */
  close(): Promise<void>;
}

/** Extra options that are not configuration (tests). */
export interface CreateArenaOptions {
  /** Use this database instead of opening one (it is then not closed by `close`). */
  db?: SqlClient;
  /** Scoreboard debounce, ms (default 200). */
  scoreboardDebounceMs?: number;
  /** Receives one line per notable event (Redis connection lost/restored). */
  log?: (line: string) => void;
  /** Serve the built web app from this directory under `/` (main.ts: `web/dist` when built). */
  webRoot?: string;
}

/**
 * Open the database (migrating it), connect Redis if configured, create the
 * bootstrap admin if configured and missing, and build the app.
 * @throws ArenaError `ARENA_ERR_MIGRATION`; the driver's error when PostgreSQL or Redis is unreachable.
 */
export async function createArena(config: ArenaConfig, options: CreateArenaOptions = {}): Promise<Arena> {
  const ownDb = options.db === undefined;
  const db =
    options.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }));
  let shared: SharedState | undefined;
  try {
    shared = config.redisUrl ? await createRedisShared(config.redisUrl, options.log) : createMemoryShared();
    if (config.admin) await ensureAdmin(db, config.admin.login, config.admin.password);
    const app = await buildArena({
      db,
      shared,
      jwtSecret: config.jwtSecret,
      accessTokenTtlS: config.accessTokenTtlS,
      refreshTokenTtlS: config.refreshTokenTtlS,
      rateLimits: config.rateLimits,
      scoreboardDebounceMs: options.scoreboardDebounceMs,
      logLevel: config.logLevel,
      trustProxy: config.trustProxy,
      webRoot: options.webRoot,
    });
    let closed: Promise<void> | undefined;
    const sharedState = shared;
    return {
      app,
      db,
      shared: sharedState,
      close() {
        closed ??= (async () => {
          await app.close();
          await sharedState.close();
          if (ownDb) await db.close();
        })();
        return closed;
      },
    };
  } catch (error) {
    await shared?.close();
    if (ownDb) await db.close();
    throw error;
  }
}
