/**
 * The clinic service's original load test (Locust, Python), rebuilt for perflab:
 * browsing pages and creating hospitals and patients, with random valid data.
 *
 *   npx perflab run examples/clinic.scenario.ts --host http://127.0.0.1:8888
 */
import { randomInt } from 'node:crypto';
import { between, defineScenario } from 'perflab';

const SURNAMES = [
  'Ivanov',
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Novak',
  'Kowalski',
  'Dubois',
  'Silva',
  'Tanaka',
];
const STREETS = ['Lenina', 'Main', 'Oak', 'Station', 'Harbour', 'Hill'];

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

/** A birth date between 1930 and 2020, YYYY-MM-DD. */
function bornDate(): string {
  const day = new Date(Date.UTC(1930, 0, 1) + randomInt(90 * 365) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

// Medical policy numbers are unique: run start + a counter shared by every VU of this process.
const runTag = Date.now().toString(36);
let policyCounter = 0;

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  load: { users: 50, spawnRate: 5, duration: '30s' },
  waitTime: between('200ms', '1s'),
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
            phone: `+7-${randomInt(100, 999)}-${randomInt(1000000, 9999999)}`,
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
            mpn: `${runTag}-${vu.id}-${++policyCounter}`,
          },
        }),
    },
  ],
});
