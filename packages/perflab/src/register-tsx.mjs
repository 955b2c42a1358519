// Registers tsx for the ES module and CommonJS loaders, so perflab's TypeScript
// sources and users' scenario and model files load without a build step — also a
// .ts file outside a "type": "module" package, which Node loads as CommonJS.
// bin/perflab.js and every worker thread's entry import this first.
import { register as registerCommonJs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCommonJs();
