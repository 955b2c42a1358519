import { performance } from 'node:perf_hooks';
import type { Http1Agent } from '../http/agent.ts';
import type { Feeder } from '../data/feeder.ts';
import { createHttpClient, type HttpClient, RunStoppedError, type RequestContext } from '../http/client.ts';
import type { MetricsStore } from '../metrics/store.ts';
import type { VuContext } from '../scenario/define.ts';
import type { Scenario, Task } from '../scenario/schema.ts';

/**
 * Picks tasks in proportion to their weights (Locust `@task(n)`: a task with
 * weight 3 runs three times as often as one with weight 1).
 */
export function weightedPicker(tasks: Task[], random: () => number = Math.random): () => Task {
  const cumulative: number[] = [];
  let total = 0;
  for (const task of tasks) cumulative.push((total += task.weight));
  return () => {
    const x = random() * total;
    let i = 0;
    while (cumulative[i]! <= x) i++;
    return tasks[i]!;
  };
}

/** One weighted picker per task list: every VU of a scenario shares it. */
const pickers = new WeakMap<Task[], () => Task>();

function pickerOf(tasks: Task[]): () => Task {
  let pick = pickers.get(tasks);
  if (pick === undefined) pickers.set(tasks, (pick = weightedPicker(tasks)));
  return pick;
}

/**
 * Ends a closed-model user: after its current task, or at once during its think
 * time. One small object per user instead of an AbortController, and a think
 * time costs one timer (no abort listener).
 */
export class Stopper {
  stopped = false;
  private wake: (() => void) | undefined = undefined;
  private timer: NodeJS.Timeout | undefined = undefined;

  /** Resolves after `ms`, or at once when stopped meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** What scenario code sees as `vu`: methods on the prototype, per-user data in fields. */
class UserContext implements VuContext {
  readonly state: Record<string, unknown> = {};

  constructor(
    readonly id: number,
    readonly scenario: string,
    readonly http: HttpClient,
    private readonly deps: VirtualUserDeps,
  ) {}

  check<T>(value: T, checks: Record<string, (value: T) => boolean>, tags?: Record<string, string>): boolean {
    let all = true;
    for (const [name, predicate] of Object.entries(checks)) {
      let passed: boolean;
      try {
        passed = Boolean(predicate(value));
      } catch {
        passed = false;
      }
      this.deps.store.recordCheck(name, passed, this.scenario, tags);
      all &&= passed;
    }
    return all;
  }

  feed<T>(feeder: Feeder<T>): T {
    const row = feeder.next(this.id);
    if (row === undefined) throw new DataExhausted(feeder.exhausted ? 'scenario' : 'vu');
    return row;
  }
}

/** Thrown by `vu.feed()` when a feeder ran dry: ends this user, or (`scenario`) the whole scenario. */
class DataExhausted extends Error {
  constructor(readonly scope: 'vu' | 'scenario') {
    super('test data exhausted');
  }
}

/** How a call into scenario code ended. */
type Outcome = 'ok' | 'forced' | 'stopped';

/** What a virtual user needs from its run. */
export interface VirtualUserDeps {
  scenario: Scenario;
  host: string;
  transport: Http1Agent;
  store: MetricsStore;
  /** Aborted on a forced stop: requests in flight are then abandoned, not recorded. */
  hardStop: AbortSignal;
  /** True in the open model: latency is then measured from each iteration's intended start. */
  openModel: boolean;
  /** Ends the scenario (no new iterations), e.g. when a feeder with `onEnd: 'stop'` runs dry. */
  stopScenario: () => void;
}

/**
 * One virtual user: its context (id, HTTP client, state, checks), `onStart`,
 * iterations (one weighted task each) and `onStop`. Errors thrown by scenario
 * code are recorded as exceptions and the user carries on, as Locust does.
 */
export class VirtualUser {
  readonly context: VuContext;
  /** Shared with this user's HTTP client: the current iteration's coordinated-omission lag. */
  private readonly request: RequestContext;
  private readonly pick: () => Task;
  private started = false;
  /** Set when test data ran out: the user does no more iterations. */
  private retired = false;

  constructor(
    readonly id: number,
    private readonly deps: VirtualUserDeps,
  ) {
    const { scenario } = deps;
    this.request = { lagUs: 0, scenario: scenario.name, tags: scenario.tags, openModel: deps.openModel };
    this.pick = pickerOf(scenario.tasks);
    const http = createHttpClient({
      host: deps.host,
      transport: deps.transport,
      timeoutMs: scenario.requestTimeoutMs,
      stopSignal: deps.hardStop,
      store: deps.store,
      context: this.request,
    });
    this.context = new UserContext(id, scenario.name, http, deps);
  }

  /** True once this user stopped for good (its test data ran out). */
  get isRetired(): boolean {
    return this.retired;
  }

  /** Runs `onStart` once. @returns false when the user cannot go on (forced stop, data exhausted) */
  async start(): Promise<boolean> {
    this.started = true;
    return !this.deps.scenario.onStart || (await this.call(this.deps.scenario.onStart)) === 'ok';
  }

  /**
   * Runs one iteration: a task picked by weight. `intendedStart` (performance.now()
   * ms) is when the open model scheduled it; latencies then include the lag.
   * @returns the iteration's duration in ms, or undefined when the user cannot go on
   *   (force-stopped, or its test data ran out: then `isRetired`)
   */
  async iterate(intendedStart?: number): Promise<number | undefined> {
    const start = performance.now();
    this.request.lagUs = intendedStart === undefined ? 0 : Math.max(0, start - intendedStart) * 1000;
    const outcome = await this.call(this.pick().run);
    if (outcome !== 'ok') return undefined;
    const durationMs = performance.now() - (intendedStart ?? start);
    this.deps.store.recordIteration(this.deps.scenario.name, durationMs);
    return durationMs;
  }

  /** Runs `onStop` if `onStart` ran. */
  async finish(): Promise<void> {
    if (this.started && this.deps.scenario.onStop) await this.call(this.deps.scenario.onStop);
  }

  /**
   * The closed-model life: `onStart`, then iteration / think time until
   * `stopper.stop()`, then `onStop`. A stop ends a think time at once and lets
   * a running task finish.
   */
  async runClosedLoop(stopper: Stopper): Promise<void> {
    if (!(await this.start())) {
      if (this.retired) await this.finish();
      return;
    }
    while (!stopper.stopped) {
      const taskMs = await this.iterate();
      if (taskMs === undefined) {
        if (this.retired) break;
        return;
      }
      if (stopper.stopped) break;
      const waitMs = this.deps.scenario.waitTime(taskMs);
      if (waitMs > 0) await stopper.sleep(waitMs);
    }
    await this.finish();
  }

  /** Calls scenario code; 'forced' = the run was force-stopped, 'stopped' = test data ran out. */
  private async call(fn: (vu: VuContext) => unknown): Promise<Outcome> {
    try {
      await fn(this.context);
      return 'ok';
    } catch (error) {
      if (error instanceof RunStoppedError) return 'forced';
      if (error instanceof DataExhausted) {
        this.retired = true;
        if (error.scope === 'scenario') this.deps.stopScenario();
        return 'stopped';
      }
      this.deps.store.recordException(error);
      return 'ok';
    }
  }
}
