// Worker threads start here: register tsx so the TypeScript worker (and the
// user's scenario file) load without a build step, as bin/perflab.js does.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
