/** `GET /health`: 200 `{ status: "ok", store }` when the store answers, else 503. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isClinicError } from '../errors.ts';
import type { ClinicStore } from '../store/store.ts';

const storeKind = z.enum(['redis', 'postgres', 'pglite']);

/** Register `GET /health` (pings the store once per call). */
export function registerHealthRoute(api: FastifyInstance, store: ClinicStore): void {
  api.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and store reachability',
        response: {
          200: z.object({ status: z.literal('ok'), store: storeKind }),
          503: z.object({
            status: z.literal('unavailable'),
            store: storeKind,
            error: z.string(),
            message: z.string(),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await store.ping();
        return { status: 'ok' as const, store: store.kind };
      } catch (error) {
        if (!isClinicError(error, 'CLINIC_ERR_STORE_UNAVAILABLE')) throw error;
        return reply.code(503).send({
          status: 'unavailable' as const,
          store: store.kind,
          error: error.code,
          message: error.message,
        });
      }
    },
  );
}
