import { useMemo } from 'react';
import uPlot from 'uplot';
import { formatCount, formatMs, formatTick } from '../format';
import { chartColors, useTheme } from '../theme';
import type { ResultsDocument } from '../types';
import { axis, Chart, type ChartOptions } from './Chart';
import { SimpleTable } from './Tables';

type Timings = NonNullable<ResultsDocument['timings']>;
type Trend = NonNullable<ResultsDocument['serviceTime']>;

/** k6's request phases, in the order a request goes through them. */
const PHASES = [
  { key: 'blockedUs', label: 'Blocked', short: 'blocked', title: 'waiting for a free connection' },
  { key: 'connectingUs', label: 'Connecting', short: 'connect', title: 'TCP connection set-up' },
  { key: 'tlsHandshakingUs', label: 'TLS handshaking', short: 'TLS', title: 'TLS handshake' },
  { key: 'sendingUs', label: 'Sending', short: 'send', title: 'writing the request' },
  { key: 'waitingUs', label: 'Waiting', short: 'wait', title: 'time to first byte after sending' },
  { key: 'receivingUs', label: 'Receiving', short: 'receive', title: 'reading the response body' },
] as const;

function trendCells(t: Trend) {
  return [
    formatCount(t.count),
    formatMs(t.meanMs),
    formatMs(t.minMs),
    formatMs(t.medianMs),
    formatMs(t.p90Ms),
    formatMs(t.p95Ms),
    formatMs(t.p99Ms),
    formatMs(t.maxMs),
  ];
}

/**
 * Where request time goes (k6's phases: blocked, connecting, TLS, sending,
 * waiting, receiving): mean and p95 of each as bars, and every figure in a table.
 */
export function TimingsView({
  timings,
  serviceTime,
}: {
  timings: Timings | null;
  serviceTime: Trend | null;
}) {
  const theme = useTheme();
  const data = useMemo((): uPlot.AlignedData => {
    if (!timings) return [[]];
    return [
      PHASES.map((_, i) => i),
      PHASES.map((p) => timings[p.key]?.meanMs ?? 0),
      PHASES.map((p) => timings[p.key]?.p95Ms ?? 0),
    ];
  }, [timings]);
  const options = useMemo((): ChartOptions => {
    const colors = chartColors(theme);
    const bar = (label: string, color: string, align: -1 | 1): uPlot.Series => ({
      label,
      stroke: color,
      fill: `${color}cc`,
      width: 1,
      points: { show: false },
      paths: uPlot.paths.bars!({ align, size: [0.38, 64, 2] }),
      value: (_u, v) => (v === null ? '–' : `${formatMs(v)} ms`),
    });
    return {
      scales: {
        x: { time: false, range: () => [-0.5, PHASES.length - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        axis(colors, {
          splits: () => PHASES.map((_, i) => i),
          values: (_u, splits) => splits.map((i) => PHASES[i]?.short ?? ''),
          grid: { show: false },
        }),
        axis(colors, { label: 'ms', size: 60, values: (_u, splits) => splits.map(formatTick) }),
      ],
      series: [
        { label: 'phase', value: (_u, v) => (v === null ? '–' : (PHASES[v]?.label ?? '')) },
        bar('mean', colors.series[0] ?? colors.axis, -1),
        bar('p95', colors.series[1] ?? colors.axis, 1),
      ],
      cursor: { drag: { x: false, y: false } },
    };
  }, [theme]);
  if (!timings) {
    return <p className="muted">Request phases were not measured in this run.</p>;
  }
  const rows = [
    ...PHASES.map((p) => {
      const t = timings[p.key];
      return {
        key: p.key,
        cells: [
          <span key="l" title={p.title}>
            {p.label}
          </span>,
          ...(t ? trendCells(t) : []),
        ],
      };
    }),
    ...(timings.durationUs
      ? [
          {
            key: 'duration',
            className: 'total',
            cells: ['Duration (sending + waiting + receiving)', ...trendCells(timings.durationUs)],
          },
        ]
      : []),
    ...(serviceTime
      ? [
          {
            key: 'service',
            cells: ['Service time (open model, without queueing)', ...trendCells(serviceTime)],
          },
        ]
      : []),
  ];
  return (
    <>
      <Chart
        testId="chart-timings"
        title="Request phases: mean and p95 (ms)"
        options={options}
        data={data}
        height={260}
      />
      <SimpleTable
        testId="timings-table"
        headers={['Phase', 'Count', 'Mean (ms)', 'Min', 'Median', 'p90', 'p95', 'p99', 'Max']}
        numeric={[1, 2, 3, 4, 5, 6, 7, 8]}
        rows={rows}
        empty="No requests"
      />
    </>
  );
}
