/** `GET /healthz`, `GET /metrics` (Prometheus text), `GET /api/docs` (OpenAPI 3 JSON). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ArenaContext } from './context.ts';

const health = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['postgres', 'pglite']),
  shared: z.enum(['redis', 'memory']),
  message: z.string().optional(),
});

/** Register the operational routes (all public). */
export function registerOpsRoutes(app: FastifyInstance, context: ArenaContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ops'],
        summary: 'Liveness: 200 when the database (and Redis, if used) answer, else 503',
        response: { 200: health, 503: health },
      },
    },
    async (_request, reply) => {
      const base = { database: context.db.kind, shared: context.shared.kind };
      try {
        await context.db.query('SELECT 1');
        await context.shared.ping();
        return { status: 'ok' as const, ...base };
      } catch (error) {
        return reply
          .code(503)
          .send({ status: 'unavailable' as const, ...base, message: (error as Error).message });
      }
    },
  );
  api.get(
    '/metrics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics (text exposition format)',
        response: { 200: z.string() },
      },
    },
    async (_request, reply) => {
      context.metrics.streams.set(context.hub.streams);
      reply.type(context.metrics.registry.contentType);
      return context.metrics.registry.metrics();
    },
  );
  api.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
