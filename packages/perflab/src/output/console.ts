import { formatDuration } from '../duration.ts';
import { REPORTED_PERCENTILES } from '../metrics/histogram.ts';
import type { HistoryRow, MetricsStore, StatsSummary, TrendSummary } from '../metrics/store.ts';
import { ms, percent, rate } from './format.ts';
import type { Reporter, RunInfo, RunResult } from './reporter.ts';
import { type Align, renderTable } from './table.ts';

/** Where the console reporter writes, and how. */
export interface ConsoleOptions {
  write: (text: string) => void;
  /** Redraw a live table in place (a terminal) rather than print one line per update. */
  isTTY: boolean;
  /** Seconds between live updates; default 2. */
  intervalSeconds?: number;
}

/**
 * Live statistics every 2 s (a table redrawn in place on a terminal, plain lines
 * otherwise), warnings as they happen, and a Locust-style summary at the end.
 */
export class ConsoleReporter implements Reporter {
  private seconds = 0;
  private drawnLines = 0;
  constructor(private readonly options: ConsoleOptions) {}

  onStart(info: RunInfo): void {
    const what = info.scenarioFile ? `${info.scenarioFile} against ${info.host}` : info.host;
    const [only, ...more] = info.scenarios;
    if (only && more.length === 0 && only.startTimeMs === 0) {
      this.options.write(`perflab: ${what}: ${only.description}\n`);
      return;
    }
    this.options.write(`perflab: ${what}\n`);
    for (const s of info.scenarios) {
      const at = s.startTimeMs > 0 ? ` from ${formatDuration(s.startTimeMs)}` : '';
      this.options.write(`  scenario ${s.name}: ${s.description}${at}\n`);
    }
  }

  onNote(note: string): void {
    this.drawnLines = 0; // the note breaks the redrawn block; start a new one below it
    this.options.write(`warning: ${note}\n`);
  }

