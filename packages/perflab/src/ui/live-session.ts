import { z } from 'zod';
import { PerflabError } from '../errors.ts';
import { UsersControl } from '../load/executors/users-control.ts';
import { localDriver } from '../load/local-driver.ts';
import { runLoadTest } from '../load/run.ts';
import type { MetricsStore } from '../metrics/store.ts';
import { buildResultsDocument, type ResultsDocument } from '../output/json.ts';
import type { Reporter, RunInfo, RunResult } from '../output/reporter.ts';
import type { LiveState, LiveStatus } from '../report/dashboard-data.ts';
import type { TestPlan } from '../scenario/schema.ts';
import { thresholdGate } from '../thresholds/gate.ts';
import type { ThresholdGate } from '../load/driver.ts';

/** "Until stopped" in the live UI: the longest load phase a start from the form asks for. */
export const UNTIL_STOPPED_MS = 7 * 24 * 3600 * 1000;

const httpUrl = z.url({ protocol: /^https?$/, error: 'not an http(s) URL' });
const durationS = z.number().positive().nullable();

/** What the start form may send (`POST /api/start`) for a closed-model scenario, checked strictly. */
const closedStart = z.strictObject({
  host: httpUrl,
  users: z.int().min(1).max(1_000_000),
  spawnRate: z.number().positive().max(1_000_000),
  durationS,
});

/** … and for an open-model (arrival-rate) scenario. */
const openStart = z.strictObject({ host: httpUrl, rate: z.number().positive().max(10_000_000), durationS });

type StartForm = z.infer<typeof closedStart> | z.infer<typeof openStart>;

/** Everything the session needs besides the form. */
export interface LiveSessionOptions {
  /** The scenario file's plan (flags and environment applied), the form's defaults. */
  plan: TestPlan;
  scenarioFile: string;
  host: string;
  graceMs: number;
  /** Extra outputs of every run started from the UI (console, --csv, --json, --html). */
  reporters: () => Reporter[];
  /** Called on every change of state (status, users), besides the once-a-second tick. */
  onChange: () => void;
}

/**
 * One live-UI session (Locust's web UI): runs started from the form, one at a
 * time, in this process (one event loop: the UI's own), with live user-count
 * changes, stop and reset; the latest run's results stay readable after it ends.
 */
export class LiveSession {
  private status: LiveStatus = 'ready';
  private store: MetricsStore | undefined;
  private info: RunInfo | undefined;
  private result: RunResult | undefined;
  private control: UsersControl | undefined;
  private stopper: AbortController | undefined;
  private gate: ThresholdGate | undefined;
  private driverUsers: () => number = () => 0;
  private notes: string[] = [];
  private form: LiveState['form'];
  /** Settles when the current run has ended. */
  running: Promise<void> = Promise.resolve();
  readonly model: 'closed' | 'open';

  constructor(private readonly options: LiveSessionOptions) {
    const only = options.plan.scenarios.length === 1 ? options.plan.scenarios[0]! : undefined;
    const executor = only?.executor;
    this.model = executor?.type === 'constant-arrival-rate' ? 'open' : 'closed';
    this.form = {
      host: options.host,
      users: executor?.type === 'ramping-users' && executor.constant ? executor.constant.users : 1,
      spawnRate: executor?.type === 'ramping-users' && executor.constant ? executor.constant.spawnRate : 1,
      rate: executor?.type === 'constant-arrival-rate' ? executor.ratePerSecond : null,
      durationS:
        executor?.type === 'ramping-users' && executor.constant
          ? executor.constant.durationMs / 1000
          : executor?.type === 'constant-arrival-rate'
            ? executor.durationMs / 1000
            : null,
    };
  }

  /** Whether the form's users/spawn rate (closed) or rate (open) can shape this scenario. */
  private get formApplies(): boolean {
    const { scenarios } = this.options.plan;
    const executor = scenarios.length === 1 ? scenarios[0]!.executor : undefined;
    return (
      (executor?.type === 'ramping-users' && executor.constant !== undefined) ||
      executor?.type === 'constant-arrival-rate'
    );
  }

