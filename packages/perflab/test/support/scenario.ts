import type { ScenarioDefinition, TestDefinition } from '../../src/scenario/define.ts';
import { parseTestPlan, type TestPlan } from '../../src/scenario/schema.ts';

/**
 * Validates an inline scenario (or multi-scenario test) for a test, throwing the
 * problems; `load` (users, spawn rate, duration in ms) sets a closed-model load.
 */
export function planOf(
  definition: ScenarioDefinition | TestDefinition,
  load?: { users: number; spawnRate: number; durationMs: number },
): TestPlan {
  const withLoad = load
    ? { ...definition, load: { users: load.users, spawnRate: load.spawnRate, duration: load.durationMs } }
    : definition;
  const parsed = parseTestPlan(withLoad);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.plan;
}
