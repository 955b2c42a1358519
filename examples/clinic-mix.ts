/**
 * The clinic's original request mix (its Locust file, rebuilt): browsing the
 * pages and creating hospitals and patients with random valid form data. Shared
 * by clinic.scenario.ts (closed model) and clinic-open.scenario.ts (open model).
 */
import { randomInt } from 'node:crypto';
import type { TaskDefinition } from 'perflab';

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

/** A birth date between 1930 and 2019, YYYY-MM-DD. */
function bornDate(): string {
  return new Date(Date.UTC(1930, 0, 1) + randomInt(90 * 365) * 86_400_000).toISOString().slice(0, 10);
}

// Medical policy numbers are unique: this run's tag + the VU's id (unique across
// worker threads too) + a counter.
const runTag = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`;
let policyCounter = 0;

/** GET `/` ×3, `/hospital` ×5, `/doctor` ×3, `/patient` ×3, `/diagnosis` ×2, POST `/hospital` ×2, POST `/patient` ×2. */
export const clinicMix: TaskDefinition[] = [
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
          mpn: `${runTag}-${vu.id}-${++policyCounter}`,
        },
      }),
  },
];
