/**
 * Pass/fail criteria in k6's threshold syntax: on all requests, on one request
 * name, on a method, on a custom tag, on checks (all, or one by name), on
 * iterations. The first p(95) threshold aborts the run when it fails after the
 * first 5 s. Its limit comes from the environment (default 200 ms), so
 *
 *   npx perflab run examples/thresholds.scenario.ts --host http://127.0.0.1:8888
 *
 * passes (exit 0) on a healthy clinic, while
 *
 *   npx perflab run examples/thresholds.scenario.ts --host http://127.0.0.1:8888 --env P95_MS=0.1
 *
 * stops about 5 s in and exits with code 99.
 */
import { randomInt } from 'node:crypto';
import { between, defineScenario } from 'perflab';

const p95Ms = Number(process.env.P95_MS ?? '200');

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  load: { users: 10, spawnRate: 5, duration: '20s' },
  waitTime: between('100ms', '300ms'),
  onStart: async (vu) => {
    // Each user creates its own hospital once and keeps its ID.
    const res = await vu.http.post('/api/v1/hospital', {
      json: {
        name: `Threshold Hospital ${vu.id}`,
        address: '1 Main St',
        beds_number: 100,
        phone: '555-0100',
      },
      tags: { kind: 'write' },
    });
    vu.state.hospitalId = res.status === 201 ? res.json<{ ID: number }>().ID : undefined;
  },
  thresholds: {
    http_req_duration: [
      { threshold: `p(95)<${p95Ms}`, abortOnFail: true, delayAbortEval: '5s' },
      'p(99)<1000',
    ],
    'http_req_duration{name:/api/v1/hospital/[id]}': ['avg<100', 'max<2000'],
    'http_req_duration{method:POST}': ['med<100'],
    'http_req_duration{kind:read}': ['p(90)<150'],
    http_req_failed: ['rate<0.01'],
    http_reqs: ['count>100', 'rate>10'],
    checks: ['rate>0.99'],
    'checks{check:hospital has its name}': ['rate==1'],
    iteration_duration: ['p(95)<1000'],
  },
  tasks: [
    {
      name: 'read own hospital',
      weight: 4,
      run: async (vu) => {
        const res = await vu.http.get(`/api/v1/hospital/${String(vu.state.hospitalId)}`, {
          name: '/api/v1/hospital/[id]',
          tags: { kind: 'read' },
        });
        vu.check(res, {
          'status is 200': (r) => r.status === 200,
          'hospital has its name': (r) => r.json<{ name: string }>().name === `Threshold Hospital ${vu.id}`,
        });
      },
    },
    {
      name: 'list hospitals',
      weight: 2,
      run: (vu) => vu.http.get('/api/v1/hospital', { query: { limit: 20 }, tags: { kind: 'read' } }),
    },
    {
      name: 'update own hospital',
      weight: 1,
      run: async (vu) => {
        const res = await vu.http.put(`/api/v1/hospital/${String(vu.state.hospitalId)}`, {
          name: '/api/v1/hospital/[id]',
          json: {
            name: `Threshold Hospital ${vu.id}`,
            address: `${randomInt(1, 200)} Main St`,
            beds_number: randomInt(10, 1000),
            phone: '555-0100',
          },
          tags: { kind: 'write' },
        });
        vu.check(res, { 'status is 200': (r) => r.status === 200 });
      },
    },
  ],
});
