import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Http1Agent } from '../http/agent.ts';
import type { Feeder } from '../data/feeder.ts';
import { createHttpClient, RunStoppedError, type RequestContext } from '../http/client.ts';
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
    const { scenario, store } = deps;
    this.request = { lagUs: 0, scenario: scenario.name, tags: scenario.tags, openModel: deps.openModel };
    this.pick = weightedPicker(scenario.tasks);
    const http = createHttpClient({
      host: deps.host,
      transport: deps.transport,
      timeoutMs: scenario.requestTimeoutMs,
      stopSignal: deps.hardStop,
      record: (sample) => store.record(sample),
      context: this.request,
    });
    this.context = {
      id,
      scenario: scenario.name,
      http,
      state: {},
      check: (value, checks, tags) => {
        let all = true;
        for (const [name, predicate] of Object.entries(checks)) {
          let passed: boolean;
          try {
            passed = Boolean(predicate(value));
          } catch {
            passed = false;
          }
          store.recordCheck(name, passed, scenario.name, tags);
          all &&= passed;
        }
        return all;
      },
      feed: <T>(feeder: Feeder<T>): T => {
        const row = feeder.next(id);
        if (row === undefined) throw new DataExhausted(feeder.exhausted ? 'scenario' : 'vu');
        return row;
      },
    };
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
   * The closed-model life: `onStart`, then iteration / think time until `stop`
   * aborts, then `onStop`. A stop ends a think time at once and lets a running
   * task finish.
   */
  async runClosedLoop(stop: AbortSignal): Promise<void> {
    if (!(await this.start())) {
      if (this.retired) await this.finish();
      return;
    }
    while (!stop.aborted) {
      const taskMs = await this.iterate();
      if (taskMs === undefined) {
        if (this.retired) break;
        return;
      }
      if (stop.aborted) break;
      const waitMs = this.deps.scenario.waitTime(taskMs);
      if (waitMs > 0) {
        try {
          await sleep(waitMs, undefined, { signal: stop });
        } catch {
          break; // stop requested during think time
        }
      }
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
