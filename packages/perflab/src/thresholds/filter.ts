/**
 * A threshold key's tag filter (k6 calls the filtered metric a sub-metric):
 * `http_req_duration{name:/patient/[id],method:GET}`.
 *
 * Syntax follows k6 `metrics/metric.go` (`ParseMetricName`, `AddSubmetric`):
 * the filter sits between the first `{` and a `}` that must end the key; it is a
 * comma-separated list of `key:value` pairs, split at the first `:` (so values
 * may contain `:` but not `,`); keys and values are trimmed of whitespace and of
 * surrounding `"`/`'` quotes. The metric name before `{` is taken as written.
 */

/** Tag key → required value. Empty when the threshold has no filter. */
export type TagFilter = Record<string, string>;

/** A threshold key split into its metric name and tag filter. */
export interface MetricKey {
  /** The metric name as written (not yet checked against the known metrics). */
  name: string;
  filter: TagFilter;
}

/**
 * Splits a threshold key into metric name and filter.
 * @param key e.g. `checks{check:status is 200}`
 * @returns the parts, or every `problems` found with the filter (phrases, without the key)
 */
export function parseMetricKey(
  key: string,
): { ok: true; value: MetricKey } | { ok: false; problems: string[] } {
  const open = key.indexOf('{');
  const close = key.lastIndexOf('}');
  if (open === -1 && close === -1) return { ok: true, value: { name: key, filter: {} } };
  if (open === -1 || close === -1) return { ok: false, problems: ['unmatched "{" or "}" in the tag filter'] };
  if (close < open || close !== key.length - 1) {
    return { ok: false, problems: ['the tag filter must end the key: metric{key:value,...}'] };
  }
  const body = key.slice(open + 1, close);
  if (body.trim() === '') return { ok: false, problems: ['the tag filter is empty'] };
  const filter = new Map<string, string>();
  const problems: string[] = [];
  for (const pair of body.split(',')) {
    const colon = pair.indexOf(':');
    if (colon === -1) {
      problems.push(`tag filter "${pair}" is not key:value`);
      continue;
    }
    const tag = unquote(pair.slice(0, colon));
    const value = unquote(pair.slice(colon + 1));
    if (tag === '' || value === '') {
      problems.push(`tag filter "${pair}" needs a non-empty key and value`);
    } else if (filter.has(tag)) {
      problems.push(`tag "${tag}" is filtered twice`);
    } else {
      filter.set(tag, value);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { name: key.slice(0, open), filter: Object.fromEntries(filter) } };
}

/**
 * True when every filter key has the required value. `lookup` gives a sample's
 * value for a tag key, or undefined when the sample lacks it (then it does not match).
 */
export function matchesFilter(filter: TagFilter, lookup: (tag: string) => string | undefined): boolean {
  for (const [tag, value] of Object.entries(filter)) {
    if (lookup(tag) !== value) return false;
  }
  return true;
}

/** A canonical text for (metric, filter), equal for filters that differ only in order or quoting. */
export function seriesId(metric: string, filter: TagFilter): string {
  const pairs = Object.entries(filter).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${metric}${JSON.stringify(pairs)}`;
}

function unquote(text: string): string {
  return text.trim().replace(/^["']+|["']+$/g, '');
}
