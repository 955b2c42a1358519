import type { Duration } from '../duration.ts';
import type { HttpClient } from '../http/client.ts';
import type { WaitTime } from './wait-time.ts';

/** What a task or hook receives: one virtual user's identity, HTTP client and private state. */
export interface VuContext {
  /** 1-based number of this virtual user within the run. */
  readonly id: number;
  /** This user's HTTP client: requests go to the run's host unless given a full URL. */
  readonly http: HttpClient;
  /** Free-form per-user state, kept across this user's tasks (e.g. ids it created). */
  readonly state: Record<string, unknown>;
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

/** Default load, overridden by environment variables and CLI flags. */
export interface LoadDefinition {
  /** Number of concurrent virtual users (closed model). Default 1. */
  users?: number;
  /** Users started per second until `users` run. Default 1. */
  spawnRate?: number;
  /** Run time from the start, including the ramp-up, e.g. `"2m"`. Default `"30s"`. */
  duration?: Duration;
}

/** A scenario as written in a scenario file and passed to {@link defineScenario}. */
export interface ScenarioDefinition {
  /** Base URL of the service under test, e.g. `http://127.0.0.1:8888`; `--host` overrides it. */
  host?: string;
  /** Default load. */
  load?: LoadDefinition;
  /** Think time after each task; default `constant(0)`. See `between`, `constant`, `constantPacing`. */
  waitTime?: WaitTime;
  /** Runs once per VU before its first task (Locust `on_start`), e.g. to log in. */
  onStart?: (vu: VuContext) => unknown;
  /** Runs once per VU when it stops, unless the stop is forced (Locust `on_stop`). */
  onStop?: (vu: VuContext) => unknown;
  /** Per-request timeout, default `"30s"`. */
  requestTimeout?: Duration;
  /** At least one task. */
  tasks: TaskDefinition[];
}

/**
 * Declares a scenario with type checking; a scenario file's default export.
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
