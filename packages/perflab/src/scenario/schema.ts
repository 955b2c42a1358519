import { z } from 'zod';
import { type Duration, parseDuration } from '../duration.ts';
import { parseThresholds } from '../thresholds/parse.ts';
import type { Threshold } from '../thresholds/threshold.ts';
import type { ShapeTick, TaskDefinition, VuContext } from './define.ts';
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
const ms = (value: Duration) => parseDuration(value, 'duration');

const url = z.string().refine((value) => /^https?:\/\/[^/]+/.test(value) && URL.canParse(value), {
  message: 'must be an http:// or https:// URL',
});

const positive = z.number().positive();
const count = z.number().int().nonnegative();

/**
 * Stages as k6 writes them (`{ duration, target }`, each relative to the previous)
 * or as Locust's StagesShape does (`{ until, target }`, end times from the scenario
 * start, strictly increasing).
 */
const stages = z
  .array(
    z.union([
      z.strictObject({ duration, target: z.number().nonnegative() }),
      z.strictObject({ until: duration, target: z.number().nonnegative() }),
    ]),
  )
  .min(1, 'needs at least one stage')
  .superRefine((list, ctx) => {
    let previousEnd = 0;
    list.forEach((stage, index) => {
      if ('until' in stage) {
        const end = ms(stage.until);
        if (end <= previousEnd) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'until'],
            message: `stages out of order: ${JSON.stringify(stage.until)} is not after the previous stage's end (${previousEnd} ms)`,
          });
        }
        previousEnd = Math.max(previousEnd, end);
      } else {
        if (ms(stage.duration) <= 0) {
          ctx.addIssue({ code: 'custom', path: [index, 'duration'], message: 'must be longer than 0' });
        }
        previousEnd += ms(stage.duration);
      }
    });
  });

const pool = {
  preAllocatedVUs: z.number().int().positive(),
  maxVUs: z.number().int().positive().optional(),
};

const executorSchema = z
  .discriminatedUnion('executor', [
    z
      .strictObject({
        executor: z.literal('ramping-users'),
        users: z.number().int().positive().optional(),
        spawnRate: positive.optional(),
        duration: duration.optional(),
        startUsers: count.optional(),
        stages: stages.optional(),
      })
      .superRefine((e, ctx) => {
        if ((e.users === undefined) === (e.stages === undefined)) {
          ctx.addIssue({
            code: 'custom',
            message: 'give either users (with spawnRate and duration) or stages',
          });
        }
        if (e.stages && (e.spawnRate !== undefined || e.duration !== undefined)) {
          ctx.addIssue({ code: 'custom', message: 'spawnRate and duration go with users, not with stages' });
        }
      }),
    z.strictObject({
      executor: z.literal('constant-arrival-rate'),
      rate: positive,
      timeUnit: duration.optional(),
      duration,
      ...pool,
    }),
    z.strictObject({
      executor: z.literal('ramping-arrival-rate'),
      startRate: z.number().nonnegative().optional(),
      timeUnit: duration.optional(),
      stages,
      ...pool,
    }),
    z.strictObject({
      executor: z.literal('shape'),
      shape: fn<(elapsedMs: number) => ShapeTick>('shape'),
      preAllocatedVUs: z.number().int().positive().optional(),
      maxVUs: z.number().int().positive().optional(),
    }),
  ])
  .superRefine((e, ctx) => {
    if (
      'maxVUs' in e &&
      e.maxVUs !== undefined &&
      e.preAllocatedVUs !== undefined &&
      e.maxVUs < e.preAllocatedVUs
    ) {
      ctx.addIssue({ code: 'custom', path: ['maxVUs'], message: 'must be at least preAllocatedVUs' });
    }
  });

const tags = z.record(z.string(), z.string());

const thresholds = z.record(
  z.string(),
  z.array(
    z.union([
      z.string(),
      z.strictObject({
        threshold: z.string(),
        abortOnFail: z.boolean().optional(),
        delayAbortEval: duration.optional(),
      }),
    ]),
  ),
);

const behaviour = {
  waitTime: fn<WaitTime>('waitTime').optional(),
  onStart: fn<(vu: VuContext) => unknown>('onStart').optional(),
  onStop: fn<(vu: VuContext) => unknown>('onStop').optional(),
  requestTimeout: duration.optional(),
  tags: tags.optional(),
  tasks: z
    .array(
      z.strictObject({
        name: z.string().min(1).optional(),
        weight: z.number().int().positive().optional(),
        run: fn<TaskDefinition['run']>('run'),
      }),
    )
    .min(1, 'needs at least one task'),
};

