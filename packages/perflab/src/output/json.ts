import type { SimulationReport } from '../sim/model/simulate.ts';
import { mkdir } from 'node:fs/promises';
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { ResourceReport } from '../capacity/samplers/types.ts';
import { PerflabError } from '../errors.ts';
import { encodeHistogram, SIGNIFICANT_DIGITS } from '../metrics/histogram.ts';
import type { StatsEntry } from '../metrics/stats-entry.ts';
import type {
  CheckSummary,
  ExceptionGroup,
  FailureGroup,
  HistoryRow,
  ScenarioSummary,
  StatsSummary,
  TimingsSummary,
  TrendSummary,
} from '../metrics/store.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { Reporter, RunResult, ScenarioInfo, ThresholdOutcome } from './reporter.ts';

/** perflab's results document, version 1 (documented in docs/results-format.md). */
export interface ResultsDocument {
  format: 'perflab-results';
  version: 1;
  tool: { name: 'perflab'; version: string };
  run: {
    scenarioFile: string | null;
    host: string;
    scenarios: ScenarioInfo[];
    graceMs: number;
    /** ISO 8601. */
    startedAt: string;
    endedAt: string;
    elapsedMs: number;
    interrupted: boolean;
    /** Key of the abortOnFail threshold that ended the run early, or null. */
    abortedByThreshold: string | null;
    forcedStops: number;
    notes: string[];
    /** The machine that generated the load; absent in documents written before it was added. */
    machine?: MachineInfo;
  };
  /** Threshold verdicts (empty without thresholds). */
  thresholds: ThresholdOutcome[];
  checks: CheckSummary[];
  scenarios: ScenarioSummary[];
  /** Aggregated per tag (`key:value`). */
  tags: StatsSummary[];
  /** Open model: raw service times (latencies in `stats` are measured from the intended start). */
  serviceTime: TrendSummary | null;
  /** k6 request phases (ms): blocked, connecting, TLS, sending, waiting, receiving, duration. */
  timings: TimingsSummary | null;
  /** Per (method, name), then `aggregated`; latency fields in ms. */
  stats: StatsWithHistogram[];
  aggregated: StatsWithHistogram;
  failures: FailureGroup[];
  exceptions: ExceptionGroup[];
  history: HistoryRow[];
  /** Resource samples of the service under test (`--watch`, `--redis`, `--postgres`); absent when nothing was watched. */
  resources?: ResourceReport;
  /** A simulated run's own figures (`perflab sim`): intervals over replications, components, broker, failover; absent in a measured run. */
  simulation?: SimulationReport;
}

/** A stats summary plus its whole-run latency histogram. */
export interface StatsWithHistogram extends StatsSummary {
  /** HdrHistogram, values in µs, compressed base64 (V2) encoding — decodable by any HdrHistogram library. */
  histogram: { unit: 'us'; significantDigits: number; encoded: string };
}

/** The load generator's machine, as Node's `os` module reports it. */
export interface MachineInfo {
  /** `os.hostname()`. */
  hostname: string;
  /** `os.platform()`, e.g. `linux`. */
  platform: string;
  /** `os.arch()`, e.g. `x64`. */
  arch: string;
  /** Logical CPUs (`os.cpus().length`). */
  cpus: number;
  /** The first CPU's model string; `""` when the platform does not say. */
  cpuModel: string;
  /** `os.totalmem()`, bytes. */
  totalMemoryBytes: number;
  /** Node.js version, e.g. `v20.20.2`. */
  node: string;
}

/** Describes the machine this process runs on (see {@link MachineInfo}). */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    hostname: hostname(),
    platform: platform(),
    arch: arch(),
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? '',
    totalMemoryBytes: totalmem(),
    node: process.version,
  };
}

/** The version written into `tool.version`. */
export const PERFLAB_VERSION = '0.1.0';

/** Builds the results document from a finished run. */
export function buildResultsDocument(result: RunResult): ResultsDocument {
  const { store } = result;
  const withHistogram = (summary: StatsSummary, entry: StatsEntry | undefined): StatsWithHistogram => ({
    ...summary,
    histogram: {
      unit: 'us',
      significantDigits: SIGNIFICANT_DIGITS,
      encoded: entry ? encodeHistogram(entry.histogram) : '',
    },
  });
  const { info, snapshot } = result;
  return {
    format: 'perflab-results',
    version: 1,
    tool: { name: 'perflab', version: PERFLAB_VERSION },
    run: {
      scenarioFile: info.scenarioFile ?? null,
      host: info.host,
      scenarios: info.scenarios,
      graceMs: info.graceMs,
      startedAt: new Date(info.startedAt).toISOString(),
      endedAt: new Date(result.endedAt).toISOString(),
      elapsedMs: snapshot.elapsedMs,
      interrupted: result.interrupted,
      abortedByThreshold: result.abortedByThreshold ?? null,
      forcedStops: result.forcedStops,
      notes: result.notes,
      machine: machineInfo(),
    },
    stats: snapshot.entries.map((s) => withHistogram(s, store.entries.get(`${s.method} ${s.name}`))),
    aggregated: withHistogram(snapshot.aggregated, store.total),
    failures: snapshot.failures,
    exceptions: snapshot.exceptions,
    thresholds: result.thresholds,
    checks: snapshot.checks,
    scenarios: snapshot.scenarios,
    tags: snapshot.tags,
    serviceTime: snapshot.serviceTime,
    timings: snapshot.timings,
    history: result.history,
    ...(result.resources ? { resources: result.resources } : {}),
  };
}

/** `--json FILE`: writes the {@link ResultsDocument} atomically at the end of the run. */
export class JsonReporter implements Reporter {
  constructor(private readonly path: string) {}

  /** @throws PerflabError `PERFLAB_ERR_OUTPUT` when the folder cannot be created (before any load is sent) */
  async onStart(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
    } catch (error) {
      throw new PerflabError(
        'PERFLAB_ERR_OUTPUT',
        `--json: cannot create the folder of ${this.path}: ${(error as Error).message}`,
      );
    }
  }

  async onEnd(result: RunResult): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(buildResultsDocument(result), null, 2)}\n`);
  }
}
