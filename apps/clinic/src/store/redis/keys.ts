/**
 * The Redis key layout. The first three kinds are the original Tornado app's;
 * the rest are indexes this service adds.
 *
 * | key                          | type   | holds                                        |
 * |------------------------------|--------|----------------------------------------------|
 * | `{entity}:{id}`              | hash   | the record's fields (form field names)       |
 * | `{entity}:autoID`            | string | last issued ID (INCR)                        |
 * | `doctor-patient:{doctor_id}` | set    | IDs of the doctor's patients                 |
 * | `{entity}:ids`               | zset   | every ID of the entity, score = ID (paging)  |
 * | `patient:mpn`                | hash   | mpn → patient ID (uniqueness)                |
 * | `hospital:{id}:doctors`      | set    | IDs of doctors in the hospital (409 check)   |
 * | `patient:{id}:diagnoses`     | set    | IDs of the patient's diagnoses (409 check)   |
 * | `patient:{id}:doctors`       | set    | IDs of the patient's doctors (reverse links) |
 * | `doctor-patient:autoID`      | string | link creation counter (ordering)             |
 * | `doctor-patient:ids`         | zset   | `"{doctor_id}:{patient_id}"`, score = order  |
 *
 * `{entity}` is `hospital`, `doctor`, `patient` or `diagnosis`.
 */
import type { EntityName } from '../../model/entities.ts';

/** Key of one record's hash, e.g. `hospital:7`. */
export function recordKey(entity: EntityName, id: number | string): string {
  return `${entity}:${id}`;
}

/** Key of the entity's ID index (sorted set, score = ID). */
export function idsKey(entity: EntityName): string {
  return `${entity}:ids`;
}

/** Key of the doctor's patient set (original layout), e.g. `doctor-patient:4`. */
export function doctorPatientsKey(doctorId: number | string): string {
  return `doctor-patient:${doctorId}`;
}

/** Key of the link index (sorted set of `"{doctor_id}:{patient_id}"`, newest = highest score). */
export const LINKS_KEY = 'doctor-patient:ids';
/** Key of the link creation counter. */
export const LINKS_COUNTER_KEY = 'doctor-patient:autoID';

/**
 * What the generic Lua scripts need to know about an entity (sent as JSON in ARGV[1]).
 * - `refs`: outgoing references; back-reference set = `{target}:{value}:{backref}`.
 * - `unique`: unique fields; `index` is a hash value → ID.
 * - `inbound`: sets `{prefix}{id}{suffix}` that must be empty before a delete.
 */
export interface LuaEntitySpec {
  entity: EntityName;
  refs: { field: string; target: EntityName; backref: string }[];
  unique: { field: string; index: string }[];
  inbound: { prefix: string; suffix: string; what: string }[];
}

/** Script specs per entity. */
export const LUA_SPECS: { readonly [E in EntityName]: LuaEntitySpec } = {
  hospital: {
    entity: 'hospital',
    refs: [],
    unique: [],
    inbound: [{ prefix: 'hospital:', suffix: ':doctors', what: 'doctors' }],
  },
  doctor: {
    entity: 'doctor',
    refs: [{ field: 'hospital_ID', target: 'hospital', backref: 'doctors' }],
    unique: [],
    inbound: [{ prefix: 'doctor-patient:', suffix: '', what: 'patient links' }],
  },
  patient: {
    entity: 'patient',
    refs: [],
    unique: [{ field: 'mpn', index: 'patient:mpn' }],
    inbound: [
      { prefix: 'patient:', suffix: ':diagnoses', what: 'diagnoses' },
      { prefix: 'patient:', suffix: ':doctors', what: 'doctor links' },
    ],
  },
  diagnosis: {
    entity: 'diagnosis',
    refs: [{ field: 'patient_ID', target: 'patient', backref: 'diagnoses' }],
    unique: [],
    inbound: [],
  },
};
