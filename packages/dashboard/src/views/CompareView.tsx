import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import { alignSeries, Chart, line } from '../components/Chart';
import { spectrumOptions, spectrumPoints } from '../components/DistributionCharts';
import {
  formatCount,
  formatDelta,
  formatDuration,
  formatMs,
  formatPercent,
  formatRate,
  formatTime,
  rowLabel,
} from '../format';
import { chartColors, useTheme } from '../theme';
import type { CompareMetrics, CompareReport, CompareRow } from '../types';

const keyOf = (row: CompareRow) => `${row.method} ${row.name}`;

type Change = 'worse' | 'better' | 'same';

function Verdict({ verdict }: { verdict: CompareRow['verdict'] }) {
  return (
    <span className={`badge verdict-${verdict}`} data-testid="verdict">
      {verdict}
    </span>
  );
}

/** `base → new` and the change below it, coloured when it counts (worse/better). */
function MetricCell({
  base,
  next,
  format,
  delta,
  change,
}: {
  base: number | undefined;
  next: number | undefined;
  format: (v: number) => string;
  delta: string;
  change?: Change;
}) {
  return (
    <td className="num metric">
      <span className="pair">
        {base === undefined ? '–' : format(base)} → {next === undefined ? '–' : format(next)}
      </span>
      <span
        className={`delta${change && change !== 'same' ? ` ${change === 'worse' ? 'bad' : 'good'}` : ''}`}
      >
        {delta}
      </span>
    </td>
  );
}

const PERCENTILES = [
  { p: 50, key: 'p50Ms' },
  { p: 95, key: 'p95Ms' },
  { p: 99, key: 'p99Ms' },
] as const;

