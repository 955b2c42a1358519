import type { ResultsDocument } from '../../output/json.ts';
import type { ScenarioInfo } from '../../output/reporter.ts';
import type { ComponentReport } from '../components/component.ts';
import { LatencyAccumulator } from '../latency-accumulator.ts';
import { SimRecorder } from '../recorder.ts';
import {
  type ReplicationContext,
  type ReplicationModel,
  type ReplicationsResult,
  runReplication,
  runReplications,
} from '../replications.ts';
import { compileDistributions } from './distributions.ts';
import type { SimModel } from './schema.ts';
import { type ComponentEvent, SimSystem } from './system.ts';

/** Overrides of the model file's run settings (`perflab sim` flags). Times in simulated seconds. */
export interface SimulateOptions {
  replications?: number;
  seed?: number;
  durationS?: number;
  warmupS?: number;
  /** Keep adding replications (up to `maxReplications`, default 10 × replications) until every main metric's 95% relative half-width is ≤ this. */
  precision?: number;
  maxReplications?: number;
  /** The epoch time simulated second 0 stands for in the results (default: now). */
  startEpochMs?: number;
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
  series: {
    utilisation: Record<string, number[]>;
    queueLength: Record<string, number[]>;
    brokerQueueLength: Record<string, number[]>;
  };
  /** Replication 1's outages and role changes (failover), in time order. */
  events: ComponentEvent[];
  /** Replication 1's requests after warm-up: successes, failures, failures by cause (label), auth outcomes. */
  outcomes: {
    success: number;
    failure: number;
    byCause: Record<string, number>;
    auth: { success: number; failure: number };
  };
}

/** A load test's results document with the simulation's own section filled in. */
export type SimulationResults = ResultsDocument & { simulation: SimulationReport };

/**
 * Runs a validated model (see `loadSimModel`): independent replications with
 * warm-up deletion, each on its own calendar and random streams from the model's
 * seed; replication 1 is recorded in full through {@link SimRecorder} (the same
 * metrics code as `perflab run`) and becomes the results document, every
 * replication contributes to the confidence intervals.
 * @throws RangeError for inconsistent settings (e.g. warm-up not shorter than
 *   the duration), and whatever reading an empirical distribution's results file throws
 */
