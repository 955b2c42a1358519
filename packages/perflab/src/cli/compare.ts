import { compareResults, COMPARE_DEFAULTS, type CompareOptions } from '../compare/compare.ts';
import { renderCompareText } from '../compare/text.ts';
import { parseDuration } from '../duration.ts';
import { ExitCode, PerflabError } from '../errors.ts';
import { renderDashboardHtml } from '../report/html.ts';
import { readResultsDocument } from '../report/results-file.ts';
import type { CliIo } from './io.ts';
import { writeOutputFile } from './output-file.ts';

/** Flags of `perflab compare` (strings as typed on the command line). */
export interface CompareFlags {
  /** Relative tolerance in percent, `%` optional: `10%`, `5`, `2.5%`. Default 10%. */
  tolerance?: string;
  /** Absolute floor for latency percentile changes, a duration with a unit: `1ms`, `0.5ms`. Default 1ms. */
  minDelta?: string;
  /** Absolute floor for error-rate changes in percentage points, `%` optional: `0.1%`. Default 0.1%. */
  minErrorDelta?: string;
  /** Family-wise significance level of the tests, e.g. `0.01` (Bonferroni-corrected per test). */
  alpha?: string;
  /** Write the CompareReport (JSON) here. */
  json?: string;
  /** Write the self-contained HTML compare view here. */
  html?: string;
}

/**
 * `perflab compare BASE.json NEW.json`: reads both results documents, compares
 * them ({@link compareResults}), prints the table and reasons, and writes
 * `--json` / `--html` if asked (after every input has been checked, so bad input
 * writes nothing).
 * @returns 1 when any row (the aggregated one included) regressed, else 0
 * @throws PerflabError `PERFLAB_ERR_USAGE` for a bad flag value, `PERFLAB_ERR_RESULTS_INPUT` for a
 *   missing or invalid results file (both exit 2), `PERFLAB_ERR_OUTPUT` when an output cannot be written,
 *   `PERFLAB_ERR_DASHBOARD_MISSING` for `--html` without a built dashboard (both exit 1)
 */
export async function compareCommand(
  baseFile: string,
  newFile: string,
  flags: CompareFlags,
  io: CliIo,
): Promise<number> {
  const options: CompareOptions = {
    tolerance: parsePercent(flags.tolerance, '--tolerance', COMPARE_DEFAULTS.tolerance),
    minErrorRateDelta: parsePercent(
      flags.minErrorDelta,
      '--min-error-delta',
      COMPARE_DEFAULTS.minErrorRateDelta,
      100,
    ),
    minDeltaMs: parseMinDelta(flags.minDelta),
    alpha: parseAlpha(flags.alpha),
    baseFile,
    newFile,
  };
  const base = await readResultsDocument(baseFile);
  const next = await readResultsDocument(newFile);
  const report = compareResults(base, next, options);
  // The page first: without a built dashboard this fails before anything is created.
  const html = flags.html ? await renderDashboardHtml({ kind: 'compare', compare: report }) : undefined;
  io.write(renderCompareText(report));
  if (flags.html && html !== undefined) {
    await writeOutputFile(flags.html, '--html', html);
    io.write(`HTML: ${flags.html}\n`);
  }
  if (flags.json) {
    await writeOutputFile(flags.json, '--json', `${JSON.stringify(report, null, 2)}\n`);
    io.write(`JSON: ${flags.json}\n`);
  }
  return report.regressed ? ExitCode.runFailed : ExitCode.ok;
}

/**
 * A percentage flag (`10%`, `10`, `2.5%`) as a fraction (0.1, 0.1, 0.025); `fallback` when absent.
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag when the value is not a non-negative percentage
 *   or is above `maxPercent`
 */
export function parsePercent(
  value: string | undefined,
  flag: string,
  fallback: number,
  maxPercent = Number.POSITIVE_INFINITY,
): number {
  if (value === undefined) return fallback;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%?\s*$/.exec(value);
  if (match && Number(match[1]) > maxPercent) {
    throw new PerflabError('PERFLAB_ERR_USAGE', `${flag}: ${JSON.stringify(value)} is above ${maxPercent}%`);
  }
  if (!match) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `${flag}: ${JSON.stringify(value)} is not a percentage`,
      'write a number of percent ≥ 0, e.g. 10% (the % sign is optional)',
    );
  }
  return Number(match[1]) / 100;
}

/**
 * `--min-delta` in ms: a duration with a unit (`1ms`, `0.5ms`, `1s`); default 1 ms.
 * A bare number is refused (elsewhere perflab reads it as seconds, which would surprise here).
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag
 */
export function parseMinDelta(value: string | undefined): number {
  if (value === undefined) return COMPARE_DEFAULTS.minDeltaMs;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--min-delta: ${JSON.stringify(value)} has no unit`,
      'write a duration with its unit, e.g. 1ms or 0.5ms',
    );
  }
  return parseDuration(value, '--min-delta');
}

/**
 * `--alpha`: a significance level in (0, 0.5]; default 0.01.
 * @throws PerflabError `PERFLAB_ERR_USAGE` naming the flag
 */
export function parseAlpha(value: string | undefined): number {
  if (value === undefined) return COMPARE_DEFAULTS.alpha;
  const alpha = Number(value);
  if (value.trim() === '' || !(alpha > 0 && alpha <= 0.5)) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `--alpha: ${JSON.stringify(value)} is not a significance level in (0, 0.5]`,
      'e.g. --alpha 0.01 (the default) or 0.05',
    );
  }
  return alpha;
}
