import { type ReactNode, useEffect } from 'react';
import { MemoryChart, PlanLatencyChart, UslChart } from '../components/PlanCharts';
import { formatCount, formatDuration, formatMs, formatPercent, formatRate, formatTime } from '../format';
import type { ConstraintCapacity, LinearFit, PlanReport, PlanStep, PlanUsl } from '../types';

const KIB = 2 ** 10;
const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** `2.90 GiB`. */
function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(2)} GiB`;
}

/** `312.4 MiB`; `–` for null. */
function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined || !Number.isFinite(bytes) ? '–' : (bytes / MIB).toFixed(1);
}

/** Memory per user: `2.00 MiB/user` from 1 MiB up, else `512.0 KiB/user`. */
function perUser(bytes: number): string {
  return Math.abs(bytes) >= MIB
    ? `${(bytes / MIB).toFixed(2)} MiB/user`
    : `${(bytes / KIB).toFixed(1)} KiB/user`;
}

/** A coefficient with 4 significant digits, in exponent form when tiny: `0.02`, `5.000e-4`. */
function coefficient(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  if (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** `value ± se`, or just the value when the standard error is unknown. */
function withError(value: number, se: number | null): string {
  return se === null || !Number.isFinite(se)
    ? coefficient(value)
    : `${coefficient(value)} ± ${coefficient(se)}`;
}

function sloLabel(plan: PlanReport): string | null {
  return plan.slo ? `p${plan.slo.percentile} < ${formatMs(plan.slo.maxMs)} ms` : null;
}

/** A constraint named in words. */
function constraintName(plan: PlanReport, constraint: ConstraintCapacity['constraint']): string {
  switch (constraint) {
    case 'memory':
      return plan.budget.ramBytes === undefined
        ? 'memory'
        : `memory (RAM budget ${gib(plan.budget.ramBytes)})`;
    case 'cpu':
      return plan.budget.cpus === undefined ? 'CPU' : `CPU (budget ${plan.budget.cpus} cores)`;
    case 'usl':
      return 'throughput peak (USL)';
    case 'slo':
      return `latency SLO (${sloLabel(plan) ?? 'none'})`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Kpi({
  label,
  value,
  tone,
  testId,
}: {
  label: string;
  value: ReactNode;
  tone?: 'good' | 'bad' | undefined;
  testId?: string;
}) {
  return (
    <div className={`kpi${tone ? ` ${tone}` : ''}`} data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </div>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Scenario, host, times, step length, budget, SLO, watched processes. */
function PlanHeader({ plan }: { plan: PlanReport }) {
  const { budget } = plan;
  const budgetParts = [
    budget.ramBytes !== undefined ? `RAM ${gib(budget.ramBytes)}` : null,
    budget.cpus !== undefined ? `${budget.cpus} CPUs` : null,
  ].filter(Boolean);
  return (
    <>
      <div className="page-title">
        <h1>
          Capacity plan <span className="muted">·</span>{' '}
          <span className="wrap-anywhere">{plan.scenarioFile}</span>
        </h1>
        <p className="muted">
          {plan.host} · {formatTime(plan.startedAt)} → {formatTime(plan.endedAt)} · {plan.steps.length} steps
        </p>
      </div>
      <dl className="plan-meta" data-testid="plan-header">
        <Meta label="Scenario">
          <span className="wrap-anywhere">{plan.scenarioFile}</span>
        </Meta>
        <Meta label="Host">
          <span className="wrap-anywhere">{plan.host}</span>
        </Meta>
        <Meta label="Started">{formatTime(plan.startedAt)}</Meta>
        <Meta label="Ended">{formatTime(plan.endedAt)}</Meta>
        <Meta label="Step">
          {formatDuration(plan.stepDurationMs)} measured after {formatDuration(plan.warmupMs)} warm-up
        </Meta>
        <Meta label="Budget">
          {budgetParts.length > 0 ? budgetParts.join(', ') : <span className="muted">none</span>}
        </Meta>
        <Meta label="SLO">{sloLabel(plan) ?? <span className="muted">none</span>}</Meta>
        <Meta label="Watched">
          {plan.watched.length > 0 ? (
            <span className="wrap-anywhere">{plan.watched.join(', ')}</span>
          ) : (
            <span className="muted">nothing (--watch)</span>
          )}
        </Meta>
      </dl>
    </>
  );
}

/** The answer: the largest user count, the constraint that binds, the headroom, every constraint. */
function CapacityPanel({ plan }: { plan: PlanReport }) {
  const { capacity } = plan;
  const binding = capacity.constraints.find((c) => c.constraint === capacity.binding) ?? null;
  const headroom = capacity.headroomPercent;
  return (
    <section className="panel" data-testid="plan-capacity" aria-labelledby="plan-capacity-title">
      <h2 id="plan-capacity-title">Capacity</h2>
      <div className="kpis">
        <Kpi
          label="Max users"
          value={capacity.maxUsers === null ? '–' : formatCount(capacity.maxUsers)}
          testId="plan-max-users"
        />
        <Kpi
          label="Binding constraint"
          value={capacity.binding === null ? 'none' : capitalise(constraintName(plan, capacity.binding))}
        />
        <Kpi
          label={`Headroom at ${formatCount(capacity.currentUsers)} users`}
          value={headroom === null ? '–' : `${headroom >= 0 ? '+' : '−'}${Math.abs(headroom).toFixed(1)}%`}
          tone={headroom === null ? undefined : headroom >= 0 ? 'good' : 'bad'}
          testId="plan-headroom"
        />
      </div>
      <p className="plan-answer" data-testid="plan-binding">
        {binding === null || capacity.maxUsers === null ? (
          'No constraint could be estimated: see the reasons below.'
        ) : (
          <>
            At most <strong>{formatCount(capacity.maxUsers)} users</strong>:{' '}
            <strong>{constraintName(plan, binding.constraint)}</strong> is the binding constraint (
            {binding.reason}
            ).
          </>
        )}
      </p>
      <div className="table-wrap">
        <table className="data" data-testid="plan-constraints">
          <thead>
            <tr>
              <th className="text">Constraint</th>
              <th className="num">Max users</th>
              <th className="text">How</th>
            </tr>
          </thead>
          <tbody>
            {capacity.constraints.map((c) => (
              <tr
                key={c.constraint}
                data-testid="plan-constraint-row"
                className={c.constraint === capacity.binding ? 'selected' : undefined}
              >
                <td className="text">
                  {capitalise(constraintName(plan, c.constraint))}{' '}
                  {c.constraint === capacity.binding && <span className="badge bad">binding</span>}
                </td>
                <td className="num">{c.maxUsers === null ? '–' : formatCount(c.maxUsers)}</td>
                <td className="text">{c.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface StepColumn {
  label: ReactNode;
  key: string;
  text?: boolean;
  cell: (step: PlanStep) => ReactNode;
}

function rate(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : formatPercent(value);
}

/** Each step's figures, one row per step. */
function StepsTable({ plan }: { plan: PlanReport }) {
  const slo = plan.slo;
  const sloCell = (percentile: number, ms: number) => (
    <span className={slo && slo.percentile === percentile && ms >= slo.maxMs ? 'bad' : undefined}>
      {formatMs(ms)}
    </span>
  );
  const columns: StepColumn[] = [
    { key: 'users', label: 'Users', cell: (s) => formatCount(s.users) },
    { key: 'rps', label: 'Req/s', cell: (s) => formatRate(s.throughputRps) },
    { key: 'mean', label: 'Mean (ms)', cell: (s) => formatMs(s.meanMs) },
    { key: 'p50', label: 'p50 (ms)', cell: (s) => sloCell(50, s.p50Ms) },
    { key: 'p95', label: 'p95 (ms)', cell: (s) => sloCell(95, s.p95Ms) },
    { key: 'p99', label: 'p99 (ms)', cell: (s) => sloCell(99, s.p99Ms) },
    {
      key: 'errors',
      label: 'Errors',
      cell: (s) => <span className={s.errorRate > 0 ? 'bad' : undefined}>{formatPercent(s.errorRate)}</span>,
    },
    { key: 'xr', label: 'X·R', cell: (s) => s.concurrency.toFixed(2) },
    { key: 'think', label: 'Think time (ms)', cell: (s) => formatMs(s.thinkTimeMs) },
  ];
  plan.watched.forEach((spec, index) => {
    columns.push(
      {
        key: `cpu-${index}`,
        label: (
          <>
            CPU (cores) <span className="col-sub">{spec}</span>
          </>
        ),
        cell: (s) => {
          const cores = s.processes[index]?.cpuCores ?? null;
          return cores === null ? '–' : cores.toFixed(2);
        },
      },
      {
        key: `mem-${index}`,
        label: (
          <>
            Memory (MiB) <span className="col-sub">{spec}</span>
          </>
        ),
        cell: (s) => mib(s.processes[index]?.memoryBytes),
      },
    );
  });
  if (plan.steps.some((s) => s.redis !== null)) {
    columns.push(
      { key: 'redis-hit', label: 'Redis hit rate', cell: (s) => rate(s.redis?.hitRate) },
      { key: 'redis-mem', label: 'Redis memory (MiB)', cell: (s) => mib(s.redis?.usedMemoryBytes) },
    );
  }
  if (plan.steps.some((s) => s.postgres !== null)) {
    columns.push({
      key: 'pg-hit',
      label: 'PostgreSQL buffer hit rate',
      cell: (s) => rate(s.postgres?.bufferHitRate),
    });
  }
  return (
    <section className="plan-section" aria-labelledby="plan-steps-title">
      <h2 id="plan-steps-title">Steps</h2>
      <div className="table-wrap">
        <table className="data plan-steps" data-testid="plan-steps-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} className={c.text ? 'text' : 'num'}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {plan.steps.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted">
                  No step was measured
                </td>
              </tr>
            ) : (
              plan.steps.map((s, i) => (
                <tr key={`${s.users}-${i}`} data-testid="plan-step-row">
                  {columns.map((c) => (
                    <td key={c.key} className={c.text ? 'text' : 'num'}>
                      {c.cell(s)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Each step measured over {formatDuration(plan.stepDurationMs)} after a {formatDuration(plan.warmupMs)}{' '}
        warm-up. X·R: requests in flight by Little&apos;s law; think time N/X − R.
      </p>
    </section>
  );
}

function UslFigures({ usl }: { usl: PlanUsl }) {
  return (
    <div className="kpis compact" data-testid="plan-usl-figures">
      <Kpi label="λ (req/s at N = 1)" value={withError(usl.lambda, usl.lambdaStdError)} />
      <Kpi label="σ (contention)" value={withError(usl.sigma, usl.sigmaStdError)} />
      <Kpi label="κ (coherency)" value={withError(usl.kappa, usl.kappaStdError)} />
      <Kpi label="R²" value={usl.rSquared === null ? '–' : usl.rSquared.toFixed(4)} />
      <Kpi
        label="N* (peak concurrency)"
        value={usl.peakConcurrency === null ? 'none (κ = 0)' : usl.peakConcurrency.toFixed(1)}
      />
      <Kpi label="Users at the peak" value={usl.peakUsers === null ? '–' : usl.peakUsers.toFixed(1)} />
      <Kpi
        label="X_max (req/s)"
        value={usl.maxThroughputRps === null ? '–' : formatRate(usl.maxThroughputRps)}
      />
      <Kpi
        label="N_opt = 1/σ"
        value={usl.optimalConcurrency === null ? '–' : usl.optimalConcurrency.toFixed(1)}
      />
      <Kpi
        label="X_roof = λ/σ (req/s)"
        value={usl.throughputRoofRps === null ? '–' : formatRate(usl.throughputRoofRps)}
      />
    </div>
  );
}

/** The USL fit: coefficients with standard errors, the peak, and the chart. */
function UslPanel({ plan }: { plan: PlanReport }) {
  const { usl } = plan;
  return (
    <section className="panel" data-testid="plan-usl" aria-labelledby="plan-usl-title">
      <h2 id="plan-usl-title">Universal Scalability Law</h2>
      {usl === null ? (
        <div className="banner bad" role="status" data-testid="plan-usl-error">
          No USL fit: {plan.uslError ?? 'unknown reason'}
        </div>
      ) : (
        <>
          <p className="muted small">
            X(N) = λN / (1 + σ(N−1) + κN(N−1)), N ={' '}
            {usl.concurrency === 'users'
              ? 'virtual users (no think time)'
              : 'requests in flight X·R (Little’s law; the scenario thinks between requests)'}
            .
          </p>
          <UslFigures usl={usl} />
          <UslChart usl={usl} />
        </>
      )}
    </section>
  );
}

function modelRow(key: string, name: string, model: LinearFit | null) {
  return (
    <tr key={key} data-testid="plan-memory-row">
      <td className="text process">{name}</td>
      <td className="num">{model ? `${mib(model.intercept)} MiB` : '–'}</td>
      <td className="num">{model ? perUser(model.slope) : '–'}</td>
      <td className="num">{model ? model.rSquared.toFixed(4) : '–'}</td>
    </tr>
  );
}

/** Memory per user and at zero users, per process and in total, and the chart. */
function MemoryPanel({ plan }: { plan: PlanReport }) {
  const total = plan.capacity.memoryModel;
  return (
    <section className="panel" data-testid="plan-memory" aria-labelledby="plan-memory-title">
      <h2 id="plan-memory-title">Memory</h2>
      {plan.watched.length === 0 ? (
        <p className="muted">No process was watched (--watch): no memory model.</p>
      ) : (
        <>
          {total && (
            <p data-testid="plan-memory-summary">
              Memory per user <strong>m = {perUser(total.slope)}</strong>; at zero users{' '}
              <strong>M₀ = {mib(total.intercept)} MiB</strong>
              {plan.budget.ramBytes !== undefined && <> (budget {gib(plan.budget.ramBytes)})</>}.
            </p>
          )}
          <div className="table-wrap">
            <table className="data" data-testid="plan-memory-table">
              <thead>
                <tr>
                  <th className="text">Process</th>
                  <th className="num">M₀</th>
                  <th className="num">m (per user)</th>
                  <th className="num">R²</th>
                </tr>
              </thead>
              <tbody>{plan.memoryPerProcess.map((p, i) => modelRow(`p-${i}`, p.spec, p.model))}</tbody>
              {plan.watched.length > 1 && (
                <tfoot>
                  <tr className="total">
                    <td className="text">Total</td>
                    <td className="num">{total ? `${mib(total.intercept)} MiB` : '–'}</td>
                    <td className="num">{total ? perUser(total.slope) : '–'}</td>
                    <td className="num">{total ? total.rSquared.toFixed(4) : '–'}</td>
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        </>
      )}
      <MemoryChart plan={plan} />
    </section>
  );
}

/** The capacity plan of `perflab plan`. */
export function PlanView({ plan }: { plan: PlanReport }) {
  useEffect(() => {
    document.title = `perflab plan: ${plan.scenarioFile}`;
  }, [plan.scenarioFile]);
  return (
    <main className="plan">
      <PlanHeader plan={plan} />
      <CapacityPanel plan={plan} />
      <div className="charts">
        <UslPanel plan={plan} />
        <MemoryPanel plan={plan} />
      </div>
      <StepsTable plan={plan} />
      {plan.steps.length > 0 && <PlanLatencyChart plan={plan} />}
      {plan.notes.length > 0 && (
        <section className="plan-section">
          <h2>Notes</h2>
          <ul className="notes" data-testid="plan-notes">
            {plan.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      )}
      <p className="muted small">perflab {plan.tool.version}</p>
    </main>
  );
}
