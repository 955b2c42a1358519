import { type ReactNode, useMemo, useState } from 'react';
import { formatCount, formatMs, formatPercent, formatRate, rowLabel } from '../format';
import type { ExceptionGroup, FailureGroup, ResultsDocument, StatsSummary, ThresholdOutcome } from '../types';

interface Column {
  key: string;
  label: string;
  title?: string;
  value: (row: StatsSummary) => number | string;
  render: (row: StatsSummary) => ReactNode;
  text?: boolean;
}

const pct = (row: StatsSummary, key: string): number => row.percentiles[key] ?? Number.NaN;

/** Locust's statistics columns (its live table, plus the 95th percentile), in its order. */
function statsColumns(mode: 'report' | 'live'): Column[] {
  const columns: Column[] = [
    { key: 'type', label: 'Type', text: true, value: (r) => r.method, render: (r) => r.method },
    { key: 'name', label: 'Name', text: true, value: (r) => r.name, render: (r) => r.name },
    {
      key: 'requests',
      label: '# Requests',
      value: (r) => r.requests,
      render: (r) => formatCount(r.requests),
    },
    {
      key: 'failures',
      label: '# Fails',
      value: (r) => r.failures,
      render: (r) => (
        <span className={r.failures > 0 ? 'bad' : undefined}>
          {formatCount(r.failures)}
          {r.requests > 0 && <small> ({formatPercent(r.failures / r.requests, 1)})</small>}
        </span>
      ),
    },
    { key: 'median', label: 'Median (ms)', value: (r) => r.medianMs, render: (r) => formatMs(r.medianMs) },
    { key: 'p90', label: '90%ile (ms)', value: (r) => pct(r, '90'), render: (r) => formatMs(pct(r, '90')) },
    { key: 'p95', label: '95%ile (ms)', value: (r) => pct(r, '95'), render: (r) => formatMs(pct(r, '95')) },
    { key: 'p99', label: '99%ile (ms)', value: (r) => pct(r, '99'), render: (r) => formatMs(pct(r, '99')) },
    { key: 'mean', label: 'Average (ms)', value: (r) => r.meanMs, render: (r) => formatMs(r.meanMs) },
    { key: 'min', label: 'Min (ms)', value: (r) => r.minMs, render: (r) => formatMs(r.minMs) },
    { key: 'max', label: 'Max (ms)', value: (r) => r.maxMs, render: (r) => formatMs(r.maxMs) },
    {
      key: 'size',
      label: 'Average size (bytes)',
      value: (r) => r.meanContentSize,
      render: (r) => formatCount(r.meanContentSize),
    },
  ];
  if (mode === 'report') {
    columns.push(
      {
        key: 'rps',
        label: 'RPS',
        title: 'requests/s over the whole run',
        value: (r) => r.rps,
        render: (r) => formatRate(r.rps),
      },
      {
        key: 'fps',
        label: 'Failures/s',
        title: 'failures/s over the whole run',
        value: (r) => r.failuresPerSecond,
        render: (r) => formatRate(r.failuresPerSecond),
      },
    );
  }
  columns.push(
    {
      key: 'currentRps',
      label: 'Current RPS',
      title: 'requests/s over the last 10 seconds',
      value: (r) => r.currentRps,
      render: (r) => formatRate(r.currentRps),
    },
    {
      key: 'currentFps',
      label: 'Current failures/s',
      title: 'failures/s over the last 10 seconds',
      value: (r) => r.currentFailuresPerSecond,
      render: (r) => formatRate(r.currentFailuresPerSecond),
    },
  );
  return columns;
}

/**
 * Statistics per request name with Locust's columns, then the aggregated row.
 * Click a header to sort (the aggregated row stays last).
 */
export function StatsTable({
  rows,
  aggregated,
  mode,
  testId,
  rowTestId,
}: {
  rows: StatsSummary[];
  /** The last row, not sorted with the others; none for per-tag tables. */
  aggregated?: StatsSummary;
  mode: 'report' | 'live';
  testId?: string;
  rowTestId?: string;
}) {
  const columns = useMemo(() => statsColumns(mode), [mode]);
  const [sort, setSort] = useState<{ key: string; descending: boolean } | null>(null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    if (!column || !sort) return rows;
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      return (
        sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)))
      );
    });
  }, [rows, sort, columns]);
  const onSort = (key: string) =>
    setSort((current) =>
      current?.key === key
        ? { key, descending: !current.descending }
        : { key, descending: key !== 'name' && key !== 'type' },
    );
  const row = (r: StatsSummary, className?: string) => (
    <tr key={`${r.method} ${r.name}`} className={className} data-testid={rowTestId} data-name={rowLabel(r)}>
      {columns.map((c) => (
        <td key={c.key} className={c.text ? 'text' : 'num'}>
          {c.render(r)}
        </td>
      ))}
    </tr>
  );
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                className={c.text ? 'text' : 'num'}
                title={c.title}
                aria-sort={sort?.key === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}
              >
                <button type="button" onClick={() => onSort(c.key)}>
                  {c.label}
                  {sort?.key === c.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                No requests yet
              </td>
            </tr>
          )}
          {sorted.map((r) => row(r))}
          {aggregated && row(aggregated, 'total')}
        </tbody>
      </table>
    </div>
  );
}

