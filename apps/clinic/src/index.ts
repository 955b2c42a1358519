/**
 * Public surface of the clinic service (explicit named exports only).
 *
 * ```ts
 * const store = await createStoreFromEnv(process.env);
 * const app = await buildApp({ store });
 * await app.listen({ port: 8888 });
 * ```
 */
export { buildApp, type BuildAppOptions } from './app.ts';
export { loadConfig, type ClinicConfig, type LogLevel, type StoreConfig } from './config.ts';
export {
  CLINIC_ERRORS,
  ClinicError,
  isClinicError,
  type ClinicErrorCode,
  type ErrorSpec,
  type FieldErrors,
} from './errors.ts';
export type { Diagnosis, DiagnosisInput } from './model/diagnosis.ts';
export type { Doctor, DoctorInput } from './model/doctor.ts';
export type { DoctorPatientLink } from './model/doctor-patient.ts';
export { ENTITY_NAMES, type EntityName, type InputOf, type RecordOf } from './model/entities.ts';
export type { Hospital, HospitalInput } from './model/hospital.ts';
export { DEFAULT_LIMIT, MAX_LIMIT, type Page, type PageRequest } from './model/page.ts';
export type { Patient, PatientInput } from './model/patient.ts';
export {
  createPgliteStore,
  createPostgresStore,
  createRedisStore,
  createStoreFromEnv,
  type StoreFactoryOptions,
} from './store/factories.ts';
export type { RedisStoreOptions } from './store/redis/redis-store.ts';
export type { ClinicStore, StoreCounts, StoreKind } from './store/store.ts';
