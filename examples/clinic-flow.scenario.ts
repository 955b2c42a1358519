/**
 * A full clinic flow per iteration, through the JSON API: create a hospital, a
 * doctor in it, a patient (unique medical policy number), link doctor and patient,
 * add a diagnosis, then read each record back by ID and check its fields. Ids read
 * from one response go into the next request; request names group the ids
 * (`/api/v1/hospital/[id]`). Thresholds make the run fail (exit 99) on any failed
 * check or request.
 *
 *   npx perflab run examples/clinic-flow.scenario.ts --host http://127.0.0.1:8888 -u 10 -r 10 -t 15s
 */
import { randomInt } from 'node:crypto';
import { between, defineScenario, type HttpResponse, type VuContext } from 'perflab';

interface Hospital {
  ID: number;
  name: string;
  address: string;
  beds_number: number;
  phone: string;
}
interface Doctor {
  ID: number;
  surname: string;
  profession: string;
  hospital_ID: number;
}
interface Patient {
  ID: number;
  surname: string;
  born_date: string;
  sex: 'M' | 'F';
  mpn: string;
}
interface Diagnosis {
  ID: number;
  patient_ID: number;
  type: string;
  information: string;
}
interface Link {
  doctor_ID: number;
  patient_ID: number;
}
interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

const SURNAMES = ['Ivanov', 'Smith', 'Garcia', 'Müller', 'Rossi', 'Novak', 'Dubois', 'Silva', 'Tanaka'];
const PROFESSIONS = ['surgeon', 'therapist', 'cardiologist', 'neurologist', 'paediatrician'];
const DIAGNOSES = ['influenza', 'bronchitis', 'migraine', 'fracture', 'gastritis'];

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)]!;

/** A birth date between 1930 and 2019, YYYY-MM-DD. */
const bornDate = () =>
  new Date(Date.UTC(1930, 0, 1) + randomInt(90 * 365) * 86_400_000).toISOString().slice(0, 10);

// Medical policy numbers are unique: this run's tag + VU id + the VU's own counter.
const runTag = `${Date.now().toString(36)}${randomInt(1296).toString(36)}`;

/** POSTs a record, checks 201 + the echoed fields + Location; @returns the record, or undefined when it failed. */
async function create<T extends object>(
  vu: VuContext,
  entity: string,
  body: Omit<T, 'ID'>,
): Promise<T | undefined> {
  const res = await vu.http.post(`/api/v1/${entity}`, { json: body });
  const ok = vu.check(res, {
    [`${entity} created: 201`]: (r) => r.status === 201,
    [`${entity} created: fields echoed`]: (r) => sameFields(r.json<T>(), body),
  });
  if (!ok) return undefined;
  const record = res.json<T & { ID: number }>();
  vu.check(res, {
    [`${entity} created: Location`]: (r) => r.headers.location === `/api/v1/${entity}/${record.ID}`,
  });
  return record;
}

/** GETs a record by ID (grouped as `/api/v1/<entity>/[id]`) and checks it equals `expected`. */
async function readBack<T extends { ID: number }>(vu: VuContext, entity: string, expected: T): Promise<void> {
  const res = await vu.http.get(`/api/v1/${entity}/${expected.ID}`, { name: `/api/v1/${entity}/[id]` });
  vu.check(res, {
    [`${entity} read: 200`]: (r) => r.status === 200,
    [`${entity} read: same record`]: (r) => sameFields(r.json<T>(), expected),
  });
}

/** True when every field of `expected` has the same value in `actual`. */
function sameFields(actual: object, expected: object): boolean {
  const got = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, value]) => got[key] === value);
}

async function clinicFlow(vu: VuContext): Promise<void> {
  vu.state.iteration = ((vu.state.iteration as number | undefined) ?? 0) + 1;

  const hospital = await create<Hospital>(vu, 'hospital', {
    name: `Flow Hospital ${runTag}-${vu.id}-${vu.state.iteration}`,
    address: `${randomInt(1, 200)} Main St`,
    beds_number: randomInt(10, 1000),
    phone: `+7-${randomInt(100, 999)}-${randomInt(1_000_000, 9_999_999)}`,
  });
  if (!hospital) return;

  const doctor = await create<Doctor>(vu, 'doctor', {
    surname: pick(SURNAMES),
    profession: pick(PROFESSIONS),
    hospital_ID: hospital.ID, // the ID from the previous response
  });
  const patient = await create<Patient>(vu, 'patient', {
    surname: pick(SURNAMES),
    born_date: bornDate(),
    sex: pick(['M', 'F'] as const),
    mpn: `${runTag}-${vu.id}-${vu.state.iteration}`,
  });
  if (!doctor || !patient) return;

  const link = await vu.http.post('/api/v1/doctor-patient', {
    json: { doctor_ID: doctor.ID, patient_ID: patient.ID },
  });
  vu.check(link, {
    'doctor-patient linked: 201': (r) => r.status === 201,
    'doctor-patient linked: ids echoed': (r) =>
      sameFields(r.json<Link>(), { doctor_ID: doctor.ID, patient_ID: patient.ID }),
  });

  const diagnosis = await create<Diagnosis>(vu, 'diagnosis', {
    patient_ID: patient.ID,
    type: pick(DIAGNOSES),
    information: `seen by doctor ${doctor.ID} at hospital ${hospital.ID}`,
  });

  await readBack(vu, 'hospital', hospital);
  await readBack(vu, 'doctor', doctor);
  await readBack(vu, 'patient', patient);
  if (diagnosis) await readBack(vu, 'diagnosis', diagnosis);

  const patients: HttpResponse = await vu.http.get(`/api/v1/doctor-patient/${doctor.ID}`, {
    name: '/api/v1/doctor-patient/[doctor_ID]',
  });
  vu.check(patients, {
    "doctor's patients read: 200": (r) => r.status === 200,
    "doctor's patients read: the linked patient": (r) => {
      const page = r.json<Page<Patient>>();
      return page.total === 1 && page.items[0]?.ID === patient.ID && page.items[0].mpn === patient.mpn;
    },
  });
}

export default defineScenario({
  host: 'http://127.0.0.1:8888',
  load: { users: 10, spawnRate: 10, duration: '30s' },
  waitTime: between('50ms', '200ms'),
  tags: { flow: 'clinic' },
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
    'http_req_duration{name:/api/v1/patient/[id]}': ['p(95)<500'],
    iterations: ['count>0'],
  },
  tasks: [{ name: 'clinic flow', run: clinicFlow }],
});
