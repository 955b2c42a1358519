import { type ReactNode, useMemo } from 'react';
import type uPlot from 'uplot';
import { formatCount, formatPercent, formatRate, formatTick } from '../format';
import { type ChartColors, chartColors, seriesColor, useTheme } from '../theme';
import type { HistoryRow, ResultsDocument } from '../types';
import { axis, Chart, type ChartOptions, line } from './Chart';
import { SimpleTable } from './Tables';

/** What the resource samplers measured during a run (perflab's `ResourceReport`). */
export type ResourceReport = NonNullable<ResultsDocument['resources']>;
type ProcessSeries = ResourceReport['processes'][number];
type ProcessSample = ProcessSeries['samples'][number];
type SeriesSummary = NonNullable<ProcessSeries['summary']['cpuCorePercent']>;

/** Time-axis tick spacings, seconds (the history charts' own). */
export const TIME_INCREMENTS_S = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400,
];

const MIB = 1024 * 1024;

/** Bytes as MiB, one decimal: `103.4 MiB`. */
export function formatMib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/**
 * The time span shared by the history charts and the resource charts, epoch
 * seconds: from the earliest history row or resource sample to the latest.
 * Null when there is neither.
 */
export function sharedTimeRange(
  history: HistoryRow[],
  resources: ResourceReport | undefined,
): [number, number] | null {
  const stamps = history.map((r) => r.timestamp);
  if (resources) {
    for (const s of [...resources.processes, ...resources.redis, ...resources.postgres]) {
      for (const sample of s.samples) stamps.push(sample.timestamp);
    }
  }
  if (stamps.length === 0) return null;
  const min = stamps.reduce((a, b) => Math.min(a, b));
  const max = stamps.reduce((a, b) => Math.max(a, b));
  return [min, max > min ? max : min + 1];
}

/** uPlot's x scale for a time axis, fixed to `range` when given. */
export function timeScale(range: [number, number] | null): uPlot.Scale {
  return range ? { time: true, range: () => range } : { time: true };
}

type Column = Array<number | null | undefined>;

/**
 * The samples of several series with a common clock (the monitor stamps every
 * source of one tick alike) on one x axis. A value of `null` is a gap (the line
 * breaks); `undefined` is a missing figure the line spans (e.g. CPU less than
 * 0.2 s after the previous figure).
 */
function align<S extends { timestamp: number }>(
  series: Array<{ samples: S[]; value: (s: S) => number | null | undefined }>,
): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.samples.map((x) => x.timestamp)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map(({ samples, value }) => {
    const column: Column = new Array<number | null | undefined>(xs.length).fill(undefined);
    for (const sample of samples) column[index.get(sample.timestamp)!] = value(sample);
    return column;
  });
  return [xs, ...ys] as uPlot.AlignedData;
}

/** A process sample's CPU, % of one core: null in a gap, undefined when not measured but running. */
const cpuOf = (s: ProcessSample) => (s.processes === null ? null : (s.cpuCorePercent ?? undefined));
/** A process sample's memory, bytes: PSS, falling back to RSS; null in a gap. */
const memoryOf = (s: ProcessSample) => (s.processes === null ? null : (s.pssBytes ?? s.rssBytes));

/** Whether a series measured PSS at all (else its memory is RSS). */
const hasPss = (series: ProcessSeries) => series.samples.some((s) => s.pssBytes !== null);

const valueWith = (format: (v: number) => string) => (_u: uPlot, v: number | null) =>
  v === null || v === undefined ? '–' : format(v);
const pctValue = valueWith((v) => `${v.toFixed(1)}%`);
const mibValue = valueWith((v) => `${v.toFixed(1)} MiB`);
const countValue = valueWith(formatCount);
const rateValue = valueWith(formatRate);

function baseOptions(
  colors: ChartColors,
  range: [number, number] | null,
  label: string,
  right?: { label: string; scale: string; max?: number },
): Pick<ChartOptions, 'axes' | 'scales' | 'cursor'> {
  const zeroUp: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];
  const scales: uPlot.Scales = { x: timeScale(range), y: { range: zeroUp } };
  const axes = [
    axis(colors, { incrs: TIME_INCREMENTS_S, space: 60 }),
    axis(colors, { label, size: 60, values: (_u, splits) => splits.map(formatTick) }),
  ];
  if (right) {
    scales[right.scale] = { range: right.max !== undefined ? [0, right.max] : zeroUp };
    axes.push(
      axis(colors, {
        scale: right.scale,
        side: 1,
        label: right.label,
        size: 60,
        grid: { show: false },
        values: (_u, splits) => splits.map(formatTick),
      }),
    );
  }
  return { scales, axes, cursor: { drag: { x: true, y: false } } };
}

