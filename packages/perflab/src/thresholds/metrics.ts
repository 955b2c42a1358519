/**
 * The built-in metrics a threshold can name, with their k6 metric types.
 *
 * Source: k6 docs, "Built-in metrics" (names and types) and k6
 * `metrics/metric_type.go` `supportedAggregationMethods` (which aggregations
 * each type accepts in a threshold).
 */

/**
 * k6's metric types, as far as perflab's built-in metrics use them:
 * - `trend`: a distribution of values (here all times, in milliseconds);
 * - `rate`: the fraction (0..1) of non-zero ("true") values;
 * - `counter`: a sum that only grows.
 */
export type MetricKind = 'trend' | 'rate' | 'counter';

/** Built-in metric name → its kind. Trend values are milliseconds. */
export const THRESHOLD_METRICS = {
  http_req_duration: 'trend',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_sending: 'trend',
  http_req_waiting: 'trend',
  http_req_receiving: 'trend',
  http_req_service_time: 'trend',
  iteration_duration: 'trend',
  http_req_failed: 'rate',
  checks: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  dropped_iterations: 'counter',
} as const satisfies Record<string, MetricKind>;

/** A metric name a threshold can use, e.g. `http_req_duration`. */
export type ThresholdMetric = keyof typeof THRESHOLD_METRICS;

/**
 * Aggregation methods: `avg`, `min`, `med`, `max`, `p` (percentile `p(N)`) and
 * `count` for trends; `rate` for rates; `count` and `rate` (per second over the
 * elapsed run time) for counters.
 */
export type AggregationMethod = 'avg' | 'min' | 'med' | 'max' | 'p' | 'count' | 'rate';

/**
 * Aggregation methods each kind accepts. As k6's `supportedAggregationMethods`,
 * plus `count` on trends (a perflab extension: k6 rejects `count` on a trend).
 */
export const AGGREGATIONS_BY_KIND: Readonly<Record<MetricKind, readonly AggregationMethod[]>> = {
  trend: ['avg', 'min', 'med', 'max', 'p', 'count'],
  rate: ['rate'],
  counter: ['count', 'rate'],
};

/** True when `name` is one of {@link THRESHOLD_METRICS}. */
export function isThresholdMetric(name: string): name is ThresholdMetric {
  return Object.hasOwn(THRESHOLD_METRICS, name);
}
