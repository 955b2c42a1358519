import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadCheckConfig } from '../capacity/check-config.ts';
import {
  type LoadForecast,
  type ProbeFigures,
  readinessMarkdown,
  type ReadinessReport,
} from '../capacity/check-report.ts';
import { hasThinkTime, reportStamp, runPlan } from '../capacity/plan.ts';
import type { PlanReport } from '../capacity/plan-report.ts';
import { probePostgres } from '../capacity/probes/postgres-probe.ts';
import { probeRedis } from '../capacity/probes/redis-probe.ts';
import type { DbProbeResult } from '../capacity/probes/types.ts';
import {
  type Criterion,
  type CriterionId,
  grade,
  readinessScore,
  recommendations,
} from '../capacity/readiness.ts';
import type { ResourceReport } from '../capacity/samplers/types.ts';
import { PerflabError } from '../errors.ts';
import { writeFileAtomic } from '../output/atomic-write.ts';
import { PERFLAB_VERSION } from '../output/json.ts';
import type { RunResult } from '../output/reporter.ts';
import { writeDashboardHtml } from '../report/html.ts';
import { loadTestPlan } from '../scenario/load.ts';
import type { CliIo } from './io.ts';
import { runScenarioWithOutputs } from './run.ts';

/** Flags of `perflab check`. */
export interface CheckFlags {
  config: string;
  out?: string;
  workers?: string;
}

const TITLES: Record<CriterionId, string> = {
  'db-read': 'Database reads',
  'db-write': 'Database writes',
  'cache-hit-rate': 'Cache hit rate',
  'success-rate': 'Success rate under load',
  'memory-growth': 'Memory growth over the run',
  'system-limits': 'System limits (SLO)',
};

/**
 * `perflab check --config readiness.yaml`: the readiness suite — database probes
 * (read and write rates on a throwaway table/key prefix, removed afterwards), a
 * run of the scenario at `users` (success rate, cache hit rate, memory growth of
 * the watched processes), a stepping for the highest load within the SLO; each
 * graded, then the score, the forecast and recommendations, written as
 * `perflab-readiness-YYYYMMDD-HHMMSS.{md,html,json}` in `--out`.
 * @returns 0 when the report was written (whatever the score)
 * @throws PerflabError for an invalid configuration (exit 2) before anything is measured
 */
