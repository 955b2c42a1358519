/**
 * The arena error catalogue: every error the server reports on purpose has a
 * stable `ARENA_ERR_*` code, an HTTP status, an exit code (for the process entry)
 * and, where one helps, a hint. Modelled on fastify's `lib/errors.js`.
 */

/** Per-field error messages, keyed by field path (e.g. `{ "rules.maxAttempts": "must be ≥ 1" }`). */
export type FieldErrors = Record<string, string>;

/** Static description of one catalogued error. */
export interface ErrorSpec {
  /** HTTP status the server answers with. */
  readonly status: number;
  /** Process exit code when the error ends `main.ts` (1 failed, 2 config). */
  readonly exitCode: number;
  /** Default one-line message. */
  readonly message: string;
  /** What to do about it, when there is something to say. */
  readonly hint?: string;
}

/** The catalogue: code → spec. */
export const ARENA_ERRORS = {
  /** Input failed validation; `fields` lists every field at fault. */
  ARENA_ERR_VALIDATION: {
    status: 400,
    exitCode: 1,
    message: 'The request has invalid fields.',
    hint: 'Fix the fields listed in `fields` and send the request again.',
  },
  /** A malformed request that is not about fields (bad JSON, wrong content type, too large). */
  ARENA_ERR_BAD_REQUEST: { status: 400, exitCode: 1, message: 'The request could not be understood.' },
  /** No or an invalid/expired/revoked access token. */
  ARENA_ERR_UNAUTHENTICATED: {
    status: 401,
    exitCode: 1,
    message: 'Authentication required.',
    hint: 'Log in at POST /api/auth/login and send `Authorization: Bearer <accessToken>`.',
  },
  /** Wrong login or password (deliberately not saying which). */
  ARENA_ERR_BAD_CREDENTIALS: { status: 401, exitCode: 1, message: 'Wrong login or password.' },
  /** A refresh token that is unknown, expired, revoked, or was already used (reuse revokes its family). */
  ARENA_ERR_REFRESH_INVALID: {
    status: 401,
    exitCode: 1,
    message: 'The refresh token is not valid.',
    hint: 'Log in again.',
  },
  /** Authenticated, but the role or competition does not allow this route. */
  ARENA_ERR_FORBIDDEN: { status: 403, exitCode: 1, message: 'Not allowed.' },
  /** The record (or route) does not exist. */
  ARENA_ERR_NOT_FOUND: { status: 404, exitCode: 1, message: 'Not found.' },
  /** A unique value already taken (login, team name, card position). */
  ARENA_ERR_CONFLICT: { status: 409, exitCode: 1, message: 'Already exists.' },
  /** Buying or answering outside the competition's start..end window. */
  ARENA_ERR_NOT_RUNNING: { status: 409, exitCode: 1, message: 'The competition is not running.' },
  /** The card was already bought by this team/participant. */
  ARENA_ERR_ALREADY_BOUGHT: { status: 409, exitCode: 1, message: 'The card is already bought.' },
  /** The balance does not cover the card's price. */
  ARENA_ERR_INSUFFICIENT_BALANCE: {
    status: 409,
    exitCode: 1,
    message: 'The balance does not cover the price.',
  },
  /** Answering a card that was not bought. */
  ARENA_ERR_NOT_BOUGHT: {
    status: 409,
    exitCode: 1,
    message: 'The card has not been bought.',
    hint: 'Buy the card first.',
  },
  /** Answering a card that is already solved or has no attempts left. */
  ARENA_ERR_CARD_CLOSED: { status: 409, exitCode: 1, message: 'The card is closed.' },
  /** A state change that does not apply (e.g. voiding a voided submission, deleting a bought card). */
  ARENA_ERR_STATE: { status: 409, exitCode: 1, message: 'Not possible in the current state.' },
  /** Too many requests; `Retry-After` says when to try again. */
  ARENA_ERR_RATE_LIMITED: { status: 429, exitCode: 1, message: 'Too many requests.' },
  /** PostgreSQL / PGlite / Redis cannot be reached. */
  ARENA_ERR_STORE_UNAVAILABLE: {
    status: 503,
    exitCode: 1,
    message: 'The arena data store is unreachable.',
    hint: 'The server retries automatically; check that the database and Redis are running.',
  },
  /** A bad environment variable. */
  ARENA_ERR_CONFIG: {
    status: 500,
    exitCode: 2,
    message: 'Invalid configuration.',
    hint: 'See apps/arena/README.md for the environment variables.',
  },
  /** A migration file changed after it was applied, or a migration failed. */
  ARENA_ERR_MIGRATION: {
    status: 500,
    exitCode: 1,
    message: 'The database schema could not be migrated.',
  },
  /** A bug: anything not in this catalogue. */
  ARENA_ERR_INTERNAL: { status: 500, exitCode: 1, message: 'Internal server error.' },
} as const satisfies Record<string, ErrorSpec>;

/** A catalogued error code, e.g. `"ARENA_ERR_VALIDATION"`. */
export type ArenaErrorCode = keyof typeof ARENA_ERRORS;

/**
 * An error from the catalogue. `status` is the HTTP status (the catalogue's
 * unless overridden), `fields` the per-field messages (validation errors),
 * `retryAfterS` the seconds to wait (rate limits), `cause` the underlying error.
 */
export class ArenaError extends Error {
  readonly code: ArenaErrorCode;
  readonly status: number;
  readonly exitCode: number;
  readonly hint: string | undefined;
  readonly fields: FieldErrors | undefined;

  constructor(
    code: ArenaErrorCode,
    message?: string,
    options: { fields?: FieldErrors; cause?: unknown; hint?: string; status?: number } = {},
  ) {
    const spec: ErrorSpec = ARENA_ERRORS[code];
    super(message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ArenaError';
    this.code = code;
    this.status = options.status ?? spec.status;
    this.exitCode = spec.exitCode;
    this.hint = options.hint ?? spec.hint;
    this.fields = options.fields;
  }
}

/** `ARENA_ERR_VALIDATION` carrying every field error at once. */
export function validationError(fields: FieldErrors): ArenaError {
  const names = Object.keys(fields);
  const message = names.length === 1 ? `Invalid field: ${names[0]}.` : `Invalid fields: ${names.join(', ')}.`;
  return new ArenaError('ARENA_ERR_VALIDATION', message, { fields });
}

/** `ARENA_ERR_NOT_FOUND` for `entity` `id`, e.g. "card 7 not found in competition 2". */
export function notFoundError(entity: string, id: number | string, where?: string): ArenaError {
  return new ArenaError('ARENA_ERR_NOT_FOUND', `${entity} ${id} not found${where ? ` in ${where}` : ''}.`);
}

/** True when `value` is an {@link ArenaError} (optionally with the given code). */
export function isArenaError(value: unknown, code?: ArenaErrorCode): value is ArenaError {
  return value instanceof ArenaError && (code === undefined || value.code === code);
}
