import { formatDuration } from '../duration.ts';
import { REPORTED_PERCENTILES } from '../metrics/histogram.ts';
import type { HistoryRow, MetricsStore, StatsSummary } from '../metrics/store.ts';
import { ms, percent, rate } from './format.ts';
import type { Reporter, RunInfo, RunResult } from './reporter.ts';
import { renderTable } from './table.ts';

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
  private info: RunInfo | undefined;

  constructor(private readonly options: ConsoleOptions) {}

  onStart(info: RunInfo): void {
    this.info = info;
    const what = info.scenarioFile ? `${info.scenarioFile} against ${info.host}` : info.host;
    this.options.write(
      `perflab: ${what}: ${info.load.users} users at ${info.load.spawnRate}/s for ${formatDuration(info.load.durationMs)}\n`,
    );
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
      `[${elapsed}] ${row.users}/${this.info?.load.users ?? '?'} users · current ${rate(row.rps)} req/s · ` +
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
    for (const note of result.notes) out.push(`note: ${note}`);
    out.push(
      `RPS ${rate(total.rps)} · mean ${ms(total.meanMs)} ms · p95 ${ms(total.percentiles['95'] ?? 0)} ms · ` +
        `p99 ${ms(total.percentiles['99'] ?? 0)} ms · error rate ${percent(total.failures, total.requests)}`,
    );
    this.options.write(`${out.join('\n')}\n`);
  }
}

function fmt(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${ms(value)}ms`;
}

/** Locust's console table: counts, failures, avg/min/max/median (ms) and rates. */
function statsTable(entries: StatsSummary[], total: StatsSummary, current: boolean): string {
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
    [...entries.map(row), row(total)],
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    [entries.length],
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
