// Worker threads start here: register tsx so the TypeScript worker (and the
// user's scenario file) load without a build step, as bin/perflab.js does.
import '../../register-tsx.mjs';

await import('./worker-main.ts');
