import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PerflabError } from '../errors.ts';
import { writeFileAtomic } from '../output/atomic-write.ts';
import type { DashboardData } from './dashboard-data.ts';

/** The element of the dashboard page that carries its {@link DashboardData}. */
const DATA_OPEN_TAG = '<script id="perflab-data" type="application/json">';
const SCRIPT_CLOSE_TAG = '</script>';

/**
 * Where the built dashboard page is: `dist/index.html` of the `@perflab/dashboard`
 * workspace package (built by its `prepare` script during `npm ci`).
 * @throws PerflabError `PERFLAB_ERR_DASHBOARD_MISSING` when the package cannot be resolved
 */
export function dashboardHtmlPath(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('@perflab/dashboard/package.json');
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_DASHBOARD_MISSING',
      `the @perflab/dashboard package is not installed: ${(error as Error).message.split('\n')[0]}`,
      'run `npm ci` at the repository root',
      { cause: error },
    );
  }
  return join(dirname(packageJson), 'dist', 'index.html');
}

/**
 * Serialises dashboard data as JSON that is safe inside an HTML `<script>`
 * element: `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`, and U+2028/U+2029
 * are escaped too, so no string in the data (e.g. a failure message containing
 * `</script>` or `<!--`) can end the element or change how the HTML parser reads
 * it. `JSON.parse` of the result gives back the same value.
 */
export function serializeForScript(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Puts `data` into a dashboard page: replaces the content of its one
 * `<script id="perflab-data" type="application/json">` element.
 * @param template the built page (see {@link dashboardHtmlPath})
 * @throws Error when the template has no such element, or more than one
 */
export function injectDashboardData(template: string, data: DashboardData): string {
  const start = template.indexOf(DATA_OPEN_TAG);
  if (start < 0 || template.indexOf(DATA_OPEN_TAG, start + 1) >= 0) {
    throw new Error(`the dashboard page must contain exactly one ${DATA_OPEN_TAG} element`);
  }
  const contentStart = start + DATA_OPEN_TAG.length;
  const end = template.indexOf(SCRIPT_CLOSE_TAG, contentStart);
  if (end < 0) throw new Error(`the dashboard page's ${DATA_OPEN_TAG} element is not closed`);
  return template.slice(0, contentStart) + serializeForScript(data) + template.slice(end);
}

/**
 * Reads the built dashboard page.
 * @throws PerflabError `PERFLAB_ERR_DASHBOARD_MISSING` naming the missing file and how to build it
 */
export async function readDashboardTemplate(): Promise<string> {
  const path = dashboardHtmlPath();
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_DASHBOARD_MISSING',
      `the dashboard page ${path} is missing (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): it is built by \`npm run build -w @perflab/dashboard\``,
      undefined,
      { cause: error },
    );
  }
}

/**
 * The dashboard as one self-contained HTML page (scripts, styles and data
 * inlined; opens from disk without network) showing `data`: a run's report
 * (see `buildReportData`), a comparison, or the live view.
 * @returns the page, UTF-8 text
 * @throws PerflabError `PERFLAB_ERR_DASHBOARD_MISSING` when the dashboard has not been built
 */
export async function renderDashboardHtml(data: DashboardData): Promise<string> {
  return injectDashboardData(await readDashboardTemplate(), data);
}

/**
 * Writes {@link renderDashboardHtml}'s page to `path` atomically (temporary file
 * and rename: readers never see half a page). The folder must exist.
 * @throws PerflabError `PERFLAB_ERR_DASHBOARD_MISSING` (not built) or `PERFLAB_ERR_OUTPUT` (cannot write `path`)
 */
export async function writeDashboardHtml(path: string, data: DashboardData): Promise<void> {
  await writeFileAtomic(path, await renderDashboardHtml(data));
}