const singleScenarioSchema = z
  .strictObject({
    host: url.optional(),
    load: z
      .strictObject({
        users: z.number().int().positive().optional(),
        spawnRate: positive.optional(),
        duration: duration.optional(),
      })
      .optional(),
    executor: executorSchema.optional(),
    thresholds: thresholds.optional(),
    ...behaviour,
  })
  .refine((s) => !(s.load && s.executor), { message: 'give either load or executor, not both' });

const scenarioNameRule = /^[A-Za-z0-9_-]+$/;

const testSchema = z.strictObject({
  host: url.optional(),
  thresholds: thresholds.optional(),
  scenarios: z
    .record(
      z.string().regex(scenarioNameRule, 'scenario names use letters, digits, _ and -'),
      z.strictObject({
        executor: executorSchema,
        startTime: duration.optional(),
        gracefulStop: duration.optional(),
        ...behaviour,
      }),
    )
    .refine((s) => Object.keys(s).length > 0, { message: 'needs at least one scenario' }),
});

/** A task after validation: name and weight filled in. */
export interface Task {
  name: string;
  weight: number;
  run: (vu: VuContext) => unknown;
}

/** A stage in ms: reach `target` linearly over `durationMs`. */
export interface StageMs {
  durationMs: number;
  target: number;
}

/** An executor after validation: durations in ms, defaults applied. */
export type ExecutorConfig =
  | {
      type: 'ramping-users';
      /** Present for the users/spawn-rate/duration form (CLI flags may override it). */
      constant?: { users: number; spawnRate: number; durationMs: number };
      startUsers: number;
      /** Present for the stages form. */
      stages?: StageMs[];
    }
  | {
      type: 'constant-arrival-rate';
      /** Iterations per second. */
      ratePerSecond: number;
      durationMs: number;
      preAllocatedVUs: number;
      maxVUs: number;
    }
  | {
      type: 'ramping-arrival-rate';
      /** Iterations per second at the start. */
      startRatePerSecond: number;
      /** Targets in iterations per second. */
      stages: StageMs[];
      preAllocatedVUs: number;
      maxVUs: number;
    }
  | {
      type: 'shape';
      shape: (elapsedMs: number) => ShapeTick;
      preAllocatedVUs: number;
      maxVUs: number;
    };

/** A validated scenario with defaults applied. Durations in ms. */
export interface Scenario {
  name: string;
  executor: ExecutorConfig;
  startTimeMs: number;
  /** Grace period for this scenario; undefined = the run's. */
  gracefulStopMs: number | undefined;
  waitTime: WaitTime;
  onStart: ((vu: VuContext) => unknown) | undefined;
  onStop: ((vu: VuContext) => unknown) | undefined;
  requestTimeoutMs: number;
  tags: Record<string, string>;
  tasks: Task[];
}

/** A validated scenario file: one or more scenarios run side by side. */
export interface TestPlan {
  host: string | undefined;
  /** Parsed k6 thresholds. */
  thresholds: Threshold[];
  scenarios: Scenario[];
  /** True when the file used `defineScenario` (one scenario named `default`). */
  single: boolean;
}

/** Defaults a scenario gets for whatever it leaves out. */
export const SCENARIO_DEFAULTS = {
  users: 1,
  spawnRate: 1,
  duration: '30s' as Duration,
  requestTimeout: '30s' as Duration,
  /** Open-model pool for shape executors. */
  preAllocatedVUs: 10,
};

type Parsed = { ok: true; plan: TestPlan } | { ok: false; problems: string[] };

/**
 * Validates a scenario file's default export — a {@link defineScenario} or a
 * {@link defineTest} object — and applies defaults.
 * @returns the plan, or every problem found as `path: message` lines
 */
