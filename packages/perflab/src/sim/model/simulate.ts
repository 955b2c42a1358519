import { Worker } from 'node:worker_threads';
import type { ResultsDocument } from '../../output/json.ts';
import type { ScenarioInfo } from '../../output/reporter.ts';
import type { ComponentReport } from '../components/component.ts';
import { confidenceInterval } from '../replications.ts';
import { compileDistributions, type DistributionCompiler } from './distributions.ts';
import {
  type RecordedReplication,
  type ReplicationOutcome,
  type ReplicationSettings,
  runModelReplication,
} from './replication.ts';
import type { SimModel } from './schema.ts';
import type { ComponentEvent } from './system.ts';
import type { ReplicationWorkerInput, ReplicationWorkerMessage } from './replication-worker.ts';

/** Overrides of the model file's run settings (`perflab sim` flags). Times in simulated seconds. */
export interface SimulateOptions {
  replications?: number;
  seed?: number;
  durationS?: number;
  warmupS?: number;
  /** Stop each replication after this many requests (arrived after the warm-up) have completed; `durationS` stays the upper bound. */
  requests?: number;
  /** Closed workload: this many users instead of the model's (its spawn rate and think time kept); not with stages. */
  users?: number;
  /** Open workload: this Poisson rate (per second) instead of the model's; not with stages. */
  rate?: number;
  /** Keep adding replications (up to `maxReplications`, default 10 × replications) until every main metric's 95% relative half-width is ≤ this. */
  precision?: number;
  maxReplications?: number;
  /** The epoch time simulated second 0 stands for in the results (default: now). */
  startEpochMs?: number;
  /**
   * Worker threads running replications side by side (default 1: this thread). Results are
   * identical for any number: replication i always draws from `replicationSeed(seed, i)`.
   */
  threads?: number;
}

/** One metric across replications: mean and 95%/99% Student-t half-widths (absent with one replication). */
export interface MetricInterval {
  metric: string;
  mean: number;
  halfWidth95: number | null;
  halfWidth99: number | null;
  /** One value per replication. */
  values: number[];
}

/** The simulation-only part of a results document (`simulation`, docs/results-format.md). */
export interface SimulationReport {
  model: { name: string | null; file: string; seed: number; durationS: number; warmupS: number };
  replications: number;
  /** With a precision target: whether it was reached. */
  precisionReached: boolean | null;
  /** Requests simulated in all replications (warm-up included). */
  simulatedRequests: number;
  /** Cross-replication estimates: requests/s, latency mean and percentiles (ms), error rate, utilisation and availability per component, broker delivery latency. */
  intervals: MetricInterval[];
  /** Replication 1 in detail (the replication the rest of the document shows): components over the observation period. */
  components: ComponentReport[];
  /** Replication 1, one value per simulated second from 1: busy share and waiting requests per component, waiting messages per broker queue (`broker/queue`). */
  series: RecordedReplication['series'];
  /** Replication 1's outages and role changes (failover), in time order. */
  events: ComponentEvent[];
  /** Replication 1's requests after warm-up: successes, failures, failures by cause (label), auth outcomes. */
  outcomes: RecordedReplication['outcomes'];
}

/** A load test's results document with the simulation's own section filled in. */
export type SimulationResults = ResultsDocument & { simulation: SimulationReport };

/**
 * Runs a validated model (see `loadSimModel`): independent replications with
 * warm-up deletion, replication i on its own calendar and random streams seeded
 * with `replicationSeed(seed, i)` (so any number of threads gives the same
 * results); replication 1 is recorded in full through `SimRecorder` (the same
 * metrics code as `perflab run`) and becomes the results document, every
 * replication contributes to the 95%/99% Student-t intervals (Law §9.5.1).
 * With `precision`, replications are added (a batch per thread at a time) until
 * the 95% relative half-widths of requests/s and mean latency are at most it.
 * @throws RangeError for inconsistent settings (warm-up not shorter than the
 *   duration, replications < 1); whatever reading an empirical distribution's
 *   results file throws; `Error` when a worker thread fails
 */
