import type { Reporter, RunResult } from '../output/reporter.ts';
import { PERFLAB_VERSION } from '../output/json.ts';
import { type Budget, capacityFor, type Slo, type StepMeasure } from './capacity.ts';
import type { Scenario } from '../scenario/schema.ts';
import { fitLine, type LinearFit } from './linear-fit.ts';
import type { PlanReport, PlanStep, PlanUsl } from './plan-report.ts';
import type { ResourceReport } from './samplers/types.ts';
import { fitUsl } from './usl.ts';

/** What `runPlan` needs: how to run one step, and what to plan for. */
export interface PlanOptions {
  /** User counts, ascending. */
  steps: number[];
  /** Steady-state window per step, ms (measured after the warm-up). */
  stepDurationMs: number;
  /** Time per step before measuring starts (connections, caches, JIT), ms. */
  warmupMs: number;
  budget: Budget;
  slo: Slo | undefined;
  scenarioFile: string;
  host: string;
  /** The watched process specs (for the report). */
  watched: string[];
  /**
   * What N is in the USL fit: `users`, or `little` — the requests in flight X·R
   * (Little's law), the right measure when users think between requests.
   */
  concurrency: 'users' | 'little';
  /**
   * Runs `users` users for warm-up + step with the given extra reporter and
   * resolves with the run's result.
   */
  runStep: (users: number, durationMs: number, reporters: Reporter[]) => Promise<RunResult>;
  /** The resource samples so far (null when nothing is watched). */
  resources: () => ResourceReport | null;
  /** Progress lines. */
  log: (line: string) => void;
  /** True once the user asked to stop (Ctrl-C): no further steps start. */
  interrupted: () => boolean;
}

/**
 * `perflab plan`: a stepped closed-model run, one run per step, measured over
 * its steady state (statistics reset when the warm-up ends), then the USL fit,
 * the memory model per watched process and in total, and the capacity for the
 * budget (see {@link capacityFor}).
 */
export async function runPlan(options: PlanOptions): Promise<PlanReport> {
  const startedAt = new Date();
  const steps: PlanStep[] = [];
  const notes: string[] = [];
  for (const users of options.steps) {
    if (options.interrupted()) {
      notes.push(`interrupted before the ${users}-user step`);
      break;
    }
    // Statistics start afresh once the warm-up is over: the step is measured in its steady state.
    let measuring = options.warmupMs === 0;
    const warmup: Reporter = {
      onSecond: (_row, store) => {
        if (!measuring && Date.now() - store.startedAt >= options.warmupMs) {
          store.resetStats();
          measuring = true;
        }
      },
    };
    const result = await options.runStep(users, options.warmupMs + options.stepDurationMs, [warmup]);
    const windowStart = result.store.startedAt;
    const windowEnd = result.endedAt;
    const step = measureStep(users, result, windowStart, windowEnd, options.resources());
    steps.push(step);
    options.log(
      `step ${users} users: ${step.throughputRps.toFixed(1)} req/s, mean ${step.meanMs.toFixed(1)} ms, p95 ${step.p95Ms.toFixed(1)} ms, errors ${(step.errorRate * 100).toFixed(2)} %`,
    );
    if (result.interrupted) notes.push(`the ${users}-user step was interrupted`);
  }

  let usl: PlanUsl | null = null;
  let uslError: string | null = null;
  try {
    usl = planUsl(steps, options.concurrency === 'little');
  } catch (error) {
    uslError = error instanceof Error ? error.message : String(error);
  }
  const memoryPerProcess = options.watched.map((spec, index) => ({
    spec,
    model: lineOrNull(steps.map((s) => ({ x: s.users, y: s.processes[index]?.memoryBytes ?? null }))),
  }));
  const measures: StepMeasure[] = steps.map((s) => ({
    users: s.users,
    throughputRps: s.throughputRps,
    sloLatencyMs: options.slo ? percentileOf(s, options.slo.percentile) : null,
    memoryBytes: sumOrNull(s.processes.map((p) => p.memoryBytes)),
    cpuCores: sumOrNull(s.processes.map((p) => p.cpuCores)),
  }));
  const currentUsers = steps.at(-1)?.users ?? 0;
  const capacity = capacityFor(measures, options.budget, options.slo, usl?.peakUsers ?? null, currentUsers);
  return {
    format: 'perflab-plan',
    version: 1,
    tool: { name: 'perflab', version: PERFLAB_VERSION },
    scenarioFile: options.scenarioFile,
    host: options.host,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    stepDurationMs: options.stepDurationMs,
    warmupMs: options.warmupMs,
    budget: options.budget,
    slo: options.slo ?? null,
    watched: options.watched,
    steps,
    usl,
    uslError,
    memoryPerProcess,
    capacity,
    notes: [...notes, ...(options.resources()?.notes ?? [])],
  };
}

