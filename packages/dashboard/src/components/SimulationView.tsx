import { type ReactNode, useMemo } from 'react';
import type uPlot from 'uplot';
import { formatCount, formatMs, formatPercent, formatRate, formatTick } from '../format';
import { type ChartColors, chartColors, seriesColor, useTheme } from '../theme';
import type { HistoryRow, ResultsDocument } from '../types';
import { axis, Chart, type ChartOptions, line } from './Chart';
import { TIME_INCREMENTS_S } from './ResourceCharts';
import { SimpleTable } from './Tables';

/** The simulation-only part of a results document (perflab's `SimulationReport`). */
export type SimulationReport = NonNullable<ResultsDocument['simulation']>;
type MetricInterval = SimulationReport['intervals'][number];
type ComponentReport = SimulationReport['components'][number];

/** A broker queue's figures as `perflab sim` writes them in the broker's `extra.queues`. */
interface BrokerQueue {
  name: string;
  sent: number;
  delivered: number;
  failed: number;
  rejected: number;
  redelivered: number;
  meanDeliveryLatencyS: number | null;
}

const UTILISATION = 'utilisation ';
const AVAILABILITY = 'availability ';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A figure of a metric named like `p95 ms`, `requests/s`, `error rate`. */
function formatMetric(metric: string, value: number): string {
  if (metric.endsWith(' ms')) return formatMs(value);
  if (metric.endsWith('/s')) return formatRate(value);
  if (metric.includes('rate') || metric.startsWith(UTILISATION) || metric.startsWith(AVAILABILITY))
    return formatPercent(value);
  return formatTick(value);
}

/** `±1.43`, or `—` for no interval (one replication). */
function halfWidth(metric: string, value: number | null): string {
  return value === null ? '—' : `±${formatMetric(metric, value)}`;
}

/** The cache figures of a component's `extra`, when it is a cache. */
function cacheFigures(c: ComponentReport): { hits: number; misses: number; hitRate: number | null } | null {
  const extra = c.extra;
  if (c.kind !== 'cache' || !extra || !isNumber(extra.hits) || !isNumber(extra.misses)) return null;
  const hitRate = isNumber(extra.hitRate)
    ? extra.hitRate
    : extra.hits + extra.misses > 0
      ? extra.hits / (extra.hits + extra.misses)
      : null;
  return { hits: extra.hits, misses: extra.misses, hitRate };
}

