import type { Feeder } from '../data/feeder.ts';
import type { Duration } from '../duration.ts';
import type { HttpClient, HttpResponse } from '../http/client.ts';
import type { WaitTime } from './wait-time.ts';

/** What a task or hook receives: one virtual user's identity, HTTP client, checks and private state. */
export interface VuContext {
  /** 1-based number of this virtual user within its scenario. */
  readonly id: number;
  /** Name of the scenario this user runs (`"default"` for a single-scenario file). */
  readonly scenario: string;
  /** This user's HTTP client (with its own cookie jar): requests go to the run's host unless given a full URL. */
  readonly http: HttpClient;
  /** Free-form per-user state, kept across this user's iterations (e.g. a login token, ids it created). */
  readonly state: Record<string, unknown>;
  /**
   * Named boolean checks (k6 `check`): each predicate is counted pass/fail under its
   * name; a failing or throwing check never aborts the iteration.
   * @returns true when every check passed
   */
  check<T>(value: T, checks: Record<string, (value: T) => boolean>, tags?: Record<string, string>): boolean;
  /**
   * The next row of test data for this user. When a feeder with `onEnd: 'stop'`
   * runs dry, this ends the iteration quietly: a `sequential` feeder stops the
   * whole scenario, a `per-vu` one stops this user.
   */
  feed<T>(feeder: Feeder<T>): T;
}

/** A unit of user behaviour. Each iteration a VU picks one task at random, in proportion to `weight`. */
export interface TaskDefinition {
  /** Label for logs and errors; defaults to `task #<index>`. */
  name?: string;
  /** Relative frequency, a positive integer (Locust `@task(weight)`); default 1. */
  weight?: number;
  /** The behaviour; HTTP failures never throw, anything thrown is recorded as an exception. */
  run: (vu: VuContext) => unknown;
}

/**
 * One stage of a ramp: reach `target` (users, or iterations per `timeUnit`)
 * linearly over `duration` (k6), or by `until`, a time from the scenario's start
 * (Locust's StagesShape; strictly increasing).
 */
export type Stage = { duration: Duration; target: number } | { until: Duration; target: number };

/** What a shape function returns each second: users and spawn rate (closed), a rate (open), or nothing to stop. */
export type ShapeTick = { users: number; spawnRate: number } | { rate: number } | null | undefined;

/**
 * How a scenario generates load (k6 executors; Locust's users/spawn rate and LoadTestShape).
 * Closed model: a number of users each looping task + think time. Open model:
 * iterations start on a schedule whatever the latency, each on a free VU from a
 * pool (pre-allocated, growing up to `maxVUs`); with no free VU the iteration is dropped.
 */
export type ExecutorDefinition =
  | {
      executor: 'ramping-users';
      /** Target users (constant after the ramp). Either this or `stages`. */
      users?: number;
      /** Users started per second (when `users` is given). Default 1. */
      spawnRate?: number;
      /** Run time including the ramp (when `users` is given). */
      duration?: Duration;
      /** Users at the start when `stages` are given; default 0. */
      startUsers?: number;
      /** Linear ramps of the user count (k6 ramping-vus). */
      stages?: Stage[];
    }
  | {
      executor: 'constant-arrival-rate';
      /** Iterations started per `timeUnit`. */
      rate: number;
      /** Default `"1s"`. */
      timeUnit?: Duration;
      duration: Duration;
      preAllocatedVUs: number;
      /** Default `preAllocatedVUs`. */
      maxVUs?: number;
    }
  | {
      executor: 'ramping-arrival-rate';
      /** Rate at the start, per `timeUnit`; default 0. */
      startRate?: number;
      timeUnit?: Duration;
      stages: Stage[];
      preAllocatedVUs: number;
      maxVUs?: number;
    }
  | {
      executor: 'shape';
      /**
       * Called once a second with the time since the scenario started (Locust
       * `LoadTestShape.tick`); returns `{ users, spawnRate }`, `{ rate }` (per second), or null to stop.
       */
      shape: (elapsedMs: number) => ShapeTick;
      /** For `{ rate }` ticks. Default 10. */
      preAllocatedVUs?: number;
      maxVUs?: number;
    };

/** A threshold expression: `"p(95)<200"`, or with k6's options. */
export type ThresholdExpression =
  string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: Duration };

/** k6 thresholds: metric (with optional `{tag:value}` filter) → expressions. */
export type ThresholdsDefinition = Record<string, ThresholdExpression[]>;

/** Behaviour of one scenario: what each VU does. */
export interface BehaviourDefinition {
  /** Think time after each task (closed model only); default `constant(0)`. */
  waitTime?: WaitTime;
  /** Runs once per VU before its first task (Locust `on_start`), e.g. to log in. */
  onStart?: (vu: VuContext) => unknown;
  /** Runs once per VU when it stops, unless the stop is forced (Locust `on_stop`). */
  onStop?: (vu: VuContext) => unknown;
  /** Per-request timeout, default `"30s"`. */
  requestTimeout?: Duration;
  /** Tags added to every request of the scenario. */
  tags?: Record<string, string>;
  /** At least one task. */
  tasks: TaskDefinition[];
}

/** One named scenario of a multi-scenario test. */
export interface ScenarioEntry extends BehaviourDefinition {
  /** How load is generated. */
  executor: ExecutorDefinition;
  /** Delay from the start of the run before this scenario starts; default 0. */
  startTime?: Duration;
  /** Time running iterations get to finish when the scenario ends; default the run's `--grace`. */
  gracefulStop?: Duration;
}

/** Default load of a single-scenario file, overridden by environment variables and CLI flags. */
export interface LoadDefinition {
  /** Number of concurrent virtual users (closed model). Default 1. */
  users?: number;
  /** Users started per second until `users` run. Default 1. */
  spawnRate?: number;
  /** Run time from the start, including the ramp-up, e.g. `"2m"`. Default `"30s"`. */
  duration?: Duration;
}

/** A single-scenario file, as passed to {@link defineScenario}. */
export interface ScenarioDefinition extends BehaviourDefinition {
  /** Base URL of the service under test, e.g. `http://127.0.0.1:8888`; `--host` overrides it. */
  host?: string;
  /** Closed-model load (users, spawn rate, duration). Either this or `executor`. */
  load?: LoadDefinition;
  /** Any executor instead of `load`. */
  executor?: ExecutorDefinition;
  /** Pass/fail criteria (k6 syntax). */
  thresholds?: ThresholdsDefinition;
}

/** A multi-scenario file, as passed to {@link defineTest}. */
export interface TestDefinition {
  host?: string;
  thresholds?: ThresholdsDefinition;
  /** Scenario name → scenario; at least one. */
  scenarios: Record<string, ScenarioEntry>;
}

/**
 * Declares a single-scenario test with type checking; a scenario file's default export.
 * Returns its argument unchanged: validation happens when the file is loaded.
 * @example
 * export default defineScenario({
 *   host: 'http://127.0.0.1:8888',
 *   waitTime: between('200ms', '1s'),
 *   tasks: [{ weight: 3, run: (vu) => vu.http.get('/') }],
 * });
 */
export function defineScenario(definition: ScenarioDefinition): ScenarioDefinition {
  return definition;
}

/**
 * Declares a test of several scenarios run side by side, each with its own
 * executor, start time, tags and tasks (k6 `options.scenarios`).
 */
export function defineTest(definition: TestDefinition): TestDefinition {
  return definition;
}

/** Lets `validate` see the response type without importing the client. */
export type { HttpResponse };
