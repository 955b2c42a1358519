import { z } from 'zod';
import { simModelSchema } from './schema.ts';

/** Where the published JSON Schema of model files lives, relative to packages/perflab. */
export const SIM_MODEL_SCHEMA_PATH = 'schema/sim-model.schema.json';

/**
 * The JSON Schema (draft 2020-12) of a simulation model file as written — generated from
 * {@link simModelSchema} by zod's `z.toJSONSchema` (input side: defaults shown, optional keys optional).
 * Cross-component checks (references, weights summing to 1, files) are not expressible there;
 * `loadSimModel` makes them.
 * @returns the file's text: pretty-printed JSON with a final newline
 */
export function simModelJsonSchema(): string {
  const schema = z.toJSONSchema(simModelSchema, {
    io: 'input',
    target: 'draft-2020-12',
    // zod leaves out the default of a key whose schema is a $ref (times, distributions): put it back.
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type: string; defaultValue?: unknown };
      if ((def.type === 'default' || def.type === 'prefault') && !('default' in ctx.jsonSchema)) {
        ctx.jsonSchema.default = def.defaultValue;
      }
    },
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
