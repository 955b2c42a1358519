/**
 * Authentication and authorisation on every route. Each route declares
 * `config.access` — registering a route without it throws at start-up, so no
 * route can forget its check:
 *
 * | access        | who may call                                                    |
 * |---------------|-----------------------------------------------------------------|
 * | `public`      | anyone                                                          |
 * | `user`        | any valid access token                                          |
 * | `admin`       | admins                                                          |
 * | `member`      | admins, and participants of the route's `:competitionId`        |
 * | `participant` | participants of the route's `:competitionId` (admins do not play) |
 *
 * No or a bad token → 401; a valid token without the right → 403. Routes with
 * `config.queryToken` (event streams, since EventSource cannot send headers) also
 * accept `?access_token=`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal, TokenService } from '../auth/tokens.ts';
import { ArenaError } from '../errors.ts';

/** Who may call a route (see the module comment). */
export type Access = 'public' | 'user' | 'admin' | 'member' | 'participant';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (required on every route). */
    access?: Access;
    /** Also accept the access token in the `access_token` query parameter. */
    queryToken?: boolean;
  }
  interface FastifyRequest {
    /** The caller, set by the guard for every non-public route. */
    principal: Principal | undefined;
  }
}

/** The caller of a guarded route (never undefined after the guard). */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (!principal) throw new ArenaError('ARENA_ERR_UNAUTHENTICATED');
  return principal;
}

function bearer(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ArenaError('ARENA_ERR_UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
    }
    return match[1];
  }
  if (allowQuery) {
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    if (typeof token === 'string' && token) return token;
  }
  return undefined;
}

/** Install the guard: an `onRoute` check that every route declares `access`, and an `onRequest` hook. */
export function installGuard(app: FastifyInstance, tokens: TokenService): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined && route.method !== 'HEAD') {
      throw new Error(`route ${String(route.method)} ${route.url} declares no config.access`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    const token = bearer(request, request.routeOptions.config.queryToken === true);
    if (token === undefined) throw new ArenaError('ARENA_ERR_UNAUTHENTICATED');
    const principal = await tokens.verify(token);
    request.principal = principal;
    if (access === 'user') return;
    if (access === 'admin') {
      if (principal.role !== 'admin') throw new ArenaError('ARENA_ERR_FORBIDDEN', 'Admins only.');
      return;
    }
    const raw = (request.params as Record<string, string | undefined>).competitionId;
    const competitionId = Number(raw);
    if (access === 'member' && principal.role === 'admin') return;
    if (principal.role !== 'participant' || principal.competitionId !== competitionId) {
      throw new ArenaError(
        'ARENA_ERR_FORBIDDEN',
        access === 'participant' && principal.role === 'admin'
          ? 'Only participants play.'
          : `Not a participant of competition ${raw}.`,
      );
    }
  });
}
