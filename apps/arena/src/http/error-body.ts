/** The JSON error shape every error answer uses, and its zod schema (for OpenAPI). */
import { z } from 'zod';
import type { ArenaError } from '../errors.ts';

/** `{ error: "ARENA_ERR_...", message, hint?, fields? }` */
export const errorBody = z
  .object({
    error: z.string().meta({ description: 'Stable code from the ARENA_ERR_* catalogue' }),
    message: z.string(),
    hint: z.string().optional(),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: 'Validation errors only: one message per field, every field at once' }),
  })
  .meta({ id: 'ArenaError' });

/** A JSON error answer. */
export type ErrorBody = z.output<typeof errorBody>;

/** The JSON body for `error`. */
export function toErrorBody(error: ArenaError): ErrorBody {
  const body: ErrorBody = { error: error.code, message: error.message };
  if (error.hint !== undefined) body.hint = error.hint;
  if (error.fields !== undefined) body.fields = error.fields;
  return body;
}
