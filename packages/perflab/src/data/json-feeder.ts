import { createFeeder, type Feeder } from './feeder.ts';
import { type FeederOptions, feederOptionsSchema, parseFeederOptions } from './feeder-options.ts';
import { dataFileError, readDataFile } from './data-file.ts';

const HINT = 'a JSON feeder file holds one non-empty array, e.g. [{ "user": "ann" }, { "user": "bob" }]';

/**
 * A feeder over a JSON file holding one array: each element is a row (objects,
 * or any JSON values: strings, numbers, nested arrays…), in array order (k6
 * `SharedArray` over `JSON.parse(open(file))`).
 *
 * The file is read and parsed once, now (call it at the top of a scenario file);
 * a UTF-8 byte order mark is tolerated. Rows are deep-frozen and shared by all VUs.
 * Elements are not checked against `T`: it only types what `next()` returns.
 *
 * @typeParam T one element of the array
 * @param file a path (relative to the current directory, or absolute) or a `file:`
 *   URL, e.g. `new URL('./users.json', import.meta.url)`
 * @param options `mode` (default `'sequential'`), `onEnd` (default `'recycle'`);
 *   see {@link Feeder}
 * @throws PerflabError `PERFLAB_ERR_SCENARIO_INVALID` naming the file when the options
 *   are invalid, the file is missing or unreadable, empty, not JSON (with the line
 *   and column of the syntax error), not an array, or an empty array
 */
export function jsonFeeder<T = unknown>(file: string | URL, options?: FeederOptions): Feeder<T> {
  const where = `jsonFeeder ${typeof file === 'string' ? file : file.href}`;
  const feederOptions = parseFeederOptions(feederOptionsSchema, options, where);
  const { label, text } = readDataFile(file);

  if (text.trim() === '') throw dataFileError(label, 'is empty: expected a JSON array', HINT);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = syntaxErrorPlace(text, message);
    throw dataFileError(label, `not valid JSON: ${message}`, HINT, line, column);
  }
  if (!Array.isArray(value)) {
    throw dataFileError(label, `expected a JSON array, found ${describe(value)}`, HINT);
  }
  if (value.length === 0) throw dataFileError(label, 'the array is empty: no rows to feed', HINT);
  for (const element of value) deepFreeze(element);
  return createFeeder(value as T[], feederOptions, label);
}

/** Line and column (1-based) of a `JSON.parse` error from its `at position <n>`; the end when it has none. */
function syntaxErrorPlace(text: string, message: string): { line: number; column: number } {
  const match = /at position (\d+)/.exec(message);
  const offset = match?.[1] === undefined ? text.length : Math.min(Number(match[1]), text.length);
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line: before.split(/\r\n|\n|\r/).length, column: offset - lineStart + 1 };
}

/** `an object`, `a string`, `null`… for messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** Freezes a parsed JSON value and everything in it (iterative: no recursion limit on deep nesting). */
function deepFreeze(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) continue;
    Object.freeze(value);
    for (const child of Object.values(value)) pending.push(child);
  }
}