  /**
   * Starts a run with the form's values.
   * @throws PerflabError `PERFLAB_ERR_USAGE` naming the field at fault, or when a run is going on
   */
  start(body: unknown): void {
    if (this.status === 'running' || this.status === 'stopping') {
      throw new PerflabError('PERFLAB_ERR_USAGE', 'a run is going on: stop it first');
    }
    const parsed = (this.model === 'open' ? openStart : closedStart).safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new PerflabError('PERFLAB_ERR_USAGE', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const form: StartForm = parsed.data;
    const durationMs = form.durationS === null ? UNTIL_STOPPED_MS : Math.round(form.durationS * 1000);
    const plan = this.planFor(form, durationMs);
    const host = form.host.replace(/\/+$/, '');
    this.form = {
      host,
      users: 'users' in form ? form.users : this.form.users,
      spawnRate: 'spawnRate' in form ? form.spawnRate : this.form.spawnRate,
      rate: 'rate' in form ? form.rate : this.form.rate,
      durationS: form.durationS,
    };
    this.control = new UsersControl();
    this.stopper = new AbortController();
    this.gate = plan.thresholds.length > 0 ? thresholdGate(plan.thresholds) : undefined;
    this.notes = [];
    this.result = undefined;
    const driver = localDriver(plan, host, this.options.graceMs, { index: 0, count: 1 }, this.control);
    this.driverUsers = () => driver.users;
    const capture: Reporter = {
      onStart: (info, store) => {
        this.info = info;
        this.store = store;
      },
      onNote: (note) => this.notes.push(note),
    };
    this.status = 'running';
    this.running = runLoadTest({
      plan,
      scenarioFile: this.options.scenarioFile,
      host,
      graceMs: this.options.graceMs,
      reporters: [capture, ...this.options.reporters()],
      signal: this.stopper.signal,
      thresholds: this.gate,
      driver,
    })
      .then(
        (result) => {
          this.result = result;
        },
        (error: unknown) => {
          this.notes.push(`the run failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      )
      .finally(() => {
        this.status = 'stopped';
        this.options.onChange();
      });
    this.options.onChange();
  }

  /**
   * Moves a running closed-model run to `users` users.
   * @throws PerflabError `PERFLAB_ERR_USAGE` when nothing runs, the scenario is not users/spawn-rate, or `users` is not a whole number ≥ 0
   */
  setUsers(body: unknown): void {
    const parsed = z.strictObject({ users: z.int().min(0).max(1_000_000) }).safeParse(body);
    if (!parsed.success)
      throw new PerflabError('PERFLAB_ERR_USAGE', `users: ${parsed.error.issues[0]!.message}`);
    if (this.status !== 'running' || this.control === undefined) {
      throw new PerflabError('PERFLAB_ERR_USAGE', 'no run is going on');
    }
    if (this.model !== 'closed' || !this.formApplies) {
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        'the user count can change only in a users/spawn-rate scenario',
      );
    }
    this.control.set(parsed.data.users);
    this.form.users = parsed.data.users;
    this.options.onChange();
  }

  /** Stops the current run (running iterations get the grace period); no-op when none runs. */
  stop(): void {
    if (this.status !== 'running') return;
    this.status = 'stopping';
    this.stopper?.abort();
    this.options.onChange();
  }

  /** Starts the statistics afresh (the run, if any, goes on). */
  reset(): void {
    this.store?.resetStats();
    this.options.onChange();
  }

  /** Where the session stands, with the results so far. */
  state(): LiveState {
    return {
      status: this.status,
      scenarioFile: this.options.scenarioFile,
      model: this.model,
      form: { ...this.form },
      users: this.status === 'running' || this.status === 'stopping' ? this.driverUsers() : 0,
      results: this.results(),
    };
  }

  /** The results document of the latest run, as of now; undefined before the first start. */
  results(): ResultsDocument | null {
    const result = this.currentResult();
    return result === undefined ? null : buildResultsDocument(result);
  }

  /** The latest run's result: final once it ended, else a snapshot of now. */
  currentResult(): RunResult | undefined {
    if (this.result !== undefined) return this.result;
    const { store, info } = this;
    if (store === undefined || info === undefined) return undefined;
    const now = Date.now();
    return {
      info,
      snapshot: store.snapshot(now),
      history: store.history,
      endedAt: now,
      interrupted: false,
      abortedByThreshold: undefined,
      forcedStops: 0,
      notes: [...this.notes],
      thresholds: this.gate?.evaluate(now - store.startedAt) ?? [],
      store,
    };
  }

  /** The plan a start runs: the form's load applied to the single users/spawn-rate or arrival-rate scenario. */
  private planFor(form: StartForm, durationMs: number): TestPlan {
    const { plan } = this.options;
    if (!this.formApplies) return plan;
    const only = plan.scenarios[0]!;
    const executor = only.executor;
    if (executor.type === 'ramping-users' && 'users' in form) {
      const constant = { users: form.users, spawnRate: form.spawnRate, durationMs };
      return { ...plan, scenarios: [{ ...only, executor: { ...executor, constant } }] };
    }
    if (executor.type === 'constant-arrival-rate' && 'rate' in form) {
      return {
        ...plan,
        scenarios: [{ ...only, executor: { ...executor, ratePerSecond: form.rate, durationMs } }],
      };
    }
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      this.model === 'open'
        ? 'this scenario takes an arrival rate, not users'
        : 'this scenario takes users and a spawn rate, not a rate',
    );
  }
}
