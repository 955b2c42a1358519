/**
 * Test data from files: each patient of examples/data/patients.csv is created
 * exactly once (sequential feeder, onEnd 'stop': the scenario ends when the rows
 * run out, here after 20 iterations), and each patient gets a hospital picked at
 * random from examples/data/hospitals.json. The files are found next to this
 * scenario whatever the current directory, through import.meta.url.
 *
 *   npx perflab run examples/feeder.scenario.ts --host http://127.0.0.1:8888
 */
import { randomInt } from 'node:crypto';
import { constant, csvFeeder, defineScenario, jsonFeeder } from 'perflab';

/** One row of hospitals.json. */
interface HospitalRow {
  name: string;
  address: string;
  beds_number: number;
  phone: string;
}

// Loaded once, when the scenario file is loaded; a bad file stops the run before any load (exit 2).
const patients = csvFeeder(new URL('./data/patients.csv', import.meta.url), {
  mode: 'sequential',
  onEnd: 'stop',
});
const hospitals = jsonFeeder<HospitalRow>(new URL('./data/hospitals.json', import.meta.url), {
  mode: 'random',
});

// The CSV's policy numbers are made unique per run, so the file can be replayed against the same clinic.
const runTag = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`;

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  load: { users: 4, spawnRate: 4, duration: '30s' },
  waitTime: constant('100ms'),
  thresholds: {
    checks: ['rate==1'],
    iterations: ['count==20'], // one per CSV row
  },
  tasks: [
    {
      name: 'register patient',
      run: async (vu) => {
        const row = vu.feed(patients); // ends the scenario quietly once every row was used
        const patient = await vu.http.post('/api/v1/patient', {
          json: { surname: row.surname, born_date: row.born_date, sex: row.sex, mpn: `${row.mpn}-${runTag}` },
        });
        vu.check(patient, { 'patient created': (r) => r.status === 201 });

        const hospital = await vu.http.post('/api/v1/hospital', { json: vu.feed(hospitals) });
        vu.check(hospital, { 'hospital created': (r) => r.status === 201 });
      },
    },
  ],
});
