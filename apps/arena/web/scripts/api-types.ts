/**
 * Generates `web/src/api/schema.ts` — the TypeScript types of the arena API —
 * from the server's OpenAPI document (`GET /api/docs`) with openapi-typescript,
 * formatted with the repo's prettier settings. The document is taken from a
 * real arena (PGlite in memory) built in-process, so the types always match the
 * routes' zod schemas. `test/e2e/api-types.test.ts` checks that regenerating
 * gives the committed file.
 *
 *     npm run api-types -w @perflab/arena
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { loadConfig } from '../../src/config.ts';
import { createArena } from '../../src/server.ts';

/** Where the generated types live. */
export const API_TYPES_FILE = fileURLToPath(new URL('../src/api/schema.ts', import.meta.url));

/** The arena's OpenAPI document, from an in-process arena on in-memory PGlite. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const arena = await createArena(loadConfig({}));
  try {
    await arena.app.ready();
    return arena.app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await arena.close();
  }
}

/** The contents `schema.ts` must have: openapi-typescript's output, prettier-formatted. */
export async function generateApiTypes(): Promise<string> {
  const document = await openApiDocument();
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  const header =
    '// Generated from the arena OpenAPI document by `npm run api-types -w @perflab/arena`. Do not edit.\n';
  const options = (await prettier.resolveConfig(API_TYPES_FILE)) ?? {};
  return prettier.format(header + astToString(ast), { ...options, filepath: API_TYPES_FILE });
}

/** The committed file, or '' when missing. */
export async function committedApiTypes(): Promise<string> {
  return readFile(API_TYPES_FILE, 'utf8').catch(() => '');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(API_TYPES_FILE, await generateApiTypes());
  process.stdout.write(`wrote ${API_TYPES_FILE}\n`);
}
