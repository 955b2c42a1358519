import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { resourceReportSchema } from '../capacity/samplers/schema.ts';
import { PerflabError } from '../errors.ts';
import type { ResultsDocument } from '../output/json.ts';

// The results document (docs/results-format.md) as an input. Objects are loose:
// version 1 grows by adding fields, so a newer document's extra keys are kept.
const num = z.number();
const str = z.string();
const percentiles = z.record(str, num);
const summary = z.looseObject({
  method: str,
  name: str,
  requests: num,
  failures: num,
  rps: num,
  failuresPerSecond: num,
  currentRps: num,
  currentFailuresPerSecond: num,
  minMs: num,
  maxMs: num,
  meanMs: num,
  medianMs: num,
  meanContentSize: num,
  percentiles,
});
const withHistogram = summary.extend({
  histogram: z.looseObject({ unit: z.literal('us'), significantDigits: num, encoded: str }),
});
const trend = z.looseObject({
  count: num,
  minMs: num,
  meanMs: num,
  medianMs: num,
  p90Ms: num,
  p95Ms: num,
  p99Ms: num,
  maxMs: num,
});
const resultsSchema = z.looseObject({
  format: z.literal('perflab-results'),
  version: z.literal(1),
  tool: z.looseObject({ name: str, version: str }),
  run: z.looseObject({
    scenarioFile: str.nullable(),
    host: str,
    scenarios: z.array(
      z.looseObject({
        name: str,
        model: z.enum(['closed', 'open']),
        description: str,
        startTimeMs: num,
        plannedDurationMs: num.nullish(),
      }),
    ),
    graceMs: num,
    startedAt: str,
    endedAt: str,
    elapsedMs: num,
    interrupted: z.boolean(),
    abortedByThreshold: str.nullable(),
    forcedStops: num,
    notes: z.array(str),
    machine: z
      .looseObject({
        hostname: str,
        platform: str,
        arch: str,
        cpus: num,
        cpuModel: str,
        totalMemoryBytes: num,
        node: str,
      })
      .optional(),
  }),
  thresholds: z.array(z.looseObject({ key: str, source: str, ok: z.boolean(), actual: num.nullable() })),
  checks: z.array(z.looseObject({ name: str, passes: num, fails: num })),
  scenarios: z.array(
    z.looseObject({
      name: str,
      stats: summary,
      iterations: num,
      droppedIterations: num,
      iterationDuration: trend,
    }),
  ),
  tags: z.array(summary),
  serviceTime: trend.nullable(),
  timings: z.record(str, trend).nullable(),
  stats: z.array(withHistogram),
  aggregated: withHistogram,
  failures: z.array(z.looseObject({ method: str, name: str, error: str, occurrences: num })),
  exceptions: z.array(z.looseObject({ count: num, message: str, traceback: str })),
  history: z.array(
    z.looseObject({
      timestamp: num,
      users: num,
      rps: num,
      failuresPerSecond: num,
      percentiles: z.record(str, num.nullable()),
      totalRequests: num,
      totalFailures: num,
      totalMedianMs: num,
      totalMeanMs: num,
      totalMinMs: num,
      totalMaxMs: num,
      totalMeanContentSize: num,
    }),
  ),
  resources: resourceReportSchema.optional(),
});

/** Problems listed in one error line at most; the rest are counted. */
const MAX_PROBLEMS = 8;

/**
 * Checks that `value` is a perflab results document, version 1
 * (docs/results-format.md): every field the report and the dashboard read, with
 * its type. Unknown fields are allowed (version 1 grows by adding fields).
 * @returns the problems, one `path: what is wrong` each (at most 8, then `… and N more`); empty when valid
 */
export function resultsDocumentProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      `expected a JSON object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    ];
  }
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== 'perflab-results') {
    return [
      `"format" is ${format === undefined ? 'missing' : JSON.stringify(format)}, expected "perflab-results"`,
    ];
  }
  if (version !== 1)
    return [`"version" ${JSON.stringify(version)} is not supported (this perflab reads version 1)`];
  const parsed = resultsSchema.safeParse(value);
  if (parsed.success) return [];
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`,
  );
  return problems.length > MAX_PROBLEMS
    ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
    : problems;
}

/**
 * Reads and checks a results document written by `perflab run --json`.
 * @param file path as the user gave it (named in errors)
 * @throws PerflabError `PERFLAB_ERR_RESULTS_INPUT` (exit code 2) in one line naming `file` and what is
 *   wrong: not found or unreadable, not JSON, or not a perflab results document (every problem listed)
 */
export async function readResultsDocument(file: string): Promise<ResultsDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder' : (error as Error).message;
    throw new PerflabError('PERFLAB_ERR_RESULTS_INPUT', `results ${file}: ${what}`, undefined, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_RESULTS_INPUT',
      `results ${file}: not JSON (${(error as Error).message})`,
      undefined,
      { cause: error },
    );
  }
  const problems = resultsDocumentProblems(value);
  if (problems.length > 0) {
    throw new PerflabError(
      'PERFLAB_ERR_RESULTS_INPUT',
      `results ${file}: not a perflab results document: ${problems.join('; ')}`,
    );
  }
  return value as ResultsDocument;
}
