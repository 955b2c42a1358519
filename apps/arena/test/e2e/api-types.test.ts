/** The committed API types (web/src/api/schema.ts) are what openapi-typescript makes of the server's OpenAPI document today. */
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, committedApiTypes, generateApiTypes } from '../../web/scripts/api-types.ts';

describe('web API types', () => {
  it('regenerating from /api/docs gives the committed schema.ts', async () => {
    const [fresh, committed] = await Promise.all([generateApiTypes(), committedApiTypes()]);
    expect(committed, `${API_TYPES_FILE} is stale: run \`npm run api-types -w @perflab/arena\``).toBe(fresh);
    expect(fresh).toContain("'/api/competitions/{competitionId}/field'");
    expect(fresh).toContain('FieldCard');
  });
});
