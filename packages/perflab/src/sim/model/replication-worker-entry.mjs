// Simulation worker threads start here: register tsx so the TypeScript worker
// loads without a build step, as bin/perflab.js does.
import '../../register-tsx.mjs';

await import('./replication-worker.ts');
