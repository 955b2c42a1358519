/**
 * The clinic error catalogue: every error the service reports on purpose has a
 * stable `CLINIC_ERR_*` code, an HTTP status, an exit code (for the process
 * entry) and, where one helps, a hint. Modelled on fastify's `lib/errors.js`.
 */

/** Per-field error messages, keyed by form/JSON field name (e.g. `{ name: "is required" }`). */
export type FieldErrors = Record<string, string>;

/** Static description of one catalogued error. */
export interface ErrorSpec {
  /** HTTP status the service answers with. */
  readonly status: number;
  /** Process exit code when the error ends `main.ts` (0 ok, 1 failed, 2 config). */
  readonly exitCode: number;
  /** Default one-line message. */
  readonly message: string;
  /** What to do about it, when there is something to say. */
  readonly hint?: string;
}

/** The catalogue: code → spec. */
export const CLINIC_ERRORS = {
  /** Input failed validation; `fields` lists every field at fault. */
  CLINIC_ERR_VALIDATION: {
    status: 400,
    exitCode: 1,
    message: 'The request has invalid fields.',
    hint: 'Fix the fields listed in `fields` and send the request again.',
  },
  /** A malformed request that is not about a record's fields (bad content type, bad JSON). */
  CLINIC_ERR_BAD_REQUEST: { status: 400, exitCode: 1, message: 'The request could not be understood.' },
  /** The record (or route) does not exist. */
  CLINIC_ERR_NOT_FOUND: { status: 404, exitCode: 1, message: 'Not found.' },
  /** Deleting a record other records still point to. */
  CLINIC_ERR_REFERENCED: {
    status: 409,
    exitCode: 1,
    message: 'The record is still referenced.',
    hint: 'Delete or re-point the records that reference it first.',
  },
  /** Redis / PostgreSQL / PGlite cannot be reached; the service keeps running and retries. */
  CLINIC_ERR_STORE_UNAVAILABLE: {
    status: 503,
    exitCode: 1,
    message: 'The clinic data store is unreachable.',
    hint: 'The service retries automatically; check that the store is running and reachable.',
  },
  /** A bad environment variable (PORT, HOST, REDIS_URL, ...). */
  CLINIC_ERR_CONFIG: {
    status: 500,
    exitCode: 2,
    message: 'Invalid configuration.',
    hint: 'See apps/clinic/README.md for the environment variables.',
  },
  /** A bug: anything not in this catalogue. */
  CLINIC_ERR_INTERNAL: { status: 500, exitCode: 1, message: 'Internal server error.' },
} as const satisfies Record<string, ErrorSpec>;

/** A catalogued error code, e.g. `"CLINIC_ERR_VALIDATION"`. */
export type ClinicErrorCode = keyof typeof CLINIC_ERRORS;

/**
 * An error from the catalogue. `status` is the HTTP status (the catalogue's unless
 * overridden, e.g. 415 for `CLINIC_ERR_BAD_REQUEST`), `fields` the per-field
 * messages (validation errors only), `cause` the underlying error if any.
 */
export class ClinicError extends Error {
  readonly code: ClinicErrorCode;
  readonly status: number;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly fields: FieldErrors | undefined;

  constructor(
    code: ClinicErrorCode,
    message?: string,
    options: { fields?: FieldErrors; cause?: unknown; hint?: string; status?: number } = {},
  ) {
    const spec: ErrorSpec = CLINIC_ERRORS[code];
    super(message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClinicError';
    this.code = code;
    this.status = options.status ?? spec.status;
    this.exitCode = spec.exitCode;
    this.hint = options.hint ?? spec.hint;
    this.fields = options.fields;
  }
}

/** `CLINIC_ERR_VALIDATION` carrying every field error at once. */
export function validationError(fields: FieldErrors): ClinicError {
  const names = Object.keys(fields);
  const message = names.length === 1 ? `Invalid field: ${names[0]}.` : `Invalid fields: ${names.join(', ')}.`;
  return new ClinicError('CLINIC_ERR_VALIDATION', message, { fields });
}

/** `CLINIC_ERR_NOT_FOUND` for `entity` `id`, e.g. "hospital 7 not found". */
export function notFoundError(entity: string, id: number | string): ClinicError {
  return new ClinicError('CLINIC_ERR_NOT_FOUND', `${entity} ${id} not found.`);
}

/** `CLINIC_ERR_STORE_UNAVAILABLE` naming the store kind and the underlying cause. */
export function storeUnavailableError(store: string, cause: unknown): ClinicError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ClinicError('CLINIC_ERR_STORE_UNAVAILABLE', `The ${store} store is unreachable${detail}.`, {
    cause,
  });
}

/** True when `value` is a {@link ClinicError} (optionally with the given code). */
export function isClinicError(value: unknown, code?: ClinicErrorCode): value is ClinicError {
  return value instanceof ClinicError && (code === undefined || value.code === code);
}
