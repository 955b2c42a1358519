import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PerflabError } from '../errors.ts';
import { writeFileAtomic } from '../output/atomic-write.ts';

/**
 * Writes a command's output file (`--json`, `--html`): creates its folder, then
 * writes atomically (a reader never sees half a file).
 * @param flag the flag that named the file, for the message
 * @throws PerflabError `PERFLAB_ERR_OUTPUT` naming the flag when the folder cannot be created;
 *   what `writeFileAtomic` throws when the file cannot be written
 */
export async function writeOutputFile(path: string, flag: string, content: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new PerflabError(
      'PERFLAB_ERR_OUTPUT',
      `${flag}: cannot create the folder of ${path}: ${(error as Error).message}`,
    );
  }
  await writeFileAtomic(path, content);
}