/** One step's steady-state figures from its run and the resource samples in its window. */
export function measureStep(
  users: number,
  result: RunResult,
  windowStartMs: number,
  windowEndMs: number,
  resources: ResourceReport | null,
): PlanStep {
  const total = result.snapshot.aggregated;
  const durationMs = Math.max(1, windowEndMs - windowStartMs);
  const throughputRps = total.requests / (durationMs / 1000);
  const concurrency = throughputRps * (total.meanMs / 1000);
  const from = windowStartMs / 1000;
  const to = windowEndMs / 1000;
  const inWindow = <T extends { timestamp: number }>(samples: T[]) =>
    samples.filter((s) => s.timestamp >= from && s.timestamp <= to);
  const mean = (values: (number | null)[]): number | null => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
  };
  const redis = resources?.redis[0];
  const postgres = resources?.postgres[0];
  return {
    users,
    durationMs,
    requests: total.requests,
    failures: total.failures,
    errorRate: total.requests === 0 ? 0 : total.failures / total.requests,
    throughputRps,
    meanMs: total.meanMs,
    p50Ms: total.medianMs,
    p95Ms: total.percentiles['95'] ?? 0,
    p99Ms: total.percentiles['99'] ?? 0,
    concurrency,
    thinkTimeMs: throughputRps > 0 ? Math.max(0, (users / throughputRps) * 1000 - total.meanMs) : 0,
    processes: (resources?.processes ?? []).map((series) => {
      const samples = inWindow(series.samples);
      const cpu = mean(samples.map((s) => s.cpuCorePercent));
      return {
        spec: series.spec,
        cpuCores: cpu === null ? null : cpu / 100,
        memoryBytes: mean(samples.map((s) => s.pssBytes ?? s.rssBytes)),
      };
    }),
    redis: redis
      ? (() => {
          const samples = inWindow(redis.samples);
          return {
            usedMemoryBytes: mean(samples.map((s) => s.usedMemoryBytes)),
            hitRate: windowHitRate(samples),
            connectedClients: mean(samples.map((s) => s.connectedClients)),
          };
        })()
      : null,
    postgres: postgres
      ? (() => {
          const samples = inWindow(postgres.samples);
          return {
            bufferHitRate: mean(samples.map((s) => s.bufferHitRate)),
            commitsPerSecond: mean(samples.map((s) => s.commitsPerSecond)),
            backends: mean(samples.map((s) => s.backends)),
          };
        })()
      : null,
  };
}

/** Keyspace hit rate over a window: Σ hits / Σ (hits + misses) of its samples (each a difference since the previous one). */
function windowHitRate(
  samples: { keyspaceHits: number | null; keyspaceMisses: number | null }[],
): number | null {
  let hits = 0;
  let lookups = 0;
  for (const s of samples) {
    if (s.keyspaceHits === null || s.keyspaceMisses === null) continue;
    hits += s.keyspaceHits;
    lookups += s.keyspaceHits + s.keyspaceMisses;
  }
  return lookups > 0 ? hits / lookups : null;
}

/**
 * The USL over the steps (Gunther 2007): N = users, or with `little` the requests
 * in flight X·R (Little's law; right when users think between requests); users at
 * the peak = N* + X_max·Z then, Z the mean think time of the steps.
 * @throws PerflabError from `fitUsl` (fewer than 6 usable steps, non-positive values)
 */
export function planUsl(steps: readonly PlanStep[], little: boolean): PlanUsl {
  const points = steps.map((s) => ({ n: little ? s.concurrency : s.users, x: s.throughputRps }));
  const fit = fitUsl(points);
  const thinkS = little ? steps.reduce((sum, s) => sum + s.thinkTimeMs, 0) / steps.length / 1000 : 0;
  const peakUsers = fit.nStar === null ? null : little ? fit.nStar + (fit.xMax ?? 0) * thinkS : fit.nStar;
  return {
    concurrency: little ? 'little' : 'users',
    lambda: fit.lambda,
    sigma: fit.sigma,
    kappa: fit.kappa,
    lambdaStdError: fit.standardErrors.lambda,
    sigmaStdError: fit.standardErrors.sigma,
    kappaStdError: fit.standardErrors.kappa,
    rSquared: fit.rSquared,
    peakConcurrency: fit.nStar,
    peakUsers,
    maxThroughputRps: fit.xMax,
    optimalConcurrency: fit.nOpt,
    throughputRoofRps: fit.xRoof,
    points: fit.points.map((p) => ({ concurrency: p.n, measuredRps: p.x, fittedRps: p.fitted })),
  };
}

function percentileOf(step: PlanStep, percentile: number): number {
  if (percentile === 50) return step.p50Ms;
  if (percentile === 99) return step.p99Ms;
  return step.p95Ms;
}

function sumOrNull(values: (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return values.reduce<number>((a, b) => a + b!, 0);
}

function lineOrNull(points: { x: number; y: number | null }[]): LinearFit | null {
  const known = points.filter((p): p is { x: number; y: number } => p.y !== null);
  return known.length >= 2 ? fitLine(known) : null;
}

/** Whether the scenario's users think between tasks (its wait time, sampled a few times, is ever positive). */
export function hasThinkTime(scenario: Scenario): boolean {
  for (let i = 0; i < 5; i++) if (scenario.waitTime(0) > 0) return true;
  return false;
}

/** `YYYYMMDD-HHMMSS` (UTC) of an ISO 8601 time, for report file names. */
export function reportStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
