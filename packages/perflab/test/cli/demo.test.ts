import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/output/json.ts';
import { runCli } from '../support/processes.ts';

describe('perflab demo', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('load-tests the clinic service on its embedded store, writes CSV and JSON, and stops the service', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perflab-demo-'));
    dirs.push(dir);
    const out = join(dir, 'results');
    const { code, stdout, stderr } = await runCli(
      ['demo', '--duration', '5s', '-u', '5', '-r', '5', '--out', out],
      {
        timeoutMs: 90_000,
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/RPS [\d.]+ · mean [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms · error rate 0\.00%/);

    const doc = JSON.parse(await readFile(join(out, 'clinic.json'), 'utf8')) as ResultsDocument;
    expect(doc.run.scenarioFile).toBe('examples/clinic.scenario.ts');
    expect(doc.aggregated.requests).toBeGreaterThan(10);
    expect(doc.aggregated.failures).toBe(0);
    expect(doc.exceptions).toEqual([]);
    // Every request name of the original mix that ran shows up under its method.
    const names = doc.stats.map((s) => `${s.method} ${s.name}`);
    for (const name of names) {
      expect([
        'GET /',
        'GET /hospital',
        'GET /doctor',
        'GET /patient',
        'GET /diagnosis',
        'POST /hospital',
        'POST /patient',
      ]).toContain(name);
    }
    const stats = await readFile(join(out, 'clinic_stats.csv'), 'utf8');
    expect(stats).toContain(`,Aggregated,${doc.aggregated.requests},0,`);

    // The service is gone: its port refuses connections.
    const host = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    await expect(fetch(`${host}/health`)).rejects.toThrow();
  });
});