/**
 * The Charts tab's compact resource chart: total CPU (% of one core, summed
 * over the watched specs) and total memory (PSS, else RSS, MiB) on a second axis.
 */
export function ResourcesOverviewChart({
  resources,
  range,
}: {
  resources: ResourceReport;
  range: [number, number] | null;
}) {
  const theme = useTheme();
  const data = useMemo(() => {
    const sum = (values: Array<number | null | undefined>) => {
      const present = values.filter((v): v is number => typeof v === 'number');
      if (present.length > 0) return present.reduce((a, b) => a + b, 0);
      return values.every((v) => v === null) ? null : undefined;
    };
    const xs = [...new Set(resources.processes.flatMap((s) => s.samples.map((x) => x.timestamp)))].sort(
      (a, b) => a - b,
    );
    const at = resources.processes.map((s) => new Map(s.samples.map((x) => [x.timestamp, x])));
    const pick = (t: number, f: (s: ProcessSample) => number | null | undefined) =>
      at.map((m) => {
        const sample = m.get(t);
        return sample ? f(sample) : undefined;
      });
    return [
      xs,
      xs.map((t) => sum(pick(t, cpuOf))),
      xs.map((t) => {
        const total = sum(pick(t, memoryOf));
        return typeof total === 'number' ? total / MIB : total;
      }),
    ] as uPlot.AlignedData;
  }, [resources]);
  const options = useMemo(() => {
    const colors = chartColors(theme);
    return {
      ...baseOptions(colors, range, '% of one core', { label: 'MiB', scale: 'mib' }),
      series: [
        {},
        line('CPU %', seriesColor(colors, 5), { value: pctValue }),
        line('Memory MiB', seriesColor(colors, 3), { value: mibValue, scale: 'mib' }),
      ],
    } satisfies ChartOptions;
  }, [theme, range]);
  return (
    <Chart
      testId="chart-resources-overview"
      title="Watched processes: total CPU and memory"
      options={options}
      data={data}
      emptyText="No watched processes"
    />
  );
}

/** One summary row: a metric's min / mean / max / last, formatted. */
function summaryRow(
  key: string,
  label: string,
  summary: SeriesSummary | null,
  format: (v: number) => string,
): { key: string; cells: ReactNode[] } {
  const cell = (v: number | undefined, which: string) =>
    v === undefined ? (
      '–'
    ) : (
      <span data-value={v} data-stat={which}>
        {format(v)}
      </span>
    );
  return {
    key,
    cells: [
      <span key="m" data-metric={key}>
        {label}
      </span>,
      cell(summary?.min, 'min'),
      cell(summary?.mean, 'mean'),
      cell(summary?.max, 'max'),
      cell(summary?.last, 'last'),
    ],
  };
}

const SUMMARY_HEADERS = ['Metric', 'Min', 'Mean', 'Max', 'Last'];
const pct1 = (v: number) => `${v.toFixed(1)}%`;
const ratio = (v: number | null) => (v === null ? '–' : formatPercent(v, 1));

function ProcessSummaryTable({ series }: { series: ProcessSeries }) {
  const s = series.summary;
  const rows = [
    summaryRow('cpuCorePercent', 'CPU (% of one core)', s.cpuCorePercent, pct1),
    summaryRow('cpuMachinePercent', 'CPU (% of machine)', s.cpuMachinePercent, pct1),
    summaryRow('pssBytes', 'Memory PSS', s.pssBytes, formatMib),
    summaryRow('rssBytes', 'Memory RSS', s.rssBytes, formatMib),
    summaryRow('connections', 'TCP connections', s.connections, formatCount),
    summaryRow('processes', 'Processes', s.processes, formatCount),
  ];
  const start = series.processesAtStart;
  return (
    <section className="resource-summary" data-testid="resources-summary" data-series={series.spec}>
      <h3>
        <code>{series.spec}</code>
      </h3>
      {start.length > 0 && (
        <p className="muted resource-processes">
          At start: {start.length} process{start.length === 1 ? '' : 'es'} —{' '}
          {start.slice(0, 3).map((p, i) => (
            <span key={p.pid}>
              {i > 0 && ', '}
              <code>{p.pid}</code> {p.command}
            </span>
          ))}
          {start.length > 3 && ', …'}
        </p>
      )}
      <SimpleTable headers={SUMMARY_HEADERS} numeric={[1, 2, 3, 4]} rows={rows} empty="No samples" />
      {s.gaps > 0 && <p className="muted">{formatCount(s.gaps)} samples in a gap (nothing matched)</p>}
    </section>
  );
}

