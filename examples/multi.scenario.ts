/**
 * Several scenarios in one run (k6 `scenarios`), each with its own executor,
 * start time, tags and tasks:
 * - `browse`: open model, 20 page views/s for 30 s;
 * - `writers`: closed model, 0 → 5 → 0 users creating patients (stages written with
 *   `until`), 2 s graceful stop;
 * - `spike`: open model from 10 s, 0 → 100 → 0 iterations/s over 10 s, at most 20 VUs
 *   (iterations that find no free VU are dropped and counted).
 * Thresholds select a scenario with the `scenario` tag or a custom tag.
 *
 *   npx perflab run examples/multi.scenario.ts --host http://127.0.0.1:8888
 */
import { randomInt } from 'node:crypto';
import { between, defineTest } from 'perflab';

const runTag = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`;
let policyCounter = 0;

export default defineTest({
  host: 'http://127.0.0.1:8888',
  thresholds: {
    'http_req_duration{scenario:browse}': ['p(95)<300'],
    'http_req_duration{kind:write}': ['p(95)<500'],
    'checks{scenario:writers}': ['rate==1'],
    'iterations{scenario:writers}': ['count>0'],
    'dropped_iterations{scenario:spike}': ['count<500'],
    http_req_failed: ['rate<0.01'],
  },
  scenarios: {
    browse: {
      executor: {
        executor: 'constant-arrival-rate',
        rate: 20,
        duration: '30s',
        preAllocatedVUs: 5,
        maxVUs: 20,
      },
      tags: { kind: 'read' },
      tasks: [
        { name: 'hospitals', weight: 2, run: (vu) => vu.http.get('/hospital') },
        { name: 'patients', run: (vu) => vu.http.get('/patient') },
      ],
    },
    writers: {
      executor: {
        executor: 'ramping-users',
        // Locust-style stages: each `until` is a time from the scenario's start.
        stages: [
          { until: '10s', target: 5 },
          { until: '25s', target: 5 },
          { until: '30s', target: 0 },
        ],
      },
      gracefulStop: '2s',
      waitTime: between('200ms', '500ms'),
      tags: { kind: 'write' },
      tasks: [
        {
          name: 'create patient',
          run: async (vu) => {
            const res = await vu.http.post('/api/v1/patient', {
              json: {
                surname: 'Novak',
                born_date: '1980-01-31',
                sex: 'F',
                mpn: `${runTag}-${++policyCounter}`,
              },
            });
            vu.check(res, { 'patient created': (r) => r.status === 201 });
          },
        },
      ],
    },
    spike: {
      executor: {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        stages: [
          { duration: '5s', target: 100 },
          { duration: '5s', target: 0 },
        ],
        preAllocatedVUs: 5,
        maxVUs: 20,
      },
      startTime: '10s',
      tags: { kind: 'read' },
      tasks: [{ name: 'api list', run: (vu) => vu.http.get('/api/v1/patient', { query: { limit: 50 } }) }],
    },
  },
});
