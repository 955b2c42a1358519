import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PerflabError } from '../errors.ts';
import { injectDashboardData, readDashboardTemplate } from '../report/html.ts';
import { buildReportData } from '../report/report-data.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { buildResultsDocument } from './json.ts';
import type { Reporter, RunResult } from './reporter.ts';

/**
 * `--html FILE`: writes the run's static HTML report (the dashboard page with the
 * results and their decoded latency distributions inlined; docs/report.md)
 * atomically at the end of the run.
 */
export class HtmlReporter implements Reporter {
  private template: string | undefined;

  constructor(private readonly path: string) {}

  /**
   * Creates the folder and reads the dashboard page, so that a bad path or an
   * unbuilt dashboard fails before any load is sent.
   * @throws PerflabError `PERFLAB_ERR_OUTPUT` when the folder cannot be created,
   *   `PERFLAB_ERR_DASHBOARD_MISSING` when the dashboard has not been built
   */
  async onStart(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
    } catch (error) {
      throw new PerflabError(
        'PERFLAB_ERR_OUTPUT',
        `--html: cannot create the folder of ${this.path}: ${(error as Error).message}`,
      );
    }
    this.template = await readDashboardTemplate();
  }

  /** @throws PerflabError `PERFLAB_ERR_OUTPUT` when the file cannot be written */
  async onEnd(result: RunResult): Promise<void> {
    const template = this.template ?? (await readDashboardTemplate());
    const report = buildReportData(buildResultsDocument(result));
    await writeFileAtomic(this.path, injectDashboardData(template, { kind: 'report', report }));
  }
}
