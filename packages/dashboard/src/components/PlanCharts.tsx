import { useMemo } from 'react';
import type uPlot from 'uplot';
import { formatMs, formatRate, formatTick } from '../format';
import { type ChartColors, chartColors, seriesColor, useTheme } from '../theme';
import type { LinearFit, PlanReport, PlanUsl } from '../types';
import { alignSeries, axis, Chart, type ChartOptions, line } from './Chart';

const MIB = 2 ** 20;

/** Points in the fitted USL curve. */
const CURVE_POINTS = 240;

/**
 * The Universal Scalability Law, X(N) = λN / (1 + σ(N−1) + κN(N−1))
 * (Gunther, "Guerrilla Capacity Planning", 2007, ch. 4), requests/s.
 */
export function uslThroughput(n: number, usl: Pick<PlanUsl, 'lambda' | 'sigma' | 'kappa'>): number {
  return (usl.lambda * n) / (1 + usl.sigma * (n - 1) + usl.kappa * n * (n - 1));
}

/** The fitted curve from N = 1 to max(2·max N, 1.2·N*), densely sampled. */
export function uslCurve(usl: PlanUsl): Array<[number, number]> {
  const maxN = Math.max(1, ...usl.points.map((p) => p.concurrency));
  const end = Math.max(2 * maxN, (usl.peakConcurrency ?? 0) * 1.2, 2);
  const curve: Array<[number, number]> = [];
  for (let i = 0; i <= CURVE_POINTS; i++) {
    const n = 1 + ((end - 1) * i) / CURVE_POINTS;
    curve.push([n, uslThroughput(n, usl)]);
  }
  return curve;
}

const rateValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatRate(v)} req/s`);
const msValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatMs(v)} ms`);
const mibValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${v.toFixed(1)} MiB`);
const nValue = (_u: uPlot, v: number | null) => (v === null ? '–' : formatTick(v));

/** A series drawn as points only (measurements). */
function dots(label: string, color: string, extra: uPlot.Series = {}): uPlot.Series {
  return {
    label,
    stroke: color,
    width: 2,
    paths: () => null,
    points: { show: true, size: 9, width: 2, stroke: color, fill: color },
    ...extra,
  };
}

/** A fitted line: dashed, across the measured points' x values (gaps spanned). */
function fitted(label: string, color: string, extra: uPlot.Series = {}): uPlot.Series {
  return line(label, color, { dash: [6, 4], spanGaps: true, ...extra });
}

/** Tick spacings of a user-count axis: whole users only. */
const USER_INCREMENTS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000,
];

function baseOptions(
  colors: ChartColors,
  xLabel: string,
  yLabel: string,
  wholeX = false,
): Omit<ChartOptions, 'series'> {
  return {
    scales: {
      x: { time: false },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
    },
    axes: [
      axis(colors, {
        label: xLabel,
        values: (_u, splits) => splits.map(formatTick),
        ...(wholeX ? { incrs: USER_INCREMENTS } : {}),
      }),
      axis(colors, { label: yLabel, size: 60, values: (_u, splits) => splits.map(formatTick) }),
    ],
    cursor: { drag: { x: true, y: false } },
  };
}

/** Measured throughput per step (points) and the fitted USL curve. */
export function UslChart({ usl }: { usl: PlanUsl }) {
  const theme = useTheme();
  const data = useMemo(
    () =>
      alignSeries([usl.points.map((p) => [p.concurrency, p.measuredRps] as [number, number]), uslCurve(usl)]),
    [usl],
  );
  const options = useMemo(() => {
    const colors = chartColors(theme);
    return {
      ...baseOptions(
        colors,
        usl.concurrency === 'users' ? 'N (virtual users)' : 'N = X·R (requests in flight)',
        'req/s',
        usl.concurrency === 'users',
      ),
      series: [
        { label: 'N', value: nValue },
        dots('Measured', seriesColor(colors, 0), { value: rateValue }),
        line('USL fit', seriesColor(colors, 1), { value: rateValue, spanGaps: true }),
      ],
    } satisfies ChartOptions;
  }, [theme, usl.concurrency]);
  return (
    <Chart
      testId="chart-usl"
      title="Throughput against concurrency: measured and the USL fit"
      options={options}
      data={data}
      height={280}
    />
  );
}

/** Where the memory chart's fitted lines end: the capacity figure (or the largest step, if further). */
function memoryChartEnd(plan: PlanReport): number {
  const largestStep = Math.max(0, ...plan.steps.map((s) => s.users));
  const memory = plan.capacity.constraints.find((c) => c.constraint === 'memory')?.maxUsers ?? null;
  const capacity = memory ?? plan.capacity.maxUsers ?? 0;
  return Math.max(largestStep, capacity);
}

function fitPoints(model: LinearFit, xs: number[]): Array<[number, number]> {
  return xs.map((x) => [x, (model.intercept + model.slope * x) / MIB]);
}

/**
 * Memory per step (total and per watched process, MiB) with the fitted lines
 * M(N) = M₀ + m·N extended to the capacity figure, and the RAM budget.
 */
export function MemoryChart({ plan }: { plan: PlanReport }) {
  const theme = useTheme();
  const { data, labels } = useMemo(() => {
    const end = memoryChartEnd(plan);
    const lineXs = [0, ...plan.steps.map((s) => s.users), end];
    const series: Array<Array<[number, number]>> = [];
    const labels: Array<{ label: string; kind: 'measured' | 'fit' | 'budget'; color: number }> = [];
    const total: Array<[number, number]> = [];
    for (const s of plan.steps) {
      const known = s.processes.map((p) => p.memoryBytes);
      if (known.length > 0 && known.every((m) => m !== null)) {
        total.push([s.users, known.reduce<number>((a, b) => a + b!, 0) / MIB]);
      }
    }
    if (plan.watched.length > 1) {
      // One process: its own points and line are the total.
      series.push(total);
      labels.push({ label: 'Total', kind: 'measured', color: 0 });
      if (plan.capacity.memoryModel) {
        series.push(fitPoints(plan.capacity.memoryModel, lineXs));
        labels.push({ label: 'Total fit', kind: 'fit', color: 0 });
      }
    }
    plan.watched.forEach((spec, index) => {
      const points: Array<[number, number]> = [];
      for (const s of plan.steps) {
        const bytes = s.processes[index]?.memoryBytes ?? null;
        if (bytes !== null) points.push([s.users, bytes / MIB]);
      }
      if (points.length === 0) return;
      series.push(points);
      labels.push({ label: spec, kind: 'measured', color: index + 1 });
      const model = plan.memoryPerProcess[index]?.model ?? null;
      if (model) {
        series.push(fitPoints(model, lineXs));
        labels.push({ label: `${spec} fit`, kind: 'fit', color: index + 1 });
      }
    });
    if (plan.budget.ramBytes !== undefined && series.length > 0) {
      series.push(lineXs.map((x) => [x, plan.budget.ramBytes! / MIB]));
      labels.push({ label: 'RAM budget', kind: 'budget', color: -1 });
    }
    return { data: series.length > 0 ? alignSeries(series) : ([[]] as uPlot.AlignedData), labels };
  }, [plan]);
  const options = useMemo(() => {
    const colors = chartColors(theme);
    return {
      ...baseOptions(colors, 'users', 'MiB', true),
      series: [
        { label: 'Users', value: nValue },
        ...labels.map(({ label, kind, color }) => {
          if (kind === 'budget')
            return line(label, colors.bad, { value: mibValue, spanGaps: true, width: 1.5 });
          const stroke = seriesColor(colors, color);
          return kind === 'measured'
            ? dots(label, stroke, { value: mibValue })
            : fitted(label, stroke, { value: mibValue });
        }),
      ],
    } satisfies ChartOptions;
  }, [theme, labels]);
  return (
    <Chart
      testId="chart-memory"
      title="Memory per step (MiB) and M(N) = M₀ + m·N, extended to the capacity"
      options={options}
      data={data}
      height={280}
      emptyText="No memory measured: watch processes with --watch"
    />
  );
}

/** p50, p95 and p99 per step, with the SLO as a line. */
export function PlanLatencyChart({ plan }: { plan: PlanReport }) {
  const theme = useTheme();
  const data = useMemo(() => {
    const series: Array<Array<[number, number]>> = [
      plan.steps.map((s) => [s.users, s.p50Ms]),
      plan.steps.map((s) => [s.users, s.p95Ms]),
      plan.steps.map((s) => [s.users, s.p99Ms]),
    ];
    if (plan.slo) series.push(plan.steps.map((s) => [s.users, plan.slo!.maxMs]));
    return alignSeries(series);
  }, [plan]);
  const hasSlo = plan.slo !== null;
  const sloLabel = plan.slo ? `SLO p${plan.slo.percentile} < ${formatMs(plan.slo.maxMs)} ms` : '';
  const options = useMemo(() => {
    const colors = chartColors(theme);
    const pointy = (label: string, i: number) =>
      line(label, seriesColor(colors, i), {
        value: msValue,
        points: { show: true, size: 6, fill: seriesColor(colors, i) },
      });
    return {
      ...baseOptions(colors, 'users', 'ms', true),
      series: [
        { label: 'Users', value: nValue },
        pointy('p50', 0),
        pointy('p95', 1),
        pointy('p99', 3),
        ...(hasSlo ? [line(sloLabel, colors.bad, { value: msValue, dash: [4, 4], width: 1.5 })] : []),
      ],
    } satisfies ChartOptions;
  }, [theme, hasSlo, sloLabel]);
  return (
    <Chart
      testId="chart-plan-latency"
      title="Response time per step (ms)"
      options={options}
      data={data}
      height={240}
    />
  );
}
