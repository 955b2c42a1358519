import { ExitCode, PerflabError } from '../errors.ts';
import { injectDashboardData, readDashboardTemplate } from '../report/html.ts';
import type { ReportData } from '../report/dashboard-data.ts';
import { buildReportData } from '../report/report-data.ts';
import { readResultsDocument } from '../report/results-file.ts';
import type { CliIo } from './io.ts';
import { writeOutputFile } from './output-file.ts';

/** Flags of `perflab report`. */
export interface ReportCommandFlags {
  /** Path of the HTML report to write. */
  html: string;
}

/**
 * `perflab report RESULTS.json --html FILE`: writes the static HTML report of a
 * results document. Everything is checked before anything is written.
 * @returns exit code 0
 * @throws PerflabError `PERFLAB_ERR_RESULTS_INPUT` (exit 2) naming the file when it is missing, not
 *   JSON or not a perflab results document; `PERFLAB_ERR_DASHBOARD_MISSING` when the dashboard is not
 *   built; `PERFLAB_ERR_OUTPUT` when the report cannot be written
 */
export async function reportCommand(file: string, flags: ReportCommandFlags, io: CliIo): Promise<number> {
  const results = await readResultsDocument(file);
  let report: ReportData;
  try {
    report = buildReportData(results);
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_RESULTS_INPUT',
      `results ${file}: not a perflab results document: ${(error as Error).message}`,
      undefined,
      { cause: error },
    );
  }
  const template = await readDashboardTemplate();
  const html = injectDashboardData(template, { kind: 'report', report });
  await writeOutputFile(flags.html, '--html', html);
  io.write(`wrote ${flags.html} (${formatBytes(Buffer.byteLength(html))})\n`);
  return ExitCode.ok;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
