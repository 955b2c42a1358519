/** Turning zod results into the `{ field: message }` map every 400 answer carries. */
import type { z } from 'zod';
import type { FieldErrors } from '../errors.ts';

/** Outcome of {@link parseFields}: the parsed value, or every field error at once. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };

/**
 * Map zod issues to one message per field (the first issue wins). Unknown keys
 * become `"is not a known field"`; issues about the whole body go under `body`.
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'is not a known field';
      continue;
    }
    const head = issue.path[0];
    const name = head === undefined ? 'body' : String(head);
    fields[name] ??= issue.message;
  }
  return fields;
}

/** Parse `raw` with `schema`, collecting every field error (never throws). */
export function parseFields<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const result = schema.safeParse(raw ?? {});
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, fields: issuesToFields(result.error.issues) };
}

/**
 * Parse each field of an object schema on its own and keep the ones that are
 * valid: used to check references/uniqueness of the good fields of a bad input,
 * so one answer lists every problem. Returns `{ field: parsedValue }`.
 */
export function validFields(shape: Record<string, z.ZodType>, raw: unknown): Record<string, unknown> {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [name, fieldSchema] of Object.entries(shape)) {
    const result = fieldSchema.safeParse(source[name]);
    if (result.success) out[name] = result.data;
  }
  return out;
}
