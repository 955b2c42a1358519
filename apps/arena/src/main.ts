/**
 * Process entry: `tsx src/main.ts` (or `node --import tsx apps/arena/src/main.ts`).
 * Reads the environment (see `config.ts`), opens the database and Redis,
 * listens, and prints exactly one line to stdout when ready:
 *
 *     arena listening on http://HOST:PORT (database: pglite|postgres, shared: memory|redis)
 *
 * SIGINT/SIGTERM close the server, Redis and the database, then the process
 * exits 0. Configuration errors print one line to stderr and exit 2.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config.ts';
import { ArenaError } from './errors.ts';
import { defaultWebRoot } from './http/web-routes.ts';
import { createArena } from './server.ts';

const warn = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.jwtSecret && config.redisUrl) {
    warn(
      'arena: JWT_SECRET is not set: tokens are signed with a random key and only this instance accepts them',
    );
  }
  const arena = await createArena(config, { log: warn, webRoot: defaultWebRoot() });
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    warn(`arena: ${signal} received, closing`);
    arena.close().catch((error: unknown) => {
      warn(`arena: error while closing: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  try {
    await arena.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await arena.close();
    throw error;
  }
  const { port } = arena.app.server.address() as AddressInfo;
  process.stdout.write(
    `arena listening on http://${config.host}:${port} (database: ${arena.db.kind}, shared: ${arena.shared.kind})\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ArenaError) {
    warn(`${error.code}: ${error.message}${error.hint ? ` ${error.hint}` : ''}`);
    process.exitCode = error.exitCode;
  } else {
    warn(
      `arena: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
});
