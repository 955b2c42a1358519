/**
 * One threshold expression such as `p(95)<200`: aggregation, operator, number.
 *
 * Syntax and scanning follow k6 `metrics/thresholds_parser.go`
 * (`parseThresholdExpression`): the first operator found in the order
 * `<=`, `<`, `>=`, `>`, `===`, `==`, `!=` splits the text; both sides are then
 * trimmed of whitespace, so spaces are allowed around the operator and at the
 * ends (`" p(95) < 200 "`) but not inside a token (`p( 95 )` is rejected, as k6 does).
 */
import type { AggregationMethod } from './metrics.ts';

/** Comparison operators, as k6: `==` and `===` are the same test on numbers. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

/** The left-hand side: an aggregation method, with its percentile (0–100) for `p(N)`. */
export type Aggregation = { method: 'p'; percentile: number } | { method: Exclude<AggregationMethod, 'p'> };

/** A parsed expression: `aggregation operator value`. */
export interface ThresholdExpression {
  aggregation: Aggregation;
  operator: ThresholdOperator;
  /** Right-hand side, in the metric's unit (ms for trends, 0..1 for rates, a count or per second for counters). */
  value: number;
}

/** Scan order matters: longer operators sharing a prefix come first (k6 `operatorTokens`). */
const OPERATORS: readonly ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];

const KEYWORDS: ReadonlySet<string> = new Set(['avg', 'min', 'med', 'max', 'count', 'rate']);

/** A decimal number: `200`, `0.01`, `.5`, `1e3`, `-1`. (k6 uses Go's `strconv.ParseFloat`; NaN and infinities are refused here.) */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses one threshold expression.
 * @param text the expression as written, e.g. `"p(99.9) < 500"`
 * @returns the expression, or `problem`: why it is not one (a phrase, without the expression itself)
 */
export function parseThresholdExpression(
  text: string,
): { ok: true; expression: ThresholdExpression } | { ok: false; problem: string } {
  let operator: ThresholdOperator | undefined;
  let lhs = '';
  let rhs = '';
  for (const op of OPERATORS) {
    const at = text.indexOf(op);
    if (at === -1) continue;
    operator = op;
    lhs = text.slice(0, at).trim();
    rhs = text.slice(at + op.length).trim();
    break;
  }
  if (operator === undefined) {
    return { ok: false, problem: 'no operator (use <, <=, >, >=, ==, === or !=)' };
  }
  if (lhs === '') return { ok: false, problem: `no aggregation before "${operator}"` };
  if (rhs === '') return { ok: false, problem: `no number after "${operator}"` };

  let aggregation: Aggregation;
  if (KEYWORDS.has(lhs)) {
    aggregation = { method: lhs as Exclude<AggregationMethod, 'p'> };
  } else if (lhs.startsWith('p(') && lhs.endsWith(')')) {
    const inner = lhs.slice(2, -1);
    if (!NUMBER.test(inner)) return { ok: false, problem: `percentile "${inner}" is not a number` };
    const percentile = Number(inner);
    if (percentile < 0 || percentile > 100) {
      return { ok: false, problem: `percentile ${inner} is outside 0..100` };
    }
    aggregation = { method: 'p', percentile };
  } else {
    return {
      ok: false,
      problem: `unknown aggregation "${lhs}" (use avg, min, med, max, p(N), count or rate)`,
    };
  }
  if (!NUMBER.test(rhs)) return { ok: false, problem: `"${rhs}" after "${operator}" is not a number` };
  return { ok: true, expression: { aggregation, operator, value: Number(rhs) } };
}

/**
 * Applies a threshold's operator: `actual <op> value`. Source: k6 `Threshold.runNoTaint`.
 * @returns true when the threshold holds
 */
export function compare(actual: number, operator: ThresholdOperator, value: number): boolean {
  switch (operator) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '==':
    case '===':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** Writes an aggregation back as k6 spells it: `avg`, `p(99.9)`. */
export function formatAggregation(aggregation: Aggregation): string {
  return aggregation.method === 'p' ? `p(${aggregation.percentile})` : aggregation.method;
}
