// `perflab compare` end to end (issue 5's acceptance): three runs of the clinic
// service (embedded PGlite, in this process) driven by the real `perflab run` CLI
// with a test scenario of 7 request names, then the real `perflab compare` CLI.
//
// - A and B: the same setup → compare says every row is unchanged, exit 0.
// - C: the same, plus a 20 ms delay on the `/patient` routes only (an onRequest
//   hook this test adds to its own app instance) → compare A vs C flags exactly
//   GET /patient, POST /patient and the aggregated row (which counts: about half
//   of all requests got 20 ms slower), exit 1.
//
// The three runs are simultaneous, each against its own app and store: on a
// shared 2-core machine the background load changes from one second to the next,
// and sequential runs would compare the machine's load as much as the service.
// Side by side, every run sees the same background; the delay is the only
// difference between C and A. Every app gets the same hook (0 ms for A and B).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { CompareReport, CompareRow, ResultsDocument } from 'perflab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, createPgliteStore } from '../src/index.ts';

const PERFLAB = fileURLToPath(new URL('../../../packages/perflab/bin/perflab.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('./fixtures/compare.scenario.ts', import.meta.url));
const RUN_SECONDS = 12;
const USERS = 2;
const DELAY_MS = 20;

/** Runs the perflab CLI to completion (killed after `timeoutMs`). */
async function perflab(args: string[], timeoutMs = 90_000) {
  const child = spawn(process.execPath, [PERFLAB, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  return { code, stdout, stderr };
}

/** A fresh in-memory clinic whose `/patient` routes (GET and POST) wait `delayMs` first. */
async function startClinic(delayMs: number) {
  const store = await createPgliteStore();
  const app = await buildApp({ store });
  app.addHook('onRequest', async (request) => {
    if (request.url.split('?')[0] === '/patient' && delayMs > 0) await sleep(delayMs);
  });
  const host = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    host,
    delayMs,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

type Clinic = Awaited<ReturnType<typeof startClinic>>;

/** Warm-up (JIT, templates, PGlite's caches), the same for every app; checks the delay is in place. */
async function warmUp(clinic: Clinic): Promise<void> {
  for (let i = 0; i < 20; i++) {
    for (const path of ['/', '/hospital', '/doctor', '/patient', '/diagnosis']) {
      await (await fetch(`${clinic.host}${path}`)).text();
    }
  }
  const started = performance.now();
  await (await fetch(`${clinic.host}/patient`)).text();
  expect(performance.now() - started).toBeGreaterThanOrEqual(clinic.delayMs - 1);
}

/** `perflab run` of the test scenario against `clinic`, writing the results document `json`. */
async function measuredRun(clinic: Clinic, json: string): Promise<void> {
  const args = ['run', SCENARIO, '--host', clinic.host, '-u', String(USERS), '-r', '100'];
  const result = await perflab([...args, '-t', `${RUN_SECONDS}s`, '--json', json, '-w', '1']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // A clean run with enough requests (about 250 at this load), so compare has something to judge.
  const doc = JSON.parse(await readFile(json, 'utf8')) as ResultsDocument;
  expect(doc.exceptions).toEqual([]);
  expect(doc.failures).toEqual([]);
  expect(doc.aggregated.requests).toBeGreaterThan(100);
}

const label = (row: CompareRow) => (row.method ? `${row.method} ${row.name}` : row.name);

/** One line per row with what decided it, for the test log. */
function figures(report: CompareReport): string {
  return [...report.rows, report.aggregated]
    .map((row) => {
      const ps = row.percentiles
        .map((p) => `p${p.percentile} ${p.baseMs.toFixed(2)}→${p.newMs.toFixed(2)}`)
        .join(' ');
      return `${label(row).padEnd(16)} n=${row.base?.requests}/${row.new?.requests} ${ps} MW p=${row.pValue?.toExponential(1)} ${row.verdict}`;
    })
    .join('\n');
}

describe('perflab compare on the clinic service', () => {
  let dir: string;
  const run = { a: '', b: '', c: '' };
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinic-compare-'));
    run.a = join(dir, 'a.json');
    run.b = join(dir, 'b.json');
    run.c = join(dir, 'c.json');
    const clinics = await Promise.all([startClinic(0), startClinic(0), startClinic(DELAY_MS)]);
    cleanups.push(...clinics.map((clinic) => clinic.close));
    await Promise.all(clinics.map(warmUp));
    const [a, b, c] = clinics as [Clinic, Clinic, Clinic];
    await Promise.all([measuredRun(a, run.a), measuredRun(b, run.b), measuredRun(c, run.c)]);
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('judges two runs of the same setup unchanged (exit 0)', async () => {
    const out = join(dir, 'a-b.json');
    const { code, stdout, stderr } = await perflab(['compare', run.a, run.b, '--json', out]);
    const report = JSON.parse(await readFile(out, 'utf8')) as CompareReport;
    console.log(`A vs B\n${figures(report)}`);
    expect(stderr).toBe('');
    expect(report.rows.map(label).sort()).toEqual([
      'GET /',
      'GET /diagnosis',
      'GET /doctor',
      'GET /hospital',
      'GET /patient',
      'POST /hospital',
      'POST /patient',
    ]);
    for (const row of [...report.rows, report.aggregated]) {
      expect(row.verdict, `${label(row)}: ${row.reasons.join('; ')}`).toBe('unchanged');
      expect(row.new!.failures).toBe(0);
    }
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nno regression beyond 10% and 1 ms\n/);
  });

  it('flags exactly the /patient rows (and the aggregate) after a 20 ms delay on /patient (exit 1)', async () => {
    const out = join(dir, 'a-c.json');
    const { code, stdout } = await perflab(['compare', run.a, run.c, '--json', out]);
    const report = JSON.parse(await readFile(out, 'utf8')) as CompareReport;
    console.log(`A vs C\n${figures(report)}`);
    const regressed = report.rows.filter((row) => row.verdict === 'regressed').map(label);
    expect(regressed).toEqual(['GET /patient', 'POST /patient']);
    for (const row of report.rows.filter((r) => !r.name.startsWith('/patient'))) {
      expect(row.verdict, `${label(row)}: ${row.reasons.join('; ')}`).toBe('unchanged');
    }
    for (const name of ['GET /patient', 'POST /patient']) {
      const row = report.rows.find((r) => label(r) === name)!;
      // The 20 ms show in the median (p50 up by more than 10 ms) and decide through it:
      // Mann–Whitney below the corrected α.
      expect(row.deltas!.p50Ms.absolute).toBeGreaterThan(DELAY_MS / 2);
      expect(row.pValue!).toBeLessThan(report.testAlpha);
      expect(row.reasons[0]).toMatch(/^p50 .*Mann–Whitney one-sided p = /);
    }
    expect(report.aggregated.verdict).toBe('regressed');
    expect(report.regressed).toBe(true);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\nREGRESSED: GET \/patient, POST \/patient, Aggregated\n/);
  });
});
