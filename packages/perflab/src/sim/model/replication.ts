import type { ResultsDocument } from '../../output/json.ts';
import { Calendar } from '../calendar.ts';
import type { ComponentReport } from '../components/component.ts';
import { LatencyAccumulator } from '../latency-accumulator.ts';
import { RandomStreams, replicationSeed } from '../random.ts';
import { SimRecorder } from '../recorder.ts';
import type { DistributionCompiler } from './distributions.ts';
import type { SimModel } from './schema.ts';
import { type ComponentEvent, SimSystem } from './system.ts';

/** What every replication of a run shares. Times in simulated seconds. */
export interface ReplicationSettings {
  /** Master seed: replication i draws from `replicationSeed(seed, i)`. */
  seed: number;
  durationS: number;
  warmupS: number;
  /** Stop a replication once this many requests that arrived after the warm-up have completed (or at `durationS`, whichever is first). */
  requests?: number;
  /** The epoch time simulated second 0 stands for in the recorded results. */
  startEpochMs: number;
}

/** Replication 1 in full: the load test's results document and the simulation's details. */
export interface RecordedReplication {
  document: ResultsDocument;
  components: ComponentReport[];
  series: {
    utilisation: Record<string, number[]>;
    queueLength: Record<string, number[]>;
    /** Share of the component's parts up at each second (a database: 1 while a master takes writes). */
    availability: Record<string, number[]>;
    /** Failed operations in each second (auth failures, query errors, refused publishes, …). */
    failures: Record<string, number[]>;
    brokerQueueLength: Record<string, number[]>;
  };
  events: ComponentEvent[];
  outcomes: {
    success: number;
    failure: number;
    byCause: Record<string, number>;
    auth: { success: number; failure: number };
  };
}

/** One replication's output: observed values by metric, requests simulated, and (when recorded) the details. */
export interface ReplicationOutcome {
  index: number;
  observed: Record<string, number>;
  simulatedRequests: number;
  recorded: RecordedReplication | undefined;
}

/**
 * Runs replication `index` of a model on its own calendar and random streams:
 * warm-up deletion at `warmupS` (requests count by arrival time), stop at
 * `durationS` or, with `requests`, once that many have completed after the warm-up. Observed per replication: requests/s, latency mean and
 * p50/p95/p99 (ms), error rate, utilisation and availability per component,
 * broker delivery latency per queue. With `record`, every request also goes
 * through {@link SimRecorder} (one history row per simulated second) and the
 * components are sampled each second.
 */
export function runModelReplication(
  model: SimModel,
  dist: DistributionCompiler,
  settings: ReplicationSettings,
  index: number,
  record: boolean,
): ReplicationOutcome {
  const { durationS, warmupS, startEpochMs } = settings;
  const calendar = new Calendar();
  const system = new SimSystem(
    model,
    calendar,
    new RandomStreams(replicationSeed(settings.seed, index)),
    dist,
  );
  const latencies = new LatencyAccumulator();
  let latencySum = 0;
  let completed = 0;
  let failed = 0;
  let simulatedRequests = 0;
  let warm = warmupS === 0;
  const recorder = record ? new SimRecorder(startEpochMs, () => system.workload.active) : undefined;
  const detail = record ? new Detail(system) : undefined;
  system.onRequest = (r) => {
    simulatedRequests++;
    if (recorder && (!warm || r.startS >= warmupS)) {
      recorder.record(r);
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
  if (recorder && detail) {
    const tick = () => {
      recorder.advanceTo(calendar.now);
      detail.sample();
      calendar.schedule(1, tick, -1);
    };
    calendar.schedule(1, tick, -1);
  }
  system.start();
  calendar.scheduleAt(
    warmupS,
    () => {
      warm = true;
      detail?.reset(); // before the components' counters restart
      system.resetStatistics();
      recorder?.store.resetStats(startEpochMs + warmupS * 1000);
    },
    -Infinity,
  );
  const target = settings.requests;
  if (target === undefined) calendar.run({ until: durationS });
  else {
    calendar.run({ until: warmupS });
    calendar.run({ until: durationS, stopWhen: () => completed >= target });
  }
  const endS = calendar.now;

  const h = latencies.histogram();
  const observed: Record<string, number> = {
    'requests/s': endS > warmupS ? completed / (endS - warmupS) : 0,
    'mean latency ms': completed > 0 ? (latencySum / completed) * 1000 : 0,
    'p50 ms': h.getValueAtPercentile(50) / 1000,
    'p95 ms': h.getValueAtPercentile(95) / 1000,
    'p99 ms': h.getValueAtPercentile(99) / 1000,
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
  let recorded: RecordedReplication | undefined;
  if (recorder && detail) {
    detail.finish();
    recorded = {
      document: recorder.results(endS, [], []),
      components: detail.components,
      series: detail.series,
      events: system.events(),
      outcomes: detail.outcomes,
    };
  }
  return { index, observed, simulatedRequests, recorded };
}

/** Replication 1's per-second series, component reports and outcome counts. */
class Detail {
  readonly series: RecordedReplication['series'] = {
    utilisation: {},
    queueLength: {},
    availability: {},
    failures: {},
    brokerQueueLength: {},
  };
  /** Each component's failure count at the previous sample. */
  private readonly failedBefore = new Map<string, number>();
  components: ComponentReport[] = [];
  readonly outcomes: RecordedReplication['outcomes'] = {
    success: 0,
    failure: 0,
    byCause: {},
    auth: { success: 0, failure: 0 },
  };

  constructor(private readonly system: SimSystem) {
    for (const name of system.components.keys()) {
      this.series.utilisation[name] = [];
      this.series.queueLength[name] = [];
      this.series.availability[name] = [];
      this.series.failures[name] = [];
    }
  }

  sample(): void {
    for (const [name, c] of this.system.components) {
      const s = c.sample();
      this.series.utilisation[name]!.push(s.capacity > 0 ? s.busy / s.capacity : 0);
      this.series.queueLength[name]!.push(s.queueLength);
      this.series.availability[name]!.push(s.up);
      const failed = c.outcomes.failed;
      this.series.failures[name]!.push(failed - (this.failedBefore.get(name) ?? 0));
      this.failedBefore.set(name, failed);
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
    // Called just before the components' counts restart at 0: carry the failures not yet
    // sampled into the next second (failedBefore goes negative by that many).
    for (const [name, c] of this.system.components)
      this.failedBefore.set(name, (this.failedBefore.get(name) ?? 0) - c.outcomes.failed);
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
