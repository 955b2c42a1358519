import type { PlanReport } from './plan-report.ts';

const MIB = 2 ** 20;
const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const mib = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '–' : fmt(bytes / MIB);
const pm = (value: number, error: number | null, digits: number): string =>
  error === null || !Number.isFinite(error)
    ? value.toPrecision(digits)
    : `${value.toPrecision(digits)} ± ${error.toPrecision(2)}`;

/** The plan report as Markdown: the answer first, then the steps, the USL fit, memory, notes. */
export function planMarkdown(report: PlanReport): string {
  const { capacity, usl } = report;
  const lines: string[] = [];
  const budget = [
    report.budget.ramBytes === undefined
      ? undefined
      : `ram ${(report.budget.ramBytes / 2 ** 30).toFixed(2)} GiB`,
    report.budget.cpus === undefined ? undefined : `${report.budget.cpus} CPUs`,
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(`# Capacity plan: ${report.scenarioFile}`, '');
  lines.push(
    `Target ${report.host}; ${report.steps.length} steps of ${report.stepDurationMs / 1000} s (after ${report.warmupMs / 1000} s of warm-up each), ${report.startedAt} → ${report.endedAt}; perflab ${report.tool.version}.`,
  );
  lines.push(
    `Budget: ${budget || 'none'}; SLO: ${report.slo ? `p${report.slo.percentile} < ${report.slo.maxMs} ms` : 'none'}; watched: ${report.watched.length > 0 ? report.watched.join(', ') : 'nothing'}.`,
    '',
  );

  lines.push('## Capacity', '');
  if (capacity.maxUsers === null) {
    lines.push('No constraint could be estimated (see below).', '');
  } else {
    lines.push(
      `**At most ${capacity.maxUsers} users**, bound by **${bindingName(capacity.binding)}**; headroom at the current load (${capacity.currentUsers} users): ${fmt(capacity.headroomPercent, 0)} %.`,
      '',
    );
  }
  lines.push('| constraint | max users | how |', '|---|---:|---|');
  for (const c of capacity.constraints) {
    lines.push(`| ${bindingName(c.constraint)} | ${c.maxUsers ?? '–'} | ${c.reason} |`);
  }
  lines.push('');

  lines.push('## Steps (steady state)', '');
  const processHeads = report.watched.map((spec) => ` ${spec} CPU cores | ${spec} MiB |`).join('');
  const processRule = report.watched.map(() => '---:|---:|').join('');
  lines.push(
    `| users | req/s | mean ms | p50 ms | p95 ms | p99 ms | errors % | X·R | think ms |${processHeads}`,
    `|---:|---:|---:|---:|---:|---:|---:|---:|---:|${processRule}`,
  );
  for (const s of report.steps) {
    const processes = s.processes.map((p) => ` ${fmt(p.cpuCores, 2)} | ${mib(p.memoryBytes)} |`).join('');
    lines.push(
      `| ${s.users} | ${fmt(s.throughputRps)} | ${fmt(s.meanMs, 2)} | ${fmt(s.p50Ms, 2)} | ${fmt(s.p95Ms, 2)} | ${fmt(s.p99Ms, 2)} | ${fmt(s.errorRate * 100, 2)} | ${fmt(s.concurrency, 2)} | ${fmt(s.thinkTimeMs, 0)} |${processes}`,
    );
  }
  const redis = report.steps.filter((s) => s.redis);
  if (redis.length > 0) {
    lines.push('', '| users | Redis used MiB | Redis hit rate % | Redis clients |', '|---:|---:|---:|---:|');
    for (const s of redis) {
      lines.push(
        `| ${s.users} | ${mib(s.redis!.usedMemoryBytes)} | ${s.redis!.hitRate === null ? '–' : fmt(s.redis!.hitRate * 100)} | ${fmt(s.redis!.connectedClients, 0)} |`,
      );
    }
  }
  const postgres = report.steps.filter((s) => s.postgres);
  if (postgres.length > 0) {
    lines.push(
      '',
      '| users | PostgreSQL buffer hit rate % | commits/s | backends |',
      '|---:|---:|---:|---:|',
    );
    for (const s of postgres) {
      const pg = s.postgres!;
      lines.push(
        `| ${s.users} | ${pg.bufferHitRate === null ? '–' : fmt(pg.bufferHitRate * 100)} | ${fmt(pg.commitsPerSecond)} | ${fmt(pg.backends, 0)} |`,
      );
    }
  }
  lines.push('');

  lines.push('## Universal Scalability Law', '');
  if (usl === null) {
    lines.push(`No fit: ${report.uslError ?? 'unknown reason'}.`, '');
  } else {
    lines.push(
      `X(N) = λN / (1 + σ(N−1) + κN(N−1)), N = ${usl.concurrency === 'little' ? 'requests in flight X·R (the scenario has think time; Little’s law)' : 'virtual users'}.`,
      '',
      `- λ = ${pm(usl.lambda, usl.lambdaStdError, 4)} req/s per unit of concurrency`,
      `- σ (contention) = ${pm(usl.sigma, usl.sigmaStdError, 3)}`,
      `- κ (coherency) = ${pm(usl.kappa, usl.kappaStdError, 3)}`,
      `- R² = ${fmt(usl.rSquared, 4)}`,
      `- peak N* = √((1−σ)/κ) = ${fmt(usl.peakConcurrency, 1)} (${fmt(usl.peakUsers, 0)} users), X_max = ${fmt(usl.maxThroughputRps)} req/s`,
      `- N_opt = 1/σ = ${fmt(usl.optimalConcurrency, 1)}, X_roof = λ/σ = ${fmt(usl.throughputRoofRps)} req/s`,
      '',
      '| N | measured req/s | fitted req/s |',
      '|---:|---:|---:|',
      ...usl.points.map((p) => `| ${fmt(p.concurrency, 2)} | ${fmt(p.measuredRps)} | ${fmt(p.fittedRps)} |`),
      '',
    );
  }

  lines.push('## Memory', '');
  if (capacity.memoryModel === null) {
    lines.push('Not measured: watch the service with `--watch port:N` (or `pid:`, `cmd:`).', '');
  } else {
    lines.push('M(N) = M₀ + m·N (least squares over the steps; m is the memory per user).', '');
    lines.push('| process | M₀ MiB | m KiB per user | R² |', '|---|---:|---:|---:|');
    for (const { spec, model } of report.memoryPerProcess) {
      lines.push(
        `| ${spec} | ${model ? mib(model.intercept) : '–'} | ${model ? fmt(model.slope / 1024) : '–'} | ${model ? fmt(model.rSquared, 3) : '–'} |`,
      );
    }
    const total = capacity.memoryModel;
    lines.push(
      `| **total** | ${mib(total.intercept)} | ${fmt(total.slope / 1024)} | ${fmt(total.rSquared, 3)} |`,
      '',
    );
  }

  if (report.notes.length > 0) {
    lines.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  }
  return `${lines.join('\n')}\n`;
}

function bindingName(constraint: string | null): string {
  switch (constraint) {
    case 'memory':
      return 'memory';
    case 'cpu':
      return 'CPU';
    case 'usl':
      return 'the throughput peak (USL)';
    case 'slo':
      return 'the latency objective (SLO)';
    default:
      return 'nothing';
  }
}
