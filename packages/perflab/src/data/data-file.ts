import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerflabError } from '../errors.ts';

/** A test data file read into memory. */
export interface DataFile {
  /** The path as the scenario gave it (a `file:` URL turned into a path): used in messages. */
  label: string;
  /** Absolute path. */
  path: string;
  /** Contents as UTF-8, a leading byte order mark removed. */
  text: string;
}

const BOM = '\uFEFF';

/** Hint for a data file that cannot be found or read. */
const NOT_FOUND_HINT =
  'relative paths start at the current directory; for a file next to the scenario use ' +
  "new URL('./data.csv', import.meta.url)";

/**
 * The error for a data file with bad contents, in one line:
 * `data file <label>[, line <n>[, column <c>]]: <problem>`.
 * @param hint what a valid file looks like
 * @param line 1-based line number, when the problem has one
 * @param column 1-based column on that line, when known
 */
export function dataFileError(
  label: string,
  problem: string,
  hint: string,
  line?: number,
  column?: number,
): PerflabError {
  let where = `data file ${label}`;
  if (line !== undefined) where += `, line ${line}`;
  if (line !== undefined && column !== undefined) where += `, column ${column}`;
  return new PerflabError('PERFLAB_ERR_SCENARIO_INVALID', `${where}: ${problem}`, hint);
}

/**
 * Reads a test data file synchronously (feeders load at scenario-file load time,
 * before any VU starts), as UTF-8, dropping a leading byte order mark.
 * @param file a path (relative to the current directory, or absolute) or a `file:` URL
 * @throws PerflabError `PERFLAB_ERR_SCENARIO_INVALID` when the URL is not `file:`, or the
 *   file is missing, a directory or unreadable
 */
export function readDataFile(file: string | URL): DataFile {
  let label: string;
  try {
    label = typeof file === 'string' ? file : fileURLToPath(file);
  } catch {
    throw new PerflabError(
      'PERFLAB_ERR_SCENARIO_INVALID',
      `data file ${String(file)}: not a file: URL`,
      NOT_FOUND_HINT,
    );
  }
  const path = resolve(label);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? `not found (looked for ${path})`
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied'
            : `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
    const hint = code === 'ENOENT' ? NOT_FOUND_HINT : 'check that the path names a readable file';
    throw new PerflabError('PERFLAB_ERR_SCENARIO_INVALID', `data file ${label}: ${problem}`, hint, {
      cause: error,
    });
  }
  return { label, path, text: text.startsWith(BOM) ? text.slice(1) : text };
}
