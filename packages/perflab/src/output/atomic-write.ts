import { rename, writeFile, rm } from 'node:fs/promises';
import { PerflabError } from '../errors.ts';

/**
 * Writes a file so readers never see half of it: write `path.tmp-<pid>`, then rename.
 * @throws PerflabError `PERFLAB_ERR_OUTPUT` naming the path when it cannot be written
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new PerflabError(
      'PERFLAB_ERR_OUTPUT',
      `cannot write ${path}: ${(error as Error).message}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}
