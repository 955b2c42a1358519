import type { PlanReport } from './plan-report.ts';
import { type Criterion, GRADE_POINTS, type ReadinessScore } from './readiness.ts';

/** A database probe's figures as the readiness report keeps them. */
export interface ProbeFigures {
  kind: 'redis' | 'postgres';
  /** Password masked. */
  url: string;
  readOpsPerSecond: number | null;
  writeOpsPerSecond: number | null;
  readP95Ms: number | null;
  writeP95Ms: number | null;
  /** Why there are no figures (unreachable, failed). */
  error: string | null;
}

/** What the service is expected to hold, from the measurements. */
export interface LoadForecast {
  /** Users the service holds within the SLO and budget (the plan's binding constraint); null when unknown. */
  maxConcurrentUsers: number | null;
  /** Highest throughput measured in any step (or the USL peak when lower), requests/s. */
  maxRps: number | null;
  /** maxRps / maxConcurrentUsers: the request rate one user may be allowed, requests/s. */
  perUserRequestLimit: number | null;
  /** What limits it, in words. */
  bottlenecks: string[];
}

/** `perflab check`'s report (`perflab-readiness-YYYYMMDD-HHMMSS.json`; the Markdown file shows the same). */
export interface ReadinessReport {
  format: 'perflab-readiness';
  version: 1;
  tool: { name: 'perflab'; version: string };
  configFile: string;
  scenarioFile: string;
  host: string;
  startedAt: string;
  endedAt: string;
  criteria: Criterion[];
  score: ReadinessScore;
  probes: ProbeFigures[];
  /** The success-rate run: users, duration, requests, failures, top failure. */
  run: {
    users: number;
    durationMs: number;
    requests: number;
    failures: number;
    topFailure: string | null;
  } | null;
  /** The system-limits stepping (a `perflab plan` report). */
  limits: PlanReport | null;
  forecast: LoadForecast;
  recommendations: string[];
  notes: string[];
}

const VERDICT: Record<ReadinessScore['verdict'], string> = {
  READY: 'ready for production',
  PARTIALLY_READY: 'partially ready',
  NEEDS_SERIOUS_OPTIMIZATION: 'needs serious optimisation',
};

/** The readiness report as Markdown: score and grades first, then the figures behind them. */
export function readinessMarkdown(report: ReadinessReport): string {
  const lines: string[] = [];
  const f = (v: number | null | undefined, d = 1) =>
    v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d);
  lines.push(`# Production readiness: ${report.host}`, '');
  lines.push(
    `Scenario ${report.scenarioFile}, configuration ${report.configFile}; ${report.startedAt} → ${report.endedAt}; perflab ${report.tool.version}.`,
    '',
  );
  lines.push(
    `**Score ${report.score.percent.toFixed(0)} % — ${VERDICT[report.score.verdict]}** (EXCELLENT ${GRADE_POINTS.EXCELLENT}, GOOD ${GRADE_POINTS.GOOD}, NEEDS OPTIMIZATION ${GRADE_POINTS.NEEDS_OPTIMIZATION}, NEEDS SET-UP ${GRADE_POINTS.NEEDS_SETUP} points; ≥ 90 % ready, 70–89 % partially ready).`,
    '',
  );
  lines.push('| criterion | grade | measured | how |', '|---|---|---:|---|');
  for (const c of report.criteria) {
    lines.push(
      `| ${c.title} | ${c.grade.replace('_', ' ')} | ${c.value === null ? '–' : `${f(c.value, 2)} ${c.unit}`} | ${c.detail} |`,
    );
  }
  lines.push('', '## Load forecast', '');
  lines.push(`- Max concurrent users: ${report.forecast.maxConcurrentUsers ?? '–'}`);
  lines.push(`- Max throughput: ${f(report.forecast.maxRps)} requests/s`);
  lines.push(`- Recommended request limit per user: ${f(report.forecast.perUserRequestLimit, 2)} requests/s`);
  for (const b of report.forecast.bottlenecks) lines.push(`- Bottleneck: ${b}`);
  lines.push('', '## Recommendations', '');
  if (report.recommendations.length === 0) lines.push('None: every measurement is within its bounds.');
  for (const r of report.recommendations) lines.push(`- ${r}`);
  lines.push('', '## Database probes', '');
  lines.push(
    '| database | read ops/s | write ops/s | read p95 ms | write p95 ms | note |',
    '|---|---:|---:|---:|---:|---|',
  );
  for (const p of report.probes) {
    lines.push(
      `| ${p.kind} ${p.url} | ${f(p.readOpsPerSecond, 0)} | ${f(p.writeOpsPerSecond, 0)} | ${f(p.readP95Ms, 2)} | ${f(p.writeP95Ms, 2)} | ${p.error ?? ''} |`,
    );
  }
  if (report.run) {
    lines.push(
      '',
      '## Success-rate run',
      '',
      `${report.run.users} users for ${report.run.durationMs / 1000} s: ${report.run.requests} requests, ${report.run.failures} failures${report.run.topFailure ? ` (mostly ${report.run.topFailure})` : ''}.`,
    );
  }
  if (report.limits) {
    lines.push(
      '',
      '## System limits (stepping)',
      '',
      '| users | req/s | p95 ms | errors % |',
      '|---:|---:|---:|---:|',
    );
    for (const s of report.limits.steps) {
      lines.push(`| ${s.users} | ${f(s.throughputRps)} | ${f(s.p95Ms, 2)} | ${f(s.errorRate * 100, 2)} |`);
    }
  }
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