export function parseTestPlan(value: unknown): Parsed {
  const multi = typeof value === 'object' && value !== null && 'scenarios' in value;
  const result = multi ? testSchema.safeParse(value) : singleScenarioSchema.safeParse(value);
  // Threshold expressions are checked even when the rest is invalid, so every problem shows at once.
  const rawThresholds =
    typeof value === 'object' && value !== null ? (value as { thresholds?: unknown }).thresholds : undefined;
  const parsedThresholds = parseThresholds(rawThresholds ?? {});
  const problems = result.success
    ? []
    : result.error.issues
        .filter((issue) => issue.path[0] !== 'thresholds' || parsedThresholds.ok)
        .map((issue) => `${issue.path.join('.') || '(scenario)'}: ${issue.message}`);
  if (!parsedThresholds.ok) problems.push(...parsedThresholds.problems);
  if (!result.success || !parsedThresholds.ok) return { ok: false, problems };
  const thresholds = parsedThresholds.thresholds;
  if ('scenarios' in result.data) {
    const def = result.data;
    return {
      ok: true,
      plan: {
        host: def.host,
        thresholds,
        single: false,
        scenarios: Object.entries(def.scenarios).map(([name, s]) =>
          normaliseScenario(name, s, normaliseExecutor(s.executor), s.startTime, s.gracefulStop),
        ),
      },
    };
  }
  const def = result.data;
  const executor: ExecutorConfig = def.executor
    ? normaliseExecutor(def.executor)
    : {
        type: 'ramping-users',
        startUsers: 0,
        constant: {
          users: def.load?.users ?? SCENARIO_DEFAULTS.users,
          spawnRate: def.load?.spawnRate ?? SCENARIO_DEFAULTS.spawnRate,
          durationMs: ms(def.load?.duration ?? SCENARIO_DEFAULTS.duration),
        },
      };
  return {
    ok: true,
    plan: {
      host: def.host,
      thresholds,
      single: true,
      scenarios: [normaliseScenario('default', def, executor, undefined, undefined)],
    },
  };
}

function normaliseScenario(
  name: string,
  def: z.infer<z.ZodObject<typeof behaviour>>,
  executor: ExecutorConfig,
  startTime: Duration | undefined,
  gracefulStop: Duration | undefined,
): Scenario {
  return {
    name,
    executor,
    startTimeMs: startTime === undefined ? 0 : ms(startTime),
    gracefulStopMs: gracefulStop === undefined ? undefined : ms(gracefulStop),
    waitTime: def.waitTime ?? constant(0),
    onStart: def.onStart,
    onStop: def.onStop,
    requestTimeoutMs: ms(def.requestTimeout ?? SCENARIO_DEFAULTS.requestTimeout),
    tags: def.tags ?? {},
    tasks: def.tasks.map((task, index) => ({
      name: task.name ?? `task #${index + 1}`,
      weight: task.weight ?? 1,
      run: task.run,
    })),
  };
}

function normaliseStages(list: z.infer<typeof stages>): StageMs[] {
  let previousEnd = 0;
  return list.map((stage) => {
    const durationMs = 'until' in stage ? ms(stage.until) - previousEnd : ms(stage.duration);
    previousEnd += durationMs;
    return { durationMs, target: stage.target };
  });
}

function normaliseExecutor(e: z.infer<typeof executorSchema>): ExecutorConfig {
  switch (e.executor) {
    case 'ramping-users':
      return e.stages
        ? { type: 'ramping-users', startUsers: e.startUsers ?? 0, stages: normaliseStages(e.stages) }
        : {
            type: 'ramping-users',
            startUsers: e.startUsers ?? 0,
            constant: {
              users: e.users!,
              spawnRate: e.spawnRate ?? SCENARIO_DEFAULTS.spawnRate,
              durationMs: ms(e.duration ?? SCENARIO_DEFAULTS.duration),
            },
          };
    case 'constant-arrival-rate': {
      const perSecond = 1000 / ms(e.timeUnit ?? '1s');
      return {
        type: 'constant-arrival-rate',
        ratePerSecond: e.rate * perSecond,
        durationMs: ms(e.duration),
        preAllocatedVUs: e.preAllocatedVUs,
        maxVUs: e.maxVUs ?? e.preAllocatedVUs,
      };
    }
    case 'ramping-arrival-rate': {
      const perSecond = 1000 / ms(e.timeUnit ?? '1s');
      return {
        type: 'ramping-arrival-rate',
        startRatePerSecond: (e.startRate ?? 0) * perSecond,
        stages: normaliseStages(e.stages).map((s) => ({ ...s, target: s.target * perSecond })),
        preAllocatedVUs: e.preAllocatedVUs,
        maxVUs: e.maxVUs ?? e.preAllocatedVUs,
      };
    }
    case 'shape': {
      const preAllocatedVUs = e.preAllocatedVUs ?? SCENARIO_DEFAULTS.preAllocatedVUs;
      return {
        type: 'shape',
        shape: e.shape,
        preAllocatedVUs,
        maxVUs: e.maxVUs ?? Math.max(preAllocatedVUs, 1000),
      };
    }
  }
}
