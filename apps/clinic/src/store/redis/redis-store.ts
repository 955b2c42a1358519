/**
 * The Redis implementation of {@link ClinicStore} on node-redis, keeping the
 * original app's key layout (see `keys.ts`) and doing every write and every list
 * in one Lua script (see `scripts.ts`).
 *
 * Outage behaviour: the offline queue is disabled, so while Redis is unreachable
 * commands reject at once (→ `CLINIC_ERR_STORE_UNAVAILABLE`, HTTP 503) instead of
 * queueing; the client reconnects forever with a small backoff; `error` events are
 * consumed (they never crash the process). Scripts are run with EVALSHA and fall
 * back to EVAL after a restart emptied the script cache.
 */
import { createHash } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
import {
  ClinicError,
  notFoundError,
  storeUnavailableError,
  validationError,
  type FieldErrors,
} from '../../errors.ts';
import type { DoctorPatientLink } from '../../model/doctor-patient.ts';
import { ENTITIES, type EntityName, type InputOf, type RecordOf } from '../../model/entities.ts';
import type { Page, PageRequest } from '../../model/page.ts';
import type { Patient } from '../../model/patient.ts';
import {
  alreadyLinkedMessage,
  duplicateMessage,
  missingReferenceMessage,
  referencedMessage,
} from '../field-messages.ts';
import type { ClinicStore, StoreCounts } from '../store.ts';
import { LUA_SPECS, recordKey } from './keys.ts';
import * as scripts from './scripts.ts';
import type { LuaScript } from './scripts.ts';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** How long to wait for the first connection before returning anyway (ms, default 2000). */
  connectWaitMs?: number;
  /** Per-command timeout (ms, default 5000); a timed-out command answers 503. */
  commandTimeoutMs?: number;
  /** Called with one line on connection loss and recovery (default: ignore). */
  log?: (line: string) => void;
}

type Reply = string | number | null | Reply[];

/** Decoded JSON reply of the list scripts. */
interface ListReply {
  total?: number;
  rows?: [string, string[]][] | Record<string, never>;
  missing?: boolean;
}

/** Reconnect delay after `retries` failed attempts: 50 ms doubling, capped at 500 ms; never gives up. */
export function redisReconnectDelayMs(retries: number): number {
  return Math.min(50 * 2 ** Math.min(retries, 10), 500);
}

const INTEGER_FIELDS = new Set(['beds_number', 'hospital_ID', 'patient_ID', 'doctor_ID']);

/**
 * Build `{ ID, ...fields }` (fields in the entity's order) from a hash reply: a
 * flat `[field, value, ...]` array (from Lua) or an object (HGETALL over RESP3).
 * Undefined when the hash is empty (no such record).
 */
function hashToRecord(
  entity: EntityName,
  id: Reply | undefined,
  hash: Reply | Record<string, string> | undefined,
): Record<string, unknown> | undefined {
  let values: Record<string, string>;
  if (Array.isArray(hash)) {
    values = {};
    for (let i = 0; i + 1 < hash.length; i += 2) values[String(hash[i])] = String(hash[i + 1]);
  } else if (hash !== null && typeof hash === 'object') {
    values = hash;
  } else {
    return undefined;
  }
  if (Object.keys(values).length === 0) return undefined;
  const record: Record<string, unknown> = { ID: Number(id) };
  for (const field of ENTITIES[entity].fields) {
    const value = values[field];
    if (value !== undefined) record[field] = INTEGER_FIELDS.has(field) ? Number(value) : value;
  }
  return record;
}

function toHashFields(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) out[key] = String(value);
  return out;
}

/** Turn `field, kind, detail` triples from a script into field messages. */
function problemsToFields(entity: EntityName | 'doctor-patient', triples: Reply[]): FieldErrors {
  const fields: FieldErrors = {};
  for (let i = 0; i + 2 < triples.length; i += 3) {
    const field = String(triples[i]);
    const kind = String(triples[i + 1]);
    const detail = triples[i + 2];
    if (kind === 'missing') {
      const target =
        entity === 'doctor-patient'
          ? field === 'doctor_ID'
            ? 'doctor'
            : 'patient'
          : (ENTITIES[entity].references.find((r) => r.field === field)?.entity ?? field);
      fields[field] = missingReferenceMessage(target, detail);
    } else if (kind === 'taken') {
      fields[field] = duplicateMessage(entity, detail);
    } else {
      fields[field] = alreadyLinkedMessage(detail);
    }
  }
  return fields;
}

const RETRYABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)\b/;

