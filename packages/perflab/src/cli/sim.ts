import { availableParallelism } from 'node:os';
import { parseDuration } from '../duration.ts';
import { ExitCode, PerflabError } from '../errors.ts';
import { renderDashboardHtml } from '../report/html.ts';
import { buildReportData } from '../report/report-data.ts';
import { loadSimModel } from '../sim/model/load.ts';
import { simulateModel, type SimulateOptions } from '../sim/model/simulate.ts';
import { renderSimulationText } from '../sim/model/summary-text.ts';
import type { CliIo } from './io.ts';
import { writeOutputFile } from './output-file.ts';

/** Flags of `perflab sim` (strings as typed; checked here). */
export interface SimCommandFlags {
  replications?: string;
  /** Requests per replication after which it stops (the duration stays the upper bound). */
  requests?: string;
  /** Closed workload: users instead of the model's. */
  users?: string;
  /** Open workload: arrivals per second instead of the model's. */
  rate?: string;
  seed?: string;
  duration?: string;
  warmup?: string;
  /** Target relative half-width of the 95% intervals of requests/s and mean latency, e.g. `2%`. */
  precision?: string;
  /** Worker threads running replications side by side (default: the number of cores). */
  threads?: string;
  json?: string;
  html?: string;
}

/**
 * `perflab sim MODEL`: validates the model file, runs its replications, prints
 * the summary and writes the results JSON (the load test's format plus
 * `simulation`) and the HTML report when asked. Flags override the model's
 * `replications`, `seed`, `duration`, `warmup`; times as `perflab run` reads them
 * (`90s`, `10m`; a bare number is milliseconds).
 * @returns exit code 0
 * @throws PerflabError `PERFLAB_ERR_SIM_MODEL` (exit 2) listing every problem of the model with its
 *   path and line; `PERFLAB_ERR_USAGE` (exit 2) for a bad flag; `PERFLAB_ERR_DASHBOARD_MISSING`
 *   for `--html` without a built dashboard; `PERFLAB_ERR_OUTPUT` when a file cannot be written
 */
export async function simCommand(file: string, flags: SimCommandFlags, io: CliIo): Promise<number> {
  const options = parseFlags(flags);
  const model = await loadSimModel(file);
  let results;
  try {
    results = await simulateModel(model, options);
  } catch (error) {
    if (error instanceof PerflabError) throw error;
    if (error instanceof RangeError && /^(users|rate) /.test(error.message))
      throw new PerflabError('PERFLAB_ERR_USAGE', `--${error.message}`);
    throw new PerflabError('PERFLAB_ERR_SIM_MODEL', `${file}: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  // The page first: without a built dashboard this fails before anything is written.
  const html = flags.html
    ? await renderDashboardHtml({ kind: 'report', report: buildReportData(results) })
    : undefined;
  io.write(renderSimulationText(results));
  if (flags.json) {
    await writeOutputFile(flags.json, '--json', `${JSON.stringify(results, null, 2)}\n`);
    io.write(`JSON: ${flags.json}\n`);
  }
  if (flags.html && html !== undefined) {
    await writeOutputFile(flags.html, '--html', html);
    io.write(`HTML: ${flags.html}\n`);
  }
  return ExitCode.ok;
}

function parseFlags(flags: SimCommandFlags): SimulateOptions {
  const options: SimulateOptions = {};
  const whole = (value: string, flag: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        `${flag}: expected a whole number ≥ ${min}, got "${value}"`,
      );
    return n;
  };
  if (flags.replications !== undefined) options.replications = whole(flags.replications, '--replications', 1);
  if (flags.seed !== undefined) options.seed = whole(flags.seed, '--seed', 0);
  if (flags.users !== undefined) options.users = whole(flags.users, '--users', 1);
  if (flags.requests !== undefined) options.requests = whole(flags.requests, '--requests', 1);
  if (flags.rate !== undefined) {
    const rate = Number(flags.rate);
    if (!(rate > 0 && Number.isFinite(rate)))
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        `--rate: expected arrivals per second > 0, got "${flags.rate}"`,
      );
    options.rate = rate;
  }
  options.threads =
    flags.threads === undefined ? availableParallelism() : whole(flags.threads, '--threads', 1);
  if (flags.duration !== undefined) options.durationS = parseDuration(flags.duration, '--duration') / 1000;
  if (flags.warmup !== undefined) options.warmupS = parseDuration(flags.warmup, '--warmup') / 1000;
  if (flags.precision !== undefined) {
    const match = /^(\d+(\.\d+)?)%?$/.exec(flags.precision.trim());
    const value = match ? Number(match[1]) / 100 : NaN;
    if (!(value > 0 && value < 1))
      throw new PerflabError(
        'PERFLAB_ERR_USAGE',
        `--precision: expected a relative half-width between 0% and 100%, e.g. 2%, got "${flags.precision}"`,
      );
    options.precision = value;
  }
  if (
    options.durationS !== undefined &&
    options.warmupS !== undefined &&
    !(options.durationS > options.warmupS)
  ) {
    throw new PerflabError('PERFLAB_ERR_USAGE', '--warmup must be shorter than --duration');
  }
  return options;
}
