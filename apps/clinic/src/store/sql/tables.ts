/**
 * How each entity maps onto its table: column per field (SQL columns are
 * lower-case, JSON/form fields keep the original names such as `hospital_ID`),
 * the SELECT list producing API-shaped rows, and who references it (for 409s).
 */
import type { EntityName } from '../../model/entities.ts';

/** One entity's table. */
export interface TableSpec {
  readonly table: string;
  /** `[field, column]` pairs in field order. */
  readonly columns: readonly (readonly [string, string])[];
  /** SELECT list yielding `{ ID, ...fields }` rows (dates as `YYYY-MM-DD` text). */
  readonly select: string;
  /** Tables/columns pointing at this table, and what to call them in a 409 message. */
  readonly inbound: readonly { table: string; column: string; what: string }[];
}

/** Table specs per entity. */
export const TABLES: { readonly [E in EntityName]: TableSpec } = {
  hospital: {
    table: 'hospital',
    columns: [
      ['name', 'name'],
      ['address', 'address'],
      ['beds_number', 'beds_number'],
      ['phone', 'phone'],
    ],
    select: 'id AS "ID", name, address, beds_number, phone',
    inbound: [{ table: 'doctor', column: 'hospital_id', what: 'doctors' }],
  },
  doctor: {
    table: 'doctor',
    columns: [
      ['surname', 'surname'],
      ['profession', 'profession'],
      ['hospital_ID', 'hospital_id'],
    ],
    select: 'id AS "ID", surname, profession, hospital_id AS "hospital_ID"',
    inbound: [{ table: 'doctor_patient', column: 'doctor_id', what: 'patient links' }],
  },
  patient: {
    table: 'patient',
    columns: [
      ['surname', 'surname'],
      ['born_date', 'born_date'],
      ['sex', 'sex'],
      ['mpn', 'mpn'],
    ],
    select: `id AS "ID", surname, to_char(born_date, 'YYYY-MM-DD') AS born_date, sex, mpn`,
    inbound: [
      { table: 'diagnosis', column: 'patient_id', what: 'diagnoses' },
      { table: 'doctor_patient', column: 'patient_id', what: 'doctor links' },
    ],
  },
  diagnosis: {
    table: 'diagnosis',
    columns: [
      ['patient_ID', 'patient_id'],
      ['type', 'type'],
      ['information', 'information'],
    ],
    select: 'id AS "ID", patient_id AS "patient_ID", type, information',
    inbound: [],
  },
};
