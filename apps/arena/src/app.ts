/**
 * `buildArena`: the Fastify application on an open database and shared state.
 * The caller owns the database and the shared state (closing the app closes
 * neither) — see `createArena` in `server.ts` for the all-in-one version.
 */
import { randomBytes } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { createTokenService } from './auth/tokens.ts';
import type { LogLevel, RateLimits } from './config.ts';
import type { SqlClient } from './db/sql-client.ts';
import { registerAdminRoutes } from './http/admin-routes.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';
import type { ArenaContext } from './http/context.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { installGuard } from './http/guard.ts';
import { createMetrics, installRequestMetrics } from './http/metrics.ts';
import { registerOpsRoutes } from './http/ops-routes.ts';
import { registerPlayRoutes } from './http/play-routes.ts';
import { registerWebRoutes } from './http/web-routes.ts';
import { ScoreboardHub } from './live/scoreboard-hub.ts';
import type { SharedState } from './live/shared.ts';

/** Options of {@link buildArena}. */
export interface BuildArenaOptions {
  db: SqlClient;
  shared: SharedState;
  /** HS256 secret shared by all instances; default a random one (single instance only). */
  jwtSecret?: string;
  /** Access token lifetime, seconds (default 900). */
  accessTokenTtlS?: number;
  /** Refresh token lifetime, seconds (default 7 days). */
  refreshTokenTtlS?: number;
  /** Per-minute limits (defaults: 10 answers per card, 10 logins per account, 100 per IP). */
  rateLimits?: Partial<RateLimits>;
  /** Scoreboard debounce, ms (default 200). */
  scoreboardDebounceMs?: number;
  /** Structured JSON logs (pino) to stderr at this level; undefined = off. */
  logLevel?: LogLevel;
  /** Trust X-Forwarded-For (behind a load balancer). Default false. */
  trustProxy?: boolean;
  /** Serve the built web app from this directory under `/` (see `http/web-routes.ts`); default none. */
  webRoot?: string;
}

/** Largest request body by default (bytes); the CSV and card-import routes allow more. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Build the arena app (not listening yet: call `listen` or use `inject`). Routes:
 * `/api/auth/*`, `/api/competitions/*` (play), `/api/admin/*`, `/healthz`,
 * `/metrics`, `/api/docs` (OpenAPI 3 JSON). `app.arena` exposes the context
 * (hub, tokens, metrics) for tests and the process entry.
 */
export async function buildArena(
  options: BuildArenaOptions,
): Promise<FastifyInstance & { arena: ArenaContext }> {
  const app = Fastify({
    logger: options.logLevel ? { level: options.logLevel, stream: process.stderr } : false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy ?? false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  const accessTtl = options.accessTokenTtlS ?? 900;
  const metrics = createMetrics();
  const tokens = createTokenService({
    db: options.db,
    denylist: options.shared.denylist,
    secret: options.jwtSecret ?? randomBytes(32).toString('hex'),
    accessTtlS: accessTtl,
    refreshTtlS: options.refreshTokenTtlS ?? 7 * 24 * 3600,
  });
  const hub = new ScoreboardHub({
    db: options.db,
    bus: options.shared.bus,
    debounceMs: options.scoreboardDebounceMs,
    onRebuild: () => metrics.rebuilds.inc(),
    log: (line) => app.log.warn(line),
  });
  const context: ArenaContext = {
    db: options.db,
    tokens,
    shared: options.shared,
    hub,
    metrics,
    rateLimits: {
      answersPerMinute: 10,
      loginsPerMinute: 10,
      loginsPerIpPerMinute: 100,
      ...options.rateLimits,
    },
  };
  app.decorate('arena', context);
  app.addHook('onClose', async () => hub.close());

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Arena API',
        description:
          'Competitions, the field of cards, purchases and answers on an append-only ledger, the live scoreboard. ' +
          'Errors are `{ error: ARENA_ERR_*, message, hint?, fields? }`.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(helmet, { global: true });
  await app.register(rateLimit, {
    global: false,
    store: options.shared.rateLimitStore,
    skipOnError: false,
  });
  installErrorHandlers(app);
  installGuard(app, tokens);
  installRequestMetrics(app, metrics);
  registerOpsRoutes(app, context);
  registerAuthRoutes(app, context);
  registerPlayRoutes(app, context);
  registerAdminRoutes(app, context);
  if (options.webRoot) await registerWebRoutes(app, options.webRoot);
  return app as unknown as FastifyInstance & { arena: ArenaContext };
}
