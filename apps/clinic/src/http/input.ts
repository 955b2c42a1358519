/**
 * Reading a create/update body: schema validation plus the store-level checks
 * (missing references, duplicate `mpn`), so a 400 lists every field error at once.
 */
import { isClinicError, validationError } from '../errors.ts';
import { doctorPatientInput, type DoctorPatientLink } from '../model/doctor-patient.ts';
import { ENTITIES, type EntityName, type InputOf } from '../model/entities.ts';
import { parseFields, validFields } from '../model/validate.ts';
import type { ClinicStore } from '../store/store.ts';
import type { z } from 'zod';

/** Keep only `fieldNames` of a form body (forms may carry extra controls; JSON bodies stay strict). */
export function pickFields(raw: unknown, fieldNames: readonly string[]): Record<string, unknown> {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const name of fieldNames) if (source[name] !== undefined) out[name] = source[name];
  return out;
}

async function parseWithStoreChecks<T>(
  store: ClinicStore,
  checkAs: EntityName | 'doctor-patient',
  schema: z.ZodType<T> & { shape: Record<string, z.ZodType> },
  raw: unknown,
  exceptId?: number,
): Promise<T> {
  const parsed = parseFields(schema, raw);
  if (parsed.ok) return parsed.value;
  // Also report references/uniqueness of the fields that are valid on their own.
  const candidate = validFields(schema.shape, raw);
  for (const name of Object.keys(parsed.fields)) delete candidate[name];
  let more = {};
  try {
    more = await checkInput(store, checkAs, candidate, exceptId);
  } catch (error) {
    // Store down: the schema errors alone are still a correct (if partial) answer.
    if (!isClinicError(error, 'CLINIC_ERR_STORE_UNAVAILABLE')) throw error;
  }
  throw validationError({ ...parsed.fields, ...more });
}

function checkInput(
  store: ClinicStore,
  entity: EntityName | 'doctor-patient',
  candidate: Record<string, unknown>,
  exceptId?: number,
) {
  return Object.keys(candidate).length === 0
    ? Promise.resolve({})
    : store.checkInput(entity, candidate, exceptId);
}

/**
 * Validate a create/update body for `entity`.
 * @returns the parsed input (text trimmed, numbers converted).
 * @throws ClinicError `CLINIC_ERR_VALIDATION` with every field error (schema and store checks);
 *   `CLINIC_ERR_STORE_UNAVAILABLE` never for bad input (schema errors are returned alone then).
 */
export function readEntityInput<E extends EntityName>(
  store: ClinicStore,
  entity: E,
  raw: unknown,
  exceptId?: number,
): Promise<InputOf<E>> {
  return parseWithStoreChecks(store, entity, ENTITIES[entity].input, raw, exceptId);
}

/** Validate a doctor–patient link body; same contract as {@link readEntityInput}. */
export function readLinkInput(store: ClinicStore, raw: unknown): Promise<DoctorPatientLink> {
  return parseWithStoreChecks(store, 'doctor-patient', doctorPatientInput, raw);
}
