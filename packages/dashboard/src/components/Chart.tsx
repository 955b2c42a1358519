import { type ReactNode, useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { ChartColors } from '../theme';

/** Chart options without the size: the chart takes its container's width. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

interface ChartProps {
  /** `data-testid` of the chart's figure. */
  testId: string;
  title: ReactNode;
  /** Memoise: a new object rebuilds the chart (a theme change does). */
  options: ChartOptions;
  /** uPlot's aligned data: x values, then one array per series. */
  data: uPlot.AlignedData;
  /** Plot height, CSS px. */
  height?: number;
  /** Shown instead of the chart when there is nothing to plot. */
  emptyText?: string;
  /** Controls shown above the chart (series pickers). */
  controls?: ReactNode;
}

/**
 * A uPlot chart as wide as its container (resized with it). New `data` is set
 * on the existing plot; new `options` rebuild it. The plot element carries
 * `data-drawn` (the number of draws so far) for tests.
 */
export function Chart({ testId, title, options, data, height = 240, emptyText, controls }: ChartProps) {
  const empty = (data[0]?.length ?? 0) === 0;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {controls}
      {empty ? (
        <div className="chart-empty" style={{ height }}>
          {emptyText ?? 'No data yet'}
        </div>
      ) : (
        <Plot options={options} data={data} height={height} />
      )}
    </figure>
  );
}

function Plot({ options, data, height }: { options: ChartOptions; data: uPlot.AlignedData; height: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);

  useEffect(() => {
    dataRef.current = data;
    plotRef.current?.setData(data);
  }, [data]);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    let draws = 0;
    const onDraw = () => {
      draws++;
      box.dataset.drawn = String(draws);
    };
    const plot = new uPlot(
      {
        ...options,
        width: Math.max(box.clientWidth, 100),
        height,
        hooks: { ...options.hooks, draw: [...(options.hooks?.draw ?? []), onDraw] },
      },
      dataRef.current,
      box,
    );
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      const width = box.clientWidth;
      if (width > 0 && Math.abs(width - plot.width) > 1) plot.setSize({ width, height });
    });
    observer.observe(box);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
      delete box.dataset.drawn;
    };
  }, [options, height]);

  return <div className="plot" ref={boxRef} />;
}

/** An axis styled for the theme. */
export function axis(colors: ChartColors, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: colors.axis,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
    font: '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    labelFont: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    ...extra,
  };
}

/** A line series. */
export function line(label: string, color: string, extra: uPlot.Series = {}): uPlot.Series {
  return { label, stroke: color, width: 2, points: { show: false }, spanGaps: false, ...extra };
}

/**
 * The union of several series' x values, each series' y values placed on it
 * (null where a series has no point): uPlot's aligned form.
 */
export function alignSeries(series: Array<Array<[x: number, y: number]>>): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((points) => points.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((points) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [x, y] of points) column[index.get(x)!] = y;
    return column;
  });
  return [xs, ...ys];
}
