/** `/api/auth/*`: login, refresh, logout, me. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyPassword } from '../auth/passwords.ts';
import { ArenaError } from '../errors.ts';
import { accountOf, findUser, findUserByLogin } from '../store/people.ts';
import { guarded, minuteLimit, okBody, type ArenaContext } from './context.ts';
import { principalOf } from './guard.ts';

const tokenPair = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().meta({ description: 'Access token lifetime, seconds' }),
    refreshToken: z.string().meta({ description: 'Single use: each refresh returns a new one' }),
    refreshExpiresIn: z.number().int().meta({ description: 'Refresh token lifetime, seconds' }),
  })
  .meta({ id: 'TokenPair' });

const me = z
  .object({
    userId: z.number().int(),
    role: z.enum(['admin', 'participant']),
    login: z.string(),
    displayName: z.string(),
    competitionId: z.number().int().nullable(),
    teamId: z.number().int().nullable(),
    accountId: z.number().int().nullable().meta({ description: 'The account the participant plays with' }),
  })
  .meta({ id: 'Me' });

/** Register the auth routes. Logins are limited per account and per client IP. */
export function registerAuthRoutes(app: FastifyInstance, context: ArenaContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const limits = context.rateLimits;
  const perIp = minuteLimit(
    app.createRateLimit({
      max: limits.loginsPerIpPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `login-ip:${request.ip}`,
    }),
    'login attempts from this address',
  );
  const perAccount = minuteLimit(
    app.createRateLimit({
      max: limits.loginsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) =>
        `login-account:${String((request.body as { login?: unknown } | undefined)?.login ?? '').toLowerCase()}`,
    }),
    'login attempts for this account',
  );

  api.post(
    '/api/auth/login',
    {
      ...guarded(
        'public',
        {
          tags: ['auth'],
          summary: 'Log in with login and password; returns an access and a refresh token',
          body: z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict(),
          response: { 200: tokenPair },
        },
        [401, 429],
      ),
      preHandler: [perIp, perAccount],
    },
    async (request) => {
      const user = await findUserByLogin(context.db, request.body.login);
      const usable = user !== undefined && !user.removed;
      const ok = await verifyPassword(usable ? user.passwordHash : undefined, request.body.password);
      if (!ok || !user) throw new ArenaError('ARENA_ERR_BAD_CREDENTIALS');
      return context.tokens.issue(user);
    },
  );

  api.post(
    '/api/auth/refresh',
    guarded(
      'public',
      {
        tags: ['auth'],
        summary:
          'Exchange a refresh token for a new pair (the old one is spent; reusing it revokes the session)',
        body: z.object({ refreshToken: z.string().min(1).max(200) }).strict(),
        response: { 200: tokenPair },
      },
      [401],
    ),
    async (request) => context.tokens.refresh(request.body.refreshToken),
  );

  api.post(
    '/api/auth/logout',
    guarded('user', {
      tags: ['auth'],
      summary: 'End the session: the access token is refused from now on, the refresh token revoked',
      response: { 200: okBody },
    }),
    async (request) => {
      await context.tokens.logout(principalOf(request));
      return { ok: true as const };
    },
  );

  api.get(
    '/api/auth/me',
    guarded('user', { tags: ['auth'], summary: 'Who the access token belongs to', response: { 200: me } }),
    async (request) => {
      const principal = principalOf(request);
      const user = await findUser(context.db, principal.userId);
      if (!user || user.removed) throw new ArenaError('ARENA_ERR_UNAUTHENTICATED');
      return {
        userId: user.id,
        role: user.role,
        login: user.login,
        displayName: user.displayName,
        competitionId: user.competitionId,
        teamId: user.teamId,
        accountId: user.role === 'participant' ? await accountOf(context.db, user.id) : null,
      };
    },
  );
}
