/**
 * The SQL implementation of {@link ClinicStore}, shared by PostgreSQL (`pg`) and
 * PGlite through {@link SqlClient}. Integrity is the database's job: foreign keys
 * (`ON DELETE RESTRICT`) and `UNIQUE (mpn)`; violations are mapped to field
 * errors (400) or `CLINIC_ERR_REFERENCED` (409). Each list is one statement
 * (count + `json_agg` of the page), so one round trip per page.
 */
import {
  ClinicError,
  notFoundError,
  storeUnavailableError,
  validationError,
  type FieldErrors,
} from '../../errors.ts';
import type { DoctorPatientLink } from '../../model/doctor-patient.ts';
import {
  ENTITIES,
  LINK_REFERENCES,
  type EntityName,
  type InputOf,
  type RecordOf,
} from '../../model/entities.ts';
import type { Page, PageRequest } from '../../model/page.ts';
import type { Patient } from '../../model/patient.ts';
import {
  alreadyLinkedMessage,
  duplicateMessage,
  missingReferenceMessage,
  referencedMessage,
} from '../field-messages.ts';
import type { ClinicStore, StoreCounts } from '../store.ts';
import type { SqlClient } from './sql-client.ts';
import { constraintOf, isUnavailable, sqlState } from './sql-errors.ts';
import { SCHEMA_SQL } from './schema.ts';
import { TABLES } from './tables.ts';

const PATIENT_SELECT = `p.id AS "ID", p.surname, to_char(p.born_date, 'YYYY-MM-DD') AS born_date, p.sex, p.mpn`;

interface PageRow<T> {
  total: number;
  items: T[] | null;
}

/** Options of {@link createSqlStore}. */
export interface SqlStoreOptions {
  /** Called with one line when the database is unreachable at start (default: ignore). */
  log?: (line: string) => void;
}

/**
 * Build a store on `client`, creating the schema if needed. If the database is
 * unreachable at start the store is returned anyway: it answers
 * `CLINIC_ERR_STORE_UNAVAILABLE` and creates the schema once the database is up.
 * Other schema errors (permissions, ...) reject.
 */
