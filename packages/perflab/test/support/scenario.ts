import { parseScenario, type Scenario } from '../../src/scenario/schema.ts';
import type { ScenarioDefinition } from '../../src/scenario/define.ts';

/** Validates an inline scenario definition for a test (throws listing the problems). */
export function scenarioOf(definition: ScenarioDefinition): Scenario {
  const parsed = parseScenario(definition);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.scenario;
}
