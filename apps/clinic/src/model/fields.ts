/**
 * Zod building blocks for form and JSON fields. Every field accepts what an HTML
 * form sends (strings) as well as the natural JSON type, trims text, and reports
 * one short message per field ("is required", "must be a whole number ≥ 0", ...).
 */
import { z } from 'zod';

/** Longest accepted text value, in characters. */
export const MAX_TEXT_LENGTH = 200;
/** Largest accepted whole number: PostgreSQL `integer` (2^31 − 1). */
export const MAX_INTEGER = 2_147_483_647;
/** Earliest accepted date of birth. */
export const MIN_DATE = '1900-01-01';

function requiredOr(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

/** Required text: a string, trimmed, 1..{@link MAX_TEXT_LENGTH} characters. */
export function text(description: string) {
  return z
    .string({ error: requiredOr('must be text') })
    .trim()
    .min(1, 'is required')
    .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`)
    .meta({ description });
}

/**
 * A whole number in `min`..{@link MAX_INTEGER}, given as a JSON number or a
 * decimal string (forms). Output: the number. Messages: "is required",
 * "must be a whole number", "must be ≥ {min}", "must be ≤ 2147483647".
 */
export function wholeNumber(min: number, description: string) {
  return z
    .union([z.number(), z.string()], { error: requiredOr('must be a whole number') })
    .transform((value, ctx) => {
      if (typeof value === 'string' && value.trim() === '') {
        ctx.issues.push({ code: 'custom', message: 'is required', input: value });
        return z.NEVER;
      }
      const n = typeof value === 'number' ? value : /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.issues.push({ code: 'custom', message: 'must be a whole number', input: value });
        return z.NEVER;
      }
      if (n < min) {
        ctx.issues.push({ code: 'custom', message: `must be ≥ ${min}`, input: value });
        return z.NEVER;
      }
      if (n > MAX_INTEGER) {
        ctx.issues.push({ code: 'custom', message: `must be ≤ ${MAX_INTEGER}`, input: value });
        return z.NEVER;
      }
      return n;
    })
    .meta({ description: `${description} (whole number ≥ ${min}; a decimal string is accepted)` });
}

/** A record ID (whole number ≥ 1) pointing at another record. */
export function reference(entity: string) {
  return wholeNumber(1, `ID of an existing ${entity}`);
}

/** Today's date on the server's clock, as `YYYY-MM-DD` (local time). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A calendar date as `YYYY-MM-DD` from {@link MIN_DATE} up to the server's local today. */
export function pastDate(description: string) {
  return z
    .string({ error: requiredOr('must be a date (YYYY-MM-DD)') })
    .trim()
    .min(1, 'is required')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
    .refine(isCalendarDate, 'is not a real calendar date')
    .refine((value) => value >= MIN_DATE, `must not be before ${MIN_DATE}`)
    .refine((value) => value <= todayIso(), 'must not be in the future')
    .meta({ description: `${description} (YYYY-MM-DD, not in the future)` });
}

/** One of the given single-letter codes, e.g. `M`/`F`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  const message = `must be ${values.join(' or ')}`;
  return z
    .string({ error: requiredOr(message) })
    .trim()
    .min(1, 'is required')
    .pipe(z.enum(values, { error: message }))
    .meta({ description });
}
