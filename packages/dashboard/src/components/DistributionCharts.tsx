import { useMemo, useState } from 'react';
import uPlot from 'uplot';
import { formatCount, formatMs, percentileLabel, percentileToX, rowLabel, formatTick } from '../format';
import { type ChartColors, chartColors, seriesColor, useTheme } from '../theme';
import type { LatencyBucket, RequestDistribution, SpectrumPoint } from '../types';
import { alignSeries, axis, Chart, type ChartOptions, line } from './Chart';

const keyOf = (d: { method: string; name: string }) => `${d.method} ${d.name}`;

/** Spectrum points as chart points: x = 1/(1−p) (the 100 % point has none), y = latency ms. */
export function spectrumPoints(spectrum: SpectrumPoint[]): Array<[number, number]> {
  return spectrum.filter((p) => p.percentile < 100).map((p) => [percentileToX(p.percentile), p.valueMs]);
}

/** Options of a percentile-spectrum chart: x on a log scale of 1/(1−p), labelled 0%, 90%, 99%, 99.9%… */
export function spectrumOptions(colors: ChartColors, series: uPlot.Series[]): ChartOptions {
  return {
    scales: {
      x: {
        time: false,
        distr: 3,
        log: 10,
        range: (_u, _min, max) => [1, 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(max, 10)) - 1e-9))],
      },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
    },
    axes: [
      axis(colors, {
        label: 'percentile',
        splits: (_u, _i, min, max) => {
          const splits: number[] = [];
          for (let v = 1; v <= max * 1.0001; v *= 10) if (v >= min * 0.9999) splits.push(v);
          return splits;
        },
        values: (_u, splits) => splits.map((v) => percentileLabel(v)),
      }),
      axis(colors, { label: 'ms', size: 60, values: (_u, splits) => splits.map(formatTick) }),
    ],
    series: [
      { label: 'percentile', value: (_u, v) => (v === null ? '–' : percentileLabel(v, 2)) },
      ...series,
    ],
    cursor: { drag: { x: true, y: false } },
  };
}

/** ms value in a legend. */
const msValue = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatMs(v)} ms`);

/**
 * The latency percentile spectrum (HdrHistogram's percentile distribution) of
 * the chosen request names, the tail stretched on a log scale of 1/(1−p).
 */
export function SpectrumChart({ distributions }: { distributions: RequestDistribution[] }) {
  const theme = useTheme();
  const withData = useMemo(() => distributions.filter((d) => d.spectrum.length > 0), [distributions]);
  const [selected, setSelected] = useState<Set<string>>(() => {
    const aggregated = withData.filter((d) => d.method === '' && d.name === 'Aggregated');
    const rows = withData.filter((d) => !(d.method === '' && d.name === 'Aggregated'));
    return new Set([...aggregated, ...(rows.length <= 6 ? rows : [])].map(keyOf));
  });
  const visible = useMemo(() => withData.filter((d) => selected.has(keyOf(d))), [withData, selected]);
  const data = useMemo(() => alignSeries(visible.map((d) => spectrumPoints(d.spectrum))), [visible]);
  const options = useMemo(() => {
    const colors = chartColors(theme);
    return spectrumOptions(
      colors,
      visible.map((d) =>
        line(rowLabel(d), seriesColor(colors, withData.indexOf(d)), { value: msValue, spanGaps: true }),
      ),
    );
  }, [theme, visible, withData]);
  const toggle = (key: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const colors = chartColors(theme);
  return (
    <Chart
      testId="chart-spectrum"
      title="Latency percentile spectrum (ms)"
      options={options}
      data={data}
      height={300}
      emptyText={withData.length === 0 ? 'No requests' : 'Pick a request name'}
      controls={
        <div className="picker" role="group" aria-label="request names shown">
          {withData.map((d, i) => (
            <label key={keyOf(d)} className="chip">
              <input
                type="checkbox"
                checked={selected.has(keyOf(d))}
                onChange={() => toggle(keyOf(d))}
                data-testid="spectrum-pick"
              />
              <span className="swatch" style={{ background: seriesColor(colors, i) }} />
              {rowLabel(d)}
            </label>
          ))}
        </div>
      }
    />
  );
}

/** Bars of a latency histogram: x = each bar's lower edge (ms), y = requests. */
function histogramData(buckets: LatencyBucket[]): uPlot.AlignedData {
  return [buckets.map((b) => b.fromMs), buckets.map((b) => b.count)];
}

/** The latency histogram of one request name: log-spaced bars between its fastest and slowest request. */
export function HistogramChart({ distributions }: { distributions: RequestDistribution[] }) {
  const theme = useTheme();
  const withData = distributions.filter((d) => d.buckets.length > 0);
  const aggregated = withData.find((d) => d.method === '' && d.name === 'Aggregated');
  const [chosen, setChosen] = useState<string>(() =>
    keyOf(aggregated ?? withData[0] ?? { method: '', name: '' }),
  );
  const current = withData.find((d) => keyOf(d) === chosen) ?? withData[0];
  const buckets = useMemo(() => current?.buckets ?? [], [current]);
  const data = useMemo(() => histogramData(buckets), [buckets]);
  const options = useMemo((): ChartOptions => {
    const colors = chartColors(theme);
    const first = buckets[0];
    const last = buckets[buckets.length - 1];
    const logScale = buckets.length > 1 && first !== undefined && first.fromMs > 0;
    const lo = first?.fromMs ?? 0;
    const hi = last?.toMs ?? 1;
    return {
      scales: {
        x: logScale
          ? { time: false, distr: 3, log: 10, range: () => [lo, hi] }
          : { time: false, range: () => [lo * 0.9, Math.max(hi * 1.1, lo + 1)] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        axis(colors, { label: 'ms', values: (_u, splits) => splits.map(formatTick) }),
        axis(colors, { label: 'requests', size: 60, values: (_u, splits) => splits.map(formatTick) }),
      ],
      series: [
        {
          label: 'from',
          value: (_u, v) => {
            const bucket = buckets.find((b) => b.fromMs === v);
            return bucket ? `${formatMs(bucket.fromMs)}–${formatMs(bucket.toMs)} ms` : '–';
          },
        },
        {
          label: 'requests',
          stroke: colors.series[0],
          fill: `${colors.series[0]}99`,
          width: 1,
          points: { show: false },
          paths: uPlot.paths.bars!({ align: 1, size: [logScale ? 0.92 : 0.5, Infinity, 2] }),
          value: (_u, v) => (v === null ? '–' : formatCount(v)),
        },
      ],
    };
  }, [theme, buckets]);
  return (
    <Chart
      testId="chart-histogram"
      title="Latency histogram"
      options={options}
      data={data}
      height={260}
      emptyText="No requests"
      controls={
        withData.length > 0 && (
          <label className="select">
            Request name{' '}
            <select
              value={current ? keyOf(current) : ''}
              onChange={(e) => setChosen(e.target.value)}
              data-testid="histogram-pick"
            >
              {withData.map((d) => (
                <option key={keyOf(d)} value={keyOf(d)}>
                  {rowLabel(d)}
                </option>
              ))}
            </select>
          </label>
        )
      }
    />
  );
}