export async function simulateModel(
  given: SimModel,
  options: SimulateOptions = {},
): Promise<SimulationResults> {
  const model = withWorkload(given, options);
  const durationS = options.durationS ?? model.duration;
  const warmupS =
    options.warmupS ?? (options.durationS !== undefined && model.warmup >= durationS ? 0 : model.warmup);
  const seed = options.seed ?? model.seed;
  const replications = options.replications ?? model.replications;
  if (!(durationS > warmupS))
    throw new RangeError(`duration (${durationS} s) must be longer than the warm-up (${warmupS} s)`);
  if (!(Number.isInteger(replications) && replications >= 1))
    throw new RangeError(`replications must be a whole number ≥ 1, got ${replications}`);
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const settings: ReplicationSettings = {
    seed,
    durationS,
    warmupS,
    startEpochMs: options.startEpochMs ?? Date.now(),
    ...(options.requests === undefined ? {} : { requests: options.requests }),
  };
  if (options.requests !== undefined && !(Number.isInteger(options.requests) && options.requests >= 1))
    throw new RangeError(`requests must be a whole number ≥ 1, got ${options.requests}`);
  const dist = await compileDistributions(model);
  const run = (indices: number[]) => runReplications(model, dist, settings, indices, threads);

  const outcomes: ReplicationOutcome[] = [];
  let precisionReached: boolean | null = null;
  if (options.precision === undefined) {
    outcomes.push(...(await run(range(0, replications))));
  } else {
    const first = Math.max(2, replications);
    const max = Math.max(options.maxReplications ?? 10 * first, first);
    outcomes.push(...(await run(range(0, first))));
    precisionReached = precise(outcomes, options.precision);
    while (!precisionReached && outcomes.length < max) {
      const next = Math.min(max, outcomes.length + threads);
      outcomes.push(...(await run(range(outcomes.length, next))));
      precisionReached = precise(outcomes, options.precision);
    }
  }

  const recorded = outcomes[0]!.recorded!;
  const scenario: ScenarioInfo = {
    name: model.name ?? 'simulation',
    model: model.workload.type,
    description: describeWorkload(model),
    startTimeMs: 0,
    plannedDurationMs: durationS * 1000,
    tags: {},
  };
  const document = recorded.document;
  const intervals: MetricInterval[] = Object.keys(outcomes[0]!.observed).map((metric) => {
    const values = outcomes.map((o) => o.observed[metric]!);
    const [i95, i99] = values.length >= 2 ? [0.95, 0.99].map((l) => confidenceInterval(values, l)) : [];
    return {
      metric,
      mean: values.reduce((a, b) => a + b, 0) / values.length,
      halfWidth95: i95 ? i95.halfWidth : null,
      halfWidth99: i99 ? i99.halfWidth : null,
      values,
    };
  });
  return {
    ...document,
    run: {
      ...document.run,
      scenarioFile: model.file,
      scenarios: [scenario],
      notes: [
        `simulated: ${outcomes.length} replication(s) of ${durationS} s, seed ${seed}, warm-up ${warmupS} s deleted; the tables show replication 1, the intervals all replications`,
      ],
    },
    simulation: {
      model: { name: model.name ?? null, file: model.file, seed, durationS, warmupS },
      replications: outcomes.length,
      precisionReached,
      simulatedRequests: outcomes.reduce((sum, o) => sum + o.simulatedRequests, 0),
      intervals,
      components: recorded.components,
      series: recorded.series,
      events: recorded.events,
      outcomes: recorded.outcomes,
    },
  };
}

/** The model with `users` / `rate` overrides applied to its workload. @throws RangeError when they do not fit it */
function withWorkload(model: SimModel, options: SimulateOptions): SimModel {
  const { users, rate } = options;
  if (users === undefined && rate === undefined) return model;
  const w = model.workload;
  if (users !== undefined) {
    if (w.type !== 'closed' || w.users === undefined)
      throw new RangeError(
        'users can only replace the users of a closed workload given as users (not stages)',
      );
    if (!(Number.isInteger(users) && users >= 1))
      throw new RangeError(`users must be a whole number ≥ 1, got ${users}`);
    return { ...model, workload: { ...w, users } };
  }
  if (w.type !== 'open' || w.rate === undefined)
    throw new RangeError('rate can only replace the rate of an open workload given as a rate (not stages)');
  if (!(rate! > 0)) throw new RangeError(`rate must be > 0 per second, got ${rate}`);
  return { ...model, workload: { ...w, rate: rate! } };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** Are the 95% relative half-widths of requests/s and mean latency within `precision`? */
function precise(outcomes: ReplicationOutcome[], precision: number): boolean {
  return ['requests/s', 'mean latency ms'].every((metric) => {
    const ci = confidenceInterval(
      outcomes.map((o) => o.observed[metric]!),
      0.95,
    );
    return ci.relativeHalfWidth <= precision;
  });
}

/**
 * Runs the replications `indices` (replication 0 recorded in full): here with one
 * thread, else spread round-robin over worker threads. Results in index order.
 */
async function runReplications(
  model: SimModel,
  dist: DistributionCompiler,
  settings: ReplicationSettings,
  indices: number[],
  threads: number,
): Promise<ReplicationOutcome[]> {
  const workers = Math.min(threads, indices.length);
  if (workers <= 1) return indices.map((i) => runModelReplication(model, dist, settings, i, i === 0));
  const shares = Array.from({ length: workers }, (_, w) => indices.filter((_, k) => k % workers === w));
  const parts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<ReplicationOutcome[]>((resolve, reject) => {
          const input: ReplicationWorkerInput = { file: model.file, model, settings, indices: share };
          const worker = new Worker(new URL('./replication-worker-entry.mjs', import.meta.url), {
            workerData: input,
          });
          let settled = false;
          worker.on('message', (message: ReplicationWorkerMessage) => {
            settled = true;
            if (message.type === 'done') resolve(message.outcomes);
            else reject(new Error(`simulation worker: ${message.message}`));
            void worker.terminate();
          });
          worker.on('error', (error) => {
            settled = true;
            reject(error);
          });
          worker.on('exit', (code) => {
            if (!settled) reject(new Error(`simulation worker exited with code ${code} before its results`));
          });
        }),
    ),
  );
  return parts.flat().sort((a, b) => a.index - b.index);
}

/** The workload in `perflab run`'s words, e.g. `400/s (Poisson)` or `50 users at 5/s, think uniform`. */
export function describeWorkload(model: SimModel): string {
  const w = model.workload;
  if (w.type === 'open') {
    return w.rate !== undefined
      ? `Poisson arrivals at ${w.rate}/s`
      : `Poisson arrivals ramping through ${w.stages!.length} stage(s) to ${w.stages!.at(-1)!.target}/s`;
  }
  if (w.users !== undefined) {
    return `${w.users} users${w.spawnRate === undefined ? '' : ` at ${w.spawnRate}/s`}, think time ${w.thinkTime.type}`;
  }
  return `users ramping through ${w.stages!.length} stage(s) to ${w.stages!.at(-1)!.target}, think time ${w.thinkTime.type}`;
}
