/**
 * Parses k6's `thresholds` option into {@link Threshold}s, reporting every
 * problem at once.
 *
 * Format (k6 docs, "Thresholds"): an object whose keys are a metric name with an
 * optional tag filter and whose values are arrays of expressions, each a string
 * (`'p(95)<200'`) or `{ threshold, abortOnFail?, delayAbortEval? }`.
 */
import { parseDuration } from '../duration.ts';
import { formatAggregation, parseThresholdExpression } from './expression.ts';
import { parseMetricKey } from './filter.ts';
import {
  AGGREGATIONS_BY_KIND,
  isThresholdMetric,
  type MetricKind,
  THRESHOLD_METRICS,
  type ThresholdMetric,
} from './metrics.ts';
import type { Threshold } from './threshold.ts';

/** Result of {@link parseThresholds}: the thresholds, or one line per problem. */
export type ParsedThresholds = { ok: true; thresholds: Threshold[] } | { ok: false; problems: string[] };

const OPTION_KEYS: ReadonlySet<string> = new Set(['threshold', 'abortOnFail', 'delayAbortEval']);

/**
 * Parses a k6 `thresholds` definition.
 *
 * Every problem is reported, each prefixed by where it is, e.g.
 * `thresholds["http_req_duration"][1]: "p(95)<" is not a threshold expression: no number after "<"`.
 * Problems found: definition not an object; value not an array; an entry neither a
 * string nor an options object; unknown option; unknown metric; malformed tag
 * filter; malformed expression or percentile outside 0..100; aggregation the
 * metric's kind does not have; `abortOnFail` not a boolean; `delayAbortEval` not a
 * duration or negative.
 *
 * `delayAbortEval` is milliseconds as a number or a duration string (`"10s"`); a bare
 * number string is seconds, as {@link parseDuration} reads it.
 *
 * @param definition the `thresholds` object, e.g.
 *   `{ 'http_req_duration{name:/patient/[id]}': ['p(95)<200'], checks: [{ threshold: 'rate>0.99', abortOnFail: true }] }`
 * @returns the thresholds in definition order (keys, then expressions), or the problems. Never throws.
 */
export function parseThresholds(definition: unknown): ParsedThresholds {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    return { ok: false, problems: ['thresholds: expected an object of metric → array of expressions'] };
  }
  const problems: string[] = [];
  const thresholds: Threshold[] = [];
  for (const [key, entries] of Object.entries(definition)) {
    const at = `thresholds[${JSON.stringify(key)}]`;
    const parsedKey = parseMetricKey(key);
    let metric: ThresholdMetric | undefined;
    if (parsedKey.ok) {
      if (isThresholdMetric(parsedKey.value.name)) metric = parsedKey.value.name;
      else problems.push(`${at}: unknown metric "${parsedKey.value.name}" (known: ${knownMetrics()})`);
    } else {
      for (const problem of parsedKey.problems) problems.push(`${at}: ${problem}`);
      const name = key.split(/[{}]/)[0] ?? '';
      if (isThresholdMetric(name)) metric = name;
      else problems.push(`${at}: unknown metric "${name}" (known: ${knownMetrics()})`);
    }
    const kind: MetricKind | undefined = metric === undefined ? undefined : THRESHOLD_METRICS[metric];

    if (!Array.isArray(entries)) {
      problems.push(`${at}: expected an array of threshold expressions, got ${describe(entries)}`);
      continue;
    }
    entries.forEach((entry: unknown, index) => {
      const where = `${at}[${index}]`;
      const options = readEntry(entry, where, problems);
      if (options === undefined) return;
      const parsed = parseThresholdExpression(options.source);
      if (!parsed.ok) {
        problems.push(
          `${where}: ${JSON.stringify(options.source)} is not a threshold expression: ${parsed.problem}`,
        );
        return;
      }
      const { aggregation } = parsed.expression;
      if (kind !== undefined && !AGGREGATIONS_BY_KIND[kind].includes(aggregation.method)) {
        problems.push(
          `${where}: ${JSON.stringify(options.source)}: ${formatAggregation(aggregation)} does not apply to ` +
            `${metric}, a ${kind} metric (use ${AGGREGATIONS_BY_KIND[kind].map(spell).join(', ')})`,
        );
        return;
      }
      if (metric === undefined || kind === undefined || !parsedKey.ok || !options.valid) return;
      thresholds.push({
        key,
        metric,
        kind,
        filter: parsedKey.value.filter,
        source: options.source,
        ...parsed.expression,
        abortOnFail: options.abortOnFail,
        delayAbortEvalMs: options.delayAbortEvalMs,
      });
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, thresholds };
}

interface EntryOptions {
  source: string;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
  /** False when an option was bad (already reported) but the expression can still be checked. */
  valid: boolean;
}

/** Reads a string or `{ threshold, abortOnFail?, delayAbortEval? }`; undefined when there is no expression to check. */
function readEntry(entry: unknown, where: string, problems: string[]): EntryOptions | undefined {
  if (typeof entry === 'string')
    return { source: entry, abortOnFail: false, delayAbortEvalMs: 0, valid: true };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(
      `${where}: expected an expression string or { threshold, abortOnFail?, delayAbortEval? }, got ${describe(entry)}`,
    );
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  let valid = true;
  for (const option of Object.keys(record)) {
    if (!OPTION_KEYS.has(option)) {
      problems.push(`${where}: unknown option "${option}" (use threshold, abortOnFail, delayAbortEval)`);
      valid = false;
    }
  }
  let abortOnFail = false;
  if (record.abortOnFail !== undefined) {
    if (typeof record.abortOnFail === 'boolean') abortOnFail = record.abortOnFail;
    else {
      problems.push(`${where}.abortOnFail: expected true or false, got ${describe(record.abortOnFail)}`);
      valid = false;
    }
  }
  let delayAbortEvalMs = 0;
  const delay = record.delayAbortEval;
  if (delay !== undefined) {
    const parsedDelay = readDelay(delay, `${where}.delayAbortEval`);
    if (typeof parsedDelay === 'number') delayAbortEvalMs = parsedDelay;
    else {
      problems.push(parsedDelay.problem);
      valid = false;
    }
  }
  if (typeof record.threshold !== 'string') {
    problems.push(`${where}.threshold: expected an expression string, got ${describe(record.threshold)}`);
    return undefined;
  }
  return { source: record.threshold, abortOnFail, delayAbortEvalMs, valid };
}

function readDelay(delay: unknown, where: string): number | { problem: string } {
  if ((typeof delay === 'number' && delay < 0) || (typeof delay === 'string' && /^\s*-/.test(delay))) {
    return { problem: `${where}: ${JSON.stringify(delay)} is negative; the delay must be ≥ 0` };
  }
  if (typeof delay !== 'number' && typeof delay !== 'string') {
    return {
      problem: `${where}: expected milliseconds or a duration string like "10s", got ${describe(delay)}`,
    };
  }
  try {
    return parseDuration(delay, where);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function knownMetrics(): string {
  return Object.keys(THRESHOLD_METRICS).join(', ');
}

function spell(method: string): string {
  return method === 'p' ? 'p(N)' : method;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
