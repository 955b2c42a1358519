import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { PerflabError } from '../errors.ts';
import { REPORTED_PERCENTILES } from '../metrics/histogram.ts';
import type { HistoryRow, StatsSnapshot, StatsSummary } from '../metrics/store.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { Reporter, RunResult } from './reporter.ts';

/*
 * Locust's four CSV files, column for column as Locust 2.x writes them
 * (locust/stats.py StatsCSV; checked against Debian's python3-locust 2.12.1
 * output in test/fixtures/locust-2.12.1). Times in ms, sizes in bytes.
 */

const PERCENTILE_COLUMNS = REPORTED_PERCENTILES.map((p) => `${p}%`);

/** `PREFIX_stats.csv` header. */
export const STATS_HEADER = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_COLUMNS,
];

/** `PREFIX_stats_history.csv` header. */
export const HISTORY_HEADER = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_COLUMNS,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];

/** `PREFIX_failures.csv` header. */
export const FAILURES_HEADER = ['Method', 'Name', 'Error', 'Occurrences'];

/** `PREFIX_exceptions.csv` header. */
export const EXCEPTIONS_HEADER = ['Count', 'Message', 'Traceback', 'Nodes'];

/** One CSV line (RFC 4180 quoting) ending in CRLF, as Python's csv module (and so Locust) writes it. */
export function csvLine(fields: (string | number)[]): string {
  return `${fields.map((f) => (typeof f === 'number' ? String(f) : quote(f))).join(',')}\r\n`;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Locust prints response-time percentiles as whole milliseconds. */
const wholeMs = (value: number) => Math.round(value);

function statsLine(s: StatsSummary): string {
  return csvLine([
    s.method,
    s.name,
    s.requests,
    s.failures,
    wholeMs(s.medianMs),
    s.meanMs,
    s.minMs,
    s.maxMs,
    s.meanContentSize,
    s.rps,
    s.failuresPerSecond,
    ...REPORTED_PERCENTILES.map((p) => wholeMs(s.percentiles[String(p)] ?? 0)),
  ]);
}

function historyLine(row: HistoryRow): string {
  return csvLine([
    row.timestamp,
    row.users,
    '',
    'Aggregated',
    row.rps.toFixed(6),
    row.failuresPerSecond.toFixed(6),
    ...REPORTED_PERCENTILES.map((p) => {
      const value = row.percentiles[String(p)];
      return value === null || value === undefined ? 'N/A' : wholeMs(value);
    }),
    row.totalRequests,
    row.totalFailures,
    wholeMs(row.totalMedianMs),
    row.totalMeanMs,
    wholeMs(row.totalMinMs),
    wholeMs(row.totalMaxMs),
    row.totalMeanContentSize,
  ]);
}

/** Locust's `_stats.csv`: one row per (method, name), then the aggregated row. */
export function statsCsv(snapshot: StatsSnapshot): string {
  return csvLine(STATS_HEADER) + [...snapshot.entries, snapshot.aggregated].map(statsLine).join('');
}

/** Locust's `_stats_history.csv`: one aggregated row per second. */
export function historyCsv(history: readonly HistoryRow[]): string {
  return csvLine(HISTORY_HEADER) + history.map(historyLine).join('');
}

/** Locust's `_failures.csv`. */
export function failuresCsv(snapshot: StatsSnapshot): string {
  return (
    csvLine(FAILURES_HEADER) +
    snapshot.failures.map((f) => csvLine([f.method, f.name, f.error, f.occurrences])).join('')
  );
}

/** Locust's `_exceptions.csv` (the Nodes column says `local`). */
export function exceptionsCsv(snapshot: StatsSnapshot): string {
  return (
    csvLine(EXCEPTIONS_HEADER) +
    snapshot.exceptions.map((e) => csvLine([e.count, e.message, e.traceback, 'local'])).join('')
  );
}

/** File names for a `--csv PREFIX`. */
export function csvPaths(prefix: string) {
  return {
    stats: `${prefix}_stats.csv`,
    history: `${prefix}_stats_history.csv`,
    failures: `${prefix}_failures.csv`,
    exceptions: `${prefix}_exceptions.csv`,
  };
}

/**
 * `--csv PREFIX`: appends a history row every second while the run goes on, and
 * writes the stats, failures and exceptions files (atomically) at the end.
 */
export class CsvReporter implements Reporter {
  private historyFd: number | undefined;
  private readonly paths: ReturnType<typeof csvPaths>;

  constructor(prefix: string) {
    this.paths = csvPaths(prefix);
  }

  /** @throws PerflabError `PERFLAB_ERR_OUTPUT` when the history file cannot be created (before any load is sent) */
  onStart(): void {
    try {
      mkdirSync(dirname(this.paths.history), { recursive: true });
      this.historyFd = openSync(this.paths.history, 'w');
      writeSync(this.historyFd, csvLine(HISTORY_HEADER));
    } catch (error) {
      throw new PerflabError(
        'PERFLAB_ERR_OUTPUT',
        `--csv: cannot write ${this.paths.history}: ${(error as Error).message}`,
      );
    }
  }

  onSecond(row: HistoryRow): void {
    if (this.historyFd !== undefined) writeSync(this.historyFd, historyLine(row));
  }

  async onEnd(result: RunResult): Promise<void> {
    if (this.historyFd !== undefined) {
      const last = result.history.at(-1);
      if (last) writeSync(this.historyFd, historyLine(last));
      closeSync(this.historyFd);
      this.historyFd = undefined;
    }
    const { snapshot } = result;
    await writeFileAtomic(this.paths.stats, statsCsv(snapshot));
    await writeFileAtomic(this.paths.failures, failuresCsv(snapshot));
    await writeFileAtomic(this.paths.exceptions, exceptionsCsv(snapshot));
  }
}