/** A broker's queues from its `extra.queues`, each named `broker/queue`. */
function brokerQueues(components: ComponentReport[]): Array<BrokerQueue & { id: string }> {
  const out: Array<BrokerQueue & { id: string }> = [];
  for (const c of components) {
    const queues = c.extra?.queues;
    if (c.kind !== 'broker' || !Array.isArray(queues)) continue;
    for (const raw of queues as Array<Partial<BrokerQueue>>) {
      if (typeof raw?.name !== 'string') continue;
      const n = (v: unknown) => (isNumber(v) ? v : 0);
      out.push({
        id: `${c.name}/${raw.name}`,
        name: raw.name,
        sent: n(raw.sent),
        delivered: n(raw.delivered),
        failed: n(raw.failed),
        rejected: n(raw.rejected),
        redelivered: n(raw.redelivered),
        meanDeliveryLatencyS: isNumber(raw.meanDeliveryLatencyS) ? raw.meanDeliveryLatencyS : null,
      });
    }
  }
  return out;
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function RunSummary({ sim }: { sim: SimulationReport }) {
  const { model } = sim;
  return (
    <dl className="plan-meta" data-testid="sim-summary">
      <Field label="Model">
        {model.name ?? <span className="muted">(unnamed)</span>}
        <br />
        <code className="wrap-anywhere">{model.file}</code>
      </Field>
      <Field label="Replications" testId="sim-replications">
        {formatCount(sim.replications)}
      </Field>
      <Field label="Duration">{formatCount(model.durationS)} s simulated</Field>
      <Field label="Warm-up">{model.warmupS > 0 ? `${formatCount(model.warmupS)} s deleted` : 'none'}</Field>
      <Field label="Seed">
        <code>{model.seed}</code>
      </Field>
      <Field label="Simulated requests" testId="sim-requests">
        {formatCount(sim.simulatedRequests)}
      </Field>
      {sim.precisionReached !== null && (
        <Field label="Precision target" testId="sim-precision">
          <span className={sim.precisionReached ? 'good' : 'bad'}>
            {sim.precisionReached ? 'reached' : 'not reached'}
          </span>
        </Field>
      )}
    </dl>
  );
}

function IntervalsTable({ intervals }: { intervals: MetricInterval[] }) {
  const rows = intervals
    .filter((i) => !i.metric.startsWith(UTILISATION) && !i.metric.startsWith(AVAILABILITY))
    .map((i) => ({
      key: i.metric,
      cells: [
        <span key="m" data-metric={i.metric}>
          {i.metric}
        </span>,
        <span key="v" data-value={i.mean}>
          {formatMetric(i.metric, i.mean)}
        </span>,
        halfWidth(i.metric, i.halfWidth95),
        halfWidth(i.metric, i.halfWidth99),
      ],
    }));
  return (
    <SimpleTable
      testId="sim-intervals"
      headers={['Metric', 'Mean', '±95 %', '±99 %']}
      numeric={[1, 2, 3]}
      rows={rows}
      empty="No estimates"
    />
  );
}

/** Successes and failures by cause, each with its share and a bar; then auth outcomes. */
function OutcomesTable({ outcomes }: { outcomes: SimulationReport['outcomes'] }) {
  const total = outcomes.success + outcomes.failure;
  const share = (n: number) => (total > 0 ? n / total : 0);
  const causes = Object.entries(outcomes.byCause).sort((a, b) => b[1] - a[1]);
  const row = (key: string, label: ReactNode, n: number, tone: 'good' | 'bad') => ({
    key,
    className: `sim-outcome-${tone}`,
    cells: [
      <span key="l" data-cause={key}>
        {label}
      </span>,
      <span key="n" data-value={n}>
        {formatCount(n)}
      </span>,
      formatPercent(share(n)),
      <span key="b" className="share-bar" aria-hidden="true">
        <span className={`share-fill ${tone}`} style={{ width: `${(share(n) * 100).toFixed(2)}%` }} />
      </span>,
    ],
  });
  const rows = [
    row('success', 'Successes', outcomes.success, 'good'),
    ...causes.map(([cause, n]) => row(cause, <span className="wrap-anywhere">{cause}</span>, n, 'bad')),
  ];
  const { auth } = outcomes;
  const authTotal = auth.success + auth.failure;
  return (
    <section data-testid="sim-outcomes">
      <SimpleTable
        headers={['Outcome', 'Requests', 'Share', '']}
        numeric={[1, 2]}
        rows={rows}
        empty="No requests after the warm-up"
      />
      <p className="muted" data-testid="sim-auth">
        {outcomes.failure > 0
          ? `${formatCount(outcomes.failure)} failed of ${formatCount(total)} requests (${formatPercent(share(outcomes.failure))}). `
          : `All ${formatCount(total)} requests succeeded. `}
        {authTotal > 0
          ? `Authentication: ${formatCount(auth.success)} passed, ${formatCount(auth.failure)} failed (${formatPercent(auth.failure / authTotal)}).`
          : 'No authentication in the model.'}
      </p>
    </section>
  );
}

/** Operation outcomes that are no failure (a cache's hits and misses). */
const SUCCESS_LABELS = new Set(['ok', 'hit', 'miss']);

/** Every outcome of a component, one per line (the ok/failed cell's tooltip). */
const outcomeTitle = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .map(([label, n]) => `${label}: ${formatCount(n)}`)
    .join('\n');

/** A time-average queue length: `0`, `< 0.01`, `2.10`. */
const formatQueue = (v: number) => (v === 0 ? '0' : v < 0.01 ? '< 0.01' : v.toFixed(2));

function ComponentsTable({ sim }: { sim: SimulationReport }) {
  const byMetric = new Map(sim.intervals.map((i) => [i.metric, i]));
  const caches = new Map(
    sim.components.flatMap((c) => {
      const f = cacheFigures(c);
      return f ? [[c.name, f] as const] : [];
    }),
  );
  const withCache = caches.size > 0;
  const withInterval = (value: number, interval: MetricInterval | undefined, metric: string) => (
    <span data-value={value} data-metric={metric}>
      {formatPercent(value, 1)}
      {interval && interval.halfWidth95 !== null && (
        <span className="muted interval">
          {' '}
          ({formatPercent(interval.mean, 1)} ±{formatPercent(interval.halfWidth95, 1)})
        </span>
      )}
    </span>
  );
  const rows = sim.components.map((c) => {
    let ok = 0;
    let failed = 0;
    for (const [label, n] of Object.entries(c.outcomes)) {
      if (SUCCESS_LABELS.has(label)) ok += n;
      else failed += n;
    }
    const master = typeof c.extra?.master === 'string' ? c.extra.master : null;
    const cache = caches.get(c.name);
    const cells: ReactNode[] = [
      <strong key="n" data-component={c.name}>
        {c.name}
      </strong>,
      <span key="k">
        {c.kind}
        {master && <span className="muted"> (master {master})</span>}
      </span>,
      withInterval(c.utilisation, byMetric.get(UTILISATION + c.name), 'utilisation'),
      formatQueue(c.meanQueueLength),
      withInterval(c.availability, byMetric.get(AVAILABILITY + c.name), 'availability'),
      <span key="o" title={outcomeTitle(c.outcomes)}>
        {formatCount(ok)} / {formatCount(failed)}
      </span>,
    ];
    if (withCache) {
      cells.push(
        cache ? formatCount(cache.hits) : '—',
        cache ? formatCount(cache.misses) : '—',
        cache && cache.hitRate !== null ? formatPercent(cache.hitRate, 1) : '—',
      );
    }
    return { key: c.name, cells, className: c.availability < 1 ? 'degraded' : undefined };
  });
  const headers = [
    'Component',
    'Kind',
    'Utilisation (all runs ±95 %)',
    'Mean queue',
    'Availability (all runs ±95 %)',
    'Ops ok / failed',
    ...(withCache ? ['Cache hits', 'Misses', 'Hit rate'] : []),
  ];
  return (
    <SimpleTable
      testId="sim-components"
      headers={headers}
      numeric={[2, 3, 4, 5, ...(withCache ? [6, 7, 8] : [])]}
      rows={rows}
      empty="No components"
    />
  );
}

function BrokerTable({ queues }: { queues: Array<BrokerQueue & { id: string }> }) {
  const rows = queues.map((q) => ({
    key: q.id,
    cells: [
      <code key="q" data-queue={q.id}>
        {q.id}
      </code>,
      formatCount(q.sent),
      formatCount(q.delivered),
      formatCount(q.failed),
      formatCount(q.rejected),
      formatCount(q.redelivered),
      q.meanDeliveryLatencyS === null ? '—' : `${formatMs(q.meanDeliveryLatencyS * 1000)} ms`,
    ],
  }));
  return (
    <SimpleTable
      testId="sim-broker"
      headers={['Queue', 'Sent', 'Delivered', 'Failed', 'Rejected', 'Redelivered', 'Mean delivery']}
      numeric={[1, 2, 3, 4, 5, 6]}
      rows={rows}
      empty="No broker queues"
    />
  );
}

function EventsTable({ events }: { events: SimulationReport['events'] }) {
  const rows = events.map((e, i) => ({
    key: `${i}`,
    className: /fail|down|unavailable/i.test(e.event) ? 'sim-event-bad' : undefined,
    cells: [
      <span key="t" data-time={e.timeS}>
        {formatTick(e.timeS)}
      </span>,
      e.component,
      <code key="n">{e.node}</code>,
      e.event,
    ],
  }));
  return (
    <SimpleTable
      testId="sim-events"
      headers={['Time (s)', 'Component', 'Node', 'Event']}
      numeric={[0]}
      rows={rows}
      empty="No outages or role changes"
    />
  );
}

/**
 * x values of the per-second series: the history's timestamps (row i is
 * simulated second i + 1), else counted on from the run's start.
 */
function seriesTimes(history: HistoryRow[], startedAt: string, length: number): number[] {
  const start = Math.floor(Date.parse(startedAt) / 1000);
  const origin = history.length > 0 ? history[0]!.timestamp - 1 : Number.isFinite(start) ? start : 0;
  return Array.from({ length }, (_, i) => history[i]?.timestamp ?? origin + i + 1);
}

function seriesData(xs: number[], series: Record<string, number[]>, scale = 1): uPlot.AlignedData {
  const ys = Object.values(series).map((values) =>
    xs.map((_, i) => (isNumber(values[i]) ? values[i] * scale : null)),
  );
  return [xs, ...ys] as uPlot.AlignedData;
}

/** Dashed vertical lines at the events' times (outages, promotions). */
function eventMarks(colors: ChartColors, epochs: number[]): uPlot.Hooks.Arrays['draw'] {
  return [
    (u: uPlot) => {
      if (epochs.length === 0) return;
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = colors.bad;
      ctx.globalAlpha = 0.7;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      for (const t of epochs) {
        const x = Math.round(u.valToPos(t, 'x', true));
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
      }
      ctx.restore();
    },
  ];
}

function chartOptions(
  colors: ChartColors,
  label: string,
  names: string[],
  format: (v: number) => string,
  marks: number[],
  max?: number,
): ChartOptions {
  const range: uPlot.Scale.Range =
    max !== undefined ? [0, max] : (_u, _min, top) => [0, top > 0 ? top * 1.08 : 1];
  return {
    scales: { x: { time: true }, y: { range } },
    axes: [
      axis(colors, { incrs: TIME_INCREMENTS_S, space: 60 }),
      axis(colors, { label, size: 60, values: (_u, splits) => splits.map(formatTick) }),
    ],
    cursor: { drag: { x: true, y: false } },
    series: [
      {},
      ...names.map((name, i) =>
        line(name, seriesColor(colors, i), {
          width: 1.5,
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format(v)),
        }),
      ),
    ],
    hooks: { draw: eventMarks(colors, marks) },
  };
}

