import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { fitUsl, type UslPoint } from '../capacity/usl.ts';
import { renderUslText } from '../capacity/usl-text.ts';
import { ExitCode, PerflabError } from '../errors.ts';
import type { CliIo } from './io.ts';

/** Flags of `perflab fit-usl`. */
export interface FitUslCommandFlags {
  /** Print the fit as JSON (the `UslFit` shape) instead of text. */
  json?: boolean;
}

const CSV_HINT =
  'a CSV file with a header row naming columns N (concurrency) and X (throughput), one row per measurement';

/**
 * `perflab fit-usl FILE.csv [--json]`: fits the Universal Scalability Law to the
 * measurements in a CSV file (see {@link readUslCsv}) with `fitUsl` and prints the
 * fit as text, or as JSON with `--json`.
 * @returns exit code 0
 * @throws PerflabError `PERFLAB_ERR_USL_INPUT` (exit 2) naming the file, and the line where
 *   there is one, when the file is missing or not CSV, lacks the N or X column, has a value
 *   that is not a number > 0, or has too few points for the fit
 */
export async function fitUslCommand(file: string, flags: FitUslCommandFlags, io: CliIo): Promise<number> {
  const points = await readUslCsv(file);
  let fit;
  try {
    fit = fitUsl(points);
  } catch (error) {
    if (error instanceof PerflabError) {
      throw new PerflabError(error.code, `${file}: ${error.message.replace(/^USL fit: /, '')}`, error.hint, {
        cause: error,
      });
    }
    throw error;
  }
  io.write(flags.json ? `${JSON.stringify(fit, null, 2)}\n` : renderUslText(fit, file));
  return ExitCode.ok;
}

/**
 * Reads USL measurements from a CSV file: a header row naming columns `N` and `X`
 * (case-insensitive, in any order; other columns are ignored), then one row per
 * measurement with N > 0 and X > 0 as decimal numbers (`12`, `0.5`, `1.2e3`).
 * Parsed with csv-parse (RFC 4180 quoting, a UTF-8 byte order mark tolerated, blank
 * lines skipped, fields trimmed). Repeated N values are kept as replicates.
 * @param file path of the CSV file
 * @returns the measurements in file order
 * @throws PerflabError `PERFLAB_ERR_USL_INPUT` naming the file (and the line) when it is
 *   missing or unreadable, binary, not valid CSV, empty, lacks the N or X column (or has
 *   one twice), or a value is empty, not a number, or not > 0
 */
export async function readUslCsv(file: string): Promise<UslPoint[]> {
  const fail = (problem: string, hint: string | null = CSV_HINT) =>
    new PerflabError('PERFLAB_ERR_USL_INPUT', `${file}: ${problem}`, hint);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fail('no such file', 'check the path');
    if (code === 'EISDIR') throw fail('is a folder, not a CSV file');
    throw fail(`cannot be read: ${(error as Error).message}`, null);
  }
  if (text.includes('\u0000')) throw fail('is not CSV (binary content)');

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw fail(`is not valid CSV: ${error.message}`); // csv-parse's messages name the line
  }
  const [header, ...rows] = records;
  if (header === undefined) throw fail('is empty: expected a header row naming columns N and X');

  const names = header.record.map((name) => name.toLowerCase());
  const columnOf = (name: 'n' | 'x'): number => {
    const at = names.indexOf(name);
    if (at >= 0 && names.indexOf(name, at + 1) >= 0) throw fail(`column ${name.toUpperCase()} appears twice`);
    return at;
  };
  const nAt = columnOf('n');
  const xAt = columnOf('x');
  const missing = [nAt < 0 ? 'N' : '', xAt < 0 ? 'X' : ''].filter(Boolean);
  if (missing.length > 0) {
    const shown = header.record.map((name) => JSON.stringify(name)).join(', ');
    throw fail(
      `no column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} in the header row (found ${shown})`,
    );
  }

  return rows.map(({ record, info }, i) => {
    const where = `data row ${i + 1} (line ${info.lines})`;
    const value = (at: number, name: 'N' | 'X'): number => {
      const field = record[at];
      if (field === undefined || field === '') throw fail(`${where}: ${name} is empty`);
      if (!DECIMAL.test(field)) throw fail(`${where}: ${name} is not a number: ${JSON.stringify(field)}`);
      const number = Number(field);
      if (!(number > 0) || !Number.isFinite(number))
        throw fail(`${where}: ${name} must be > 0, got ${field}`);
      return number;
    };
    return { n: value(nAt, 'N'), x: value(xAt, 'X') };
  });
}

/** A decimal number as people write it: sign, digits, optional fraction and exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
