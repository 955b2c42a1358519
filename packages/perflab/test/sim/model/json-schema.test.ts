import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SIM_MODEL_SCHEMA_PATH, simModelJsonSchema } from '../../../src/sim/model/json-schema.ts';

const committed = fileURLToPath(new URL(`../../../${SIM_MODEL_SCHEMA_PATH}`, import.meta.url));

describe('published JSON Schema of simulation models', () => {
  it('is the one generated from the zod schema (run `npm run schema -w perflab` after changing it)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(simModelJsonSchema());
  });

  it('is strict and shares the time and distribution definitions', () => {
    const schema = JSON.parse(simModelJsonSchema()) as {
      $schema: string;
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { default?: unknown; $ref?: string }>;
      $defs: Record<
        string,
        { minProperties?: number; maxProperties?: number; additionalProperties?: boolean }
      >;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['workload', 'flows']);
    // Defaults are published, also on keys whose schema is a shared definition.
    expect(schema.properties.duration).toMatchObject({ $ref: '#/$defs/time', default: 600 });
    expect(schema.properties.seed!.default).toBe(1);
    expect(Object.keys(schema.$defs).sort()).toEqual(['distribution', 'taggedDistribution', 'time']);
    expect(schema.$defs.taggedDistribution).toMatchObject({
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
    });
  });
});
