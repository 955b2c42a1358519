import { useMemo } from 'react';
import type uPlot from 'uplot';
import { formatMs, formatRate, formatTick } from '../format';
import { chartColors, seriesColor, useTheme } from '../theme';
import type { PlanReport } from '../types';
import { alignSeries, axis, Chart, type ChartOptions, line } from './Chart';

/** Tick spacings of a user-count axis: whole users only. */
const USER_INCREMENTS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000,
];

const msValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatMs(v)} ms`);
const rateValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatRate(v)} req/s`);
const usersValue = (_u: uPlot, v: number | null) => (v === null ? '–' : formatTick(v));

/**
 * The limits stepping of `perflab check`: the SLO percentile's latency per step
 * (users on x), the SLO as a line, and throughput on a second axis (right).
 */
export function ReadinessLimitsChart({ limits }: { limits: PlanReport }) {
  const theme = useTheme();
  const percentile = limits.slo?.percentile ?? 95;
  const data = useMemo(() => {
    const latency = (s: PlanReport['steps'][number]) =>
      percentile === 50 ? s.p50Ms : percentile === 99 ? s.p99Ms : s.p95Ms;
    const series: Array<Array<[number, number]>> = [limits.steps.map((s) => [s.users, latency(s)])];
    if (limits.slo) series.push(limits.steps.map((s) => [s.users, limits.slo!.maxMs]));
    series.push(limits.steps.map((s) => [s.users, s.throughputRps]));
    return alignSeries(series);
  }, [limits, percentile]);
  const sloLabel = limits.slo ? `SLO p${limits.slo.percentile} < ${formatMs(limits.slo.maxMs)} ms` : null;
  const options = useMemo(() => {
    const colors = chartColors(theme);
    const latencyColor = seriesColor(colors, 1);
    const rpsColor = seriesColor(colors, 0);
    return {
      scales: {
        x: { time: false },
        ms: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        rps: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        axis(colors, {
          label: 'users',
          values: (_u, splits) => splits.map(formatTick),
          incrs: USER_INCREMENTS,
        }),
        axis(colors, {
          scale: 'ms',
          label: 'ms',
          size: 60,
          values: (_u, splits) => splits.map(formatTick),
        }),
        axis(colors, {
          scale: 'rps',
          side: 1,
          label: 'req/s',
          size: 60,
          grid: { show: false },
          values: (_u, splits) => splits.map(formatTick),
        }),
      ],
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: 'Users', value: usersValue },
        line(`p${percentile}`, latencyColor, {
          scale: 'ms',
          value: msValue,
          points: { show: true, size: 7, fill: latencyColor },
        }),
        ...(sloLabel
          ? [line(sloLabel, colors.bad, { scale: 'ms', value: msValue, dash: [4, 4], width: 1.5 })]
          : []),
        line('Throughput', rpsColor, {
          scale: 'rps',
          value: rateValue,
          dash: [8, 3],
          points: { show: true, size: 6, fill: rpsColor },
        }),
      ],
    } satisfies ChartOptions;
  }, [theme, percentile, sloLabel]);
  return (
    <Chart
      testId="chart-readiness-limits"
      title={`p${percentile} per step (ms, left) and throughput (req/s, right)`}
      options={options}
      data={data}
      height={260}
      emptyText="No step was measured"
    />
  );
}
