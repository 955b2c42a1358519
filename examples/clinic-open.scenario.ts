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
import { randomInt } from 'node:crypto';
import { defineScenario } from 'perflab';

const SURNAMES = ['Ivanov', 'Smith', 'Garcia', 'Müller', 'Rossi', 'Novak', 'Kowalski', 'Dubois', 'Silva'];
const STREETS = ['Lenina', 'Main', 'Oak', 'Station', 'Harbour', 'Hill'];

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

/** A birth date between 1930 and 2019, YYYY-MM-DD. */
const bornDate = () =>
  new Date(Date.UTC(1930, 0, 1) + randomInt(90 * 365) * 86_400_000).toISOString().slice(0, 10);

// Medical policy numbers are unique: this run's tag + a counter shared by every VU of the process.
const runTag = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`;
let policyCounter = 0;

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
  tasks: [
    { name: 'index', weight: 3, run: (vu) => vu.http.get('/') },
    { name: 'hospitals', weight: 5, run: (vu) => vu.http.get('/hospital') },
    { name: 'doctors', weight: 3, run: (vu) => vu.http.get('/doctor') },
    { name: 'patients', weight: 3, run: (vu) => vu.http.get('/patient') },
    { name: 'diagnoses', weight: 2, run: (vu) => vu.http.get('/diagnosis') },
    {
      name: 'create hospital',
      weight: 2,
      run: (vu) =>
        vu.http.post('/hospital', {
          form: {
            name: `City Hospital ${randomInt(1, 1000)}`,
            address: `${randomInt(1, 200)} ${pick(STREETS)} St`,
            beds_number: randomInt(10, 1000),
            phone: `+7-${randomInt(100, 999)}-${randomInt(1_000_000, 9_999_999)}`,
          },
        }),
    },
    {
      name: 'create patient',
      weight: 2,
      run: (vu) =>
        vu.http.post('/patient', {
          form: {
            surname: pick(SURNAMES),
            born_date: bornDate(),
            sex: pick(['M', 'F']),
            mpn: `${runTag}-${++policyCounter}`,
          },
        }),
    },
  ],
});
