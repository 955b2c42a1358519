import { PerflabError } from './errors.ts';

/** A duration in the public API: milliseconds as a number, or a string such as `"500ms"`, `"90s"`, `"2m"`, `"1h30m"`. */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/**
 * Parses a {@link Duration} into milliseconds.
 * A bare number string (`"30"`) is taken as seconds, as Locust's `--run-time` does.
 * @param where names the flag or field, for the error message
 * @throws PerflabError `PERFLAB_ERR_USAGE` when the value is negative, not finite or not a duration
 */
export function parseDuration(value: Duration, where: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw invalid(value, where);
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(text); match; match = PART.exec(text)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    consumed = PART.lastIndex;
  }
  if (text.length === 0 || consumed !== text.length) throw invalid(value, where);
  return total;
}

/** Formats milliseconds compactly for people: `1m30s`, `2.5s`, `800ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes}m${seconds}s` : `${minutes}m`;
}

function invalid(value: Duration, where: string): PerflabError {
  return new PerflabError(
    'PERFLAB_ERR_USAGE',
    `${where}: ${JSON.stringify(value)} is not a duration`,
    'use milliseconds as a number, or a string like "500ms", "90s", "2m", "1h30m"',
  );
}