export async function checkCommand(flags: CheckFlags, io: CliIo): Promise<number> {
  const config = await loadCheckConfig(flags.config);
  const plan = await loadTestPlan(config.scenario);
  const scenario = plan.scenarios.length === 1 ? plan.scenarios[0]! : undefined;
  if (scenario?.executor.type !== 'ramping-users' || !scenario.executor.constant) {
    throw new PerflabError(
      'PERFLAB_ERR_CONFIG',
      `${flags.config}: scenario ${config.scenario} must be a single closed-model scenario (users, spawnRate, duration)`,
    );
  }
  const outDir = resolve(flags.out ?? '.');
  await mkdir(outDir, { recursive: true });
  const startedAt = new Date();
  const notes: string[] = [];
  const quiet: CliIo = { ...io, write: () => {} };
  const file = { shown: relative(process.cwd(), config.scenario) || config.scenario, path: config.scenario };

  // 1. Database probes.
  const probes: ProbeFigures[] = [];
  const probeOptions = { durationMs: config.probes.durationMs, concurrency: config.probes.concurrency };
  for (const [kind, url, probe] of [
    ['redis', config.redis, probeRedis],
    ['postgres', config.postgres, probePostgres],
  ] as const) {
    if (url === undefined) continue;
    io.write(`probing ${kind}…\n`);
    try {
      probes.push(figures(await probe(url, probeOptions)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      probes.push({
        kind,
        url: maskUrl(url),
        readOpsPerSecond: null,
        writeOpsPerSecond: null,
        readP95Ms: null,
        writeP95Ms: null,
        error: message,
      });
      notes.push(`${kind} probe: ${message}`);
    }
  }

  // 2. The success-rate run, with the resources watched.
  io.write(`running ${config.users} users for ${config.durationMs / 1000} s…\n`);
  const run: RunResult = await runScenarioWithOutputs(
    plan,
    file,
    {
      host: config.host,
      users: String(config.users),
      spawnRate: String(Math.max(1, config.users)),
      duration: `${config.durationMs}ms`,
      workers: flags.workers,
      watch: config.watch,
      redis: config.redis ? [config.redis] : [],
      postgres: config.postgres ? [config.postgres] : [],
    },
    quiet,
  );
  const resources = run.resources;
  notes.push(...(resources?.notes ?? []));

  // 3. System limits: a stepping against the SLO.
  io.write(`stepping ${config.limits.steps.join(', ')} users…\n`);
  let interrupted = run.interrupted;
  const limits: PlanReport = await runPlan({
    steps: config.limits.steps,
    stepDurationMs: config.limits.stepDurationMs,
    warmupMs: config.limits.warmupMs,
    budget: {},
    slo: config.slo,
    scenarioFile: file.shown,
    host: run.info.host,
    watched: [],
    concurrency: hasThinkTime(scenario) ? 'little' : 'users',
    runStep: async (users, durationMs, reporters) => {
      const result = await runScenarioWithOutputs(
        plan,
        file,
        {
          host: config.host,
          users: String(users),
          spawnRate: String(users),
          duration: `${durationMs}ms`,
          workers: flags.workers,
        },
        quiet,
        reporters,
      );
      interrupted ||= result.interrupted;
      return result;
    },
    resources: () => null,
    log: (line) => io.write(`  ${line}\n`),
    interrupted: () => interrupted,
  });

  // 4. Grades, score, forecast, recommendations.
  const total = run.snapshot.aggregated;
  const successRate = total.requests === 0 ? null : 1 - total.failures / total.requests;
  const memoryGrowthMb = memoryGrowth(resources);
  const redisSeries = resources?.redis[0];
  const hitRate = redisSeries?.summary.hitRate ?? null;
  const sloUsers = limits.capacity.constraints.find((c) => c.constraint === 'slo')?.maxUsers ?? null;
  const minOf = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : Math.min(...known);
  };
  const dbRead = minOf(probes.map((p) => p.readOpsPerSecond));
  const dbWrite = minOf(probes.map((p) => p.writeOpsPerSecond));
  const t = config.thresholds;
  /** One graded criterion: `graded` is compared with the bounds, `shown` (same or in %) is reported. */
  const criterion = (
    id: CriterionId,
    shown: number | null,
    unit: string,
    detail: string,
    graded: number | null = shown,
    lowerIsBetter = false,
  ): Criterion => ({
    id,
    title: TITLES[id],
    grade: grade(graded, t[id], lowerIsBetter),
    value: shown,
    unit,
    detail,
  });
  const above = (id: CriterionId, unit: string, scale = 1) =>
    `EXCELLENT ≥ ${t[id].excellent * scale}${unit}, GOOD ≥ ${t[id].good * scale}${unit}`;
  const percent = (v: number | null) => (v === null ? null : v * 100);
  const noDb = 'no redis or postgres URL configured';
  const probed = `the slower of ${probes.map((p) => p.kind).join(', ')}`;
  const criteria: Criterion[] = [
    criterion(
      'db-read',
      dbRead,
      'ops/s',
      probes.length === 0 ? noDb : `${probed}; ${above('db-read', ' ops/s')}`,
    ),
    criterion(
      'db-write',
      dbWrite,
      'ops/s',
      probes.length === 0 ? noDb : `${probed}; ${above('db-write', ' ops/s')}`,
    ),
    criterion(
      'cache-hit-rate',
      percent(hitRate),
      '%',
      config.redis === undefined
        ? 'no redis URL configured'
        : hitRate === null
          ? 'Redis unreachable, or no lookups during the run'
          : `Redis keyspace hits during the run; EXCELLENT ≥ ${t['cache-hit-rate'].excellent * 100} %`,
      hitRate,
    ),
    criterion(
      'success-rate',
      percent(successRate),
      '%',
      `${config.users} users for ${config.durationMs / 1000} s; ${above('success-rate', ' %', 100)}`,
      successRate,
    ),
    criterion(
      'memory-growth',
      memoryGrowthMb,
      'MB',
      config.watch.length === 0
        ? 'nothing watched (watch: [port:N])'
        : `${config.watch.join(', ')} (PSS), first to last sample of the run; EXCELLENT ≤ ${t['memory-growth'].excellent} MB, GOOD ≤ ${t['memory-growth'].good} MB`,
      memoryGrowthMb,
      true,
    ),
    criterion(
      'system-limits',
      sloUsers === null ? null : sloUsers / config.users,
      '× target',
      sloUsers === null
        ? 'no step measured'
        : `${sloUsers} users within p${config.slo.percentile} < ${config.slo.maxMs} ms against a target of ${config.users}; EXCELLENT ≥ ${t['system-limits'].excellent}×`,
    ),
  ];
  const score = readinessScore(criteria);
  const maxRps = limits.steps.reduce((m, s) => Math.max(m, s.throughputRps), 0) || null;
  // The limits stepping's capacity (USL peak and SLO; nothing watched there) is the forecast's.
  const capacity = limits.capacity;
  const bottlenecks: string[] = [];
  if (limits.capacity.binding)
    bottlenecks.push(
      limits.capacity.constraints.find((c) => c.constraint === limits.capacity.binding)!.reason,
    );
  for (const c of criteria)
    if (c.grade === 'NEEDS_OPTIMIZATION')
      bottlenecks.push(`${c.title.toLowerCase()}: ${c.value?.toFixed(1)} ${c.unit}`);
  const forecast: LoadForecast = {
    maxConcurrentUsers: capacity.maxUsers,
    maxRps,
    perUserRequestLimit: maxRps !== null && capacity.maxUsers ? maxRps / capacity.maxUsers : null,
    bottlenecks,
  };
  const recs = recommendations({
    redis: redisSeries
      ? {
          maxmemoryBytes: redisSeries.summary.maxmemoryBytes,
          maxmemoryPolicy: redisSeries.summary.maxmemoryPolicy,
          usedMemoryGrowthBytes: redisSeries.summary.usedMemoryBytes
            ? redisSeries.summary.usedMemoryBytes.last - redisSeries.summary.usedMemoryBytes.min
            : null,
          hitRate,
        }
      : undefined,
    postgresBufferHitRate: resources?.postgres[0]?.summary.bufferHitRate ?? null,
    usl: limits.usl ? { sigma: limits.usl.sigma, kappa: limits.usl.kappa } : null,
    successRate,
    topFailure: run.snapshot.failures[0]?.error ?? null,
    memoryGrowthMb,
    bindingConstraint: bottlenecks[0] ?? null,
  });
  const report: ReadinessReport = {
    format: 'perflab-readiness',
    version: 1,
    tool: { name: 'perflab', version: PERFLAB_VERSION },
    configFile: flags.config,
    scenarioFile: file.shown,
    host: run.info.host,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    criteria,
    score,
    probes,
    run: {
      users: config.users,
      durationMs: config.durationMs,
      requests: total.requests,
      failures: total.failures,
      topFailure: run.snapshot.failures[0]?.error ?? null,
    },
    limits,
    forecast,
    recommendations: recs,
    notes: [...notes, ...limits.notes],
  };
  const stamp = reportStamp(report.startedAt);
  const base = join(outDir, `perflab-readiness-${stamp}`);
  await writeFileAtomic(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(`${base}.md`, readinessMarkdown(report));
  await writeDashboardHtml(`${base}.html`, { kind: 'readiness', readiness: report });
  io.write(
    `readiness score ${score.percent.toFixed(0)} % (${score.verdict}); wrote ${base}.md, ${base}.html and ${base}.json\n`,
  );
  return interrupted ? 130 : 0;
}

function figures(result: DbProbeResult): ProbeFigures {
  return {
    kind: result.kind,
    url: result.url,
    readOpsPerSecond: result.readOpsPerSecond,
    writeOpsPerSecond: result.writeOpsPerSecond,
    readP95Ms: result.readLatencyMs.p95,
    writeP95Ms: result.writeLatencyMs.p95,
    error: result.errors > 0 ? `${result.errors} operations failed` : null,
  };
}

/** Total memory (PSS, else RSS) of the watched processes, last sample minus first, MB (10⁶ bytes). */
function memoryGrowth(resources: ResourceReport | undefined): number | null {
  if (!resources || resources.processes.length === 0) return null;
  let growth = 0;
  for (const series of resources.processes) {
    const known = series.samples.map((s) => s.pssBytes ?? s.rssBytes).filter((v): v is number => v !== null);
    if (known.length < 2) return null;
    growth += known[known.length - 1]! - known[0]!;
  }
  return growth / 1e6;
}

function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}
