/**
 * A parsed threshold (k6 syntax): one pass/fail criterion on one metric,
 * optionally filtered by tags.
 */
import type { Aggregation, ThresholdOperator } from './expression.ts';
import type { TagFilter } from './filter.ts';
import type { MetricKind, ThresholdMetric } from './metrics.ts';

/**
 * One threshold: `key` → one expression of its array.
 * @example
 * // thresholds: { 'http_req_duration{name:/patient/[id]}': [{ threshold: 'p(95)<200', abortOnFail: true }] }
 * // gives { key: 'http_req_duration{name:/patient/[id]}', metric: 'http_req_duration', kind: 'trend',
 * //   filter: { name: '/patient/[id]' }, source: 'p(95)<200', aggregation: { method: 'p', percentile: 95 },
 * //   operator: '<', value: 200, abortOnFail: true, delayAbortEvalMs: 0 }
 */
export interface Threshold {
  /** The key as written in the definition, filter included. */
  key: string;
  metric: ThresholdMetric;
  kind: MetricKind;
  /** Tag filter; `{}` when the key has none. */
  filter: TagFilter;
  /** The expression string as written, e.g. `"p(95) < 200"`. */
  source: string;
  aggregation: Aggregation;
  operator: ThresholdOperator;
  /** Right-hand side: ms for trend times, a fraction 0..1 for rates, a number or a per-second rate for counters. */
  value: number;
  /** Stop the run as soon as this threshold fails (after `delayAbortEvalMs`). Default false. */
  abortOnFail: boolean;
  /** Run time in ms before a failure may abort the run; 0 when not given. */
  delayAbortEvalMs: number;
}
