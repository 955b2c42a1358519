/**
 * One error handler for the whole app: every failure becomes a catalogued
 * `ClinicError` and is answered as JSON (`/api/*`, `/health`) or as the HTML error
 * page (every other path). Unknown errors are logged and answered 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ClinicError, validationError, type FieldErrors } from '../errors.ts';
import { toErrorBody } from './error-body.ts';
import { NAV } from './page-views.ts';

/** True for requests answered with HTML (the pages), false for the JSON API and `/health`. */
export function wantsHtml(request: FastifyRequest): boolean {
  const url = request.url;
  return !(url.startsWith('/api/') || url === '/api' || url.startsWith('/health'));
}

/** Convert anything thrown by a route into a `ClinicError`. */
export function toClinicError(error: unknown): ClinicError {
  if (error instanceof ClinicError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields: FieldErrors = {};
    for (const issue of error.validation) {
      const name =
        issue.instancePath.replace(/^\//, '').split('/')[0] || (error.validationContext ?? 'request');
      fields[name] ??= issue.message ?? 'is invalid';
    }
    return validationError(fields);
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ClinicError('CLINIC_ERR_BAD_REQUEST', fastifyError.message, { cause: error, status });
  }
  return new ClinicError('CLINIC_ERR_INTERNAL', undefined, { cause: error });
}

/** Send `error` as JSON or as the HTML error page, depending on the request. */
export async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: ClinicError,
): Promise<unknown> {
  reply.code(error.status);
  if (!wantsHtml(request)) return reply.send(toErrorBody(error));
  const titles: Record<number, string> = {
    400: 'Bad request',
    404: 'Not found',
    409: 'Conflict',
    503: 'Service unavailable',
  };
  return reply.view('error.eta', {
    title: titles[error.status] ?? 'Error',
    code: error.code,
    message: error.message,
    hint: error.hint,
    fields: error.fields,
    current: '',
    nav: NAV,
  });
}

/**
 * Install the error and not-found handlers on `app`. Internal errors go to the
 * request log, or to stderr (with the stack) when logging is off.
 */
export function installErrorHandlers(app: FastifyInstance, options: { logging: boolean }): void {
  app.setErrorHandler(async (error, request, reply) => {
    const clinic = toClinicError(error);
    if (clinic.code === 'CLINIC_ERR_INTERNAL') {
      if (options.logging) request.log.error({ err: error }, 'unhandled error');
      else
        process.stderr.write(
          `clinic: ${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}\n`,
        );
    }
    return sendError(request, reply, clinic);
  });
  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      request,
      reply,
      new ClinicError('CLINIC_ERR_NOT_FOUND', `No route ${request.method} ${request.url}.`),
    ),
  );
}
