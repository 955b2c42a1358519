/**
 * The typed API client: openapi-fetch over the types generated from the
 * server's OpenAPI document (schema.ts). Adds the access token to every call,
 * refreshes it once on a 401 (rotating refresh token), and turns error bodies
 * (`{ error: ARENA_ERR_*, message, hint?, fields? }`) into {@link ApiError}.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API's named schemas (Competition, Field, Scoreboard, …). */
export type Schemas = components['schemas'];
export type Competition = Schemas['Competition'];
export type FieldCard = Schemas['FieldCard'];
export type Field = Schemas['Field'];
export type Scoreboard = Schemas['Scoreboard'];
export type ScoreRow = Schemas['ScoreRow'];
export type ScoreSeries = Schemas['ScoreSeries'];
export type Announcement = Schemas['Announcement'];
export type AdminCard = Schemas['AdminCard'];
export type Team = Schemas['Team'];
export type Participant = Schemas['Participant'];
export type CreatedParticipant = Schemas['CreatedParticipant'];
export type Submission = Schemas['Submission'];
export type LedgerEntry = Schemas['LedgerEntry'];
export type Me = Schemas['Me'];
export type Rules = Schemas['Rules'];
export type TokenPair = Schemas['TokenPair'];

/** A failed API call, with the server's error code and, for 429, the wait in seconds. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly fields?: Record<string, string>,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const TOKENS_KEY = 'arena.tokens';
let tokens: Tokens | null = readTokens();
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function readTokens(): Tokens | null {
  try {
    const raw = sessionStorage.getItem(TOKENS_KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

/** The current access token (for EventSource's `?access_token=`), or null when signed out. */
export function accessToken(): string | null {
  return tokens?.accessToken ?? null;
}

/** Store (or clear) the tokens; kept in sessionStorage so a reload keeps the session. */
export function setTokens(next: Tokens | null): void {
  tokens = next;
  if (next) sessionStorage.setItem(TOKENS_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(TOKENS_KEY);
  for (const listener of listeners) listener();
}

/** Called whenever the tokens change (sign-in, refresh, sign-out). @returns unsubscribe */
export function onTokens(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Exchange the refresh token for a new pair; false (and signed out) when it is no longer valid. */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = tokens?.refreshToken;
    if (!refreshToken) return false;
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!response.ok) {
      setTokens(null);
      return false;
    }
    const pair = (await response.json()) as TokenPair;
    setTokens({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function withToken(request: Request): Request {
  const token = tokens?.accessToken;
  if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const response = await fetch(withToken(request));
  if (response.status !== 401 || !tokens || new URL(request.url).pathname.startsWith('/api/auth/')) {
    return response;
  }
  return (await refreshTokens()) ? fetch(withToken(retry)) : response;
}

/** The raw openapi-fetch client (typed by path and method). */
export const client = createClient<paths>({ baseUrl: window.location.origin, fetch: authFetch });

interface ErrorBody {
  error?: string;
  message?: string;
  hint?: string;
  fields?: Record<string, string>;
}

/** Turn an error answer into an {@link ApiError}. */
export function toApiError(response: Response, body: unknown): ApiError {
  const error = (body ?? {}) as ErrorBody;
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    error.error ?? `HTTP_${response.status}`,
    error.message ?? response.statusText ?? 'Request failed',
    error.hint,
    error.fields,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/**
 * Await an openapi-fetch call and return its data.
 * @throws ApiError when the server answered an error (or the network failed: code `NETWORK`)
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(0, 'NETWORK', `The server could not be reached (${(error as Error).message}).`);
  }
  if (result.error !== undefined || !result.response.ok) throw toApiError(result.response, result.error);
  return result.data as NonNullable<T>;
}