export async function createSqlStore(client: SqlClient, options: SqlStoreOptions = {}): Promise<ClinicStore> {
  const kind = client.kind;
  let schemaReady: Promise<void> | undefined;
  const ensureSchema = (): Promise<void> =>
    (schemaReady ??= client.exec(SCHEMA_SQL).catch((error: unknown) => {
      schemaReady = undefined;
      throw error;
    }));

  async function query<R extends object>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    try {
      await ensureSchema();
      return await client.query<R>(text, params);
    } catch (error) {
      throw isUnavailable(error) ? storeUnavailableError(kind, error) : error;
    }
  }

  try {
    await ensureSchema();
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    options.log?.(`clinic: ${kind} is unreachable (${(error as Error).message}); will retry on each request`);
  }

  async function checkInput(
    entity: EntityName | 'doctor-patient',
    candidate: Record<string, unknown>,
    exceptId?: number,
  ): Promise<FieldErrors> {
    const references = entity === 'doctor-patient' ? LINK_REFERENCES : ENTITIES[entity].references;
    const selects: string[] = [];
    const params: unknown[] = [];
    const checked: { field: string; kind: 'ref' | 'unique'; target: EntityName }[] = [];
    for (const ref of references) {
      const value = candidate[ref.field];
      if (value === undefined) continue;
      params.push(value);
      selects.push(
        `EXISTS (SELECT 1 FROM ${TABLES[ref.entity].table} WHERE id = $${params.length}) AS "${ref.field}"`,
      );
      checked.push({ field: ref.field, kind: 'ref', target: ref.entity });
    }
    if (entity === 'patient' && candidate.mpn !== undefined) {
      params.push(candidate.mpn, exceptId ?? null);
      selects.push(
        `(SELECT id FROM patient WHERE mpn = $${params.length - 1} AND id IS DISTINCT FROM $${params.length}::integer LIMIT 1) AS mpn`,
      );
      checked.push({ field: 'mpn', kind: 'unique', target: 'patient' });
    }
    if (selects.length === 0) return {};
    const [row] = await query<Record<string, unknown>>(`SELECT ${selects.join(', ')}`, params);
    const fields: FieldErrors = {};
    for (const check of checked) {
      const value = row?.[check.field];
      if (check.kind === 'ref' && value === false) {
        fields[check.field] = missingReferenceMessage(check.target, candidate[check.field]);
      } else if (check.kind === 'unique' && value !== null && value !== undefined) {
        fields[check.field] = duplicateMessage(check.target, value);
      }
    }
    return fields;
  }

  /** Map a failed INSERT/UPDATE to every field error at once (or rethrow). */
  async function writeError(
    entity: EntityName | 'doctor-patient',
    error: unknown,
    candidate: Record<string, unknown>,
    exceptId?: number,
  ): Promise<unknown> {
    const state = sqlState(error);
    if (state === '23505' && constraintOf(error) === 'doctor_patient_pkey') {
      return validationError({ patient_ID: alreadyLinkedMessage(candidate.doctor_ID) });
    }
    if (state !== '23503' && state !== '23505') return error;
    const fields = await checkInput(entity, candidate, exceptId);
    if (Object.keys(fields).length > 0) return validationError(fields);
    // The offending row changed between the statement and the check: name the constraint's field.
    const constraint = constraintOf(error) ?? '';
    const field = /mpn/.test(constraint) ? 'mpn' : /hospital/.test(constraint) ? 'hospital_ID' : 'patient_ID';
    return validationError({
      [field]: state === '23505' ? duplicateMessage(entity) : 'refers to a missing record',
    });
  }

  function pageOf<T>(row: PageRow<T> | undefined, page: PageRequest): Page<T> {
    return { items: row?.items ?? [], total: row?.total ?? 0, offset: page.offset, limit: page.limit };
  }

  const store: ClinicStore = {
    kind,

    async list<E extends EntityName>(entity: E, page: PageRequest): Promise<Page<RecordOf<E>>> {
      const { table, select } = TABLES[entity];
      const [row] = await query<PageRow<RecordOf<E>>>(
        `SELECT (SELECT count(*)::int FROM ${table}) AS total,
                (SELECT json_agg(t ORDER BY t."ID" DESC)
                   FROM (SELECT ${select} FROM ${table} ORDER BY id DESC LIMIT $1 OFFSET $2) t) AS items`,
        [page.limit, page.offset],
      );
      return pageOf(row, page);
    },

    async get<E extends EntityName>(entity: E, id: number): Promise<RecordOf<E> | undefined> {
      const { table, select } = TABLES[entity];
      const [row] = await query<RecordOf<E>>(`SELECT ${select} FROM ${table} WHERE id = $1`, [id]);
      return row;
    },

    async create<E extends EntityName>(entity: E, input: InputOf<E>): Promise<RecordOf<E>> {
      const { table, columns, select } = TABLES[entity];
      const values = columns.map(([field]) => (input as Record<string, unknown>)[field]);
      const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
      try {
        const [row] = await query<RecordOf<E>>(
          `INSERT INTO ${table} (${columns.map(([, c]) => c).join(', ')}) VALUES (${placeholders}) RETURNING ${select}`,
          values,
        );
        if (!row) throw new Error(`INSERT INTO ${table} returned no row`);
        return row;
      } catch (error) {
        throw await writeError(entity, error, input as Record<string, unknown>);
      }
    },

    async update<E extends EntityName>(entity: E, id: number, input: InputOf<E>): Promise<RecordOf<E>> {
      const { table, columns, select } = TABLES[entity];
      const values = columns.map(([field]) => (input as Record<string, unknown>)[field]);
      const sets = columns.map(([, column], i) => `${column} = $${i + 2}`).join(', ');
      let row: RecordOf<E> | undefined;
      try {
        [row] = await query<RecordOf<E>>(`UPDATE ${table} SET ${sets} WHERE id = $1 RETURNING ${select}`, [
          id,
          ...values,
        ]);
      } catch (error) {
        throw await writeError(entity, error, input as Record<string, unknown>, id);
      }
      if (!row) throw notFoundError(entity, id);
      return row;
    },

    async remove(entity: EntityName, id: number): Promise<void> {
      const { table, inbound } = TABLES[entity];
      let deleted: unknown[];
      try {
        deleted = await query(`DELETE FROM ${table} WHERE id = $1 RETURNING id`, [id]);
      } catch (error) {
        // 23503 foreign_key_violation (PostgreSQL ≤ 16), 23001 restrict_violation (PGlite / PostgreSQL 17).
        const state = sqlState(error);
        if (state !== '23503' && state !== '23001') throw error;
        const counts = inbound.map((b) => `(SELECT count(*)::int FROM ${b.table} WHERE ${b.column} = $1)`);
        const [row] = await query<{ n: number[] }>(`SELECT ARRAY[${counts.join(', ')}] AS n`, [id]);
        const blockers = inbound.flatMap((b, i) => {
          const n = row?.n[i] ?? 0;
          return n > 0 ? [`${b.what} (${n})`] : [];
        });
        throw new ClinicError('CLINIC_ERR_REFERENCED', referencedMessage(entity, id, blockers), {
          cause: error,
        });
      }
      if (deleted.length === 0) throw notFoundError(entity, id);
    },

    checkInput,

    async listLinks(page: PageRequest): Promise<Page<DoctorPatientLink>> {
      const [row] = await query<PageRow<DoctorPatientLink>>(
        `SELECT (SELECT count(*)::int FROM doctor_patient) AS total,
                (SELECT json_agg(json_build_object('doctor_ID', t.doctor_id, 'patient_ID', t.patient_id) ORDER BY t.seq DESC)
                   FROM (SELECT doctor_id, patient_id, seq FROM doctor_patient ORDER BY seq DESC LIMIT $1 OFFSET $2) t) AS items`,
        [page.limit, page.offset],
      );
      return pageOf(row, page);
    },

    async listDoctorPatients(doctorId: number, page: PageRequest): Promise<Page<Patient>> {
      const [row] = await query<PageRow<Patient> & { found: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM doctor WHERE id = $1) AS found,
                (SELECT count(*)::int FROM doctor_patient WHERE doctor_id = $1) AS total,
                (SELECT json_agg(t ORDER BY t."ID" DESC)
                   FROM (SELECT ${PATIENT_SELECT} FROM patient p JOIN doctor_patient dp ON dp.patient_id = p.id
                          WHERE dp.doctor_id = $1 ORDER BY p.id DESC LIMIT $2 OFFSET $3) t) AS items`,
        [doctorId, page.limit, page.offset],
      );
      if (!row?.found) throw notFoundError('doctor', doctorId);
      return pageOf(row, page);
    },

    async createLink(link: DoctorPatientLink): Promise<DoctorPatientLink> {
      try {
        await query('INSERT INTO doctor_patient (doctor_id, patient_id) VALUES ($1, $2)', [
          link.doctor_ID,
          link.patient_ID,
        ]);
      } catch (error) {
        throw await writeError('doctor-patient', error, { ...link });
      }
      return { doctor_ID: link.doctor_ID, patient_ID: link.patient_ID };
    },

    async removeLink(doctorId: number, patientId: number): Promise<void> {
      const deleted = await query(
        'DELETE FROM doctor_patient WHERE doctor_id = $1 AND patient_id = $2 RETURNING doctor_id',
        [doctorId, patientId],
      );
      if (deleted.length === 0) throw notFoundError('doctor-patient link', `${doctorId}/${patientId}`);
    },

    async counts(): Promise<StoreCounts> {
      const [row] = await query<StoreCounts>(
        `SELECT (SELECT count(*)::int FROM hospital) AS hospital, (SELECT count(*)::int FROM doctor) AS doctor,
                (SELECT count(*)::int FROM patient) AS patient, (SELECT count(*)::int FROM diagnosis) AS diagnosis,
                (SELECT count(*)::int FROM doctor_patient) AS "doctor-patient"`,
      );
      if (!row) throw new Error('count query returned no row');
      return row;
    },

    async ping(): Promise<void> {
      await query('SELECT 1');
    },

    close: () => client.close(),
  };
  return store;
}
