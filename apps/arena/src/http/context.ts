/** What the route modules share: the database, tokens, shared state, the scoreboard hub and metrics. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenService } from '../auth/tokens.ts';
import type { RateLimits } from '../config.ts';
import type { SqlClient } from '../db/sql-client.ts';
import { ArenaError, type ArenaErrorCode } from '../errors.ts';
import type { ScoreboardHub } from '../live/scoreboard-hub.ts';
import type { SharedState } from '../live/shared.ts';
import type { ArenaMetrics } from './metrics.ts';
import { errorBody } from './error-body.ts';
import type { Access } from './guard.ts';

/** Everything a route module needs. */
export interface ArenaContext {
  db: SqlClient;
  tokens: TokenService;
  shared: SharedState;
  hub: ScoreboardHub;
  metrics: ArenaMetrics;
  rateLimits: RateLimits;
}

/** `:competitionId` path parameter. */
export const competitionParams = z.object({ competitionId: z.coerce.number().int().positive() });

/** `{ ok: true }` for actions without a body to return. */
export const okBody = z.object({ ok: z.literal(true) });

const STATUS_OF: Record<number, ArenaErrorCode> = {
  400: 'ARENA_ERR_VALIDATION',
  401: 'ARENA_ERR_UNAUTHENTICATED',
  403: 'ARENA_ERR_FORBIDDEN',
  404: 'ARENA_ERR_NOT_FOUND',
  409: 'ARENA_ERR_CONFLICT',
  429: 'ARENA_ERR_RATE_LIMITED',
};

/**
 * Route options for `access`: the guard's `config.access`, the OpenAPI
 * security requirement, and error responses (400, 401/403 unless public, plus `extra`).
 */
export function guarded<S extends { response?: Record<number, unknown> }>(
  access: Access,
  schema: S & { tags: string[]; summary: string },
  extra: number[] = [],
) {
  const statuses = [400, ...(access === 'public' ? [] : [401, 403]), ...extra];
  const response: Record<number, unknown> = { ...schema.response };
  for (const status of statuses) {
    if (STATUS_OF[status]) response[status] = errorBody;
  }
  return {
    config: { access },
    schema: {
      ...schema,
      ...(access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      response: response as S['response'],
    },
  };
}

/**
 * Enforce a per-minute limit through @fastify/rate-limit's `createRateLimit`
 * (its Redis store when Redis is set): returns a preHandler that throws
 * `ARENA_ERR_RATE_LIMITED` with `Retry-After` (seconds) once `max` calls with the
 * same key happened in the current minute.
 */
export function minuteLimit(
  limiter: (
    request: FastifyRequest,
  ) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>,
  what: string,
) {
  return async (request: FastifyRequest, reply: { header(name: string, value: unknown): unknown }) => {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) {
      const retry = Math.max(1, result.ttlInSeconds ?? 60);
      reply.header('retry-after', retry);
      throw new ArenaError('ARENA_ERR_RATE_LIMITED', `Too many ${what}: try again in ${retry} s.`);
    }
  };
}
