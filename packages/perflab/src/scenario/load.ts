import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerflabError } from '../errors.ts';
import { defaultExport } from '../module-default.ts';
import { parseTestPlan, type TestPlan } from './schema.ts';

/**
 * Imports a scenario file (TypeScript or JavaScript, no build step: the CLI runs
 * under tsx) and validates its default export (`defineScenario` or `defineTest`).
 * @param file path, relative to the current directory or absolute
 * @throws PerflabError `PERFLAB_ERR_SCENARIO_LOAD` when the file is missing or fails to import
 *   (syntax or runtime error), `PERFLAB_ERR_SCENARIO_INVALID` listing every schema problem
 */
export async function loadTestPlan(file: string): Promise<TestPlan> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new PerflabError('PERFLAB_ERR_SCENARIO_LOAD', `scenario ${file}: file not found`);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    // tsx compiles a .ts file as CommonJS outside a "type": "module" package; the ESM `perflab` then cannot load.
    const hint = /require\(\) ES Module|ERR_REQUIRE_ESM|ERR_REQUIRE_ASYNC_MODULE/.test(reason)
      ? 'name the file .mts, or add "type": "module" to the nearest package.json'
      : undefined;
    throw new PerflabError('PERFLAB_ERR_SCENARIO_LOAD', `scenario ${file}: failed to load: ${reason}`, hint, {
      cause: error,
    });
  }
  const exported = defaultExport(module);
  if (exported === undefined) {
    throw new PerflabError('PERFLAB_ERR_SCENARIO_INVALID', `scenario ${file}: no default export`);
  }
  const parsed = parseTestPlan(exported);
  if (!parsed.ok) {
    throw new PerflabError('PERFLAB_ERR_SCENARIO_INVALID', `scenario ${file}: ${parsed.problems.join('; ')}`);
  }
  return parsed.plan;
}
