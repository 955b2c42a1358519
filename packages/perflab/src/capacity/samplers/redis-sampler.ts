/**
 * Samples a Redis server through `INFO` (https://redis.io/docs/latest/commands/info/)
 * with node-redis: memory, its limit and eviction policy, clients, keyspace
 * hits and misses (→ hit rate), evictions.
 */
import { createClient } from 'redis';
import { PerflabError } from '../../errors.ts';
import { clockTime } from './process-sampler.ts';
import { summarizeRedisSamples } from './summary.ts';
import type { RedisSample, RedisSeries } from './types.ts';

/** A URL with its password (if any) replaced by `***`, for reports and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** The `field:value` lines of an INFO reply (sections and comments skipped). */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Counters whose differences make the per-interval values. */
interface RedisCounters {
  hits: number;
  misses: number;
  evicted: number;
}

/** A node-redis client that never queues commands while disconnected and retries every 500 ms once `state.connected`. */
function samplerClient(url: string, timeoutMs: number, state: { connected: boolean }) {
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: {
      connectTimeout: 2000,
      // While starting, a failure is final (the caller hears of it); afterwards, retry every 500 ms.
      reconnectStrategy: (_retries, cause) => (state.connected ? 500 : cause),
    },
  });
}

type RedisClient = ReturnType<typeof samplerClient>;

/** Options of a {@link RedisSampler}. */
export interface RedisSamplerOptions {
  /** Called with each note (prefixed with the redacted URL). */
  note?: (text: string) => void;
  /** Longest wait for one INFO reply, ms (default 900); longer counts as a gap. */
  timeoutMs?: number;
}

/**
 * One Redis server's samples. Holds one connection (excluded from
 * `connectedClients`), reconnecting every 500 ms while the server is away;
 * commands are never queued while disconnected, so a sample during an outage is
 * a gap at once, not a wait.
 */
export class RedisSampler {
  readonly url: string;
  readonly samples: RedisSample[] = [];
  readonly notes: string[] = [];
  private client: RedisClient | undefined;
  private counters: RedisCounters | undefined;
  private inGap = false;
  private readonly timeoutMs: number;

  /**
   * @param url `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS)
   * @throws PerflabError `PERFLAB_ERR_WATCH_SOURCE` when the URL is not a redis URL
   */
  constructor(
    private readonly rawUrl: string,
    private readonly options: RedisSamplerOptions = {},
  ) {
    this.url = redactUrl(rawUrl);
    let protocol: string;
    try {
      protocol = new URL(rawUrl).protocol;
    } catch {
      protocol = '';
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') {
      throw new PerflabError(
        'PERFLAB_ERR_WATCH_SOURCE',
        `--redis ${JSON.stringify(this.url)}: not a redis:// or rediss:// URL`,
      );
    }
    this.timeoutMs = options.timeoutMs ?? 900;
  }

  /**
   * Connects and takes the baseline sample.
   * @throws PerflabError `PERFLAB_ERR_WATCH_SOURCE` naming the URL when Redis cannot be reached or INFO fails
   */
  async start(timestampS: number): Promise<void> {
    const state = { connected: false };
    const client = samplerClient(this.rawUrl, this.timeoutMs, state);
    client.on('error', () => {
      // Outages are recorded by sample() as gaps; node-redis reconnects by itself.
    });
    let fields: Map<string, string>;
    try {
      await client.connect();
      state.connected = true;
      fields = parseRedisInfo(await client.info());
      if (!countersOf(fields)) throw new Error('the INFO reply has no keyspace_hits');
    } catch (error) {
      client.destroy();
      throw new PerflabError(
        'PERFLAB_ERR_WATCH_SOURCE',
        `--redis ${this.url}: ${(error as Error).message || String(error)}`,
        undefined,
        { cause: error },
      );
    }
    this.client = client;
    this.record(timestampS, fields);
  }

