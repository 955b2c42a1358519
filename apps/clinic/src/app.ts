/**
 * `buildApp`: the Fastify application — HTML pages, JSON API, `/health`,
 * `/api/docs` — on a given {@link ClinicStore}. The caller owns the store (closing
 * the app does not close it).
 */
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import view from '@fastify/view';
import { Eta } from 'eta';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { LogLevel } from './config.ts';
import { registerApiRoutes } from './http/api-routes.ts';
import { registerDocsRoute } from './http/docs-route.ts';
import { installErrorHandlers } from './http/error-handler.ts';
import { registerHealthRoute } from './http/health-route.ts';
import { registerPageRoutes } from './http/page-routes.ts';
import type { ClinicStore } from './store/store.ts';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Where the data lives (see `createStoreFromEnv` and the store factories). */
  store: ClinicStore;
  /** Enable Fastify's (pino) request logging, to stderr. Default false. */
  logger?: boolean;
  /** Log level when `logger` is true (default `info`). */
  logLevel?: LogLevel;
}

const VIEWS_DIR = fileURLToPath(new URL('./views', import.meta.url));

/**
 * Build the clinic app (not listening yet: call `listen` or use `inject`).
 * Routes: `/`, `/{hospital,doctor,patient,diagnosis,doctor-patient}` (HTML),
 * `/api/v1/...` (JSON), `GET /health`, `GET /api/docs` (OpenAPI JSON).
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const logging = options.logger ?? false;
  const app = Fastify({
    logger: logging ? { level: options.logLevel ?? 'info', stream: process.stderr } : false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Clinic API',
        description: 'Hospitals, doctors, patients, diagnoses and doctor–patient links.',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
    // Adds the schemas registered with `.meta({ id })` (e.g. `ClinicError`) under components.schemas.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(view, {
    engine: { eta: new Eta() },
    templates: VIEWS_DIR,
    production: true,
  });

  installErrorHandlers(app, { logging });
  registerHealthRoute(app, options.store);
  registerDocsRoute(app);
  registerApiRoutes(app, options.store);
  registerPageRoutes(app, options.store);
  return app;
}
