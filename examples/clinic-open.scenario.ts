/**
 * An open-model test of the clinic: 50 iterations start every second for 30 s,
 * whatever the response times (k6 constant-arrival-rate). Each iteration is one
 * task of the browsing mix of examples/clinic.scenario.ts. 20 VUs are allocated up
 * front, up to 100 when they are all busy; beyond that an iteration is dropped and
 * counted. Latencies are measured from each iteration's intended start
 * (coordinated omission corrected); the raw service time is reported separately.
 *
 *   npx perflab run examples/clinic-open.scenario.ts --host http://127.0.0.1:8888
 */
import { defineScenario } from 'perflab';
import { clinicMix } from './clinic-mix.ts';

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  executor: {
    executor: 'constant-arrival-rate',
    rate: 50, // iterations per timeUnit
    timeUnit: '1s',
    duration: '30s',
    preAllocatedVUs: 20,
    maxVUs: 100,
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'], // from the intended start
    http_req_service_time: ['p(95)<500'], // the service alone
    dropped_iterations: ['count==0'],
  },
  tasks: clinicMix,
});
