/** {@link SqlClient} on PGlite: PostgreSQL compiled to WASM, running in this process. */
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite, types } from '@electric-sql/pglite';
import type { Queryable, SqlClient } from './sql-client.ts';

// int8 as JS numbers, as on the pg client (balances and ids stay far below 2^53).
const PARSERS = { [types.INT8]: (value: string) => Number(value) };

function defaultTemplateFile(): string | false {
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return join(tmpdir(), `arena-pglite-template-${pkg.version ?? 'unknown'}.tar.gz`);
  } catch {
    return false;
  }
}

async function openInMemory(templateFile: string | false): Promise<PGlite> {
  if (templateFile) {
    try {
      const db = new PGlite({ loadDataDir: new Blob([await readFile(templateFile)]), parsers: PARSERS });
      await db.waitReady;
      return db;
    } catch {
      // No template yet (or a damaged one): build a fresh cluster below and cache it.
    }
  }
  const db = new PGlite({ parsers: PARSERS });
  await db.waitReady;
  if (templateFile) {
    try {
      const dump = await db.dumpDataDir('gzip');
      const partial = `${templateFile}.${process.pid}.tmp`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, templateFile);
    } catch {
      // Caching is an optimisation only.
    }
  }
  return db;
}

/**
 * Open an embedded database: in memory when `dir` is undefined (a fresh, empty
 * cluster each time; an initialised cluster is cached in the temp dir so later
 * starts take ≈1.5 s), else persisted in directory `dir`. PGlite runs one query
 * and one transaction at a time; concurrent callers queue.
 */
export async function createPgliteClient(dir?: string): Promise<SqlClient> {
  let db: PGlite;
  if (dir === undefined) {
    db = await openInMemory(defaultTemplateFile());
  } else {
    db = new PGlite(dir, { parsers: PARSERS });
    await db.waitReady;
  }
  return {
    kind: 'pglite',
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await db.query<R>(text, params as unknown[]);
      return result.rows;
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) =>
        work({
          async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
            const result = await tx.query<R>(text, params as unknown[]);
            return result.rows;
          },
        }),
      );
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
    async close(): Promise<void> {
      if (!db.closed) await db.close();
    },
  };
}
