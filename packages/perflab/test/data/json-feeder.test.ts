import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonFeeder } from '../../src/data/json-feeder.ts';
import { PerflabError } from '../../src/errors.ts';

let dir: string;
let count = 0;

/** Writes `content` to a new file in the test's temp dir; returns its path. */
async function fixture(content: string): Promise<string> {
  const path = join(dir, `data-${++count}.json`);
  await writeFile(path, content);
  return path;
}

/** The message of the PerflabError (`PERFLAB_ERR_SCENARIO_INVALID`, exit 2) that `fn` throws. */
function errorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PerflabError);
    expect((error as PerflabError).code).toBe('PERFLAB_ERR_SCENARIO_INVALID');
    expect((error as PerflabError).exitCode).toBe(2);
    return (error as PerflabError).message;
  }
  throw new Error('expected a PerflabError, nothing was thrown');
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perflab-json-feeder-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('jsonFeeder', () => {
  it('feeds the elements of an array of objects in order, deep-frozen', async () => {
    const file = await fixture(
      JSON.stringify([
        { user: 'ann', tags: ['a'] },
        { user: 'bob', tags: [] },
      ]),
    );
    const feeder = jsonFeeder<{ user: string; tags: string[] }>(file, { onEnd: 'stop' });
    expect(feeder.size).toBe(2);
    const ann = feeder.next(1)!;
    expect(ann).toEqual({ user: 'ann', tags: ['a'] });
    expect(feeder.next(1)).toEqual({ user: 'bob', tags: [] });
    expect(feeder.next(1)).toBeUndefined();
    expect(feeder.exhausted).toBe(true);
    expect(Object.isFrozen(ann) && Object.isFrozen(ann.tags)).toBe(true);
    expect(() => ann.tags.push('b')).toThrow(TypeError);
  });

  it('feeds an array of any values, tolerates a byte order mark and accepts a file: URL', async () => {
    const file = await fixture('\uFEFF["a", 2, null, [3], true]');
    const feeder = jsonFeeder(pathToFileURL(file), { mode: 'per-vu' });
    expect(Array.from({ length: 6 }, () => feeder.next(2))).toEqual([2, null, [3], true, 'a', 2]);
  });

  it('errors: missing, empty, not JSON (with line and column), not an array, an empty array', async () => {
    const missing = join(dir, 'nope.json');
    expect(errorMessage(() => jsonFeeder(missing))).toBe(
      `data file ${missing}: not found (looked for ${missing})`,
    );

    const empty = await fixture(' \n');
    expect(errorMessage(() => jsonFeeder(empty))).toBe(`data file ${empty}: is empty: expected a JSON array`);

    const broken = await fixture('[\n  {"user": "ann"},\n  {"user" "bob"}\n]\n');
    expect(errorMessage(() => jsonFeeder(broken))).toMatch(
      new RegExp(`^data file ${broken}, line 3, column 11: not valid JSON: `),
    );

    const truncated = await fixture('[\n  {"user": "ann"},\n');
    expect(errorMessage(() => jsonFeeder(truncated))).toMatch(
      new RegExp(`^data file ${truncated}, line 3, column 1: not valid JSON: Unexpected end of JSON input`),
    );

    const object = await fixture('{"users": [1, 2]}');
    expect(errorMessage(() => jsonFeeder(object))).toBe(
      `data file ${object}: expected a JSON array, found an object`,
    );
    const string = await fixture('"ann"');
    expect(errorMessage(() => jsonFeeder(string))).toBe(
      `data file ${string}: expected a JSON array, found a string`,
    );
    const nul = await fixture('null');
    expect(errorMessage(() => jsonFeeder(nul))).toBe(`data file ${nul}: expected a JSON array, found null`);

    const none = await fixture('[]');
    expect(errorMessage(() => jsonFeeder(none))).toBe(
      `data file ${none}: the array is empty: no rows to feed`,
    );
  });

  it('rejects invalid options', () => {
    expect(errorMessage(() => jsonFeeder('x.json', { onEnd: 'never' } as never))).toMatch(
      /^jsonFeeder x\.json: invalid options: onEnd: /,
    );
  });
});
