// The clinic contract on embedded PGlite (in memory). PGlite runs inside this
// process, so there is no separate server to take down: the outage test runs on
// Redis and PostgreSQL only.
import { createPgliteStore, type ClinicStore } from '../src/index.ts';
import { defineClinicContract } from './contract/clinic-contract.ts';

let store: ClinicStore | undefined;

defineClinicContract({
  kind: 'pglite',
  async start() {
    store = await createPgliteStore();
    return store;
  },
  async stop() {
    await store?.close();
  },
});
