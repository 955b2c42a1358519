/**
 * Checking an answer against a card's accepted answers: exact after
 * normalisation, numeric within a tolerance, or a regular expression matching
 * the whole (normalised) answer. Every accepted answer is evaluated (no early
 * exit) and exact answers are compared as SHA-256 digests with
 * `crypto.timingSafeEqual`, so the time taken does not reveal how close a guess
 * was or which accepted answer matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Longest answer accepted (characters); longer ones are rejected by the route schema. */
export const MAX_ANSWER_LENGTH = 1000;

/** One accepted answer of a card. */
export const acceptedAnswer = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('exact'),
        value: z.string().min(1).max(MAX_ANSWER_LENGTH),
      })
      .meta({
        description: 'Equal after normalisation (Unicode NFKC, trimmed, spaces collapsed, lower case)',
      }),
    z
      .object({
        kind: z.literal('numeric'),
        value: z.number().finite(),
        tolerance: z.number().finite().min(0).default(0),
      })
      .meta({ description: 'A number within ±tolerance of value ("3,14" and "3.14" both read as 3.14)' }),
    z
      .object({
        kind: z.literal('regex'),
        pattern: z
          .string()
          .min(1)
          .max(500)
          .refine((p) => compiles(p), 'must be a valid JavaScript regular expression'),
        caseInsensitive: z.boolean().default(false),
      })
      .meta({ description: 'A regular expression that must match the whole normalised answer (u flag)' }),
  ])
  .meta({ id: 'AcceptedAnswer' });

/** An accepted answer (after defaults). */
export type AcceptedAnswer = z.output<typeof acceptedAnswer>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Unicode NFKC, trimmed, runs of whitespace collapsed to one space (case kept). */
export function normaliseSpacing(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

/** {@link normaliseSpacing} then lower case: the form exact answers are compared in. */
export function normalise(text: string): string {
  return normaliseSpacing(text).toLowerCase();
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Read `text` as a number: `3.14`, `3,14`, `-2e3`; `undefined` when it is not one. */
export function parseNumber(text: string): number | undefined {
  const cleaned = normaliseSpacing(text).replace(/ /g, '');
  const dotted = cleaned.includes('.') ? cleaned : cleaned.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(dotted)) return undefined;
  const value = Number(dotted);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * True when `answer` matches at least one of `accepted`. Evaluates all of them
 * (constant work for a given card), comparing exact answers in constant time.
 */
export function isCorrect(answer: string, accepted: readonly AcceptedAnswer[]): boolean {
  const spaced = normaliseSpacing(answer);
  const lowered = spaced.toLowerCase();
  const answerDigest = digest(lowered);
  const asNumber = parseNumber(answer);
  let matched = 0;
  for (const rule of accepted) {
    let hit = false;
    switch (rule.kind) {
      case 'exact':
        hit = timingSafeEqual(answerDigest, digest(normalise(rule.value)));
        break;
      case 'numeric':
        hit = asNumber !== undefined && Math.abs(asNumber - rule.value) <= rule.tolerance;
        break;
      case 'regex':
        hit = new RegExp(`^(?:${rule.pattern})$`, rule.caseInsensitive ? 'iu' : 'u').test(spaced);
        break;
    }
    matched |= hit ? 1 : 0;
  }
  return matched === 1;
}
