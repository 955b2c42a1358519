import { z } from 'zod';
import { PerflabError } from '../errors.ts';

/**
 * How a feeder hands rows to virtual users (the modes of Artillery's
 * `payload.order`, Locust-plugins' CSV readers and k6's SharedArray patterns):
 * - `sequential`: one shared cursor, rows in file order across all VUs, each row
 *   handed out exactly once per pass;
 * - `per-vu`: each VU walks the rows in order on its own cursor, VU `n` (1-based)
 *   starting at row `(n - 1) % size`;
 * - `random`: a uniformly random row on every call (never runs out).
 */
export type FeederMode = 'sequential' | 'per-vu' | 'random';

/**
 * What a `sequential` or `per-vu` feeder does at the end of a pass: `recycle`
 * starts again from the first row (of the pass), `stop` reports exhaustion
 * (`next()` returns `undefined`). Irrelevant to `random`.
 */
export type FeederOnEnd = 'recycle' | 'stop';

/** Options of every feeder; both keys optional. */
export interface FeederOptions {
  /** Default `'sequential'`. */
  mode?: FeederMode;
  /** Default `'recycle'`. */
  onEnd?: FeederOnEnd;
}

/** Options of {@link csvFeeder}: the feeder options plus CSV dialect. */
export interface CsvFeederOptions extends FeederOptions {
  /** Field delimiter, one or more characters; default `','` (RFC 4180). E.g. `';'` or `'\t'`. */
  delimiter?: string;
}

/** Feeder options after validation, defaults applied. */
export interface ResolvedFeederOptions {
  mode: FeederMode;
  onEnd: FeederOnEnd;
}

const feederShape = {
  mode: z.enum(['sequential', 'per-vu', 'random']).default('sequential'),
  onEnd: z.enum(['recycle', 'stop']).default('recycle'),
};

/** Schema of {@link FeederOptions} (strict: unknown keys are errors). */
export const feederOptionsSchema = z.strictObject(feederShape);

/** Schema of {@link CsvFeederOptions} (strict: unknown keys are errors). */
export const csvFeederOptionsSchema = z.strictObject({
  ...feederShape,
  delimiter: z.string().min(1, 'must be a non-empty string').default(','),
});

/**
 * Validates feeder options against `schema` and applies its defaults.
 * @param schema {@link feederOptionsSchema} or {@link csvFeederOptionsSchema}
 * @param value the options as given; `undefined` means all defaults
 * @param where names the feeder in the message, e.g. `csvFeeder users.csv`
 * @throws PerflabError `PERFLAB_ERR_SCENARIO_INVALID` listing every problem at once
 */
export function parseFeederOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`,
  );
  throw new PerflabError(
    'PERFLAB_ERR_SCENARIO_INVALID',
    `${where}: invalid options: ${problems.join('; ')}`,
    "options: mode 'sequential' | 'per-vu' | 'random', onEnd 'recycle' | 'stop' (CSV also: delimiter)",
  );
}
