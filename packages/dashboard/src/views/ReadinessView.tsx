import { type ReactNode, useEffect } from 'react';
import { ReadinessLimitsChart } from '../components/ReadinessCharts';
import { formatCount, formatDuration, formatMs, formatPercent, formatRate, formatTime } from '../format';
import type {
  PlanReport,
  ProbeFigures,
  ReadinessCriterion,
  ReadinessGrade,
  ReadinessReport,
  ReadinessVerdict,
} from '../types';

/** The verdict in words, as the Markdown report gives it. */
const VERDICT: Record<ReadinessVerdict, string> = {
  READY: 'ready for production',
  PARTIALLY_READY: 'partially ready',
  NEEDS_SERIOUS_OPTIMIZATION: 'needs serious optimisation',
};

const VERDICT_TONE: Record<ReadinessVerdict, 'good' | 'warn' | 'bad'> = {
  READY: 'good',
  PARTIALLY_READY: 'warn',
  NEEDS_SERIOUS_OPTIMIZATION: 'bad',
};

/** A grade in words and its badge class. */
const GRADE: Record<ReadinessGrade, { label: string; className: string }> = {
  EXCELLENT: { label: 'EXCELLENT', className: 'grade-excellent' },
  GOOD: { label: 'GOOD', className: 'grade-good' },
  NEEDS_OPTIMIZATION: { label: 'NEEDS OPTIMIZATION', className: 'grade-needs-optimization' },
  NEEDS_SETUP: { label: 'NEEDS SET-UP', className: 'grade-needs-setup' },
};

/** Points per grade (perflab's GRADE_POINTS; docs/readiness.md). */
const GRADE_POINTS: Record<ReadinessGrade, number> = {
  EXCELLENT: 100,
  GOOD: 75,
  NEEDS_OPTIMIZATION: 25,
  NEEDS_SETUP: 0,
};

/** A measured value with its unit: `312.4 ops/s`, `97.6 %`, `0.90 × target`; `–` when not measured. */
function measured(c: ReadinessCriterion): string {
  if (c.value === null || !Number.isFinite(c.value)) return '–';
  return `${formatRate(c.value)} ${c.unit}`;
}