/**
 * The Simulation tab (`perflab sim`): the run's settings, the cross-replication
 * estimates, successes and failures by cause, the components, their
 * utilisation and queues over simulated time (events marked), the broker
 * queues, and the failover log.
 */
export function SimulationView({ sim, results }: { sim: SimulationReport; results: ResultsDocument }) {
  const theme = useTheme();
  const { series, events } = sim;
  const length = Math.max(
    0,
    ...Object.values(series).flatMap((s: Record<string, number[]>) => Object.values(s).map((v) => v.length)),
  );
  const xs = useMemo(
    () => seriesTimes(results.history, results.run.startedAt, length),
    [results.history, results.run.startedAt, length],
  );
  const marks = useMemo(() => {
    const origin = (xs[0] ?? 1) - 1;
    return events.map((e) => origin + e.timeS);
  }, [xs, events]);
  /** One chart per series over simulated time: values, axis label, format, scale and y maximum. */
  const charts = useMemo(() => {
    const colors = chartColors(theme);
    const pct = (v: number) => `${v.toFixed(1)}%`;
    const count = (v: number) => formatTick(v);
    const spec = (
      testId: string,
      title: string,
      values: Record<string, number[]>,
      label: string,
      format: (v: number) => string,
      scale = 1,
      max?: number,
    ) => ({
      testId,
      title,
      data: seriesData(xs, values, scale),
      options: chartOptions(colors, label, Object.keys(values), format, marks, max),
    });
    return [
      spec(
        'chart-sim-utilisation',
        'Utilisation per component, % busy',
        series.utilisation,
        'busy %',
        pct,
        100,
        100,
      ),
      spec(
        'chart-sim-queues',
        'Queue length per component (waiting requests)',
        series.queueLength,
        'waiting requests',
        count,
      ),
      // y up to 105: a line at 100 % stays clear of the frame
      spec(
        'chart-sim-availability',
        'Availability per component, % of parts up (database: a master takes writes)',
        series.availability,
        'parts up %',
        pct,
        100,
        105,
      ),
      spec(
        'chart-sim-failures',
        'Failed operations per second per component (auth failures, query errors, refused publishes…)',
        series.failures,
        'failed / s',
        count,
      ),
    ];
  }, [theme, xs, series, marks]);
  const brokerChart = useMemo(
    () => ({
      data: seriesData(xs, series.brokerQueueLength),
      options: chartOptions(
        chartColors(theme),
        'waiting messages',
        Object.keys(series.brokerQueueLength),
        formatTick,
        marks,
      ),
    }),
    [theme, xs, series, marks],
  );
  const queues = useMemo(() => brokerQueues(sim.components), [sim.components]);
  const hasBroker = queues.length > 0 || Object.keys(series.brokerQueueLength).length > 0;
  return (
    <div className="simulation" data-testid="simulation-view">
      <RunSummary sim={sim} />
      <div className="sim-columns">
        <section>
          <h3>Estimates over {formatCount(sim.replications)} replications</h3>
          <IntervalsTable intervals={sim.intervals} />
          {sim.replications < 2 && (
            <p className="muted">One replication: no confidence intervals (run at least two).</p>
          )}
        </section>
        <section>
          <h3>Outcomes (replication 1, after the warm-up)</h3>
          <OutcomesTable outcomes={sim.outcomes} />
        </section>
      </div>
      <h3>Components (replication 1)</h3>
      <ComponentsTable sim={sim} />
      <h3>Over simulated time (replication 1)</h3>
      {events.length > 0 && (
        <p className="muted">Dashed lines mark the outages and role changes listed below.</p>
      )}
      <div className="charts">
        {charts.map((c) => (
          <Chart
            key={c.testId}
            testId={c.testId}
            title={c.title}
            options={c.options}
            data={c.data}
            emptyText="No components"
          />
        ))}
        {hasBroker && (
          <Chart
            testId="chart-sim-broker"
            title="Broker queues: waiting messages"
            options={brokerChart.options}
            data={brokerChart.data}
            emptyText="No broker queues"
          />
        )}
      </div>
      {hasBroker && (
        <>
          <h3>Broker queues</h3>
          <BrokerTable queues={queues} />
        </>
      )}
      <h3>Outages and role changes</h3>
      <EventsTable events={events} />
    </div>
  );
}
