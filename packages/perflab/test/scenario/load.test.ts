import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PerflabError } from '../../src/errors.ts';
import { loadTestPlan } from '../../src/scenario/load.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

async function loadError(file: string): Promise<PerflabError> {
  const error = await loadTestPlan(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PerflabError);
  return error as PerflabError;
}

describe('loadScenario', () => {
  it('loads a TypeScript scenario and applies defaults', async () => {
    const plan = await loadTestPlan(fixture('valid.scenario.ts'));
    expect(plan.host).toBe('http://127.0.0.1:1');
    expect(plan.single).toBe(true);
    const scenario = plan.scenarios[0]!;
    expect(scenario.name).toBe('default');
    expect(scenario.executor).toEqual({
      type: 'ramping-users',
      startUsers: 0,
      constant: { users: 3, spawnRate: 2, durationMs: 120_000 },
    });
    expect(scenario.requestTimeoutMs).toBe(30_000);
    expect(scenario.tasks.map((t) => [t.name, t.weight])).toEqual([
      ['task #1', 2],
      ['second', 1],
    ]);
    const wait = scenario.waitTime(0);
    expect(wait).toBeGreaterThanOrEqual(100);
    expect(wait).toBeLessThanOrEqual(200);
  });

  it('reports every schema problem at once, naming the file (exit code 2)', async () => {
    const error = await loadError(fixture('invalid.scenario.ts'));
    expect(error.code).toBe('PERFLAB_ERR_SCENARIO_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('invalid.scenario.ts');
    expect(error.message).toMatch(/tasks\.0\.weight: /);
    expect(error.message).toMatch(/load\.duration: "soon" is not a duration/);
    expect(error.message).toMatch(/thinkTime/);
  });

  it('names the file and the problem when it does not compile', async () => {
    const error = await loadError(fixture('syntax-error.scenario.ts'));
    expect(error.code).toBe('PERFLAB_ERR_SCENARIO_LOAD');
    expect(error.message).toContain('syntax-error.scenario.ts');
    expect(error.message).toMatch(/failed to load/);
  });

  it('rejects a missing file and a file without a default export', async () => {
    expect((await loadError('nope/missing.scenario.ts')).message).toBe(
      'scenario nope/missing.scenario.ts: file not found',
    );
    expect((await loadError(fixture('no-default.scenario.ts'))).message).toMatch(/no default export/);
  });
});
