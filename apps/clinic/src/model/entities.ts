/**
 * The entity registry: for each of hospital, doctor, patient and diagnosis, its
 * input/record schemas, field order, outgoing references and unique fields. The
 * HTTP layer and both stores are driven by this table.
 */
import type { z } from 'zod';
import { diagnosisInput, diagnosisRecord, type Diagnosis, type DiagnosisInput } from './diagnosis.ts';
import { doctorInput, doctorRecord, type Doctor, type DoctorInput } from './doctor.ts';
import { hospitalInput, hospitalRecord, type Hospital, type HospitalInput } from './hospital.ts';
import { patientInput, patientRecord, type Patient, type PatientInput } from './patient.ts';

/** Input and record types per entity. */
export interface EntityTypes {
  hospital: { input: HospitalInput; record: Hospital };
  doctor: { input: DoctorInput; record: Doctor };
  patient: { input: PatientInput; record: Patient };
  diagnosis: { input: DiagnosisInput; record: Diagnosis };
}

/** `"hospital" | "doctor" | "patient" | "diagnosis"` — also the URL segment and Redis key prefix. */
export type EntityName = keyof EntityTypes;
/** Validated input of entity `E` (no `ID`). */
export type InputOf<E extends EntityName> = EntityTypes[E]['input'];
/** Stored record of entity `E`: `ID` plus its fields. */
export type RecordOf<E extends EntityName> = EntityTypes[E]['record'];

/** Field names of entity `E` (distributes over unions: every field of every member). */
export type FieldOf<E extends EntityName> = E extends EntityName ? keyof InputOf<E> & string : never;

/** A field of one entity that holds the `ID` of a record of another. */
export interface ReferenceSpec {
  readonly field: string;
  readonly entity: EntityName;
}

/** Static description of one entity. */
export interface EntitySpec<E extends EntityName> {
  readonly name: E;
  /** Human label, singular ("hospital") and plural ("hospitals"). */
  readonly label: string;
  readonly plural: string;
  /** Input schema (forms and JSON bodies); strict object. */
  readonly input: z.ZodType<InputOf<E>> & { shape: Record<string, z.ZodType> };
  /** Record schema (JSON responses). */
  readonly record: z.ZodType<RecordOf<E>>;
  /** Field names in display order (without `ID`). */
  readonly fields: readonly FieldOf<E>[];
  /** Outgoing references, checked on create/update. */
  readonly references: readonly ReferenceSpec[];
  /** Fields whose value must be unique across records. */
  readonly unique: readonly FieldOf<E>[];
}

/** Every entity's spec, keyed by name. */
export const ENTITIES: { readonly [E in EntityName]: EntitySpec<E> } = {
  hospital: {
    name: 'hospital',
    label: 'hospital',
    plural: 'hospitals',
    input: hospitalInput,
    record: hospitalRecord,
    fields: ['name', 'address', 'beds_number', 'phone'],
    references: [],
    unique: [],
  },
  doctor: {
    name: 'doctor',
    label: 'doctor',
    plural: 'doctors',
    input: doctorInput,
    record: doctorRecord,
    fields: ['surname', 'profession', 'hospital_ID'],
    references: [{ field: 'hospital_ID', entity: 'hospital' }],
    unique: [],
  },
  patient: {
    name: 'patient',
    label: 'patient',
    plural: 'patients',
    input: patientInput,
    record: patientRecord,
    fields: ['surname', 'born_date', 'sex', 'mpn'],
    references: [],
    unique: ['mpn'],
  },
  diagnosis: {
    name: 'diagnosis',
    label: 'diagnosis',
    plural: 'diagnoses',
    input: diagnosisInput,
    record: diagnosisRecord,
    fields: ['patient_ID', 'type', 'information'],
    references: [{ field: 'patient_ID', entity: 'patient' }],
    unique: [],
  },
};

/** Entity names in menu order. */
export const ENTITY_NAMES: readonly EntityName[] = ['hospital', 'doctor', 'patient', 'diagnosis'];

/** The doctor–patient link's references (both must exist). */
export const LINK_REFERENCES: readonly ReferenceSpec[] = [
  { field: 'doctor_ID', entity: 'doctor' },
  { field: 'patient_ID', entity: 'patient' },
];
