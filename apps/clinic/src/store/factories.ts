/**
 * Store factories: one per backend, plus {@link createStoreFromEnv}, the single
 * place that picks a backend from the environment.
 */
import { loadConfig } from '../config.ts';
import { createRedisStore } from './redis/redis-store.ts';
import { createPgClient } from './sql/pg-client.ts';
import { createPgliteClient } from './sql/pglite-client.ts';
import { createSqlStore } from './sql/sql-store.ts';
import type { ClinicStore } from './store.ts';

export { createRedisStore };

/** Options shared by the factories. */
export interface StoreFactoryOptions {
  /** Receives one line on connection loss/recovery or an unreachable store at start. */
  log?: (line: string) => void;
}

/**
 * A store on the PostgreSQL server at `url` (`postgres://user[:pw]@host:port/db`),
 * through a `pg` pool of 10. Creates the schema on first contact.
 */
export async function createPostgresStore(
  url: string,
  options: StoreFactoryOptions = {},
): Promise<ClinicStore> {
  return createSqlStore(createPgClient(url), options);
}

/**
 * A store on embedded PGlite: in memory when `dir` is undefined, else persisted in
 * directory `dir`. Takes a few seconds (WASM start-up).
 */
export async function createPgliteStore(dir?: string): Promise<ClinicStore> {
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
