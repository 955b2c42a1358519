/**
 * State several instances must share: the access-token denylist, the
 * rate-limit counters and the event bus (pub/sub). With Redis (`REDIS_URL`)
 * every instance sees the same denylist, counters and events, so instances
 * behind a load balancer behave as one; without Redis they live in this process
 * (a single instance only — documented in the README).
 */
import { EventEmitter } from 'node:events';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { createClient } from 'redis';
import type { Announcement } from '../domain/schemas.ts';

/** An event every instance must hear about. */
export type LiveEvent =
  /** A ledger row was appended in the competition (scoreboard may change). */
  | { type: 'ledger'; competitionId: number }
  /** The competition's rules, window, teams or cards changed. */
  | { type: 'competition'; competitionId: number }
  /** An admin posted an announcement. */
  | { type: 'announcement'; competitionId: number; announcement: Announcement };

/** Access tokens refused before their expiry (by `jti`, session family or user). */
export interface Denylist {
  /** Deny `key` (e.g. `jti:…`, `fam:…`, `user:7`) for `ttlMs` milliseconds. */
  add(key: string, ttlMs: number): Promise<void>;
  /** True when any of `keys` is denied. */
  anyDenied(keys: readonly string[]): Promise<boolean>;
}

/** Publish/subscribe between instances. Delivery is at most once; handlers must be idempotent. */
export interface EventBus {
  publish(event: LiveEvent): Promise<void>;
  /** Call `handler` for every event (this instance's own included); returns an unsubscribe function. */
  subscribe(handler: (event: LiveEvent) => void): () => void;
}

/** The shared state of one instance. */
export interface SharedState {
  readonly kind: 'redis' | 'memory';
  readonly denylist: Denylist;
  readonly bus: EventBus;
  /** Store class for @fastify/rate-limit (`undefined`: its in-process LRU store). */
  readonly rateLimitStore: FastifyRateLimitStoreCtor | undefined;
  /** Round trip to Redis (resolves at once in memory). @throws when Redis is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** In-process shared state: correct for one instance only. */
export function createMemoryShared(): SharedState {
  const denied = new Map<string, number>();
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'memory',
    denylist: {
      async add(key, ttlMs) {
        denied.set(key, Date.now() + ttlMs);
        if (denied.size > 10_000) {
          const now = Date.now();
          for (const [k, until] of denied) if (until <= now) denied.delete(k);
        }
      },
      async anyDenied(keys) {
        const now = Date.now();
        return keys.some((key) => (denied.get(key) ?? 0) > now);
      },
    },
    bus: {
      async publish(event) {
        // Asynchronous like Redis delivery, so handlers never run inside the publisher's call.
        queueMicrotask(() => emitter.emit('event', event));
      },
      subscribe(handler) {
        emitter.on('event', handler);
        return () => emitter.off('event', handler);
      },
    },
    rateLimitStore: undefined,
    async ping() {},
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = 'arena:events';
const RATE_LIMIT_LUA = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {current, ttl}`;

/**
 * Shared state on the Redis server at `url`: denylist keys `arena:deny:{key}`
 * with a TTL, rate-limit counters `arena:rl:{key}` (INCR + PEXPIRE in one Lua
 * script), events on channel `arena:events`. Connects two clients (commands,
 * subscriber); resolves once both are connected.
 * @throws the client's error when Redis cannot be reached at start.
 */
export async function createRedisShared(
  url: string,
  log: (line: string) => void = () => {},
): Promise<SharedState> {
  // No offline queue: while Redis is down, commands fail at once (→ 503) instead of hanging requests.
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  const subscriber = client.duplicate();
  let healthy = true;
  for (const c of [client, subscriber]) {
    c.on('error', (error: unknown) => {
      if (healthy)
        log(`arena: redis connection lost (${(error as Error).message ?? String(error)}); retrying`);
      healthy = false;
    });
    c.on('ready', () => {
      if (!healthy) log('arena: redis connection restored');
      healthy = true;
    });
  }
  await Promise.all([client.connect(), subscriber.connect()]);
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  await subscriber.subscribe(CHANNEL, (message) => {
    try {
      emitter.emit('event', JSON.parse(message) as LiveEvent);
    } catch {
      log(`arena: ignored a malformed event on ${CHANNEL}`);
    }
  });

  class RedisRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      client
        .sendCommand(['EVAL', RATE_LIMIT_LUA, '1', `arena:rl:${key}`, String(timeWindow)])
        .then((reply) => {
          const [current, ttl] = reply as unknown as [number, number];
          callback(null, { current: Number(current), ttl: Number(ttl) });
        })
        .catch((error: unknown) => callback(error as Error));
    }
    child() {
      return this;
    }
  }

  return {
    kind: 'redis',
    denylist: {
      async add(key, ttlMs) {
        await client.set(`arena:deny:${key}`, '1', {
          expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
        });
      },
      async anyDenied(keys) {
        if (keys.length === 0) return false;
        return (await client.exists(keys.map((k) => `arena:deny:${k}`))) > 0;
      },
    },
    bus: {
      async publish(event) {
        await client.publish(CHANNEL, JSON.stringify(event));
      },
      subscribe(handler) {
        emitter.on('event', handler);
        return () => emitter.off('event', handler);
      },
    },
    rateLimitStore: RedisRateLimitStore as unknown as FastifyRateLimitStoreCtor,
    async ping() {
      await client.ping();
    },
    async close() {
      emitter.removeAllListeners();
      await Promise.allSettled([subscriber.close(), client.close()]);
    },
  };
}
