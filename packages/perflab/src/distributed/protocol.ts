/**
 * The wire protocol between a distributed run's controller and its workers,
 * over Redis:
 *
 * - `perflab:worker:<id>` — a worker's heartbeat: a string key holding its
 *   {@link WorkerInfo} (JSON), set every {@link HEARTBEAT_INTERVAL_MS} with an
 *   expiry of {@link HEARTBEAT_TTL_MS}; the key vanishing means the worker is gone.
 * - `perflab:commands` — a stream of controller → worker {@link Command}s. Every
 *   worker reads it through its own consumer group (`worker:<id>`, created at `$`
 *   when it registers), so each sees every command issued after it registered.
 * - `perflab:run:<runId>:results` — a stream of worker → controller
 *   {@link Report}s, read by the controller's consumer group `controller`.
 * - `perflab:run:<runId>:controller` — the controller's heartbeat during a run
 *   (same interval and expiry): a worker whose controller key vanished stops its load.
 *
 * Stream entries carry two fields: `body`, the message as JSON, and `sig`, the
 * HMAC-SHA256 of `body` keyed by the shared token (hex; empty without a token).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { StoreState } from '../metrics/store.ts';

/** How often workers and the controller refresh their heartbeat keys, ms. */
export const HEARTBEAT_INTERVAL_MS = 1000;
/** Expiry of a heartbeat key, ms: about three missed heartbeats and the key is gone. */
export const HEARTBEAT_TTL_MS = 3500;
/**
 * A worker that got no reply from Redis for this long (ms) stops its load at
 * once: no orphan load when the coordinator is gone.
 */
export const COORDINATOR_LOSS_MS = 3000;
/** How often a worker ships its per-second snapshot, ms. */
export const SNAPSHOT_INTERVAL_MS = 1000;
/** Longest the commands stream grows (approximate trimming). */
export const COMMANDS_MAXLEN = 1000;
/** Run streams and keys expire this long after a run's last write, s. */
export const RUN_KEYS_TTL_S = 3600;

/** Key of the commands stream. */
export const COMMANDS_STREAM = 'perflab:commands';
/** Heartbeat key of worker `id`. */
export const workerKey = (id: string): string => `perflab:worker:${id}`;
/** SCAN pattern matching every worker heartbeat key. */
export const WORKER_KEY_PATTERN = 'perflab:worker:*';
/** Results stream of run `runId`. */
export const resultsStream = (runId: string): string => `perflab:run:${runId}:results`;
/** Controller heartbeat key of run `runId`. */
export const controllerKey = (runId: string): string => `perflab:run:${runId}:controller`;
/** Consumer group of worker `id` on the commands stream. */
export const workerGroup = (id: string): string => `worker:${id}`;
/** The controller's consumer group on a results stream. */
export const CONTROLLER_GROUP = 'controller';

/** What a worker announces in its heartbeat key. */
export interface WorkerInfo {
  /** Unique per worker process: `<name>-<8 hex>`. */
  id: string;
  /** `--name`, default the host name. */
  name: string;
  /** `--capacity`: the VUs it can drive; shares are proportional to it. */
  capacity: number;
  /** Load-generator threads it runs (its cores by default). */
  threads: number;
  /** perflab version it runs. */
  version: string;
  /** `idle` waits for a run; `busy` is preparing or running `runId`. */
  state: 'idle' | 'busy';
  runId?: string;
}

/** Run settings shipped to workers (flags as the controller got them; never the token). */
export interface ShippedFlags {
  host?: string;
  users?: string;
  spawnRate?: string;
  duration?: string;
  grace?: string;
}

/** Controller → workers. */
export type Command =
  | {
      type: 'prepare';
      runId: string;
      /** perflab version of the controller; a worker on another version refuses. */
      version: string;
      /** Scenario file name (its base name: the extension decides how it loads). */
      fileName: string;
      /** The scenario file's contents (UTF-8). */
      scenario: string;
      /** sha256 of `scenario`, hex. */
      sha256: string;
      flags: ShippedFlags;
      /** Environment variables the scenario reads (`--env` pairs), applied on each worker. */
      env: Record<string, string>;
      /** Global number of slots (shares); slot `j` takes users and arrivals `k ≡ j (mod slotCount)`. */
      slotCount: number;
      /** Slots per worker id. */
      assignments: Record<string, number[]>;
    }
  | { type: 'start'; runId: string }
  | {
      type: 'takeover';
      runId: string;
      /** Time since the start (ms) the new slots' schedules resume from. */
      offsetMs: number;
      /** Extra slots per worker id (the lost worker's). */
      assignments: Record<string, number[]>;
    }
  /** Stops the run (`only`: just these workers), letting running iterations finish (grace). */
  | { type: 'stop'; runId: string; only?: string[] };

/** Workers → controller. */
export type Report =
  | { type: 'ready'; runId: string; worker: string }
  | { type: 'refused'; runId: string; worker: string; reason: string }
  | { type: 'failed'; runId: string; worker: string; message: string }
  | { type: 'note'; runId: string; worker: string; text: string }
  /** What the worker gathered since its previous snapshot (one a second). */
  | {
      type: 'state';
      runId: string;
      worker: string;
      store: StoreState;
      /** Threshold series (same order on both sides); null without thresholds. */
      thresholds: unknown[] | null;
      /** VUs running on the worker right now. */
      users: number;
    }
  /** Sent after the last snapshot: the worker's share ended. `requests`: its total over the run. */
  | { type: 'done'; runId: string; worker: string; forced: number; requests: number };

/** sha256 of `text` (UTF-8), hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC-SHA256 of `body` keyed by `token`, hex; empty string without a token. */
export function sign(body: string, token: string | undefined): string {
  return token ? createHmac('sha256', token).update(body, 'utf8').digest('hex') : '';
}

/**
 * Why a message's signature does not match this side's token, or undefined when
 * it does (both without a token counts as matching).
 */
export function signatureProblem(body: string, sig: string, token: string | undefined): string | undefined {
  if (!token && !sig) return undefined;
  if (!token) {
    return 'the controller signs its runs with a token and this worker has none: start it with --token or PERFLAB_TOKEN';
  }
  if (!sig) {
    return 'the controller sent no token signature and this worker requires one: start the controller with the same --token or PERFLAB_TOKEN';
  }
  const expected = Buffer.from(sign(body, token), 'hex');
  const given = Buffer.from(sig, 'hex');
  if (expected.length === given.length && timingSafeEqual(expected, given)) return undefined;
  return "the run's signature does not match this worker's token: the controller's --token (or PERFLAB_TOKEN) differs";
}

/** A stream entry's fields for `message`, signed with `token`. */
export function entryOf(message: Command | Report, token: string | undefined): Record<string, string> {
  const body = JSON.stringify(message);
  return { body, sig: sign(body, token) };
}

/**
 * The message in a stream entry, or undefined when it is not one of ours.
 * @param fields the entry's fields as node-redis returns them
 */
export function parseEntry<T extends Command | Report>(
  fields: Record<string, string>,
): { message: T; body: string; sig: string } | undefined {
  const body = fields.body;
  if (typeof body !== 'string') return undefined;
  try {
    const message = JSON.parse(body) as T;
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return undefined;
    return { message, body, sig: typeof fields.sig === 'string' ? fields.sig : '' };
  } catch {
    return undefined;
  }
}