  onSecond(row: HistoryRow, store: MetricsStore): void {
    this.seconds++;
    if (this.seconds % (this.options.intervalSeconds ?? 2) !== 0) return;
    const elapsed = formatDuration(this.seconds * 1000);
    if (!this.options.isTTY) {
      this.options.write(
        `[${elapsed}] users=${row.users} requests=${row.totalRequests} failures=${row.totalFailures} ` +
          `(${percent(row.totalFailures, row.totalRequests)}) rps=${rate(row.rps)} ` +
          `p50=${fmt(row.percentiles['50'])} p95=${fmt(row.percentiles['95'])}\n`,
      );
      return;
    }
    const snapshot = store.snapshot();
    const block =
      `[${elapsed}] ${row.users} users · current ${rate(row.rps)} req/s · ` +
      `p95 ${fmt(row.percentiles['95'])}\n${statsTable(snapshot.entries, snapshot.aggregated, true)}\n`;
    const clear = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A\x1b[J` : '';
    this.options.write(clear + block);
    this.drawnLines = block.split('\n').length - 1;
  }

  onEnd(result: RunResult): void {
    const { snapshot } = result;
    const total = snapshot.aggregated;
    const out: string[] = [];
    out.push(
      `\n${result.interrupted ? 'Interrupted' : 'Finished'} after ${formatDuration(result.endedAt - result.info.startedAt)}` +
        ` · ${total.requests} requests · ${total.failures} failures\n`,
    );
    out.push(statsTable(snapshot.entries, total, false), '');
    out.push('Response time percentiles (ms)');
    out.push(percentileTable([...snapshot.entries, total]), '');
    if (snapshot.failures.length > 0) {
      out.push('Failures');
      out.push(
        renderTable(
          ['# occurrences', 'Method', 'Name', 'Error'],
          snapshot.failures.map((f) => [String(f.occurrences), f.method, f.name, f.error]),
          ['right', 'left', 'left', 'left'],
        ),
        '',
      );
    }
    if (snapshot.exceptions.length > 0) {
      out.push('Exceptions in scenario code');
      out.push(
        renderTable(
          ['# occurrences', 'Message'],
          snapshot.exceptions.map((e) => [String(e.count), e.message]),
          ['right', 'left'],
        ),
        '',
      );
    }
    out.push(...extraSections(result));
    for (const note of result.notes) out.push(`note: ${note}`);
    out.push(
      `RPS ${rate(total.rps)} · mean ${ms(total.meanMs)} ms · p95 ${ms(total.percentiles['95'] ?? 0)} ms · ` +
        `p99 ${ms(total.percentiles['99'] ?? 0)} ms · error rate ${percent(total.failures, total.requests)}`,
    );
    this.options.write(`${out.join('\n')}\n`);
  }
}

/** Scenarios, checks, tags, open-model service time, timing phases, thresholds — each when there is something to show. */
function extraSections(result: RunResult): string[] {
  const { snapshot } = result;
  const out: string[] = [];
  const trendRow = (label: string, t: TrendSummary) => [
    label,
    ms(t.meanMs),
    ms(t.minMs),
    ms(t.medianMs),
    ms(t.p90Ms),
    ms(t.p95Ms),
    ms(t.p99Ms),
    ms(t.maxMs),
  ];
  const trendHeader = ['', 'avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'];
  const trendAlign: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];
  const showScenarios =
    result.info.scenarios.length > 1 || result.info.scenarios.some((s) => s.model === 'open');
  if (showScenarios) {
    out.push('Scenarios');
    out.push(
      renderTable(
        ['Scenario', '# reqs', '# fails', 'req/s', 'p95 ms', 'iterations', 'dropped', 'iteration p95 ms'],
        snapshot.scenarios.map((s) => [
          s.name,
          String(s.stats.requests),
          String(s.stats.failures),
          rate(s.stats.rps),
          ms(s.stats.percentiles['95'] ?? 0),
          String(s.iterations),
          String(s.droppedIterations),
          ms(s.iterationDuration.p95Ms),
        ]),
        ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
      '',
    );
  }
  if (snapshot.checks.length > 0) {
    out.push('Checks');
    for (const c of snapshot.checks) {
      const total = c.passes + c.fails;
      out.push(
        `  ${c.fails === 0 ? '✓' : '✗'} ${c.name}: ${percent(c.passes, total)} (${c.passes} ✓ / ${c.fails} ✗)`,
      );
    }
    out.push('');
  }
  if (snapshot.tags.length > 0) {
    out.push('By tag');
    out.push(statsTable(snapshot.tags, undefined, false), '');
  }
  if (snapshot.serviceTime || snapshot.timings) {
    out.push('Timings (ms)');
    const rows: string[][] = [];
    if (snapshot.serviceTime)
      rows.push(trendRow('service time (without coordinated-omission lag)', snapshot.serviceTime));
    if (snapshot.timings) {
      const t = snapshot.timings;
      rows.push(
        trendRow('blocked', t.blockedUs),
        trendRow('connecting', t.connectingUs),
        trendRow('tls handshaking', t.tlsHandshakingUs),
        trendRow('sending', t.sendingUs),
        trendRow('waiting (TTFB)', t.waitingUs),
        trendRow('receiving', t.receivingUs),
        trendRow('duration = sending+waiting+receiving', t.durationUs),
      );
    }
    out.push(renderTable(trendHeader, rows, trendAlign), '');
  }
  if (result.thresholds.length > 0) {
    out.push('Thresholds');
    for (const t of result.thresholds) {
      const actual = t.actual === null ? 'no data' : Number(t.actual.toPrecision(4)).toString();
      out.push(`  ${t.ok ? '✓' : '✗'} ${t.key}: ${t.source} (actual ${actual})`);
    }
    out.push('');
  }
  return out;
}

function fmt(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${ms(value)}ms`;
}

/** Locust's console table: counts, failures, avg/min/max/median (ms) and rates; the total row last. */
function statsTable(entries: StatsSummary[], total: StatsSummary | undefined, current: boolean): string {
  const row = (s: StatsSummary) => [
    s.method,
    s.name,
    String(s.requests),
    `${s.failures}(${percent(s.failures, s.requests)})`,
    ms(s.meanMs),
    ms(s.minMs),
    ms(s.maxMs),
    ms(s.medianMs),
    rate(current ? s.currentRps : s.rps),
    rate(current ? s.currentFailuresPerSecond : s.failuresPerSecond),
  ];
  return renderTable(
    ['Type', 'Name', '# reqs', '# fails', 'Avg', 'Min', 'Max', 'Med', 'req/s', 'failures/s'],
    total ? [...entries.map(row), row(total)] : entries.map(row),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    total ? [entries.length] : [],
  );
}

function percentileTable(summaries: StatsSummary[]): string {
  return renderTable(
    ['Type', 'Name', ...REPORTED_PERCENTILES.map((p) => `${p}%`), '# reqs'],
    summaries.map((s) => [
      s.method,
      s.name,
      ...REPORTED_PERCENTILES.map((p) => ms(s.percentiles[String(p)] ?? 0)),
      String(s.requests),
    ]),
    ['left', 'left', ...REPORTED_PERCENTILES.map(() => 'right' as const), 'right'],
    [summaries.length - 1],
  );
}