function orDash(value: number | null, format: (v: number) => string): string {
  return value === null || !Number.isFinite(value) ? '–' : format(value);
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Kpi({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </div>
  );
}

/** Host, scenario, configuration file, times, perflab version. */
function ReadinessHeader({ readiness }: { readiness: ReadinessReport }) {
  return (
    <>
      <div className="page-title">
        <h1>
          Production readiness <span className="muted">·</span>{' '}
          <span className="wrap-anywhere">{readiness.host}</span>
        </h1>
        <p className="muted">
          {formatTime(readiness.startedAt)} → {formatTime(readiness.endedAt)} · perflab{' '}
          {readiness.tool.version}
        </p>
      </div>
      <dl className="plan-meta" data-testid="readiness-header">
        <Meta label="Host">
          <span className="wrap-anywhere">{readiness.host}</span>
        </Meta>
        <Meta label="Scenario">
          <span className="wrap-anywhere">{readiness.scenarioFile}</span>
        </Meta>
        <Meta label="Configuration">
          <span className="wrap-anywhere">{readiness.configFile}</span>
        </Meta>
        <Meta label="Started">{formatTime(readiness.startedAt)}</Meta>
        <Meta label="Ended">{formatTime(readiness.endedAt)}</Meta>
        <Meta label="perflab">{readiness.tool.version}</Meta>
      </dl>
    </>
  );
}

function GradeBadge({ grade }: { grade: ReadinessGrade }) {
  const { label, className } = GRADE[grade];
  return (
    <span className={`badge grade ${className}`} data-testid="readiness-grade" data-grade={grade}>
      {label}
    </span>
  );
}

/** The score, the verdict in words, and each criterion's grade. */
function ScorePanel({ readiness }: { readiness: ReadinessReport }) {
  const { score, criteria } = readiness;
  const tone = VERDICT_TONE[score.verdict];
  return (
    <section className="panel" data-testid="readiness-score" aria-labelledby="readiness-score-title">
      <h2 id="readiness-score-title">Readiness score</h2>
      <div className={`readiness-headline ${tone}`} data-verdict={score.verdict}>
        <span className="readiness-percent" data-testid="readiness-percent">
          {score.percent.toFixed(0)}%
        </span>
        <span className="readiness-verdict" data-testid="readiness-verdict">
          {VERDICT[score.verdict]}
        </span>
      </div>
      <p className="muted small">
        Mean of the criteria&apos;s points: EXCELLENT {GRADE_POINTS.EXCELLENT}, GOOD {GRADE_POINTS.GOOD},
        NEEDS OPTIMIZATION {GRADE_POINTS.NEEDS_OPTIMIZATION}, NEEDS SET-UP {GRADE_POINTS.NEEDS_SETUP}; ≥ 90%
        ready, 70–89% partially ready, below 70% needs serious optimisation.
      </p>
      <div className="table-wrap">
        <table className="data readiness-criteria" data-testid="readiness-criteria">
          <thead>
            <tr>
              <th className="text">Criterion</th>
              <th className="text">Grade</th>
              <th className="num">Measured</th>
              <th className="text">How</th>
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => (
              <tr key={c.id} data-testid="readiness-criterion" data-criterion={c.id}>
                <td className="text criterion-title">{c.title}</td>
                <td className="text">
                  <GradeBadge grade={c.grade} />
                </td>
                <td className="num">{measured(c)}</td>
                <td className="text reasons">{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Users, throughput and per-user request rate the service is expected to hold, and what limits it. */
function ForecastPanel({ readiness }: { readiness: ReadinessReport }) {
  const { forecast } = readiness;
  return (
    <section className="panel" data-testid="readiness-forecast" aria-labelledby="readiness-forecast-title">
      <h2 id="readiness-forecast-title">Load forecast</h2>
      <div className="kpis">
        <Kpi
          label="Max concurrent users"
          value={orDash(forecast.maxConcurrentUsers, formatCount)}
          testId="readiness-max-users"
        />
        <Kpi
          label="Max throughput (req/s)"
          value={orDash(forecast.maxRps, formatRate)}
          testId="readiness-max-rps"
        />
        <Kpi
          label="Request limit per user (req/s)"
          value={orDash(forecast.perUserRequestLimit, (v) => v.toFixed(2))}
          testId="readiness-per-user"
        />
      </div>
      <h3>Bottlenecks</h3>
      {forecast.bottlenecks.length === 0 ? (
        <p className="muted">None found.</p>
      ) : (
        <ul className="notes" data-testid="readiness-bottlenecks">
          {forecast.bottlenecks.map((b, i) => (
            <li key={i}>{b}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecommendationsPanel({ recommendations }: { recommendations: string[] }) {
  return (
    <section
      className="panel"
      data-testid="readiness-recommendations"
      aria-labelledby="readiness-recommendations-title"
    >
      <h2 id="readiness-recommendations-title">Recommendations</h2>
      {recommendations.length === 0 ? (
        <p className="muted">None: every measurement is within its bounds.</p>
      ) : (
        <ol className="recommendations">
          {recommendations.map((r, i) => (
            <li key={i} data-testid="readiness-recommendation">
              {r}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const DATABASE: Record<ProbeFigures['kind'], string> = { redis: 'Redis', postgres: 'PostgreSQL' };

function ProbesTable({ probes }: { probes: ProbeFigures[] }) {
  return (
    <section className="plan-section" aria-labelledby="readiness-probes-title">
      <h2 id="readiness-probes-title">Database probes</h2>
      <div className="table-wrap">
        <table className="data" data-testid="readiness-probes">
          <thead>
            <tr>
              <th className="text">Database</th>
              <th className="num">Read ops/s</th>
              <th className="num">Write ops/s</th>
              <th className="num">Read p95 (ms)</th>
              <th className="num">Write p95 (ms)</th>
              <th className="text">Note</th>
            </tr>
          </thead>
          <tbody>
            {probes.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  No database configured (redis, postgres)
                </td>
              </tr>
            ) : (
              probes.map((p, i) => (
                <tr key={`${p.kind}-${i}`} data-testid="readiness-probe">
                  <td className="text process">
                    {DATABASE[p.kind]} <span className="col-sub muted">{p.url}</span>
                  </td>
                  <td className="num">{orDash(p.readOpsPerSecond, formatRate)}</td>
                  <td className="num">{orDash(p.writeOpsPerSecond, formatRate)}</td>
                  <td className="num">{formatMs(p.readP95Ms)}</td>
                  <td className="num">{formatMs(p.writeP95Ms)}</td>
                  <td className="text">{p.error ? <span className="bad">{p.error}</span> : ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RunLine({ run }: { run: NonNullable<ReadinessReport['run']> }) {
  const success = run.requests > 0 ? 1 - run.failures / run.requests : null;
  return (
    <section className="plan-section" aria-labelledby="readiness-run-title">
      <h2 id="readiness-run-title">Success-rate run</h2>
      <p data-testid="readiness-run">
        {formatCount(run.users)} users for {formatDuration(run.durationMs)}: {formatCount(run.requests)}{' '}
        requests,{' '}
        <span className={run.failures > 0 ? 'bad' : undefined}>{formatCount(run.failures)} failures</span>
        {success !== null && <> (success rate {formatPercent(success)})</>}
        {run.topFailure && (
          <>
            ; mostly “<span className="wrap-anywhere">{run.topFailure}</span>”
          </>
        )}
        .
      </p>
    </section>
  );
}

/** The stepping against the SLO: one row per step, and p95 with throughput per step. */
function LimitsSection({ limits }: { limits: PlanReport }) {
  const slo = limits.slo;
  const sloUsers = limits.capacity.constraints.find((c) => c.constraint === 'slo') ?? null;
  const over = (percentile: number, ms: number) =>
    slo !== null && slo.percentile === percentile && ms >= slo.maxMs ? 'bad' : undefined;
  return (
    <section className="panel" data-testid="readiness-limits" aria-labelledby="readiness-limits-title">
      <h2 id="readiness-limits-title">System limits (stepping)</h2>
      <p className="muted small">
        {slo ? `SLO p${slo.percentile} < ${formatMs(slo.maxMs)} ms` : 'No SLO'}; each step measured over{' '}
        {formatDuration(limits.stepDurationMs)} after a {formatDuration(limits.warmupMs)} warm-up.
        {sloUsers && <> {sloUsers.reason}.</>}
      </p>
      <div className="table-wrap">
        <table className="data" data-testid="readiness-limits-table">
          <thead>
            <tr>
              <th className="num">Users</th>
              <th className="num">Req/s</th>
              <th className="num">Mean (ms)</th>
              <th className="num">p50 (ms)</th>
              <th className="num">p95 (ms)</th>
              <th className="num">p99 (ms)</th>
              <th className="num">Errors</th>
            </tr>
          </thead>
          <tbody>
            {limits.steps.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  No step was measured
                </td>
              </tr>
            ) : (
              limits.steps.map((s, i) => (
                <tr key={`${s.users}-${i}`} data-testid="readiness-limit-row">
                  <td className="num">{formatCount(s.users)}</td>
                  <td className="num">{formatRate(s.throughputRps)}</td>
                  <td className="num">{formatMs(s.meanMs)}</td>
                  <td className="num">
                    <span className={over(50, s.p50Ms)}>{formatMs(s.p50Ms)}</span>
                  </td>
                  <td className="num">
                    <span className={over(95, s.p95Ms)}>{formatMs(s.p95Ms)}</span>
                  </td>
                  <td className="num">
                    <span className={over(99, s.p99Ms)}>{formatMs(s.p99Ms)}</span>
                  </td>
                  <td className="num">
                    <span className={s.errorRate > 0 ? 'bad' : undefined}>{formatPercent(s.errorRate)}</span>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {limits.steps.length > 0 && <ReadinessLimitsChart limits={limits} />}
    </section>
  );
}

/** The production-readiness report of `perflab check`. */
export function ReadinessView({ readiness }: { readiness: ReadinessReport }) {
  useEffect(() => {
    document.title = `perflab readiness: ${readiness.host}`;
  }, [readiness.host]);
  return (
    <main className="readiness">
      <ReadinessHeader readiness={readiness} />
      <ScorePanel readiness={readiness} />
      <div className="charts">
        <ForecastPanel readiness={readiness} />
        <RecommendationsPanel recommendations={readiness.recommendations} />
      </div>
      <ProbesTable probes={readiness.probes} />
      {readiness.run && <RunLine run={readiness.run} />}
      {readiness.limits ? (
        <LimitsSection limits={readiness.limits} />
      ) : (
        <p className="muted" data-testid="readiness-no-limits">
          No limits stepping was run.
        </p>
      )}
      {readiness.notes.length > 0 && (
        <section className="plan-section">
          <h2>Notes</h2>
          <ul className="notes" data-testid="readiness-notes">
            {readiness.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <p className="muted small">perflab {readiness.tool.version}</p>
    </main>
  );
}