function RedisSummaryTable({ series }: { series: ResourceReport['redis'][number] }) {
  const s = series.summary;
  const rows = [
    summaryRow('usedMemoryBytes', 'Used memory', s.usedMemoryBytes, formatMib),
    summaryRow('connectedClients', 'Connected clients', s.connectedClients, formatCount),
  ];
  return (
    <section className="resource-summary" data-testid="resources-summary" data-series={series.url}>
      <h3>
        Redis <code>{series.url}</code>
      </h3>
      <SimpleTable headers={SUMMARY_HEADERS} numeric={[1, 2, 3, 4]} rows={rows} empty="No samples" />
      <p className="muted">
        Hit rate over the run {ratio(s.hitRate)} ({formatCount(s.keyspaceHits)} hits,{' '}
        {formatCount(s.keyspaceMisses)} misses) · {formatCount(s.evictedKeys)} keys evicted · maxmemory{' '}
        {s.maxmemoryBytes === null ? '–' : s.maxmemoryBytes === 0 ? 'no limit' : formatMib(s.maxmemoryBytes)}
        {s.maxmemoryPolicy ? ` (${s.maxmemoryPolicy})` : ''}
        {s.gaps > 0 ? ` · ${formatCount(s.gaps)} samples in a gap` : ''}
      </p>
    </section>
  );
}

function PostgresSummaryTable({ series }: { series: ResourceReport['postgres'][number] }) {
  const s = series.summary;
  const rows = [
    summaryRow('backends', 'Backends', s.backends, formatCount),
    summaryRow('commitsPerSecond', 'Commits/s', s.commitsPerSecond, formatRate),
    summaryRow('databaseSizeBytes', 'Database size', s.databaseSizeBytes, formatMib),
  ];
  return (
    <section className="resource-summary" data-testid="resources-summary" data-series={series.url}>
      <h3>
        PostgreSQL <code>{series.url}</code> ({series.database})
      </h3>
      <SimpleTable headers={SUMMARY_HEADERS} numeric={[1, 2, 3, 4]} rows={rows} empty="No samples" />
      <p className="muted">
        Buffer hit rate over the run {ratio(s.bufferHitRate)} ({formatCount(s.blocksHit)} hits,{' '}
        {formatCount(s.blocksRead)} reads) · {formatCount(s.commits)} commits, {formatCount(s.rollbacks)}{' '}
        rollbacks
        {s.gaps > 0 ? ` · ${formatCount(s.gaps)} samples in a gap` : ''}
      </p>
    </section>
  );
}

/**
 * The Resources tab: CPU, memory and connections of each watched process
 * group, Redis and PostgreSQL over time (on the history charts' time axis),
 * then a summary table per series and the samplers' notes.
 */