/** Map a node-redis failure to `CLINIC_ERR_STORE_UNAVAILABLE`; keep our own errors and genuine bugs. */
function toStoreError(error: unknown): unknown {
  if (error instanceof ClinicError) return error;
  if (error instanceof ErrorReply)
    return RETRYABLE_REPLY.test(error.message) ? storeUnavailableError('redis', error) : error;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return error;
  // ClientOfflineError, ClientClosedError, SocketClosedUnexpectedlyError, TimeoutError, ECONNREFUSED, ...
  return storeUnavailableError('redis', error);
}

/**
 * Connect to Redis at `url` (e.g. `redis://127.0.0.1:6379/0`) and return a store.
 * Waits up to `connectWaitMs` for the first connection; if Redis is still down the
 * store is returned anyway and answers STORE_UNAVAILABLE until Redis comes up.
 */
export async function createRedisStore(url: string, options: RedisStoreOptions = {}): Promise<ClinicStore> {
  const log = options.log ?? (() => {});
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 5000 },
    socket: { connectTimeout: 2000, reconnectStrategy: redisReconnectDelayMs },
  });
  let healthy = true;
  client.on('error', (error: unknown) => {
    if (healthy)
      log(
        `clinic: redis connection lost (${error instanceof Error ? error.message : String(error)}); retrying`,
      );
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) log('clinic: redis connection restored');
    healthy = true;
  });

  const connecting = client.connect().then(
    () => true,
    () => false,
  );
  const waitMs = options.connectWaitMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([connecting, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);

  const shas = new Map<LuaScript, string>();
  const shaOf = (script: LuaScript): string => {
    let sha = shas.get(script);
    if (sha === undefined) {
      sha = createHash('sha1').update(script.source).digest('hex');
      shas.set(script, sha);
    }
    return sha;
  };

  async function run(script: LuaScript, args: (string | number)[]): Promise<Reply[]>;
  async function run(script: LuaScript, args: (string | number)[], as: 'json'): Promise<ListReply>;
  async function run(
    script: LuaScript,
    args: (string | number)[],
    as?: 'json',
  ): Promise<Reply[] | ListReply> {
    const reply = await runRaw(script, args);
    return as === 'json' ? (JSON.parse(String(reply)) as ListReply) : (reply as Reply[]);
  }

  async function runRaw(script: LuaScript, args: (string | number)[]): Promise<unknown> {
    const argv = args.map(String);
    try {
      try {
        return await client.sendCommand(['EVALSHA', shaOf(script), '0', ...argv]);
      } catch (error) {
        if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await client.sendCommand(['EVAL', script.source, '0', ...argv]);
      }
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async function command<T>(args: string[]): Promise<T> {
    try {
      return await client.sendCommand<T>(args);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  const pageFromRows = <T>(entity: EntityName, reply: ListReply, page: PageRequest): Page<T> => {
    const items: T[] = [];
    // cjson encodes an empty Lua table as {}, not [].
    for (const row of Array.isArray(reply.rows) ? reply.rows : []) {
      const record = hashToRecord(entity, row[0], row[1]);
      if (record) items.push(record as T);
    }
    return { items, total: Number(reply.total ?? 0), offset: page.offset, limit: page.limit };
  };

  const store: ClinicStore = {
    kind: 'redis',

    async list<E extends EntityName>(entity: E, page: PageRequest): Promise<Page<RecordOf<E>>> {
      const reply = await run(scripts.LIST, [entity, page.offset, page.limit], 'json');
      return pageFromRows<RecordOf<E>>(entity, reply, page);
    },

    async get<E extends EntityName>(entity: E, id: number): Promise<RecordOf<E> | undefined> {
      const hash = await command<Reply | Record<string, string>>(['HGETALL', recordKey(entity, id)]);
      return hashToRecord(entity, id, hash) as RecordOf<E> | undefined;
    },

    async create<E extends EntityName>(entity: E, input: InputOf<E>): Promise<RecordOf<E>> {
      const fields = toHashFields(input);
      const reply = await run(scripts.CREATE, [JSON.stringify(LUA_SPECS[entity]), JSON.stringify(fields)]);
      if (reply[0] === 'invalid') throw validationError(problemsToFields(entity, reply.slice(1)));
      return { ID: Number(reply[1]), ...input } as RecordOf<E>;
    },

    async update<E extends EntityName>(entity: E, id: number, input: InputOf<E>): Promise<RecordOf<E>> {
      const fields = toHashFields(input);
      const reply = await run(scripts.UPDATE, [
        JSON.stringify(LUA_SPECS[entity]),
        JSON.stringify(fields),
        id,
      ]);
      if (reply[0] === 'missing') throw notFoundError(entity, id);
      if (reply[0] === 'invalid') throw validationError(problemsToFields(entity, reply.slice(1)));
      return { ID: id, ...input } as RecordOf<E>;
    },

    async remove(entity: EntityName, id: number): Promise<void> {
      const reply = await run(scripts.DELETE, [JSON.stringify(LUA_SPECS[entity]), id]);
      if (reply[0] === 'missing') throw notFoundError(entity, id);
      if (reply[0] === 'referenced') {
        const blockers: string[] = [];
        for (let i = 1; i + 1 < reply.length; i += 2)
          blockers.push(`${String(reply[i])} (${Number(reply[i + 1])})`);
        throw new ClinicError('CLINIC_ERR_REFERENCED', referencedMessage(entity, id, blockers));
      }
    },

    async checkInput(entity, candidate, exceptId): Promise<FieldErrors> {
      if (entity === 'doctor-patient') {
        const args: string[] = [];
        const fields: FieldErrors = {};
        const checks: [string, string, unknown][] = [
          ['doctor_ID', 'doctor', candidate.doctor_ID],
          ['patient_ID', 'patient', candidate.patient_ID],
        ];
        const present = checks.filter(([, , value]) => value !== undefined);
        for (const [, target, value] of present) args.push(recordKey(target as EntityName, String(value)));
        if (present.length === 0) return fields;
        const exists = await Promise.all(args.map((key) => command<number>(['EXISTS', key])));
        present.forEach(([field, target, value], i) => {
          if (Number(exists[i]) === 0) fields[field] = missingReferenceMessage(target, value);
        });
        return fields;
      }
      const spec = LUA_SPECS[entity];
      const relevant: Record<string, string> = {};
      for (const r of spec.refs)
        if (candidate[r.field] !== undefined) relevant[r.field] = String(candidate[r.field]);
      for (const u of spec.unique)
        if (candidate[u.field] !== undefined) relevant[u.field] = String(candidate[u.field]);
      if (Object.keys(relevant).length === 0) return {};
      const reply = await run(scripts.CHECK, [
        JSON.stringify(spec),
        JSON.stringify(relevant),
        exceptId === undefined ? '' : exceptId,
      ]);
      return problemsToFields(entity, reply);
    },

    async listLinks(page: PageRequest): Promise<Page<DoctorPatientLink>> {
      const reply = await run(scripts.LINK_LIST, [page.offset, page.limit]);
      const items = reply.slice(1).map((member) => {
        const [doctor, patient] = String(member).split(':');
        return { doctor_ID: Number(doctor), patient_ID: Number(patient) };
      });
      return { items, total: Number(reply[0]), offset: page.offset, limit: page.limit };
    },

    async listDoctorPatients(doctorId: number, page: PageRequest): Promise<Page<Patient>> {
      const reply = await run(scripts.DOCTOR_PATIENTS, [doctorId, page.offset, page.limit], 'json');
      if (reply.missing) throw notFoundError('doctor', doctorId);
      return pageFromRows<Patient>('patient', reply, page);
    },

    async createLink(link: DoctorPatientLink): Promise<DoctorPatientLink> {
      const reply = await run(scripts.LINK_CREATE, [link.doctor_ID, link.patient_ID]);
      if (reply[0] === 'invalid') throw validationError(problemsToFields('doctor-patient', reply.slice(1)));
      return { doctor_ID: link.doctor_ID, patient_ID: link.patient_ID };
    },

    async removeLink(doctorId: number, patientId: number): Promise<void> {
      const reply = await run(scripts.LINK_DELETE, [doctorId, patientId]);
      if (reply[0] === 'missing') throw notFoundError('doctor-patient link', `${doctorId}/${patientId}`);
    },

    async counts(): Promise<StoreCounts> {
      const reply = await run(scripts.COUNTS, []);
      return {
        hospital: Number(reply[0]),
        doctor: Number(reply[1]),
        patient: Number(reply[2]),
        diagnosis: Number(reply[3]),
        'doctor-patient': Number(reply[4]),
      };
    },

    async ping(): Promise<void> {
      await command<string>(['PING']);
    },

    async close(): Promise<void> {
      if (!client.isOpen) return;
      try {
        if (client.isReady) await client.close();
        else client.destroy();
      } catch {
        client.destroy();
      }
      await connecting;
    },
  };
  return store;
}
