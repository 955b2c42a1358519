/** {@link SqlClient} on PGlite: PostgreSQL compiled to WASM, running in this process. */
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client.ts';

/** Options of {@link createPgliteClient}. */
export interface PgliteClientOptions {
  /**
   * File caching a freshly initialised in-memory cluster (gzip tarball, ~5 MB),
   * so later in-memory starts skip `initdb` (≈1.5 s instead of ≈5–10 s). Default:
   * `$TMPDIR/clinic-pglite-template-{pglite version}.tar.gz`; `false` disables it.
   */
  templateFile?: string | false;
}

function defaultTemplateFile(): string | false {
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return join(tmpdir(), `clinic-pglite-template-${pkg.version ?? 'unknown'}.tar.gz`);
  } catch {
    return false;
  }
}

async function openInMemory(templateFile: string | false): Promise<PGlite> {
  if (templateFile) {
    try {
      const db = new PGlite({ loadDataDir: new Blob([await readFile(templateFile)]) });
      await db.waitReady;
      return db;
    } catch {
      // No template yet (or a damaged one): build a fresh cluster below and cache it.
    }
  }
  const db = new PGlite();
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
 * cluster each time), else persisted in directory `dir` (created if missing).
 * PGlite runs one query at a time; concurrent calls queue.
 */
export async function createPgliteClient(
  dir?: string,
  options: PgliteClientOptions = {},
): Promise<SqlClient> {
  let db: PGlite;
  if (dir === undefined) {
    db = await openInMemory(options.templateFile ?? defaultTemplateFile());
  } else {
    db = new PGlite(dir);
    await db.waitReady;
  }
  return {
    kind: 'pglite',
    async query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await db.query<R>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
    async close(): Promise<void> {
      if (!db.closed) await db.close();
    },
  };
}
