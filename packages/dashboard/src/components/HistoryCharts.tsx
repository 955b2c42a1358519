import { useMemo } from 'react';
import uPlot from 'uplot';
import { formatCount, formatMs, formatRate, formatTick } from '../format';
import { chartColors, useTheme } from '../theme';
import type { HistoryRow } from '../types';
import { axis, Chart, type ChartOptions, line } from './Chart';
import {
  type ResourceReport,
  ResourcesOverviewChart,
  sharedTimeRange,
  TIME_INCREMENTS_S,
  timeScale,
} from './ResourceCharts';

const rateValue = (_u: uPlot, v: number | null) => (v === null ? '–' : formatRate(v));
const msValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatMs(v)} ms`);
const countValue = (_u: uPlot, v: number | null) => (v === null ? '–' : formatCount(v));

/**
 * The run over time, one point per second of `history`: total requests/s and
 * failures/s (10-second window), response time p50 and p95 (same window), and
 * running users; with `resources`, also the watched processes' total CPU and
 * memory, every chart then on the time span of the history and the samples.
 */
export function HistoryCharts({ history, resources }: { history: HistoryRow[]; resources?: ResourceReport }) {
  const theme = useTheme();
  const range = useMemo(() => (resources ? sharedTimeRange(history, resources) : null), [history, resources]);
  const data = useMemo(() => {
    const x = history.map((r) => r.timestamp);
    return {
      rps: [x, history.map((r) => r.rps), history.map((r) => r.failuresPerSecond)] as uPlot.AlignedData,
      latency: [
        x,
        history.map((r) => r.percentiles['50'] ?? null),
        history.map((r) => r.percentiles['95'] ?? null),
      ] as uPlot.AlignedData,
      users: [x, history.map((r) => r.users)] as uPlot.AlignedData,
    };
  }, [history]);
  const options = useMemo(() => {
    const colors = chartColors(theme);
    const base = (label: string): Pick<ChartOptions, 'axes' | 'scales' | 'cursor'> => ({
      scales: { x: timeScale(range), y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
      axes: [
        axis(colors, { incrs: TIME_INCREMENTS_S, space: 60 }),
        axis(colors, { label, size: 60, values: (_u, splits) => splits.map(formatTick) }),
      ],
      cursor: { drag: { x: true, y: false } },
    });
    return {
      rps: {
        ...base('per second'),
        series: [
          {},
          line('RPS', colors.good, { value: rateValue }),
          line('Failures/s', colors.bad, { value: rateValue }),
        ],
      } satisfies ChartOptions,
      latency: {
        ...base('ms'),
        series: [
          {},
          line('p50', colors.series[0] ?? colors.axis, { value: msValue }),
          line('p95', colors.series[1] ?? colors.axis, { value: msValue }),
        ],
      } satisfies ChartOptions,
      users: {
        ...base('users'),
        series: [
          {},
          line('Users', colors.series[4] ?? colors.axis, {
            value: countValue,
            paths: uPlot.paths.stepped!({ align: 1 }),
          }),
        ],
      } satisfies ChartOptions,
    };
  }, [theme, range]);
  return (
    <div className="charts">
      <Chart testId="chart-rps" title="Total requests per second" options={options.rps} data={data.rps} />
      <Chart
        testId="chart-latency"
        title="Response time (ms), 10-second window"
        options={options.latency}
        data={data.latency}
      />
      {resources && <ResourcesOverviewChart resources={resources} range={range} />}
      <Chart testId="chart-users" title="Number of users" options={options.users} data={data.users} />
    </div>
  );
}
