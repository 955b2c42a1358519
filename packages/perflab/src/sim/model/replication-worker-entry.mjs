// Simulation worker threads start here: register tsx so the TypeScript worker
// loads without a build step, as bin/perflab.js does.
import { register } from 'tsx/esm/api';

register();
await import('./replication-worker.ts');
