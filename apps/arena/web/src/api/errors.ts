/** Messages people can act on, for every error the server may answer. */
import { ApiError } from './client';

const TITLES: Record<string, string> = {
  ARENA_ERR_INSUFFICIENT_BALANCE: 'Not enough points',
  ARENA_ERR_NOT_RUNNING: 'The competition window is closed',
  ARENA_ERR_RATE_LIMITED: 'Too many attempts',
  ARENA_ERR_ALREADY_BOUGHT: 'Already bought',
  ARENA_ERR_NOT_BOUGHT: 'Buy the card first',
  ARENA_ERR_CARD_CLOSED: 'This card is closed',
  ARENA_ERR_BAD_CREDENTIALS: 'Wrong login or password',
  ARENA_ERR_UNAUTHENTICATED: 'Please sign in again',
  ARENA_ERR_FORBIDDEN: 'Not allowed',
  ARENA_ERR_NOT_FOUND: 'Not found',
  ARENA_ERR_VALIDATION: 'Please check the form',
  ARENA_ERR_CONFLICT: 'Already exists',
  ARENA_ERR_STATE: 'Not possible right now',
  ARENA_ERR_STORE_UNAVAILABLE: 'The server is temporarily unavailable',
  ARENA_ERR_INTERNAL: 'Something went wrong on the server',
  NETWORK: 'No connection to the server',
};

/** A title and a detail line for an error (any thrown value). */
export function describeError(error: unknown): {
  title: string;
  detail: string;
  fields?: Record<string, string>;
} {
  if (error instanceof ApiError) {
    const title = TITLES[error.code] ?? 'Request failed';
    let detail = error.message;
    if (error.code === 'ARENA_ERR_RATE_LIMITED' && error.retryAfterS !== undefined) {
      detail = `Wait ${error.retryAfterS} s before trying again.`;
    }
    if (error.hint) detail += ` ${error.hint}`;
    return { title, detail, fields: error.fields };
  }
  return { title: 'Unexpected error', detail: error instanceof Error ? error.message : String(error) };
}
