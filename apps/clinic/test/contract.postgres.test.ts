// The clinic contract on a real PostgreSQL server (started and stopped by the test).
import { createPostgresStore, type ClinicStore } from '../src/index.ts';
import { defineClinicContract } from './contract/clinic-contract.ts';
import { startPostgresServer, type PostgresServer } from './helpers/postgres-server.ts';

let postgres: PostgresServer | undefined;
let store: ClinicStore | undefined;

defineClinicContract({
  kind: 'postgres',
  async start() {
    postgres = await startPostgresServer();
    store = await createPostgresStore(postgres.url);
    return store;
  },
  async stop() {
    await store?.close();
    await postgres?.stop();
  },
  outage: {
    down: async () => postgres?.shutdown(),
    up: async () => postgres?.restart(),
  },
});
