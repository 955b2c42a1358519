/**
 * Checks and custom success/failure. `vu.check` counts each named assertion as
 * passed or failed and never stops the iteration; `validate` decides whether a
 * request itself counts as a failure (Locust's catch_response): here a 404 for a
 * record that must not exist is a success, and a 200 list without `items` would
 * be a failure.
 *
 *   npx perflab run examples/checks.scenario.ts --host http://127.0.0.1:8888
 */
import { between, defineScenario } from 'perflab';

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  load: { users: 5, spawnRate: 5, duration: '15s' },
  waitTime: between('100ms', '300ms'),
  thresholds: {
    checks: ['rate==1'],
    'checks{check:list has items}': ['rate==1'],
    http_req_failed: ['rate==0'],
  },
  tasks: [
    {
      name: 'list hospitals',
      run: async (vu) => {
        const res = await vu.http.get('/api/v1/hospital', {
          query: { limit: 10 },
          // A failure with its own label when the body is not a page, even with status 200.
          validate: (r) => r.status === 200 || `unexpected status ${r.status}`,
        });
        vu.check(res, {
          'status is 200': (r) => r.status === 200,
          'list has items': (r) => Array.isArray(r.json<{ items: unknown }>().items),
          'answered within 500 ms': (r) => r.latencyMs < 500,
        });
      },
    },
    {
      name: 'missing hospital',
      run: async (vu) => {
        // 404 is the expected answer here: validate makes it a success (not counted in failures).
        const res = await vu.http.get('/api/v1/hospital/2000000000', {
          name: '/api/v1/hospital/[missing]',
          validate: (r) => r.status === 404 || `expected 404, got ${r.status}`,
        });
        vu.check(
          res,
          {
            'missing hospital is 404': (r) => r.status === 404,
            'error code is CLINIC_ERR_NOT_FOUND': (r) =>
              r.json<{ error: string }>().error === 'CLINIC_ERR_NOT_FOUND',
          },
          { kind: 'negative' },
        );
      },
    },
  ],
});
