/**
 * Prometheus metrics (prom-client), one registry per app instance so several
 * instances in one process (tests) do not collide. Served at `GET /metrics`.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The arena's metrics. */
export interface ArenaMetrics {
  readonly registry: Registry;
  /** Request latency, seconds, by method, route pattern and status. */
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Purchases by result (`ok` or an ARENA_ERR code). */
  readonly purchases: Counter<'result'>;
  /** Answers by result (`correct`, `wrong` or an ARENA_ERR code). */
  readonly submissions: Counter<'result'>;
  /** Scoreboard rebuilds. */
  readonly rebuilds: Counter;
  /** Event streams open on this instance. */
  readonly streams: Gauge;
}

/** Create the registry, default process metrics and the arena's own. */
export function createMetrics(): ArenaMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'arena_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'arena_http_request_duration_seconds',
      help: 'HTTP request latency in seconds',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    purchases: new Counter({
      name: 'arena_purchases_total',
      help: 'Card purchases by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    submissions: new Counter({
      name: 'arena_submissions_total',
      help: 'Answers by result',
      labelNames: ['result'],
      registers: [registry],
    }),
    rebuilds: new Counter({
      name: 'arena_scoreboard_rebuilds_total',
      help: 'Scoreboard rebuilds',
      registers: [registry],
    }),
    streams: new Gauge({
      name: 'arena_event_streams',
      help: 'Event streams (SSE) open on this instance',
      registers: [registry],
    }),
  };
}

/** Record every answered request's latency under its route pattern (unmatched → `unmatched`). */
export function installRequestMetrics(app: FastifyInstance, metrics: ArenaMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}