  private note(text: string): void {
    const line = `${this.url}: ${text}`;
    this.notes.push(line);
    this.options.note?.(line);
  }

  /**
   * Takes one sample and appends it. Never throws: when Redis does not answer
   * within the timeout the sample is a gap and a note says so (once per outage);
   * after a gap, or when the counters went backwards (restart, CONFIG RESETSTAT),
   * the per-interval values start again from the next sample.
   */
  async sample(timestampS: number): Promise<RedisSample> {
    if (!this.client) return this.record(timestampS, 'not connected');
    try {
      return this.record(timestampS, parseRedisInfo(await this.client.info()));
    } catch (error) {
      return this.record(timestampS, (error as Error).message || String(error));
    }
  }

  /** Appends the sample made of an INFO reply, or a gap when `fields` is the reason there is none. */
  private record(timestampS: number, reply: Map<string, string> | string): RedisSample {
    const fields = typeof reply === 'string' ? new Map<string, string>() : reply;
    const failure = typeof reply === 'string' ? reply : 'the reply has no keyspace_hits';
    const counters = countersOf(fields);
    if (!counters) {
      if (!this.inGap) {
        this.note(`${clockTime(timestampS * 1000)}: INFO failed (${failure}); recorded as a gap`);
      }
      this.inGap = true;
      this.counters = undefined;
      const gap: RedisSample = {
        timestamp: timestampS,
        usedMemoryBytes: null,
        maxmemoryBytes: null,
        maxmemoryPolicy: null,
        connectedClients: null,
        keyspaceHits: null,
        keyspaceMisses: null,
        hitRate: null,
        evictedKeys: null,
      };
      this.samples.push(gap);
      return gap;
    }
    if (this.inGap) {
      this.inGap = false;
      this.note(`${clockTime(timestampS * 1000)}: answering again`);
    }
    const before = this.counters;
    this.counters = counters;
    let hits: number | null = null;
    let misses: number | null = null;
    let evicted: number | null = null;
    if (before) {
      if (
        counters.hits < before.hits ||
        counters.misses < before.misses ||
        counters.evicted < before.evicted
      ) {
        this.note(`${clockTime(timestampS * 1000)}: counters went back (restart or CONFIG RESETSTAT)`);
      } else {
        hits = counters.hits - before.hits;
        misses = counters.misses - before.misses;
        evicted = counters.evicted - before.evicted;
      }
    }
    const number = (key: string) => {
      const value = Number(fields.get(key));
      return fields.has(key) && Number.isFinite(value) ? value : null;
    };
    const clients = number('connected_clients');
    const sample: RedisSample = {
      timestamp: timestampS,
      usedMemoryBytes: number('used_memory'),
      maxmemoryBytes: number('maxmemory'),
      maxmemoryPolicy: fields.get('maxmemory_policy') ?? null,
      connectedClients: clients === null ? null : Math.max(0, clients - 1),
      keyspaceHits: hits,
      keyspaceMisses: misses,
      hitRate: hits !== null && misses !== null && hits + misses > 0 ? hits / (hits + misses) : null,
      evictedKeys: evicted,
    };
    this.samples.push(sample);
    return sample;
  }

  /** Closes the connection (idempotent). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.isReady) await client.close();
      else client.destroy();
    } catch {
      client.destroy();
    }
  }

  /** The series so far, with summaries. */
  series(): RedisSeries {
    return {
      url: this.url,
      samples: [...this.samples],
      summary: summarizeRedisSamples(this.samples),
      notes: [...this.notes],
    };
  }
}

function countersOf(fields: Map<string, string>): RedisCounters | undefined {
  const hits = Number(fields.get('keyspace_hits'));
  const misses = Number(fields.get('keyspace_misses'));
  const evicted = Number(fields.get('evicted_keys') ?? 0);
  if (!fields.has('keyspace_hits') || !Number.isFinite(hits) || !Number.isFinite(misses)) return undefined;
  return { hits, misses, evicted };
}
