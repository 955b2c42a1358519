/**
 * Open the database the configuration asks for — PostgreSQL when a URL is
 * given, else embedded PGlite — and migrate it to the newest schema. Each
 * backend's client library is loaded only when used.
 */
import { migrate } from './migrations.ts';
import type { SqlClient } from './sql-client.ts';

/** Where the data lives. */
export interface DatabaseOptions {
  /** `postgres://user[:pw]@host:port/db`; unset → PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; unset → in memory (empty at every start). */
  pgliteDir?: string | undefined;
  /** pg pool size (default 20). */
  poolSize?: number;
}

/**
 * Open and migrate. Closes the client again if migrating fails.
 * @throws ArenaError `ARENA_ERR_MIGRATION`; the driver's error when PostgreSQL is unreachable.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<SqlClient> {
  let client: SqlClient;
  if (options.databaseUrl) {
    const { createPgClient } = await import('./pg-client.ts');
    client = createPgClient(options.databaseUrl, { max: options.poolSize });
  } else {
    const { createPgliteClient } = await import('./pglite-client.ts');
    client = await createPgliteClient(options.pgliteDir);
  }
  try {
    await migrate(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
