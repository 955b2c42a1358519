/**
 * One error handler for the whole app: every failure becomes a catalogued
 * `ArenaError` answered as JSON. Unknown errors are logged with their stack and
 * answered 500 without details; database outages become 503.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ArenaError, validationError, type FieldErrors } from '../errors.ts';
import { toErrorBody } from './error-body.ts';

const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001']);

/** Convert anything thrown by a route into an `ArenaError`. */
export function toArenaError(error: unknown): ArenaError {
  if (error instanceof ArenaError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: FieldErrors = {};
    for (const issue of error.validation) {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const name = path
        ? `${error.validationContext ?? 'body'}.${path}`
        : (error.validationContext ?? 'request');
      const message = issue.message ?? 'is invalid';
      fields[name] ??= /received undefined$/.test(message) ? 'is required' : message;
    }
    return validationError(fields);
  }
  const fastifyError = error as Partial<FastifyError> & { code?: string };
  if (fastifyError.statusCode === 429) {
    return new ArenaError('ARENA_ERR_RATE_LIMITED', fastifyError.message, { cause: error });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ArenaError('ARENA_ERR_BAD_REQUEST', fastifyError.message, { cause: error, status });
  }
  if (
    UNAVAILABLE.has(fastifyError.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|The client is (closed|offline)/i.test(
      fastifyError.message ?? '',
    )
  ) {
    return new ArenaError('ARENA_ERR_STORE_UNAVAILABLE', undefined, { cause: error });
  }
  return new ArenaError('ARENA_ERR_INTERNAL', undefined, { cause: error });
}

/** Install the error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const arena = toArenaError(error);
    if (arena.status >= 500) request.log.error({ err: error }, `${arena.code}: ${(error as Error).message}`);
    return reply.code(arena.status).send(toErrorBody(arena));
  });
  app.setNotFoundHandler(async (request, reply) => {
    const error = new ArenaError('ARENA_ERR_NOT_FOUND', `No route ${request.method} ${request.url}.`);
    return reply.code(404).send(toErrorBody(error));
  });
}