/** A small table: header labels, then rows of cells. */
export function SimpleTable({
  headers,
  rows,
  empty,
  testId,
  numeric = [],
}: {
  headers: string[];
  rows: Array<{ key: string; cells: ReactNode[]; className?: string }>;
  empty: string;
  testId?: string;
  /** Indexes of right-aligned (numeric) columns. */
  numeric?: number[];
}) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th key={h} className={numeric.includes(i) ? 'num' : 'text'}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={headers.length} className="muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.key} className={r.className}>
                {r.cells.map((cell, i) => (
                  <td key={i} className={numeric.includes(i) ? 'num' : 'text'}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Failures grouped by (method, name, error), most frequent first. */
export function FailuresTable({ failures }: { failures: FailureGroup[] }) {
  const rows = [...failures]
    .sort((a, b) => b.occurrences - a.occurrences)
    .map((f) => ({
      key: `${f.method} ${f.name} ${f.error}`,
      cells: [f.method, f.name, <code key="e">{f.error}</code>, formatCount(f.occurrences)],
    }));
  return (
    <SimpleTable
      testId="failures-table"
      headers={['Method', 'Name', 'Error', 'Occurrences']}
      numeric={[3]}
      rows={rows}
      empty="No failures"
    />
  );
}

/** Errors thrown by scenario code, grouped; the traceback of the first of each group. */
export function ExceptionsTable({ exceptions }: { exceptions: ExceptionGroup[] }) {
  const rows = [...exceptions]
    .sort((a, b) => b.count - a.count)
    .map((e) => ({
      key: `${e.message} ${e.traceback}`,
      cells: [
        formatCount(e.count),
        <code key="m">{e.message}</code>,
        <details key="t">
          <summary>traceback</summary>
          <pre>{e.traceback}</pre>
        </details>,
      ],
    }));
  return (
    <SimpleTable
      testId="exceptions-table"
      headers={['Count', 'Message', 'Traceback']}
      numeric={[0]}
      rows={rows}
      empty="No exceptions"
    />
  );
}

const RATE_METRICS = new Set(['http_req_failed', 'checks']);
const COUNTER_METRICS = new Set(['http_reqs', 'iterations', 'dropped_iterations']);

function thresholdActual(t: ThresholdOutcome): string {
  if (t.actual === null) return 'no data';
  const metric = t.metric ?? t.key.split('{')[0] ?? '';
  if (RATE_METRICS.has(metric)) return formatPercent(t.actual, 2);
  if (COUNTER_METRICS.has(metric))
    return /rate/.test(t.source) ? `${formatRate(t.actual)}/s` : formatCount(t.actual);
  return `${formatMs(t.actual)} ms`;
}

/** Threshold verdicts (k6 semantics): key, expression, the value compared, pass/fail. */
export function ThresholdsTable({ thresholds }: { thresholds: ResultsDocument['thresholds'] }) {
  const rows = thresholds.map((t, i) => ({
    key: `${i}`,
    className: t.ok ? undefined : 'failed',
    cells: [
      <code key="k">{t.key}</code>,
      <code key="s">{t.source}</code>,
      thresholdActual(t),
      <span key="ok" className={`badge ${t.ok ? 'good' : 'bad'}`}>
        {t.ok ? 'ok' : 'failed'}
      </span>,
    ],
  }));
  return (
    <SimpleTable
      testId="thresholds-table"
      headers={['Key', 'Source', 'Actual', 'Result']}
      numeric={[2]}
      rows={rows}
      empty="No thresholds in this scenario"
    />
  );
}

/** Named checks: passes, fails and the pass rate. */
export function ChecksTable({ checks }: { checks: ResultsDocument['checks'] }) {
  const rows = checks.map((c) => {
    const total = c.passes + c.fails;
    return {
      key: c.name,
      className: c.fails > 0 ? 'failed' : undefined,
      cells: [
        c.name,
        formatCount(c.passes),
        <span key="f" className={c.fails > 0 ? 'bad' : undefined}>
          {formatCount(c.fails)}
        </span>,
        total > 0 ? formatPercent(c.passes / total, 2) : '–',
      ],
    };
  });
  return (
    <SimpleTable
      testId="checks-table"
      headers={['Name', 'Passes', 'Fails', '% pass']}
      numeric={[1, 2, 3]}
      rows={rows}
      empty="No checks in this scenario"
    />
  );
}