export function ResourcesView({ resources, history }: { resources: ResourceReport; history: HistoryRow[] }) {
  const theme = useTheme();
  const range = useMemo(() => sharedTimeRange(history, resources), [history, resources]);
  const { processes, redis, postgres } = resources;
  const data = useMemo(
    () => ({
      cpu: align(processes.map((s) => ({ samples: s.samples, value: cpuOf }))),
      memory: align(
        processes.map((s) => ({
          samples: s.samples,
          value: (x: ProcessSample) => {
            const bytes = memoryOf(x);
            return bytes === null ? null : bytes / MIB;
          },
        })),
      ),
      connections: align(
        processes.map((s) => ({
          samples: s.samples,
          value: (x: ProcessSample) => (x.processes === null ? null : x.connections),
        })),
      ),
      redis: align(
        redis.flatMap((s) => [
          {
            samples: s.samples,
            value: (x: (typeof s.samples)[number]) =>
              x.usedMemoryBytes === null ? null : x.usedMemoryBytes / MIB,
          },
          {
            samples: s.samples,
            // no lookups in an interval is no figure, not a gap
            value: (x: (typeof s.samples)[number]) =>
              x.usedMemoryBytes === null ? null : x.hitRate === null ? undefined : x.hitRate * 100,
          },
        ]),
      ),
      postgres: align(
        postgres.flatMap((s) => [
          {
            samples: s.samples,
            value: (x: (typeof s.samples)[number]) =>
              x.backends === null ? null : x.bufferHitRate === null ? undefined : x.bufferHitRate * 100,
          },
          {
            samples: s.samples,
            value: (x: (typeof s.samples)[number]) =>
              x.backends === null ? null : (x.commitsPerSecond ?? undefined),
          },
          { samples: s.samples, value: (x: (typeof s.samples)[number]) => x.backends },
        ]),
      ),
    }),
    [processes, redis, postgres],
  );
  const options = useMemo(() => {
    const colors = chartColors(theme);
    const several = (n: number) => n > 1;
    const processLines = (
      value: (u: uPlot, v: number | null) => string,
      suffix?: (s: ProcessSeries) => string,
    ) =>
      processes.map((s, i) => line(`${s.spec}${suffix ? suffix(s) : ''}`, seriesColor(colors, i), { value }));
    return {
      cpu: {
        ...baseOptions(colors, range, '% of one core'),
        series: [{}, ...processLines(pctValue)],
      } satisfies ChartOptions,
      memory: {
        ...baseOptions(colors, range, 'MiB'),
        series: [{}, ...processLines(mibValue, (s) => (hasPss(s) ? ' PSS' : ' RSS'))],
      } satisfies ChartOptions,
      connections: {
        ...baseOptions(colors, range, 'connections'),
        series: [{}, ...processLines(countValue)],
      } satisfies ChartOptions,
      redis: {
        ...baseOptions(colors, range, 'MiB', { label: 'hit rate %', scale: 'pct', max: 100 }),
        series: [
          {},
          ...redis.flatMap((s, i) => {
            const name = several(redis.length) ? `${s.url} ` : '';
            return [
              line(`${name}used memory MiB`, seriesColor(colors, 2 * i), { value: mibValue }),
              line(`${name}hit rate %`, seriesColor(colors, 2 * i + 1), { value: pctValue, scale: 'pct' }),
            ];
          }),
        ],
      } satisfies ChartOptions,
      postgres: {
        ...baseOptions(colors, range, 'commits/s, backends', { label: 'hit rate %', scale: 'pct', max: 100 }),
        series: [
          {},
          ...postgres.flatMap((s, i) => {
            const name = several(postgres.length) ? `${s.database} ` : '';
            return [
              line(`${name}buffer hit rate %`, seriesColor(colors, 3 * i), { value: pctValue, scale: 'pct' }),
              line(`${name}commits/s`, seriesColor(colors, 3 * i + 1), { value: rateValue }),
              line(`${name}backends`, seriesColor(colors, 3 * i + 2), { value: countValue }),
            ];
          }),
        ],
      } satisfies ChartOptions,
    };
  }, [theme, range, processes, redis, postgres]);
  const noProcesses = 'No watched processes (--watch)';
  return (
    <div className="resources" data-testid="resources-view">
      <p className="muted">
        Sampled every {formatCount(resources.intervalMs)} ms on a machine with {formatCount(resources.cpus)}{' '}
        logical CPUs. Each sample covers the interval ending at its time.
      </p>
      <div className="charts">
        <Chart
          testId="chart-resources-cpu"
          title="CPU, % of one core (100 = one core busy)"
          options={options.cpu}
          data={data.cpu}
          emptyText={noProcesses}
        />
        <Chart
          testId="chart-resources-memory"
          title="Memory, MiB (PSS, else RSS)"
          options={options.memory}
          data={data.memory}
          emptyText={noProcesses}
        />
        <Chart
          testId="chart-resources-connections"
          title="Established TCP connections"
          options={options.connections}
          data={data.connections}
          emptyText={noProcesses}
        />
        {redis.length > 0 && (
          <Chart
            testId="chart-resources-redis"
            title="Redis: used memory (MiB) and hit rate (%)"
            options={options.redis}
            data={data.redis}
          />
        )}
        {postgres.length > 0 && (
          <Chart
            testId="chart-resources-postgres"
            title="PostgreSQL: buffer hit rate (%), commits/s, backends"
            options={options.postgres}
            data={data.postgres}
          />
        )}
      </div>
      <h3>Summary</h3>
      <div className="resource-summaries">
        {processes.map((s) => (
          <ProcessSummaryTable key={`p:${s.spec}`} series={s} />
        ))}
        {redis.map((s) => (
          <RedisSummaryTable key={`r:${s.url}`} series={s} />
        ))}
        {postgres.map((s) => (
          <PostgresSummaryTable key={`pg:${s.url}`} series={s} />
        ))}
      </div>
      {resources.notes.length > 0 && (
        <>
          <h3>Notes</h3>
          <ul className="notes" data-testid="resources-notes">
            {resources.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
