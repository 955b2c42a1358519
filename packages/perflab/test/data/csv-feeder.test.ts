import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFeeder } from '../../src/data/csv-feeder.ts';
import { PerflabError } from '../../src/errors.ts';

let dir: string;
let count = 0;

/** Writes `content` to a new file in the test's temp dir; returns its path. */
async function fixture(content: string | Buffer, name = `data-${++count}.csv`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The PerflabError `fn` throws. */
function caught(fn: () => unknown): PerflabError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PerflabError);
    const perflabError = error as PerflabError;
    expect(perflabError.code).toBe('PERFLAB_ERR_SCENARIO_INVALID');
    expect(perflabError.exitCode).toBe(2);
    return perflabError;
  }
  throw new Error('expected a PerflabError, nothing was thrown');
}

/** Every row of a sequential feeder, in order. */
const all = <T>(feeder: { size: number; next(vuId: number): T | undefined }) =>
  Array.from({ length: feeder.size }, () => feeder.next(1));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perflab-csv-feeder-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('csvFeeder parsing', () => {
  it('keys rows by the header, with RFC 4180 quoting: commas, doubled quotes and line breaks in fields', async () => {
    const file = await fixture(
      [
        'user,password,note',
        'ann,"p,w",plain',
        'bob,"say ""hi""","two',
        'lines"',
        '"",x,"trailing space "',
      ].join('\r\n') + '\r\n',
    );
    const feeder = csvFeeder(file);
    expect(feeder.source).toBe(file);
    expect([feeder.size, feeder.mode, feeder.onEnd]).toEqual([3, 'sequential', 'recycle']);
    expect(all(feeder)).toEqual([
      { user: 'ann', password: 'p,w', note: 'plain' },
      { user: 'bob', password: 'say "hi"', note: 'two\r\nlines' },
      { user: '', password: 'x', note: 'trailing space ' },
    ]);
  });

  it('tolerates a UTF-8 byte order mark, reads non-ASCII text, skips blank lines and needs no final newline', async () => {
    const file = await fixture(Buffer.from('\uFEFFnom,ville\n\nÉlodie,Orléans\n\nZoë,Zürich', 'utf8'));
    const feeder = csvFeeder(file);
    expect(all(feeder)).toEqual([
      { nom: 'Élodie', ville: 'Orléans' },
      { nom: 'Zoë', ville: 'Zürich' },
    ]);
  });

  it('uses another delimiter when told, and accepts a file: URL', async () => {
    const file = await fixture('a;b\n1;"x;y"\n');
    expect(all(csvFeeder(pathToFileURL(file), { delimiter: ';' }))).toEqual([{ a: '1', b: 'x;y' }]);
    expect(all(csvFeeder(await fixture('a\tb\n1\t2\n'), { delimiter: '\t' }))).toEqual([{ a: '1', b: '2' }]);
  });

  it('keeps a __proto__ column as data and freezes rows (they are shared by all VUs)', async () => {
    const feeder = csvFeeder(await fixture('__proto__,b\n1,2\n'));
    const row = feeder.next(1)!;
    expect(Object.keys(row)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.isFrozen(row)).toBe(true);
    expect(() => {
      row.b = 'changed';
    }).toThrow(TypeError);
  });

  it('passes mode and onEnd through', async () => {
    const feeder = csvFeeder(await fixture('n\n1\n2\n3\n'), { mode: 'per-vu', onEnd: 'stop' });
    expect([feeder.mode, feeder.onEnd]).toEqual(['per-vu', 'stop']);
    expect([feeder.next(2), feeder.next(2), feeder.next(2), feeder.next(2)]).toEqual([
      { n: '2' },
      { n: '3' },
      { n: '1' },
      undefined,
    ]);
  });
});

describe('csvFeeder errors name the file, the line and the problem', () => {
  it('missing file', () => {
    const file = join(dir, 'nope.csv');
    const error = caught(() => csvFeeder(file));
    expect(error.message).toBe(`data file ${file}: not found (looked for ${file})`);
    expect(error.hint).toMatch(/import\.meta\.url/);
  });

  it('a directory', () => {
    expect(caught(() => csvFeeder(dir)).message).toBe(`data file ${dir}: is a directory, not a file`);
  });

  it('empty file, or only a byte order mark and blank lines', async () => {
    for (const content of ['', '\uFEFF\n\r\n']) {
      const file = await fixture(content);
      expect(caught(() => csvFeeder(file)).message).toBe(
        `data file ${file}: is empty: expected a header row and data rows`,
      );
    }
  });

  it('a header row but no data rows', async () => {
    const file = await fixture('\nuser,password\n');
    expect(caught(() => csvFeeder(file)).message).toBe(
      `data file ${file}, line 2: has a header row but no data rows`,
    );
  });

  it('a row with fewer or more fields than the header', async () => {
    const fewer = await fixture('a,b,c\n1,2,3\n"x\ny",5\n6,7,8\n');
    expect(caught(() => csvFeeder(fewer)).message).toBe(
      `data file ${fewer}, line 3: row has 2 fields, the header has 3`, // the row starting on line 3
    );
    const more = await fixture('a,b\n1,2\n3,4\n5,6,7\n');
    expect(caught(() => csvFeeder(more)).message).toBe(
      `data file ${more}, line 4: row has 3 fields, the header has 2`,
    );
  });

  it('an unclosed quote: the line where the quoted field opens', async () => {
    const file = await fixture('a,b\n1,2\n\n3,"four\n5,6\n7,8\n');
    expect(caught(() => csvFeeder(file)).message).toBe(
      `data file ${file}, line 4: a quoted field in the row starting here is never closed`,
    );
  });

  it('counts a line break inside a quoted field as one line, whatever the line ends', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const file = await fixture(['a,b', '"x', 'y",2', '', '"p', 'q",3', '4'].join(eol) + eol);
      expect(caught(() => csvFeeder(file)).message).toBe(
        `data file ${file}, line 7: row has 1 field, the header has 2`,
      );
    }
  });

  it('text after a closing quote, and a stray quote in an unquoted field', async () => {
    const after = await fixture('a,b\n1,2\n3,"x"y\n');
    expect(caught(() => csvFeeder(after)).message).toMatch(
      new RegExp(`^data file ${after}, line 3: a closing quote is followed by other text`),
    );
    const stray = await fixture('a,b\n1,2\n3,4\n5,x"y\n');
    expect(caught(() => csvFeeder(stray)).message).toMatch(
      new RegExp(`^data file ${stray}, line 4: a quote inside an unquoted field`),
    );
  });

  it('an empty or repeated header name', async () => {
    const empty = await fixture('a,,c\n1,2,3\n');
    expect(caught(() => csvFeeder(empty)).message).toBe(
      `data file ${empty}, line 1: header column 2 has no name`,
    );
    const repeated = await fixture('id,name,id\n1,2,3\n');
    expect(caught(() => csvFeeder(repeated)).message).toBe(
      `data file ${repeated}, line 1: header column 3 repeats the name "id" (column 1)`,
    );
  });

  it('invalid options, before the file is read', () => {
    const error = caught(() => csvFeeder(join(dir, 'nope.csv'), { delimiter: '', mode: 'x' } as never));
    expect(error.message).toMatch(/^csvFeeder .*nope\.csv: invalid options: /);
    expect(error.message).toMatch(/mode: /);
    expect(error.message).toMatch(/delimiter: must be a non-empty string/);
  });
});
