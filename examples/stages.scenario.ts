/**
 * A closed-model ramp in stages (k6 ramping-vus): 0 → 20 users over 10 s, hold
 * 20 users for 10 s, then down to 0 over 5 s. Each user loops task + think time;
 * surplus users stop after their current task.
 *
 *   npx perflab run examples/stages.scenario.ts --host http://127.0.0.1:8888
 *
 * (-u/-r/-t do not apply to a staged scenario: the stages set the load.)
 */
import { between, defineScenario } from 'perflab';

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  executor: {
    executor: 'ramping-users',
    startUsers: 0,
    stages: [
      { duration: '10s', target: 20 }, // each stage's duration is relative to the previous stage's end
      { duration: '10s', target: 20 },
      { duration: '5s', target: 0 },
    ],
  },
  waitTime: between('200ms', '1s'),
  thresholds: { http_req_failed: ['rate<0.01'], http_req_duration: ['p(95)<500'] },
  tasks: [
    { name: 'index', weight: 2, run: (vu) => vu.http.get('/') },
    { name: 'hospitals', weight: 3, run: (vu) => vu.http.get('/api/v1/hospital', { query: { limit: 20 } }) },
    { name: 'patients', weight: 3, run: (vu) => vu.http.get('/api/v1/patient', { query: { limit: 20 } }) },
  ],
});
