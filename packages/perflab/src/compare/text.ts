import { ms, rate } from '../output/format.ts';
import { renderTable } from '../output/table.ts';
import { formatPercent } from './compare.ts';
import type { CompareReport, CompareRow } from './types.ts';

/**
 * The comparison as terminal text: which runs, the method, one table row per
 * (method, name) and the aggregated row with base → new and the relative change
 * for requests, RPS, error rate, p50, p95 and p99 (ms) and the verdict, then the
 * reasons for every regression and improvement, notes, and a one-line verdict.
 */
export function renderCompareText(report: CompareReport): string {
  const out: string[] = [];
  out.push('perflab compare');
  for (const [label, run] of [
    ['base:', report.base],
    ['new:', report.new],
  ] as const) {
    out.push(
      `  ${label.padEnd(5)} ${run.file} · started ${run.startedAt} · ${run.host} · ${run.load.join('; ') || 'no scenarios'} · ${(run.elapsedMs / 1000).toFixed(1)} s`,
    );
  }
  out.push(`  method: ${report.method}`, '');

  const rows = [...report.rows, report.aggregated];
  out.push(
    renderTable(
      ['Type', 'Name', 'Requests', 'RPS', 'Error rate', 'p50 ms', 'p95 ms', 'p99 ms', 'Verdict'],
      rows.map(tableRow),
      ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      report.rows.length > 0 ? [report.rows.length] : [],
    ),
  );

  const section = (title: string, verdict: CompareRow['verdict']) => {
    const matching = rows.filter((row) => row.verdict === verdict);
    if (matching.length === 0) return;
    out.push('', title);
    for (const row of matching) {
      out.push(`  ${label(row)}`);
      for (const reason of row.reasons) out.push(`    - ${reason}`);
    }
  };
  section('Regressed:', 'regressed');
  section('Improved:', 'improved');
  const rowNotes = rows.flatMap((row) => row.notes.map((note) => `  ${label(row)}: ${note}`));
  if (report.notes.length > 0 || rowNotes.length > 0) {
    out.push('', 'Notes:', ...report.notes.map((note) => `  ${note}`), ...rowNotes);
  }

  const regressed = rows.filter((row) => row.verdict === 'regressed');
  out.push(
    '',
    regressed.length > 0
      ? `REGRESSED: ${regressed.map(label).join(', ')}`
      : `no regression beyond ${formatPercent(report.tolerance)} and ${report.minDeltaMs} ms`,
  );
  return `${out.join('\n')}\n`;
}

function label(row: CompareRow): string {
  return row.method ? `${row.method} ${row.name}` : row.name;
}

function tableRow(row: CompareRow): string[] {
  const { base, new: next } = row;
  const pair = (format: (m: NonNullable<CompareRow['base']>) => string, relative?: number | null) => {
    const text = `${base ? format(base) : '—'} → ${next ? format(next) : '—'}`;
    return relative === undefined || relative === null ? text : `${text} (${signed(relative)})`;
  };
  const d = row.deltas;
  return [
    row.method,
    row.name,
    pair((m) => String(m.requests)),
    pair((m) => rate(m.rps), d?.rps.relative),
    pair((m) => `${(m.errorRate * 100).toFixed(2)}%`),
    pair((m) => ms(m.p50Ms), d?.p50Ms.relative),
    pair((m) => ms(m.p95Ms), d?.p95Ms.relative),
    pair((m) => ms(m.p99Ms), d?.p99Ms.relative),
    row.verdict === 'regressed' ? 'REGRESSED' : row.verdict,
  ];
}

function signed(relative: number): string {
  const percent = Math.round(relative * 100);
  return `${percent > 0 ? '+' : percent < 0 ? '−' : '±'}${Math.abs(percent)}%`;
}