export async function simulateModel(
  model: SimModel,
  options: SimulateOptions = {},
): Promise<SimulationResults> {
  const durationS = options.durationS ?? model.duration;
  const warmupS =
    options.warmupS ?? (options.durationS !== undefined && model.warmup >= durationS ? 0 : model.warmup);
  const seed = options.seed ?? model.seed;
  const replications = options.replications ?? model.replications;
  if (!(durationS > warmupS))
    throw new RangeError(`duration (${durationS} s) must be longer than the warm-up (${warmupS} s)`);
  if (!(Number.isInteger(replications) && replications >= 1))
    throw new RangeError(`replications must be a whole number ≥ 1, got ${replications}`);
  const dist = await compileDistributions(model);
  const startEpochMs = options.startEpochMs ?? Date.now();
  let recorded: { recorder: SimRecorder; system: SimSystem; detail: Detail } | undefined;
  let simulatedRequests = 0;

  const build = (context: ReplicationContext): ReplicationModel => {
    const system = new SimSystem(model, context.calendar, context.streams, dist);
    const latencies = new LatencyAccumulator();
    let latencySum = 0;
    let completed = 0;
    let failed = 0;
    let warm = warmupS === 0;
    const first = context.index === 0;
    const recorder = first ? new SimRecorder(startEpochMs, () => system.workload.active) : undefined;
    const detail = first ? new Detail(system) : undefined;
    system.onRequest = (r) => {
      simulatedRequests++;
      if (recorder && (warm ? r.startS >= warmupS : true)) {
        recorder.record({ ...r, ...(r.error === undefined ? {} : { error: r.error }) });
      }
      if (!warm || r.startS < warmupS) return;
      const latency = r.endS - r.startS;
      completed++;
      latencySum += latency;
      latencies.record(Math.round(latency * 1e6));
      if (r.error !== undefined) {
        failed++;
        detail?.countFailure(r.error);
      } else detail?.countSuccess();
    };
    if (first) {
      recorded = { recorder: recorder!, system, detail: detail! };
      const tick = () => {
        recorder!.advanceTo(context.calendar.now);
        detail!.sample();
        context.calendar.schedule(1, tick, -1);
      };
      context.calendar.schedule(1, tick, -1);
    }
    system.start();
    return {
      resetStatistics: () => {
        warm = true;
        system.resetStatistics();
        recorder?.store.resetStats(startEpochMs + warmupS * 1000);
        detail?.reset();
      },
      observe: () => {
        const h = latencies.histogram();
        const ms = (us: number) => us / 1000;
        const observed: Record<string, number> = {
          'requests/s': completed / (durationS - warmupS),
          'mean latency ms': completed > 0 ? (latencySum / completed) * 1000 : 0,
          'p50 ms': ms(h.getValueAtPercentile(50)),
          'p95 ms': ms(h.getValueAtPercentile(95)),
          'p99 ms': ms(h.getValueAtPercentile(99)),
          'error rate': completed > 0 ? failed / completed : 0,
        };
        for (const c of system.components.values()) {
          const report = c.report();
          observed[`utilisation ${c.name}`] = report.utilisation;
          observed[`availability ${c.name}`] = report.availability;
        }
        for (const [name, broker] of system.brokers) {
          for (const q of broker.stats())
            observed[`delivery latency ms ${name}/${q.name}`] = q.meanDeliveryLatencyS * 1000;
        }
        if (detail) detail.finish();
        return observed;
      },
    };
  };

  const stop = { until: durationS };
  let result: ReplicationsResult;
  if (replications === 1 && options.precision === undefined) {
    const values = runReplication({ build, warmupSeconds: warmupS, stop }, seed, 0);
    result = {
      replications: 1,
      seeds: [seed],
      values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]])),
      intervals: {},
      levels: [0.95, 0.99],
      targetReached: undefined,
    };
  } else {
    const min = Math.max(2, replications);
    result = runReplications({
      masterSeed: seed,
      build,
      warmupSeconds: warmupS,
      stop,
      replications: min,
      ...(options.precision === undefined
        ? {}
        : {
            maxReplications: options.maxReplications ?? 10 * min,
            target: { metrics: ['requests/s', 'mean latency ms'], relativeHalfWidth: options.precision },
          }),
    });
  }

  const { recorder, system, detail } = recorded!;
  const scenario: ScenarioInfo = {
    name: model.name ?? 'simulation',
    model: model.workload.type,
    description: describeWorkload(model),
    startTimeMs: 0,
    plannedDurationMs: durationS * 1000,
    tags: {},
  };
  const notes = [
    `simulated: ${model.file}, seed ${seed}, ${result.replications} replication(s) of ${durationS} s, warm-up ${warmupS} s deleted; the tables show replication 1, the intervals all replications`,
  ];
  const document = recorder.results(durationS, [scenario], notes);
  const intervals: MetricInterval[] = Object.entries(result.values).map(([metric, values]) => {
    const [i95, i99] = result.intervals[metric] ?? [];
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
    simulation: {
      model: { name: model.name ?? null, file: model.file, seed, durationS, warmupS },
      replications: result.replications,
      precisionReached: result.targetReached ?? null,
      simulatedRequests,
      intervals,
      components: detail.components,
      series: detail.series,
      events: system.events(),
      outcomes: detail.outcomes,
    },
  };
}

/** Replication 1's per-second series, component reports and outcome counts. */
class Detail {
  readonly series: SimulationReport['series'] = { utilisation: {}, queueLength: {}, brokerQueueLength: {} };
  components: ComponentReport[] = [];
  readonly outcomes: SimulationReport['outcomes'] = {
    success: 0,
    failure: 0,
    byCause: {},
    auth: { success: 0, failure: 0 },
  };

  constructor(private readonly system: SimSystem) {
    for (const name of system.components.keys()) {
      this.series.utilisation[name] = [];
      this.series.queueLength[name] = [];
    }
  }

  sample(): void {
    for (const [name, c] of this.system.components) {
      const s = c.sample();
      this.series.utilisation[name]!.push(s.capacity > 0 ? s.busy / s.capacity : 0);
      this.series.queueLength[name]!.push(s.queueLength);
    }
    for (const broker of this.system.brokers.values()) broker.sampleLengths();
  }

  countSuccess(): void {
    this.outcomes.success++;
  }

  countFailure(label: string): void {
    this.outcomes.failure++;
    this.outcomes.byCause[label] = (this.outcomes.byCause[label] ?? 0) + 1;
  }

  reset(): void {
    this.outcomes.success = this.outcomes.failure = 0;
    this.outcomes.byCause = {};
  }

  finish(): void {
    this.components = [...this.system.components.values()].map((c) => c.report());
    for (const [name, broker] of this.system.brokers) {
      for (const q of broker.stats()) this.series.brokerQueueLength[`${name}/${q.name}`] = q.lengthBySecond;
    }
    let success = 0;
    let failure = 0;
    for (const c of this.components) {
      if (c.kind !== 'auth') continue;
      for (const [label, count] of Object.entries(c.outcomes)) {
        if (label === 'ok') success += count;
        else failure += count;
      }
    }
    this.outcomes.auth = { success, failure };
  }
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
