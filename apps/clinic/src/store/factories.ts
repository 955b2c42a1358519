/**
 * Store factories: one per backend, plus {@link createStoreFromEnv}, the single
 * place that picks a backend from the environment. Each backend's modules (and
 * its client library) are loaded only when that backend is used, to keep start-up
 * short.
 */
import { loadConfig } from '../config.ts';
import type { RedisStoreOptions } from './redis/redis-store.ts';
import type { ClinicStore } from './store.ts';

/** Options shared by the factories. */
export interface StoreFactoryOptions {
  /** Receives one line on connection loss/recovery or an unreachable store at start. */
  log?: (line: string) => void;
}

/**
 * A store on the Redis server at `url` (`redis://[user:pw@]host:port[/db]`), keeping
 * the original key layout. Returns even if Redis is down (answers 503 until it is up).
 */
export async function createRedisStore(url: string, options: RedisStoreOptions = {}): Promise<ClinicStore> {
  const { createRedisStore: create } = await import('./redis/redis-store.ts');
  return create(url, options);
}

/**
 * A store on the PostgreSQL server at `url` (`postgres://user[:pw]@host:port/db`),
 * through a `pg` pool of 10. Creates the schema on first contact; returns even if
 * the server is down (answers 503 until it is up).
 */
export async function createPostgresStore(
  url: string,
  options: StoreFactoryOptions = {},
): Promise<ClinicStore> {
  const [{ createPgClient }, { createSqlStore }] = await Promise.all([
    import('./sql/pg-client.ts'),
    import('./sql/sql-store.ts'),
  ]);
  return createSqlStore(createPgClient(url), options);
}

/**
 * A store on embedded PGlite: in memory when `dir` is undefined (empty at every
 * start), else persisted in directory `dir`. Start-up takes ≈1.5 s once a
 * template of a fresh cluster is cached in the temp dir, ≈5–10 s the first time.
 */
export async function createPgliteStore(dir?: string): Promise<ClinicStore> {
  const [{ createPgliteClient }, { createSqlStore }] = await Promise.all([
    import('./sql/pglite-client.ts'),
    import('./sql/sql-store.ts'),
  ]);
  return createSqlStore(await createPgliteClient(dir));
}

/**
 * Pick and open the store the environment asks for: `REDIS_URL` → Redis, else
 * `DATABASE_URL` → PostgreSQL, else PGlite (in `PGLITE_DIR`, or in memory).
 * @throws ClinicError `CLINIC_ERR_CONFIG` for malformed variables.
 */
export async function createStoreFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: StoreFactoryOptions = {},
): Promise<ClinicStore> {
  const { store } = loadConfig(env);
  switch (store.kind) {
    case 'redis':
      return createRedisStore(store.url, options);
    case 'postgres':
      return createPostgresStore(store.url, options);
    case 'pglite':
      return createPgliteStore(store.dir);
  }
}
