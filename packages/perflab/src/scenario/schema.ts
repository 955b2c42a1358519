import { z } from 'zod';
import type { Duration } from '../duration.ts';
import { parseDuration } from '../duration.ts';
import type { ScenarioDefinition, TaskDefinition, VuContext } from './define.ts';
import { constant, type WaitTime } from './wait-time.ts';

const fn = <T>(what: string) =>
  z.custom<T>((value) => typeof value === 'function', { message: `${what} must be a function` });

const duration = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  try {
    parseDuration(value, 'duration');
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a duration (e.g. 500, "90s", "2m")`,
    });
  }
});

const url = z.string().refine((value) => /^https?:\/\/[^/]+/.test(value) && URL.canParse(value), {
  message: 'must be an http:// or https:// URL',
});

/** The scenario file schema (strict: unknown keys are errors). */
export const scenarioSchema = z.strictObject({
  host: url.optional(),
  load: z
    .strictObject({
      users: z.number().int().positive().optional(),
      spawnRate: z.number().positive().optional(),
      duration: duration.optional(),
    })
    .optional(),
  waitTime: fn<WaitTime>('waitTime').optional(),
  onStart: fn<ScenarioDefinition['onStart']>('onStart').optional(),
  onStop: fn<ScenarioDefinition['onStop']>('onStop').optional(),
  requestTimeout: duration.optional(),
  tasks: z
    .array(
      z.strictObject({
        name: z.string().min(1).optional(),
        weight: z.number().int().positive().optional(),
        run: fn<TaskDefinition['run']>('run'),
      }),
    )
    .min(1, 'needs at least one task'),
});

/** A task after validation: name and weight filled in. */
export interface Task {
  name: string;
  weight: number;
  run: (vu: VuContext) => unknown;
}

/** A validated scenario with defaults applied. Durations in ms. */
export interface Scenario {
  host: string | undefined;
  load: { users: number; spawnRate: number; durationMs: number };
  waitTime: WaitTime;
  onStart: ((vu: VuContext) => unknown) | undefined;
  onStop: ((vu: VuContext) => unknown) | undefined;
  requestTimeoutMs: number;
  tasks: Task[];
}

/** Defaults a scenario gets for whatever it leaves out. */
export const SCENARIO_DEFAULTS = {
  users: 1,
  spawnRate: 1,
  duration: '30s' as Duration,
  requestTimeout: '30s' as Duration,
};

/**
 * Validates a scenario definition and applies defaults.
 * @returns the scenario, or every problem found as `path: message` lines
 */
export function parseScenario(
  value: unknown,
): { ok: true; scenario: Scenario } | { ok: false; problems: string[] } {
  const result = scenarioSchema.safeParse(value);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map(
        (issue) => `${issue.path.join('.') || '(scenario)'}: ${issue.message}`,
      ),
    };
  }
  const def = result.data;
  return {
    ok: true,
    scenario: {
      host: def.host,
      load: {
        users: def.load?.users ?? SCENARIO_DEFAULTS.users,
        spawnRate: def.load?.spawnRate ?? SCENARIO_DEFAULTS.spawnRate,
        durationMs: parseDuration(def.load?.duration ?? SCENARIO_DEFAULTS.duration, 'load.duration'),
      },
      waitTime: def.waitTime ?? constant(0),
      onStart: def.onStart,
      onStop: def.onStop,
      requestTimeoutMs: parseDuration(
        def.requestTimeout ?? SCENARIO_DEFAULTS.requestTimeout,
        'requestTimeout',
      ),
      tasks: def.tasks.map((task, index) => ({
        name: task.name ?? `task #${index + 1}`,
        weight: task.weight ?? 1,
        run: task.run,
      })),
    },
  };
}
