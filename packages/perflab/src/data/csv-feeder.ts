import { CsvError, parse } from 'csv-parse/sync';
import { createFeeder, type Feeder } from './feeder.ts';
import { type CsvFeederOptions, csvFeederOptionsSchema, parseFeederOptions } from './feeder-options.ts';
import { dataFileError, readDataFile } from './data-file.ts';

const HINT = 'a CSV feeder file is a header row of unique column names, then one row per record (RFC 4180)';

/**
 * A feeder over a CSV file with a header row: each data row becomes an object
 * keyed by the header's column names, values as strings (Locust-plugins'
 * `CSVDictReader`, Artillery `payload` with `loadAll`/`name`).
 *
 * The file is read and parsed once, now (call it at the top of a scenario file),
 * with csv-parse: RFC 4180 quoting (`"a, ""b"""`, line breaks inside quotes),
 * `\n`, `\r\n` or `\r` line ends, a UTF-8 byte order mark tolerated, blank lines
 * skipped, no trimming. Rows are frozen and shared by all VUs.
 *
 * @param file a path (relative to the current directory, or absolute) or a `file:`
 *   URL, e.g. `new URL('./users.csv', import.meta.url)`
 * @param options `mode` (default `'sequential'`), `onEnd` (default `'recycle'`),
 *   `delimiter` (default `','`); see {@link Feeder} for what they do
 * @returns a feeder of `{ column: value }` rows, one per data row, in file order
 * @throws PerflabError `PERFLAB_ERR_SCENARIO_INVALID` naming the file, and the line
 *   where there is one (the line the row at fault starts on), when the options are
 *   invalid, the file is missing or unreadable, it is empty or has a header but no
 *   data rows, a header name is empty or repeated, or the CSV is malformed (an
 *   unclosed quote, text after a closing quote, a quote inside an unquoted field,
 *   a row with more or fewer fields than the header)
 */
export function csvFeeder(file: string | URL, options?: CsvFeederOptions): Feeder<Record<string, string>> {
  const where = `csvFeeder ${typeof file === 'string' ? file : file.href}`;
  const { delimiter, ...feederOptions } = parseFeederOptions(csvFeederOptionsSchema, options, where);
  const { label, text } = readDataFile(file);

  const records = parseCsv(label, text, delimiter);
  const [header, ...data] = records;
  if (header === undefined) throw dataFileError(label, 'is empty: expected a header row and data rows', HINT);
  checkHeader(label, header.fields, header.line);
  if (data.length === 0) {
    throw dataFileError(label, 'has a header row but no data rows', HINT, header.line);
  }
  const columns = header.fields;
  const rows = data.map(({ fields }) =>
    // fromEntries defines own properties, so even a `__proto__` column is kept as data.
    Object.freeze(Object.fromEntries(columns.map((name, i) => [name, fields[i] ?? '']))),
  );
  return createFeeder<Record<string, string>>(rows, feederOptions, label);
}

/** One CSV record and the line it starts on (1-based). */
interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Parses CSV text into records, turning csv-parse errors into one-line data file
 * errors. Lines are counted here from byte offsets, not taken from csv-parse's
 * count, which counts a `\r\n` inside a quoted field as two lines.
 */
function parseCsv(label: string, text: string, delimiter: string): CsvRecord[] {
  const bytes = Buffer.from(text, 'utf8');
  const records: CsvRecord[] = [];
  let recordStart = 0; // byte offset where the record being parsed starts (blank lines included)
  try {
    parse(bytes, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      bom: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context) => {
        records.push({ fields, line: lineAt(bytes, recordStart) });
        recordStart = context.bytes;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw csvError(label, error, records, lineAt(bytes, recordStart));
  }
  return records;
}

/** A csv-parse error as a data file error naming the line the bad row starts on. */
function csvError(label: string, error: CsvError, records: CsvRecord[], line: number) {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = (error as CsvError & { record?: unknown[] }).record?.length;
      const expected = records[0]?.fields.length;
      return dataFileError(label, `row has ${fields(got)}, the header has ${expected}`, HINT, line);
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return dataFileError(label, 'a quoted field in the row starting here is never closed', HINT, line);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return dataFileError(
        label,
        'a closing quote is followed by other text (write a quote inside a quoted field as "")',
        HINT,
        line,
      );
    case 'INVALID_OPENING_QUOTE':
      return dataFileError(
        label,
        'a quote inside an unquoted field (quote the whole field and double the quote: "a""b")',
        HINT,
        line,
      );
    default:
      return dataFileError(label, error.message, HINT, line);
  }
}

/** `1 field`, `3 fields`. */
const fields = (n: number | undefined) => `${n} field${n === 1 ? '' : 's'}`;

const CR = 0x0d;
const LF = 0x0a;

/**
 * 1-based line of the first non-blank line at or after byte `offset`
 * (`\r\n`, `\n` and `\r` each end a line).
 */
function lineAt(bytes: Buffer, offset: number): number {
  let end = offset;
  while (bytes[end] === CR || bytes[end] === LF) end++;
  let line = 1;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) line++;
  }
  return line;
}

/** Header names must be non-empty and unique: rows are objects keyed by them. */
function checkHeader(label: string, names: string[], line: number): void {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') throw dataFileError(label, `header column ${i + 1} has no name`, HINT, line);
    const first = seen.get(name);
    if (first !== undefined) {
      throw dataFileError(
        label,
        `header column ${i + 1} repeats the name ${JSON.stringify(name)} (column ${first + 1})`,
        HINT,
        line,
      );
    }
    seen.set(name, i);
  });
}
