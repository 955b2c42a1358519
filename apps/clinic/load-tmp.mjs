import { request } from 'undici';
const base = process.argv[2];
const users = 50,
  durationMs = Number(process.argv[3] ?? 15000),
  think = Number(process.argv[4] ?? 0);
const mix = [
  ['GET', '/', 3],
  ['GET', '/hospital', 5],
  ['GET', '/doctor', 3],
  ['GET', '/patient', 3],
  ['GET', '/diagnosis', 2],
  ['POST', '/hospital', 2],
  ['POST', '/patient', 2],
];
const table = mix.flatMap(([m, p, w]) => Array(w).fill([m, p]));
let n = 0;
const lat = [];
let errors = 0;
const statuses = {};
async function one(i) {
  const [m, p] = table[Math.floor(Math.random() * table.length)];
  let body,
    headers = {};
  if (m === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    n++;
    body =
      p === '/hospital'
        ? `name=H${i}-${n}&address=Street&beds_number=10&phone=555`
        : `surname=P${n}&born_date=1990-01-01&sex=M&mpn=${process.pid}-${i}-${n}-${Date.now()}`;
  }
  const t0 = performance.now();
  const res = await request(base + p, { method: m, body, headers });
  await res.body.text();
  lat.push(performance.now() - t0);
  statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
}
// seed
for (let i = 0; i < 60; i++) {
  await request(base + '/api/v1/hospital', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Seed' + i, address: 'A', beds_number: i, phone: '1' }),
  }).then((r) => r.body.text());
  const h = 1;
  await request(base + '/api/v1/doctor', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ surname: 'D' + i, profession: 'GP', hospital_ID: 1 }),
  }).then((r) => r.body.text());
  const p = await request(base + '/api/v1/patient', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      surname: 'S' + i,
      born_date: '1990-01-01',
      sex: 'F',
      mpn: 'seed-' + process.pid + '-' + i,
    }),
  }).then((r) => r.body.json());
  await request(base + '/api/v1/diagnosis', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ patient_ID: p.ID, type: 'flu', information: 'x' }),
  }).then((r) => r.body.text());
}
const end = Date.now() + durationMs;
await Promise.all(
  Array.from({ length: users }, async (_, i) => {
    while (Date.now() < end) {
      await one(i);
      if (think) await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())));
    }
  }),
);
lat.sort((a, b) => a - b);
const q = (x) => lat[Math.floor(x * (lat.length - 1))].toFixed(1);
console.log(
  JSON.stringify({
    requests: lat.length,
    rps: ((lat.length / durationMs) * 1000).toFixed(0),
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: q(1),
    statuses,
  }),
);
