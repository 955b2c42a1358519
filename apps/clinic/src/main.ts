/**
 * Process entry: `tsx src/main.ts` (or `node --import tsx apps/clinic/src/main.ts`).
 * Reads the environment (see `config.ts`), opens the store, listens, and prints
 * exactly one line to stdout when ready:
 *
 *     clinic listening on http://HOST:PORT (store: pglite|redis|postgres)
 *
 * SIGINT/SIGTERM close the server and the store, then the process exits 0.
 * Configuration errors print one line to stderr and exit 2.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { ClinicError } from './errors.ts';
import { createStoreFromEnv } from './store/factories.ts';

const warn = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = await createStoreFromEnv(process.env, { log: warn });
  const app = await buildApp({ store, logger: config.logLevel !== undefined, logLevel: config.logLevel });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    warn(`clinic: ${signal} received, closing`);
    app
      .close()
      .then(() => store.close())
      .catch((error: unknown) => {
        warn(`clinic: error while closing: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  process.stdout.write(`clinic listening on http://${config.host}:${port} (store: ${store.kind})\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ClinicError) {
    warn(`${error.code}: ${error.message}${error.hint ? ` ${error.hint}` : ''}`);
    process.exitCode = error.exitCode;
  } else {
    warn(
      `clinic: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
});
