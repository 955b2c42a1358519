import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/output/json.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';
import { runCli } from '../support/processes.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

describe('thresholds and scenario options through the CLI', () => {
  let server: DelayServer;
  let dir: string;
  beforeAll(async () => {
    server = await startDelayServer(2);
    dir = await mkdtemp(join(tmpdir(), 'perflab-thresholds-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (mode: string, out: string) =>
    runCli([
      'run',
      fixture('thresholds.scenario.ts'),
      '--host',
      server.url,
      '--env',
      `THRESHOLD_MODE=${mode}`,
      '--json',
      `${out}.json`,
      '--csv',
      out,
    ]);

  it('exits 0 when every threshold passes, printing ✓ for each', async () => {
    const { code, stdout } = await run('pass', join(dir, 'pass'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ http_req_duration: p\(95\)<5000 \(actual [\d.]+\)/);
    expect(stdout).toMatch(/✓ http_req_failed: rate==0 \(actual 0\)/);
    expect(stdout).toMatch(/✓ checks: rate>0\.99 \(actual 1\)/);
    expect(stdout).toMatch(/✓ status is 200: 100\.00%/);
    const doc = JSON.parse(await readFile(join(dir, 'pass.json'), 'utf8')) as ResultsDocument;
    expect(doc.thresholds.map((t) => [t.key, t.source, t.ok])).toEqual([
      ['http_req_duration', 'p(95)<5000', true],
      ['http_req_duration', 'max<10000', true],
      ['http_req_failed', 'rate==0', true],
      ['checks', 'rate>0.99', true],
    ]);
  });

  it('exits 99 when a threshold fails, printing ✗ and recording it in the JSON', async () => {
    const { code, stdout } = await run('fail', join(dir, 'fail'));
    expect(code).toBe(99);
    expect(stdout).toMatch(/✗ http_req_duration: p\(50\)<0\.001 \(actual [\d.]+\)/);
    const doc = JSON.parse(await readFile(join(dir, 'fail.json'), 'utf8')) as ResultsDocument;
    expect(doc.thresholds.find((t) => t.source === 'p(50)<0.001')).toMatchObject({ ok: false });
    expect(doc.run.abortedByThreshold).toBeNull();
  });

  it('abortOnFail stops the run early (after its delay), writes every output and exits 99', async () => {
    const started = Date.now();
    const out = join(dir, 'abort');
    const { code, stdout } = await run('abort', out);
    expect(code).toBe(99);
    expect(Date.now() - started).toBeLessThan(20_000); // the scenario asked for 60 s
    expect(stdout).toMatch(
      /threshold http_req_duration: p\(50\)<0\.001 failed \(abortOnFail\); stopping the run/,
    );
    const doc = JSON.parse(await readFile(`${out}.json`, 'utf8')) as ResultsDocument;
    expect(doc.run.abortedByThreshold).toBe('http_req_duration');
    expect(doc.aggregated.requests).toBeGreaterThan(0);
    for (const file of ['stats', 'stats_history', 'failures', 'exceptions']) {
      expect((await readFile(`${out}_${file}.csv`, 'utf8')).length).toBeGreaterThan(0);
    }
  });

  it('rejects invalid scenario options before any traffic, listing every problem at once (exit 2)', async () => {
    const { code, stdout, stderr } = await runCli(['run', fixture('bad-options.scenario.ts')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error PERFLAB_ERR_SCENARIO_INVALID: scenario .*bad-options\.scenario\.ts: /);
    expect(stderr).toMatch(/scenarios\.open\.executor\.rate: Too small/);
    expect(stderr).toMatch(/scenarios\.ramp\.executor\.stages\.1\.until: stages out of order/);
    expect(stderr).toMatch(/scenarios\.ramp: Unrecognized key: "colour"/);
    expect(stderr).toMatch(/thresholds\["http_req_duration"\]\[0\]: "p\(95\)<"/);
  });

  it('rejects --env values that are not KEY=VALUE', async () => {
    const { code, stderr } = await runCli(['run', fixture('thresholds.scenario.ts'), '--env', 'NOEQUALS']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--env: "NOEQUALS" not KEY=VALUE/);
  });
});
