import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import type { CompareReport } from '../../src/compare/types.ts';
import { dashboardHtmlPath } from '../../src/report/html.ts';
import { lognormalUs, rng, syntheticRun } from '../compare/support.ts';

/** Runs `perflab compare …` in this process; returns exit code and output. */
const compare = (...args: string[]) => runCli('compare', ...args);

describe('perflab compare (CLI)', () => {
  let dir: string;
  let a: string;
  let b: string;
  let slow: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-compare-'));
    const run = (seed: number, patientShiftMs: number) =>
      syntheticRun([
        { method: 'GET', name: '/hospital', latenciesUs: lognormalUs(rng(seed), 1500, 2) },
        {
          method: 'GET',
          name: '/patient',
          latenciesUs: lognormalUs(rng(seed + 1), 600, 3, 0.4, patientShiftMs),
        },
      ]);
    a = join(dir, 'a.json');
    b = join(dir, 'b.json');
    slow = join(dir, 'slow.json');
    await writeFile(a, JSON.stringify(run(1, 0)));
    await writeFile(b, JSON.stringify(run(10, 0)));
    await writeFile(slow, JSON.stringify(run(20, 20)));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the table when nothing regressed', async () => {
    const { code, stdout, stderr } = await compare(a, b);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^perflab compare\n {2}base: .*a\.json · started /);
    expect(stdout).toMatch(
      /GET\s+\/patient\s+600 → 600\s+60\.0 → 60\.0 \(±0%\)\s+0\.00% → 0\.00%\s+.*unchanged/,
    );
    expect(stdout).toMatch(/^\s+Aggregated\s+2100 → 2100 .* unchanged$/m);
    expect(stdout).toMatch(/\nno regression beyond 10% and 1 ms\n$/);
  });

  it('exits 1 naming the regressed rows with their reasons, and writes the report with --json', async () => {
    const out = join(dir, 'out', 'compare.json');
    const { code, stdout } = await compare(a, slow, '--json', out, '--tolerance', '5%');
    expect(code).toBe(1);
    expect(stdout).toMatch(/GET\s+\/patient\s+.*REGRESSED/);
    expect(stdout).toMatch(/GET\s+\/hospital\s+.*unchanged/);
    expect(stdout).toMatch(/\nRegressed:\n {2}GET \/patient\n {4}- p50 .*Mann–Whitney one-sided p = /);
    expect(stdout).toMatch(/\nREGRESSED: GET \/patient, Aggregated\n/);
    const report = JSON.parse(await readFile(out, 'utf8')) as CompareReport;
    expect(report).toMatchObject({ format: 'perflab-compare', version: 1, tolerance: 0.05, regressed: true });
    expect(report.base.file).toBe(a);
    expect(report.rows.map((r) => `${r.method} ${r.name} ${r.verdict}`)).toEqual([
      'GET /hospital unchanged',
      'GET /patient regressed',
    ]);
    expect(report.rows[1]!.spectra.new.length).toBeGreaterThan(10);
  });

  it('takes the floors and α from flags', async () => {
    // A 20 ms shift is under a 30 ms floor: unchanged.
    const floor = await compare(a, slow, '--min-delta', '30ms', '--json', join(dir, 'floor.json'));
    expect(floor.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'floor.json'), 'utf8')) as CompareReport;
    expect(report).toMatchObject({ minDeltaMs: 30, alpha: 0.01, minErrorRateDelta: 0.001 });
    const flags = await compare(
      a,
      b,
      '--alpha',
      '0.05',
      '--min-error-delta',
      '1%',
      '--json',
      join(dir, 'f.json'),
    );
    expect(flags.code).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'f.json'), 'utf8'))).toMatchObject({
      alpha: 0.05,
      minErrorRateDelta: 0.01,
    });
  });

  it('rejects bad input with one line naming the file or flag (exit 2), writing nothing', async () => {
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ "format": ');
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ format: 'k6-summary', version: 1 }));
    const out = join(dir, 'bad', 'never.json');
    const cases: [string[], RegExp][] = [
      [
        [join(dir, 'missing.json'), b],
        /^error PERFLAB_ERR_RESULTS_INPUT: results .*missing\.json: file not found$/,
      ],
      [[a, notJson], /^error PERFLAB_ERR_RESULTS_INPUT: results .*not\.json: not JSON \(/],
      [
        [other, b],
        /^error PERFLAB_ERR_RESULTS_INPUT: results .*other\.json: not a perflab results document: "format" is "k6-summary"/,
      ],
      [[a, b, '--tolerance', 'ten'], /^error PERFLAB_ERR_USAGE: --tolerance: "ten" is not a percentage$/],
      [[a, b, '--tolerance', '-5%'], /^error PERFLAB_ERR_USAGE: --tolerance: "-5%" is not a percentage$/],
      [
        [a, b, '--min-error-delta', '150%'],
        /^error PERFLAB_ERR_USAGE: --min-error-delta: "150%" is above 100%$/,
      ],
      [[a, b, '--min-delta', '2'], /^error PERFLAB_ERR_USAGE: --min-delta: "2" has no unit$/],
      [[a, b, '--min-delta', 'soon'], /^error PERFLAB_ERR_USAGE: --min-delta: "soon" is not a duration$/],
      [
        [a, b, '--alpha', '2'],
        /^error PERFLAB_ERR_USAGE: --alpha: "2" is not a significance level in \(0, 0\.5\]$/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await compare(...args, '--json', out);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      const [line, hint, ...rest] = stderr.trimEnd().split('\n');
      expect(line).toMatch(message);
      expect(hint).toMatch(/^hint: /);
      expect(rest).toEqual([]);
    }
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    const missingArg = await compare(a);
    expect(missingArg.code).toBe(2);
    expect(missingArg.stderr).toMatch(/missing required argument 'new'/);
  });

  it('--html writes the compare page when the dashboard is built, else fails (exit 1) before writing anything', async () => {
    const html = join(dir, 'html', 'compare.html');
    const json = join(dir, 'html', 'compare.json');
    const { code, stderr } = await compare(a, slow, '--html', html, '--json', json);
    if (existsSync(dashboardHtmlPath())) {
      expect(code).toBe(1); // regressed
      const page = await readFile(html, 'utf8');
      expect(page).toContain('"kind":"compare"');
      expect(page).toContain('"format":"perflab-compare"');
      expect(existsSync(json)).toBe(true);
    } else {
      expect(code).toBe(1);
      expect(stderr).toMatch(/^error PERFLAB_ERR_DASHBOARD_MISSING: /);
      expect(existsSync(join(dir, 'html'))).toBe(false);
    }
  });
});
