/**
 * Thresholds (k6 syntax and semantics): parse a `thresholds` definition, track
 * the series it needs during a run, evaluate pass/fail and abort-on-fail.
 * Explicit named exports only.
 */
export { parseThresholds } from './parse.ts';
export type { ParsedThresholds } from './parse.ts';
export type { Threshold } from './threshold.ts';
export { ThresholdTracker } from './tracker.ts';
export { thresholdGate } from './gate.ts';
export type { MetricTags, ThresholdResult } from './tracker.ts';
export { parseThresholdExpression, compare, formatAggregation } from './expression.ts';
export type { Aggregation, ThresholdExpression, ThresholdOperator } from './expression.ts';
export { parseMetricKey } from './filter.ts';
export type { MetricKey, TagFilter } from './filter.ts';
export { THRESHOLD_METRICS, AGGREGATIONS_BY_KIND, isThresholdMetric } from './metrics.ts';
export type { AggregationMethod, MetricKind, ThresholdMetric } from './metrics.ts';
