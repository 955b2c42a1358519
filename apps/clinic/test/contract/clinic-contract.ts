/**
 * The clinic contract: one suite of behaviour every store must show, run through
 * the HTTP app (`app.inject`) against Redis, PostgreSQL and PGlite (see the
 * `contract.*.test.ts` files). Tests share one store per backend and therefore
 * compare totals before/after rather than assume an empty store.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ClinicStore, type StoreKind } from '../../src/index.ts';
import { todayIso } from '../../src/model/fields.ts';
import { fieldError, formBody, formValue, notice, pageTotal, pagerLink, tableRows } from '../helpers/html.ts';

/** How a test file plugs a backend into the contract. */
export interface ContractHarness {
  readonly kind: StoreKind;
  /** Start the backend and open a store on it. */
  start(): Promise<ClinicStore>;
  /** Close the store and stop the backend (must tolerate a failed `start`). */
  stop(): Promise<void>;
  /** For backends that run as a separate process: take it down / bring it back on the same address. */
  readonly outage?: { down(): Promise<void>; up(): Promise<void> };
}

type Json = Record<string, unknown>;
interface PageJson<T = Json> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
interface ErrorJson {
  error: string;
  message: string;
  fields?: Record<string, string>;
}

function tomorrowIso(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return todayIso(d);
}

