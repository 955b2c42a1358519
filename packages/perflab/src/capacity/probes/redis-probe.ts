/**
 * The Redis probe of `perflab check`: write and read throughput and latency of
 * a Redis server under a throwaway key prefix, removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { PerflabError } from '../../errors.ts';
import { redactUrl } from '../samplers/redis-sampler.ts';
import { phaseNotes, probeResult, probeSettings, runPhase, type PhaseOutcome } from './phase.ts';
import type { DbProbeOptions, DbProbeResult } from './types.ts';

/** Size of each value written, bytes. */
export const REDIS_PROBE_VALUE_BYTES = 1024;

/** Longest wait for one command or a connection, ms. */
const COMMAND_TIMEOUT_MS = 5000;

/** Keys scanned per SCAN call and deleted per UNLINK during clean-up. */
const CLEANUP_BATCH = 1000;

/** A client that fails at once rather than queueing or reconnecting: a broken connection is a probe error. */
function probeClient(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: { connectTimeout: COMMAND_TIMEOUT_MS, reconnectStrategy: false },
  });
  client.on('error', () => {
    // A failed command rejects on its own; the phase counts it.
  });
  return client;
}

type ProbeClient = ReturnType<typeof probeClient>;

async function closeClient(client: ProbeClient): Promise<void> {
  try {
    if (client.isReady) await client.close();
    else if (client.isOpen) client.destroy();
  } catch {
    client.destroy();
  }
}

/** `text` with Redis glob characters (`* ? [ ] \`) escaped, for SCAN MATCH. */
export function escapeRedisGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/**
 * Measures a Redis server's write and read throughput.
 *
 * Under the unique prefix `<prefix><random>:` (default `perflab:probe:<12 hex>:`)
 * the write phase SETs ~1 KB values to new keys (`…:0`, `…:1`, …) from
 * `concurrency` connections as fast as they answer, for half of `durationMs`;
 * the read phase GETs random keys among those written for the other half. Each
 * key carries an expiry (an hour, or twice the duration if longer) as a safety
 * net; the probe deletes every key with the prefix (SCAN MATCH + UNLINK)
 * afterwards in any case — phase failures, an abort — and `cleanedUp` says
 * whether a final SCAN found none left. A phase stops early after 100 failures
 * in a row.
 *
 * @param url `redis://[[user]:password@]host[:port][/db]` or `rediss://`
 * @returns rates in operations per second, latencies in ms
 * @throws PerflabError `PERFLAB_ERR_PROBE` naming the URL (password masked) when
 *   it is not a redis URL or the server cannot be reached (nothing is written then);
 *   `PERFLAB_ERR_USAGE` for a bad option; `signal.reason` when aborted (after clean-up)
 */
export async function probeRedis(url: string, options: DbProbeOptions = {}): Promise<DbProbeResult> {
  const shownUrl = redactUrl(url);
  const settings = probeSettings(options);
  if (typeof settings === 'string') throw new PerflabError('PERFLAB_ERR_USAGE', `Redis probe: ${settings}`);
  const { durationMs, concurrency } = settings;
  const basePrefix = options.prefix ?? 'perflab:probe:';
  if (basePrefix === '') throw new PerflabError('PERFLAB_ERR_USAGE', 'Redis probe: prefix must not be empty');
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new PerflabError(
      'PERFLAB_ERR_PROBE',
      `Redis probe ${JSON.stringify(shownUrl)}: not a redis:// or rediss:// URL`,
    );
  }
  options.signal?.throwIfAborted();

  const prefix = `${basePrefix}${randomBytes(6).toString('hex')}:`;
  const clients: ProbeClient[] = [];
  try {
    for (let i = 0; i < concurrency; i++) {
      const client = probeClient(url);
      clients.push(client);
      await client.connect();
    }
    await clients[0]?.ping();
  } catch (error) {
    await Promise.all(clients.map(closeClient));
    throw new PerflabError(
      'PERFLAB_ERR_PROBE',
      `Redis probe ${shownUrl}: cannot connect (${(error as Error).message || String(error)})`,
      undefined,
      { cause: error },
    );
  }

  const value = randomBytes((REDIS_PROBE_VALUE_BYTES * 3) / 4).toString('base64');
  const expirySeconds = Math.max(3600, Math.ceil((2 * durationMs) / 1000));
  const notes: string[] = [];
  let write: PhaseOutcome | undefined;
  let read: PhaseOutcome | undefined;
  let cleanedUp: boolean;
  try {
    let nextKey = 0;
    write = await runPhase(
      durationMs / 2,
      concurrency,
      async (worker) => {
        const key = `${prefix}${nextKey++}`;
        await clients[worker]!.set(key, value, { expiration: { type: 'EX', value: expirySeconds } });
      },
      options.signal,
    );
    notes.push(...phaseNotes('write', write));
    const written = Math.max(1, nextKey);
    if (!options.signal?.aborted) {
      read = await runPhase(
        durationMs - durationMs / 2,
        concurrency,
        async (worker) => {
          await clients[worker]!.get(`${prefix}${Math.floor(Math.random() * written)}`);
        },
        options.signal,
      );
      notes.push(...phaseNotes('read', read));
    }
  } finally {
    await Promise.all(clients.map(closeClient));
    const cleanup = await deleteKeys(url, prefix, expirySeconds);
    cleanedUp = cleanup.cleanedUp;
    notes.push(cleanup.note);
  }
  options.signal?.throwIfAborted();
  return probeResult(
    { kind: 'redis', url: shownUrl, target: prefix, concurrency, cleanedUp, notes },
    write,
    read,
  );
}

/**
 * Deletes every key starting with `prefix` (SCAN MATCH + UNLINK) on a fresh
 * connection, then SCANs again to check none is left. Never throws.
 */
async function deleteKeys(
  url: string,
  prefix: string,
  expirySeconds: number,
): Promise<{ cleanedUp: boolean; note: string }> {
  const client = probeClient(url);
  const match = `${escapeRedisGlob(prefix)}*`;
  try {
    await client.connect();
    let deleted = 0;
    for await (const keys of client.scanIterator({ MATCH: match, COUNT: CLEANUP_BATCH })) {
      if (keys.length > 0) deleted += await client.unlink(keys);
    }
    let left = 0;
    for await (const keys of client.scanIterator({ MATCH: match, COUNT: CLEANUP_BATCH })) left += keys.length;
    return left === 0
      ? { cleanedUp: true, note: `clean-up: deleted ${deleted} keys ${prefix}*` }
      : {
          cleanedUp: false,
          note: `clean-up: ${left} keys ${prefix}* are left (they expire within ${expirySeconds} s)`,
        };
  } catch (error) {
    return {
      cleanedUp: false,
      note: `clean-up failed (${(error as Error).message || String(error)}): keys ${prefix}* may be left (they expire within ${expirySeconds} s)`,
    };
  } finally {
    await closeClient(client);
  }
}