function CompareTableRow({
  row,
  selected,
  onSelect,
}: {
  row: CompareRow;
  selected: boolean;
  onSelect: () => void;
}) {
  const b: CompareMetrics | null = row.base;
  const n: CompareMetrics | null = row.new;
  const errorDelta =
    b && n
      ? `${n.errorRate - b.errorRate >= 0 ? '+' : '−'}${(Math.abs(n.errorRate - b.errorRate) * 100).toFixed(2)} pp`
      : '–';
  return (
    <tr
      className={`${selected ? 'selected ' : ''}${row.method === '' && row.name === 'Aggregated' ? 'total' : ''}`}
      data-testid="compare-row"
      data-name={rowLabel(row)}
      data-verdict={row.verdict}
      onClick={onSelect}
      aria-selected={selected}
    >
      <td className="text">{row.method}</td>
      <td className="text">
        <button type="button" className="link" onClick={onSelect}>
          {row.name}
        </button>
      </td>
      <td className="text">
        <Verdict verdict={row.verdict} />
      </td>
      <MetricCell
        base={b?.requests}
        next={n?.requests}
        format={formatCount}
        delta={formatDelta(row.deltas?.requests.relative)}
      />
      <MetricCell
        base={b?.rps}
        next={n?.rps}
        format={formatRate}
        delta={formatDelta(row.deltas?.rps.relative)}
      />
      <MetricCell
        base={b?.errorRate}
        next={n?.errorRate}
        format={(v) => formatPercent(v)}
        delta={errorDelta}
        change={row.errorRateTest?.change}
      />
      {PERCENTILES.map(({ p, key }) => (
        <MetricCell
          key={key}
          base={b?.[key]}
          next={n?.[key]}
          format={formatMs}
          delta={formatDelta(row.deltas?.[key].relative)}
          change={row.percentiles.find((c) => c.percentile === p)?.change}
        />
      ))}
      <td className="num">
        {row.pValue === null ? '–' : row.pValue < 0.0001 ? '<0.0001' : row.pValue.toFixed(4)}
      </td>
      <td className="text reasons">
        {row.reasons.length > 0 ? (
          <ul className="plain">
            {row.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
    </tr>
  );
}

function RunSide({ label, run }: { label: string; run: CompareReport['base'] }) {
  return (
    <div className="run-side">
      <h3>{label}</h3>
      <p className="wrap-anywhere">
        <code>{run.file}</code>
      </p>
      <p className="muted">
        {formatTime(run.startedAt)} · {run.host}
        {run.elapsedMs !== undefined && ` · ${formatDuration(run.elapsedMs)}`}
      </p>
      {run.scenarioFile && <p className="muted wrap-anywhere">{run.scenarioFile}</p>}
      {run.load && run.load.length > 0 && <p className="muted">{run.load.join('; ')}</p>}
    </div>
  );
}

/**
 * Two runs side by side (`perflab compare`): per request name and aggregated,
 * RPS, error rate and p50/p95/p99 with their changes and the verdict, and the
 * two percentile spectra of the selected row overlaid.
 */
export function CompareView({ compare }: { compare: CompareReport }) {
  const theme = useTheme();
  const rows = useMemo(() => [...compare.rows, compare.aggregated], [compare]);
  const [chosen, setChosen] = useState(() =>
    keyOf(rows.find((r) => r.verdict === 'regressed') ?? compare.aggregated),
  );
  const selected = rows.find((r) => keyOf(r) === chosen) ?? compare.aggregated;
  useEffect(() => {
    document.title = `perflab compare: ${compare.regressed ? 'regressed' : 'no regression'}`;
  }, [compare.regressed]);
  const data = useMemo(
    (): uPlot.AlignedData =>
      alignSeries([spectrumPoints(selected.spectra.base), spectrumPoints(selected.spectra.new)]),
    [selected],
  );
  const options = useMemo(() => {
    const colors = chartColors(theme);
    const ms = (_u: uPlot, v: number | null) => (v === null ? '–' : `${formatMs(v)} ms`);
    return spectrumOptions(colors, [
      line('base', colors.series[10] ?? colors.axis, { value: ms, spanGaps: true, dash: [6, 4] }),
      line('new', colors.series[0] ?? colors.axis, { value: ms, spanGaps: true }),
    ]);
  }, [theme]);
  const counts = rows.reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.verdict]: (acc[r.verdict] ?? 0) + 1 }),
    {},
  );
  return (
    <main>
      <div className="page-title">
        <h1>Comparison</h1>
        <p className="muted">
          tolerance {formatPercent(compare.tolerance, 0)} ·{' '}
          {Object.entries(counts)
            .map(([verdict, n]) => `${n} ${verdict}`)
            .join(', ')}
        </p>
      </div>
      <div
        className={`banner ${compare.regressed ? 'bad' : 'good'}`}
        role="status"
        data-testid="compare-verdict"
      >
        {compare.regressed
          ? 'Regressed: at least one request name is slower or fails more often beyond the tolerance.'
          : 'No regression beyond the tolerance.'}
      </div>
      <div className="run-sides">
        <RunSide label="Base" run={compare.base} />
        <RunSide label="New" run={compare.new} />
      </div>
      <div className="table-wrap">
        <table className="data compare" data-testid="compare-table">
          <thead>
            <tr>
              <th className="text">Type</th>
              <th className="text">Name</th>
              <th className="text">Verdict</th>
              <th className="num">Requests</th>
              <th className="num">RPS</th>
              <th className="num">Error rate</th>
              <th className="num">p50 (ms)</th>
              <th className="num">p95 (ms)</th>
              <th className="num">p99 (ms)</th>
              <th className="num" title="Mann–Whitney one-sided p-value in the direction latencies moved">
                p-value
              </th>
              <th className="text">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <CompareTableRow
                key={keyOf(row)}
                row={row}
                selected={keyOf(row) === keyOf(selected)}
                onSelect={() => setChosen(keyOf(row))}
              />
            ))}
          </tbody>
        </table>
      </div>
      <Chart
        testId="chart-compare-spectrum"
        title={
          <>
            Latency percentile spectrum: <strong>{rowLabel(selected)}</strong>, base vs new (ms)
          </>
        }
        options={options}
        data={data}
        height={300}
        emptyText="No requests in either run"
      />
      {(compare.notes?.length ?? 0) > 0 || rows.some((r) => (r.notes?.length ?? 0) > 0) ? (
        <section>
          <h3>Notes</h3>
          <ul className="notes">
            {compare.notes?.map((note, i) => (
              <li key={`n${i}`}>{note}</li>
            ))}
            {rows.flatMap((r) =>
              (r.notes ?? []).map((note, i) => (
                <li key={`${keyOf(r)}${i}`}>
                  {rowLabel(r)}: {note}
                </li>
              )),
            )}
          </ul>
        </section>
      ) : null}
      <details className="method">
        <summary>How the verdict is decided</summary>
        <p>{compare.method}</p>
      </details>
    </main>
  );
}