/** Register the contract suite for `harness`. */
export function defineClinicContract(harness: ContractHarness): void {
  describe(`clinic contract on ${harness.kind}`, () => {
    let app: FastifyInstance;
    let serial = 0;
    const unique = (prefix: string) => `${prefix}-${harness.kind}-${process.pid}-${++serial}`;

    beforeAll(async () => {
      const store = await harness.start();
      app = await buildApp({ store });
      await app.ready();
    });

    afterAll(async () => {
      await app?.close();
      await harness.stop();
    });

    const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
      app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as Json }) });
    const postForm = (url: string, fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody(fields),
      });
    const total = async (path: string) =>
      (await request('GET', `/api/v1/${path}?limit=1`)).json<PageJson>().total;

    async function create(entity: string, body: Json): Promise<Json & { ID: number }> {
      const res = await request('POST', `/api/v1/${entity}`, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }
    const hospital = (overrides: Json = {}) =>
      create('hospital', {
        name: unique('Hospital'),
        address: '1 Main St',
        beds_number: 120,
        phone: '+1 555 0100',
        ...overrides,
      });
    const patient = (overrides: Json = {}) =>
      create('patient', {
        surname: unique('Patient'),
        born_date: '1980-05-17',
        sex: 'F',
        mpn: unique('MPN'),
        ...overrides,
      });
    const doctor = async (overrides: Json = {}) =>
      create('doctor', {
        surname: unique('Doctor'),
        profession: 'surgeon',
        hospital_ID: (await hospital()).ID,
        ...overrides,
      });

    function expectHtml(res: LightMyRequestResponse, status: number): string {
      expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      return res.body;
    }

    it('GET /health reports ok and the store kind', async () => {
      const res = await request('GET', '/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', store: harness.kind });
    });

    it('GET /hospital renders the list (newest first) with the create form', async () => {
      const a = await hospital({ name: unique('Alpha <&> "General"') });
      const b = await hospital();
      const html = expectHtml(await request('GET', '/hospital'), 200);
      const rows = tableRows(html);
      expect(rows[0]).toEqual([String(b.ID), b.name, '1 Main St', '120', '+1 555 0100']);
      expect(rows[1]).toEqual([String(a.ID), a.name, '1 Main St', '120', '+1 555 0100']);
      // Text is HTML-escaped.
      expect(html).toContain('Alpha &lt;&amp;&gt; &quot;General&quot;');
      expect(html).not.toContain('<&>');
      expect(pageTotal(html)).toBe(await total('hospital'));
      for (const field of ['name', 'address', 'beds_number', 'phone'])
        expect(formValue(html, field)).toBe('');
    });

    it('POST /hospital creates the hospital and answers 200 with the updated page', async () => {
      const before = await total('hospital');
      const name = unique('Saint Mary');
      const res = await postForm('/hospital', {
        name,
        address: ' 5 Oak Rd ',
        beds_number: '42',
        phone: '555-0199',
      });
      const html = expectHtml(res, 200);
      const added = /^Added hospital (\d+)\.$/.exec(notice(html) ?? '');
      expect(added).not.toBeNull();
      const id = Number(added?.[1]);
      expect(tableRows(html)[0]).toEqual([String(id), name, '5 Oak Rd', '42', '555-0199']);
      expect(await total('hospital')).toBe(before + 1);
      const stored = await request('GET', `/api/v1/hospital/${id}`);
      expect(stored.json()).toEqual({
        ID: id,
        name,
        address: '5 Oak Rd',
        beds_number: 42,
        phone: '555-0199',
      });
    });

    it('POST /hospital with an empty name answers 400 with the error next to the field, values kept, nothing written', async () => {
      const before = await total('hospital');
      const res = await postForm('/hospital', {
        name: '   ',
        address: '9 Elm St',
        beds_number: '10',
        phone: '555',
      });
      const html = expectHtml(res, 400);
      expect(fieldError(html, 'name')).toBe('Name is required');
      expect(fieldError(html, 'address')).toBeUndefined();
      expect(formValue(html, 'address')).toBe('9 Elm St');
      expect(formValue(html, 'beds_number')).toBe('10');
      expect(formValue(html, 'phone')).toBe('555');
      expect(notice(html)).toBeUndefined();
      expect(await total('hospital')).toBe(before);
    });

    it('lists every field error at once (HTML and JSON), writing nothing', async () => {
      const before = await total('patient');
      const html = expectHtml(
        await postForm('/patient', { surname: '', born_date: tomorrowIso(), sex: 'X', mpn: '' }),
        400,
      );
      expect(fieldError(html, 'surname')).toBe('Surname is required');
      expect(fieldError(html, 'born_date')).toBe('Born must not be in the future');
      expect(fieldError(html, 'sex')).toBe('Sex must be M or F');
      expect(fieldError(html, 'mpn')).toBe('Medical policy number is required');
      expect(formValue(html, 'born_date')).toBe(tomorrowIso());

      const res = await request('POST', '/api/v1/patient', {
        surname: '',
        born_date: tomorrowIso(),
        sex: 'X',
        mpn: '',
        extra: 1,
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<ErrorJson>();
      expect(body.error).toBe('CLINIC_ERR_VALIDATION');
      expect(body.fields).toEqual({
        surname: 'is required',
        born_date: 'must not be in the future',
        sex: 'must be M or F',
        mpn: 'is required',
        extra: 'is not a known field',
      });
      expect(await total('patient')).toBe(before);

      const empty = await request('POST', '/api/v1/hospital', {});
      expect(empty.json<ErrorJson>().fields).toEqual({
        name: 'is required',
        address: 'is required',
        beds_number: 'is required',
        phone: 'is required',
      });
    });

    it('validates beds_number (negative, fractional, text) and dates (format, calendar)', async () => {
      const before = await total('hospital');
      const cases: [unknown, string][] = [
        [-1, 'must be ≥ 0'],
        ['-3', 'must be ≥ 0'],
        [2.5, 'must be a whole number'],
        ['2.5', 'must be a whole number'],
        ['ten', 'must be a whole number'],
        [true, 'must be a whole number'],
        [3_000_000_000, 'must be ≤ 2147483647'],
      ];
      for (const [beds, message] of cases) {
        const res = await request('POST', '/api/v1/hospital', {
          name: 'H',
          address: 'A',
          beds_number: beds,
          phone: 'P',
        });
        expect(res.statusCode).toBe(400);
        expect(res.json<ErrorJson>().fields).toEqual({ beds_number: message });
      }
      const html = expectHtml(
        await postForm('/hospital', { name: 'H', address: 'A', beds_number: '-5', phone: 'P' }),
        400,
      );
      expect(fieldError(html, 'beds_number')).toBe('Beds must be ≥ 0');
      expect(await total('hospital')).toBe(before);

      for (const [date, message] of [
        ['17.05.1980', 'must be a date (YYYY-MM-DD)'],
        ['1980-02-30', 'is not a real calendar date'],
        ['1850-01-01', 'must not be before 1900-01-01'],
      ] as const) {
        const res = await request('POST', '/api/v1/patient', {
          surname: 'S',
          born_date: date,
          sex: 'M',
          mpn: unique('m'),
        });
        expect(res.json<ErrorJson>().fields).toEqual({ born_date: message });
      }
      const ok = await patient({ born_date: todayIso(), sex: 'M' });
      expect(ok.born_date).toBe(todayIso());
    });

    it('rejects references to missing records as field errors (with the other field errors)', async () => {
      const before = await total('doctor');
      const res = await request('POST', '/api/v1/doctor', {
        surname: 'House',
        profession: 'diagnostician',
        hospital_ID: 999_999,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorJson>()).toMatchObject({
        error: 'CLINIC_ERR_VALIDATION',
        fields: { hospital_ID: 'no hospital with ID 999999' },
      });
      const both = await request('POST', '/api/v1/doctor', {
        surname: '',
        profession: 'x',
        hospital_ID: '999998',
      });
      expect(both.json<ErrorJson>().fields).toEqual({
        surname: 'is required',
        hospital_ID: 'no hospital with ID 999998',
      });
      const html = expectHtml(
        await postForm('/doctor', { surname: 'House', profession: 'x', hospital_ID: '999997' }),
        400,
      );
      expect(fieldError(html, 'hospital_ID')).toBe('Hospital ID no hospital with ID 999997');
      expect(formValue(html, 'surname')).toBe('House');
      const diagnosis = await request('POST', '/api/v1/diagnosis', {
        patient_ID: 999_999,
        type: 'flu',
        information: 'mild',
      });
      expect(diagnosis.json<ErrorJson>().fields).toEqual({ patient_ID: 'no patient with ID 999999' });
      expect(await total('doctor')).toBe(before);
    });

    it('answers 409 when deleting a referenced record, 204 once it is free', async () => {
      const h = await hospital();
      const d = await doctor({ hospital_ID: h.ID });
      const blocked = await request('DELETE', `/api/v1/hospital/${h.ID}`);
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json<ErrorJson>()).toMatchObject({
        error: 'CLINIC_ERR_REFERENCED',
        message: `hospital ${h.ID} is still referenced by doctors (1).`,
      });
      expect((await request('GET', `/api/v1/hospital/${h.ID}`)).statusCode).toBe(200);

      const p = await patient();
      const dx = await create('diagnosis', { patient_ID: p.ID, type: 'influenza', information: 'bed rest' });
      expect((await request('DELETE', `/api/v1/patient/${p.ID}`)).json<ErrorJson>().message).toBe(
        `patient ${p.ID} is still referenced by diagnoses (1).`,
      );
      expect((await request('DELETE', `/api/v1/diagnosis/${dx.ID}`)).statusCode).toBe(204);
      expect((await request('DELETE', `/api/v1/patient/${p.ID}`)).statusCode).toBe(204);
      expect((await request('GET', `/api/v1/patient/${p.ID}`)).statusCode).toBe(404);

      expect((await request('DELETE', `/api/v1/doctor/${d.ID}`)).statusCode).toBe(204);
      expect((await request('DELETE', `/api/v1/hospital/${h.ID}`)).statusCode).toBe(204);
      expect((await request('GET', `/api/v1/hospital/${h.ID}`)).statusCode).toBe(404);
    });

    it('updates with PUT (full record), validating like create', async () => {
      const h1 = await hospital();
      const h2 = await hospital();
      const d = await doctor({ hospital_ID: h1.ID });
      const res = await request('PUT', `/api/v1/doctor/${d.ID}`, {
        surname: 'Moved',
        profession: 'GP',
        hospital_ID: h2.ID,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ID: d.ID, surname: 'Moved', profession: 'GP', hospital_ID: h2.ID });
      expect((await request('GET', `/api/v1/doctor/${d.ID}`)).json()).toEqual(res.json());
      // The back-reference moved too: h1 is free, h2 is not.
      expect((await request('DELETE', `/api/v1/hospital/${h1.ID}`)).statusCode).toBe(204);
      expect((await request('DELETE', `/api/v1/hospital/${h2.ID}`)).statusCode).toBe(409);

      const partial = await request('PUT', `/api/v1/doctor/${d.ID}`, { surname: 'Only' });
      expect(partial.statusCode).toBe(400);
      expect(Object.keys(partial.json<ErrorJson>().fields ?? {}).sort()).toEqual([
        'hospital_ID',
        'profession',
      ]);
      expect((await request('GET', `/api/v1/doctor/${d.ID}`)).json<Json>().surname).toBe('Moved');
    });

    it('paginates with offset/limit and reports the total', async () => {
      const made: number[] = [];
      for (let i = 0; i < 7; i++) made.push((await hospital()).ID);
      const all = await total('hospital');
      const first = await request('GET', '/api/v1/hospital?offset=0&limit=3');
      const page1 = first.json<PageJson<{ ID: number }>>();
      expect(page1).toMatchObject({ total: all, offset: 0, limit: 3 });
      expect(page1.items.map((h) => h.ID)).toEqual([made[6], made[5], made[4]]);
      const page2 = (await request('GET', '/api/v1/hospital?offset=3&limit=3')).json<
        PageJson<{ ID: number }>
      >();
      expect(page2.items.map((h) => h.ID)).toEqual([made[3], made[2], made[1]]);
      const beyond = (await request('GET', `/api/v1/hospital?offset=${all}&limit=3`)).json<PageJson>();
      expect(beyond).toEqual({ items: [], total: all, offset: all, limit: 3 });
      const defaults = (await request('GET', '/api/v1/hospital')).json<PageJson>();
      expect(defaults.limit).toBe(50);
      expect(defaults.items.length).toBe(Math.min(50, all));

      const html = expectHtml(await request('GET', '/hospital?offset=3&limit=3'), 200);
      expect(tableRows(html).map((row) => Number(row[0]))).toEqual([made[3], made[2], made[1]]);
      expect(pagerLink(html, 'prev')).toBe('/hospital?offset=0&limit=3');
      expect(pagerLink(html, 'next')).toBe('/hospital?offset=6&limit=3');
      expect(pagerLink(expectHtml(await request('GET', '/hospital?limit=3'), 200), 'prev')).toBeUndefined();

      for (const query of ['limit=0', 'limit=501', 'offset=-1', 'limit=x']) {
        const res = await request('GET', `/api/v1/hospital?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json<ErrorJson>().error).toBe('CLINIC_ERR_VALIDATION');
      }
      expect((await request('GET', '/hospital?limit=0')).statusCode).toBe(400);
    });

    it('gives 200 parallel creates 200 distinct IDs', async () => {
      const before = await total('patient');
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          request('POST', '/api/v1/patient', {
            surname: `Parallel ${i}`,
            born_date: '1990-01-01',
            sex: i % 2 ? 'M' : 'F',
            mpn: unique('par'),
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(200).fill(201));
      const ids = new Set(responses.map((r) => r.json<{ ID: number }>().ID));
      expect(ids.size).toBe(200);
      expect(await total('patient')).toBe(before + 200);
    });

    it('keeps mpn unique, also under concurrent creates and on update', async () => {
      const mpn = unique('MPN');
      const first = await patient({ mpn });
      const dup = await request('POST', '/api/v1/patient', {
        surname: 'Other',
        born_date: '1970-01-01',
        sex: 'M',
        mpn,
      });
      expect(dup.statusCode).toBe(400);
      expect(dup.json<ErrorJson>().fields).toEqual({ mpn: `is already used by patient ${first.ID}` });
      const html = expectHtml(
        await postForm('/patient', { surname: 'Other', born_date: '1970-01-01', sex: 'M', mpn }),
        400,
      );
      expect(fieldError(html, 'mpn')).toBe(`Medical policy number is already used by patient ${first.ID}`);
      expect(formValue(html, 'sex')).toBe('M');

      const raceMpn = unique('RACE');
      const race = await Promise.all(
        Array.from({ length: 20 }, () =>
          request('POST', '/api/v1/patient', {
            surname: 'Racer',
            born_date: '1970-01-01',
            sex: 'F',
            mpn: raceMpn,
          }),
        ),
      );
      expect(race.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(race.filter((r) => r.statusCode === 400)).toHaveLength(19);

      const second = await patient();
      const steal = await request('PUT', `/api/v1/patient/${second.ID}`, { ...second, ID: undefined, mpn });
      expect(steal.statusCode).toBe(400);
      expect(steal.json<ErrorJson>().fields).toEqual({ mpn: `is already used by patient ${first.ID}` });
      const keep = await request('PUT', `/api/v1/patient/${first.ID}`, {
        surname: 'Renamed',
        born_date: '1980-05-17',
        sex: 'F',
        mpn,
      });
      expect(keep.statusCode).toBe(200);
      // After first moves to a new mpn, the old one is free again.
      const moved = await request('PUT', `/api/v1/patient/${first.ID}`, {
        surname: 'Renamed',
        born_date: '1980-05-17',
        sex: 'F',
        mpn: unique('NEW'),
      });
      expect(moved.statusCode).toBe(200);
      expect(
        (
          await request('POST', '/api/v1/patient', {
            surname: 'Reuse',
            born_date: '1970-01-01',
            sex: 'M',
            mpn,
          })
        ).statusCode,
      ).toBe(201);
    });

    it('answers malformed requests with CLINIC_ERR_BAD_REQUEST', async () => {
      const badJson = await app.inject({
        method: 'POST',
        url: '/api/v1/hospital',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(badJson.statusCode).toBe(400);
      expect(badJson.json<ErrorJson>().error).toBe('CLINIC_ERR_BAD_REQUEST');
      const unsupported = await app.inject({
        method: 'POST',
        url: '/api/v1/hospital',
        headers: { 'content-type': 'application/xml' },
        payload: '<hospital/>',
      });
      expect(unsupported.statusCode).toBe(415);
      expect(unsupported.json<ErrorJson>().error).toBe('CLINIC_ERR_BAD_REQUEST');
    });

    it('answers 404 for unknown IDs and routes', async () => {
      for (const [method, url, body] of [
        ['GET', '/api/v1/hospital/999999', undefined],
        ['PUT', '/api/v1/hospital/999999', { name: 'N', address: 'A', beds_number: 1, phone: 'P' }],
        ['DELETE', '/api/v1/patient/999999', undefined],
        ['GET', '/api/v1/doctor-patient/999999', undefined],
        ['DELETE', '/api/v1/doctor-patient/999999/999999', undefined],
        ['GET', '/api/v1/nothing', undefined],
      ] as const) {
        const res = await request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json<ErrorJson>().error).toBe('CLINIC_ERR_NOT_FOUND');
      }
      expect((await request('GET', '/api/v1/hospital/999999')).json<ErrorJson>().message).toBe(
        'hospital 999999 not found.',
      );
      expectHtml(await request('GET', '/no-such-page'), 404);
      expect((await request('GET', '/api/v1/hospital/abc')).statusCode).toBe(400);
    });

    it('links doctors and patients', async () => {
      const d = await doctor();
      const p1 = await patient();
      const p2 = await patient();
      const linked = await request('POST', '/api/v1/doctor-patient', { doctor_ID: d.ID, patient_ID: p1.ID });
      expect(linked.statusCode).toBe(201);
      expect(linked.json()).toEqual({ doctor_ID: d.ID, patient_ID: p1.ID });
      const html = expectHtml(
        await postForm('/doctor-patient', { doctor_ID: String(d.ID), patient_ID: String(p2.ID) }),
        200,
      );
      expect(notice(html)).toBe(`Linked doctor ${d.ID} and patient ${p2.ID}.`);
      expect(tableRows(html)[0]).toEqual([String(d.ID), String(p2.ID)]);

      const dup = await request('POST', '/api/v1/doctor-patient', { doctor_ID: d.ID, patient_ID: p1.ID });
      expect(dup.statusCode).toBe(400);
      expect(dup.json<ErrorJson>().fields).toEqual({ patient_ID: `is already linked to doctor ${d.ID}` });
      const missing = await request('POST', '/api/v1/doctor-patient', {
        doctor_ID: 999_999,
        patient_ID: 999_998,
      });
      expect(missing.json<ErrorJson>().fields).toEqual({
        doctor_ID: 'no doctor with ID 999999',
        patient_ID: 'no patient with ID 999998',
      });

      const mine = (await request('GET', `/api/v1/doctor-patient/${d.ID}`)).json<PageJson<Json>>();
      expect(mine.total).toBe(2);
      expect(mine.items).toEqual([p2, p1]);
      const list = (await request('GET', '/api/v1/doctor-patient?limit=2')).json<PageJson>();
      expect(list.items).toEqual([
        { doctor_ID: d.ID, patient_ID: p2.ID },
        { doctor_ID: d.ID, patient_ID: p1.ID },
      ]);

      expect((await request('DELETE', `/api/v1/doctor/${d.ID}`)).json<ErrorJson>().message).toBe(
        `doctor ${d.ID} is still referenced by patient links (2).`,
      );
      expect((await request('DELETE', `/api/v1/patient/${p1.ID}`)).statusCode).toBe(409);
      expect((await request('DELETE', `/api/v1/doctor-patient/${d.ID}/${p1.ID}`)).statusCode).toBe(204);
      expect((await request('DELETE', `/api/v1/doctor-patient/${d.ID}/${p1.ID}`)).statusCode).toBe(404);
      expect((await request('DELETE', `/api/v1/patient/${p1.ID}`)).statusCode).toBe(204);
      const after = (await request('GET', `/api/v1/doctor-patient/${d.ID}`)).json<PageJson<Json>>();
      expect(after).toMatchObject({ total: 1, items: [p2] });
    });

    it('renders every page and the index with counts', async () => {
      for (const path of ['/doctor', '/patient', '/diagnosis', '/doctor-patient']) {
        const html = expectHtml(await request('GET', path), 200);
        expect(pageTotal(html)).toBe(await total(path.slice(1)));
      }
      const html = expectHtml(await request('GET', '/'), 200);
      for (const section of ['hospital', 'doctor', 'patient', 'diagnosis', 'doctor-patient']) {
        const count = new RegExp(`data-section="${section}">(\\d+)<`).exec(html)?.[1];
        expect(Number(count), section).toBe(await total(section));
        expect(html).toContain(`href="/${section}"`);
      }
    });

    it('serves an OpenAPI document listing the /api/v1 paths at /api/docs', async () => {
      const res = await request('GET', '/api/docs');
      expect(res.statusCode).toBe(200);
      const doc = res.json<{
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
        components?: { schemas?: Record<string, unknown> };
      }>();
      expect(doc.openapi).toMatch(/^3\./);
      for (const entity of ['hospital', 'doctor', 'patient', 'diagnosis']) {
        expect(Object.keys(doc.paths[`/api/v1/${entity}`] ?? {}).sort()).toEqual(['get', 'post']);
        expect(Object.keys(doc.paths[`/api/v1/${entity}/{id}`] ?? {}).sort()).toEqual([
          'delete',
          'get',
          'put',
        ]);
      }
      expect(doc.paths['/api/v1/doctor-patient']).toBeDefined();
      expect(doc.paths['/api/v1/doctor-patient/{doctor_ID}']).toBeDefined();
      expect(doc.paths['/api/v1/doctor-patient/{doctor_ID}/{patient_ID}']).toBeDefined();
      expect(doc.paths['/hospital']).toBeUndefined();
      // Every $ref resolves (the shared ClinicError schema lives under components.schemas).
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(refs).toContain('ClinicError');
      for (const ref of new Set(refs)) expect(doc.components?.schemas?.[ref ?? ''], ref).toBeDefined();
      const post = doc.paths['/api/v1/hospital']?.post as {
        requestBody?: { content?: Record<string, { schema?: { required?: string[] } }> };
      };
      expect(post.requestBody?.content?.['application/json']?.schema?.required?.sort()).toEqual([
        'address',
        'beds_number',
        'name',
        'phone',
      ]);
    });

    if (harness.outage) {
      const outage = harness.outage;
      it('answers 503 while the store is down, writes nothing, and recovers when it is back', async () => {
        const kept = await hospital({ name: unique('Before outage') });
        await outage.down();
        let restarted = false;
        try {
          const page = expectHtml(await request('GET', '/hospital'), 503);
          expect(page).toContain('data-code="CLINIC_ERR_STORE_UNAVAILABLE"');
          expect(page).toContain(`The ${harness.kind} store is unreachable`);
          const lostName = unique('During outage');
          const post = expectHtml(
            await postForm('/hospital', { name: lostName, address: 'A', beds_number: '1', phone: 'P' }),
            503,
          );
          expect(post).toContain('unreachable');
          const apiPost = await request('POST', '/api/v1/hospital', {
            name: lostName,
            address: 'A',
            beds_number: 1,
            phone: 'P',
          });
          expect(apiPost.statusCode).toBe(503);
          expect(apiPost.json<ErrorJson>().error).toBe('CLINIC_ERR_STORE_UNAVAILABLE');
          const health = await request('GET', '/health');
          expect(health.statusCode).toBe(503);
          expect(health.json()).toMatchObject({ status: 'unavailable', store: harness.kind });
          expectHtml(await request('GET', '/'), 503);

          await outage.up();
          restarted = true;
          const deadline = Date.now() + 20_000;
          while ((await request('GET', '/health')).statusCode !== 200) {
            if (Date.now() > deadline) throw new Error('the service did not recover within 20 s');
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expectHtml(await request('GET', '/hospital'), 200);
          const names = (await request('GET', '/api/v1/hospital?limit=500'))
            .json<PageJson<{ name: string }>>()
            .items.map((h) => h.name);
          expect(names).toContain(kept.name);
          expect(names).not.toContain(lostName);
          const again = await postForm('/hospital', {
            name: unique('After outage'),
            address: 'A',
            beds_number: '1',
            phone: 'P',
          });
          expect(again.statusCode).toBe(200);
        } finally {
          if (!restarted) await outage.up();
        }
      });
    }
  });
}
