/**
 * The PostgreSQL probe of `perflab check`: write and read throughput and
 * latency of a database, on a throwaway table dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PerflabError } from '../../errors.ts';
import { redactUrl } from '../samplers/redis-sampler.ts';
import { phaseNotes, probeResult, probeSettings, runPhase, type PhaseOutcome } from './phase.ts';
import type { DbProbeOptions, DbProbeResult } from './types.ts';

/** Size of each payload inserted, characters (bytes: it is ASCII). */
export const POSTGRES_PROBE_PAYLOAD_BYTES = 1024;

/** Longest wait for a connection, ms. */
const CONNECT_TIMEOUT_MS = 5000;

/** Longest wait for one query, ms (client side). */
const QUERY_TIMEOUT_MS = 10_000;

/** PostgreSQL's identifier limit (NAMEDATALEN − 1), bytes. */
const MAX_IDENTIFIER = 63;

function message(error: unknown): string {
  return (error as Error).message || String(error);
}

/**
 * Measures a PostgreSQL database's write and read throughput.
 *
 * Creates the table `<prefix><random>` (default `perflab_probe_<12 hex>`;
 * `id serial primary key, payload text`) in the URL's database (first schema of
 * the search path). The write phase INSERTs one ~1 KB row per statement, each
 * its own transaction (autocommit), from a pg Pool of `concurrency` connections
 * for half of `durationMs` → write transactions per second; the read phase
 * SELECTs rows by a random primary key among those written for the other half →
 * read queries per second. Both use prepared statements. The table is dropped
 * afterwards in any case — phase failures, an abort — and the pool closed;
 * `cleanedUp` says whether the table is gone. A phase stops early after 100
 * failures in a row (e.g. when the table disappears).
 *
 * @param url `postgres://user[:password]@host[:port]/database` or `postgresql://`
 * @returns rates in operations per second, latencies in ms
 * @throws PerflabError `PERFLAB_ERR_PROBE` naming the URL (password masked) when
 *   it is not a PostgreSQL URL, the server cannot be reached or the table cannot
 *   be created (nothing is left then); `PERFLAB_ERR_USAGE` for a bad option;
 *   `signal.reason` when aborted (after clean-up)
 */
export async function probePostgres(url: string, options: DbProbeOptions = {}): Promise<DbProbeResult> {
  const shownUrl = redactUrl(url);
  const settings = probeSettings(options);
  if (typeof settings === 'string')
    throw new PerflabError('PERFLAB_ERR_USAGE', `PostgreSQL probe: ${settings}`);
  const { durationMs, concurrency } = settings;
  const prefix = options.prefix ?? 'perflab_probe_';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix) || prefix.length + 12 > MAX_IDENTIFIER) {
    throw new PerflabError(
      'PERFLAB_ERR_USAGE',
      `PostgreSQL probe: prefix ${JSON.stringify(prefix)} must be lower-case letters, digits and _ (not first), at most ${MAX_IDENTIFIER - 12} characters`,
    );
  }
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new PerflabError(
      'PERFLAB_ERR_PROBE',
      `PostgreSQL probe ${JSON.stringify(shownUrl)}: not a postgres:// or postgresql:// URL`,
    );
  }
  options.signal?.throwIfAborted();

  const table = `${prefix}${randomBytes(6).toString('hex')}`;
  const quoted = `"${table}"`;
  const pool = new pg.Pool({
    connectionString: url,
    max: concurrency,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'perflab-probe',
  });
  pool.on('error', () => {
    // An idle connection broke (server gone): the next query fails and the phase counts it.
  });

  // Open every connection before the clock starts, so no latency includes a connect.
  const opened: pg.PoolClient[] = [];
  try {
    for (let i = 0; i < concurrency; i++) opened.push(await pool.connect());
  } catch (error) {
    for (const client of opened) client.release();
    await pool.end().catch(() => {});
    throw new PerflabError(
      'PERFLAB_ERR_PROBE',
      `PostgreSQL probe ${shownUrl}: cannot connect (${message(error)})`,
      undefined,
      {
        cause: error,
      },
    );
  }
  for (const client of opened) client.release();

  const notes: string[] = [];
  let write: PhaseOutcome | undefined;
  let read: PhaseOutcome | undefined;
  let cleanedUp = false;
  let created = false;
  try {
    try {
      await pool.query(`CREATE TABLE ${quoted} (id serial PRIMARY KEY, payload text)`);
      created = true;
    } catch (error) {
      throw new PerflabError(
        'PERFLAB_ERR_PROBE',
        `PostgreSQL probe ${shownUrl}: cannot create the table ${table} (${message(error)})`,
        undefined,
        { cause: error },
      );
    }
    const payload = randomBytes((POSTGRES_PROBE_PAYLOAD_BYTES * 3) / 4).toString('base64');
    const insert = {
      name: `${table}_insert`,
      text: `INSERT INTO ${quoted} (payload) VALUES ($1) RETURNING id`,
    };
    const select = { name: `${table}_select`, text: `SELECT payload FROM ${quoted} WHERE id = $1` };
    let maxId = 0;
    write = await runPhase(
      durationMs / 2,
      concurrency,
      async () => {
        const { rows } = await pool.query<{ id: number }>({ ...insert, values: [payload] });
        maxId = Math.max(maxId, rows[0]?.id ?? 0);
      },
      options.signal,
    );
    notes.push(...phaseNotes('write', write));
    if (!options.signal?.aborted) {
      const written = Math.max(1, maxId);
      read = await runPhase(
        durationMs - durationMs / 2,
        concurrency,
        async () => {
          await pool.query({ ...select, values: [1 + Math.floor(Math.random() * written)] });
        },
        options.signal,
      );
      notes.push(...phaseNotes('read', read));
    }
  } finally {
    if (created) {
      try {
        await pool.query(`DROP TABLE IF EXISTS ${quoted}`);
        const { rows } = await pool.query<{ gone: boolean }>('SELECT to_regclass($1) IS NULL AS gone', [
          quoted,
        ]);
        cleanedUp = rows[0]?.gone === true;
        notes.push(
          cleanedUp ? `clean-up: dropped the table ${table}` : `clean-up: the table ${table} is still there`,
        );
      } catch (error) {
        notes.push(`clean-up failed (${message(error)}): the table ${table} may be left; drop it by hand`);
      }
    }
    await pool.end().catch(() => {});
  }
  options.signal?.throwIfAborted();
  return probeResult(
    { kind: 'postgres', url: shownUrl, target: table, concurrency, cleanedUp, notes },
    write,
    read,
  );
}
