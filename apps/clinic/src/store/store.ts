/**
 * `ClinicStore`: the one interface the HTTP layer talks to. Implemented by the
 * Redis store (`redis/redis-store.ts`) and the SQL store (`sql/sql-store.ts`, on
 * PostgreSQL via `pg` or PGlite in-process).
 */
import type { FieldErrors } from '../errors.ts';
import type { DoctorPatientLink } from '../model/doctor-patient.ts';
import type { EntityName, InputOf, RecordOf } from '../model/entities.ts';
import type { Page, PageRequest } from '../model/page.ts';
import type { Patient } from '../model/patient.ts';

/** Which backend a store runs on; reported by `/health` and the ready line. */
export type StoreKind = 'redis' | 'postgres' | 'pglite';

/** Number of records per entity plus the number of doctor–patient links. */
export type StoreCounts = Record<EntityName | 'doctor-patient', number>;

/**
 * Persistence for the clinic. Lists are newest first (descending `ID`; links by
 * creation) and cost a constant number of round trips whatever the page size.
 *
 * Every method may reject with `ClinicError`:
 * - `CLINIC_ERR_STORE_UNAVAILABLE` when the backend cannot be reached (nothing written);
 * - `CLINIC_ERR_VALIDATION` (with `fields`) for a reference to a missing record,
 *   a duplicate `mpn` or an existing link — every such field at once, nothing written;
 * - `CLINIC_ERR_NOT_FOUND` for an unknown `ID`;
 * - `CLINIC_ERR_REFERENCED` when deleting a record others still point to
 *   (hospital ← doctors; patient ← diagnoses, links; doctor ← links).
 *
 * Inputs are already validated by the schemas in `model/` (trimmed text, integers).
 */
export interface ClinicStore {
  /** Backend kind. */
  readonly kind: StoreKind;

  /** One page of `entity` records, newest first, plus the total count. */
  list<E extends EntityName>(entity: E, page: PageRequest): Promise<Page<RecordOf<E>>>;
  /** The record with this `ID`, or `undefined`. */
  get<E extends EntityName>(entity: E, id: number): Promise<RecordOf<E> | undefined>;
  /** Insert a record (references and uniqueness checked atomically); returns it with its new `ID`. */
  create<E extends EntityName>(entity: E, input: InputOf<E>): Promise<RecordOf<E>>;
  /** Replace every field of record `id` (full update); returns the stored record. */
  update<E extends EntityName>(entity: E, id: number, input: InputOf<E>): Promise<RecordOf<E>>;
  /** Delete record `id`; `CLINIC_ERR_REFERENCED` while other records point to it. */
  remove(entity: EntityName, id: number): Promise<void>;
  /**
   * Check the references and unique fields present in `candidate` (a partial,
   * already-parsed input) without writing: returns `{ field: message }` for each
   * problem (empty when none). `exceptId` is the record being updated, whose own
   * unique values do not count as duplicates. Used to report store-level problems
   * together with schema errors.
   */
  checkInput(
    entity: EntityName | 'doctor-patient',
    candidate: Record<string, unknown>,
    exceptId?: number,
  ): Promise<FieldErrors>;

  /** One page of doctor–patient links, newest first. */
  listLinks(page: PageRequest): Promise<Page<DoctorPatientLink>>;
  /** One page of the patients linked to doctor `doctorId` (newest patient first); NOT_FOUND if no such doctor. */
  listDoctorPatients(doctorId: number, page: PageRequest): Promise<Page<Patient>>;
  /** Link a doctor and a patient; VALIDATION if either is missing or the link exists. */
  createLink(link: DoctorPatientLink): Promise<DoctorPatientLink>;
  /** Remove a link; NOT_FOUND if it does not exist. */
  removeLink(doctorId: number, patientId: number): Promise<void>;

  /** Record counts per entity (one round trip). */
  counts(): Promise<StoreCounts>;
  /** Resolve when the backend answers; reject with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  /** Release connections / the embedded database. Idempotent. */
  close(): Promise<void>;
}
