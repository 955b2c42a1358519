/**
 * Writes packages/perflab/schema/sim-model.schema.json from the zod schema of model files.
 *   npm run schema -w perflab
 * test/sim/model/json-schema.test.ts fails when the committed file differs from the generated one.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SIM_MODEL_SCHEMA_PATH, simModelJsonSchema } from '../src/sim/model/json-schema.ts';

const target = fileURLToPath(new URL(`../${SIM_MODEL_SCHEMA_PATH}`, import.meta.url));
writeFileSync(target, simModelJsonSchema());
console.log(`wrote ${target}`);
