// Slot threads of a distributed worker start here: register tsx so the TypeScript
// runner (and the shipped scenario file) load without a build step, as bin/perflab.js does.
import '../register-tsx.mjs';

await import('./slot-thread.ts');
