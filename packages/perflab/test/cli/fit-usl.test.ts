import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { fitUsl, type UslFit } from '../../src/capacity/usl.ts';

/** Runs `perflab fit-usl …` in this process; returns exit code and output. */
const fitUslCli = (...args: string[]) => runCli('fit-usl', ...args);

/** SPEC SDM91 (Gunther 2007; R `usl`'s specsdm91). */
const SPECSDM91_CSV = 'N,X\n1,64.9\n18,995.9\n36,1652.4\n72,1853.2\n108,1828.9\n144,1775.0\n216,1702.2\n';

describe('perflab fit-usl (CLI)', () => {
  let dir: string;
  const file = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-fit-usl-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the fit as text: coefficients ± SE, N*, X_max, N_opt, X_roof, quality, measured vs fitted', async () => {
    const path = await file('specsdm91.csv', SPECSDM91_CSV);
    const { code, stdout, stderr } = await fitUslCli(path);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Universal Scalability Law fit: ${path} (7 points)\n`);
    expect(stdout).toContain('model: Universal Scalability Law (λ, σ, κ estimated)');
    expect(stdout).toMatch(/^ {2}λ\s+89\.995\s+14\.21\s+throughput of one user/m);
    expect(stdout).toMatch(/^ {2}σ\s+0\.027728\s+0\.009122\s+contention/m);
    expect(stdout).toMatch(/^ {2}κ\s+0\.00010437\s+1\.988e-5\s+coherency/m);
    expect(stdout).toMatch(/^ {2}N\*\s+96\.52\s+peak concurrency/m);
    expect(stdout).toMatch(/^ {2}X_max\s+1884\s+highest throughput, X\(N\*\)/m);
    expect(stdout).toMatch(/^ {2}N_opt\s+36\.06\s+1\/σ/m);
    expect(stdout).toMatch(/^ {2}X_roof\s+3246\s+λ\/σ/m);
    expect(stdout).toContain('fit: R² 0.9896, residual standard error 82.85 on 4 degrees of freedom');
    expect(stdout).toMatch(/^\s+1\s+64\.9\s+89\.9952\s+-25\.10\s+-38\.7%$/m);
    expect(stdout).toMatch(/^\s+216\s+1702\.2\s+1646\.2\s+56\.00\s+3\.3%$/m);
  });

  it('prints the fit as JSON with --json: the UslFit of fitUsl', async () => {
    const path = await file('specsdm91-json.csv', SPECSDM91_CSV);
    const { code, stdout, stderr } = await fitUslCli(path, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const fit = JSON.parse(stdout) as UslFit;
    const expected = fitUsl([
      { n: 1, x: 64.9 },
      { n: 18, x: 995.9 },
      { n: 36, x: 1652.4 },
      { n: 72, x: 1853.2 },
      { n: 108, x: 1828.9 },
      { n: 144, x: 1775.0 },
      { n: 216, x: 1702.2 },
    ]);
    expect(fit).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(fit).toMatchObject({ model: 'usl', degreesOfFreedom: 4, converged: true });
    expect(fit.sigma).toBeCloseTo(0.02773, 5);
    expect(fit.nStar).toBeCloseTo(96.5, 1);
    expect(fit.points).toHaveLength(7);
  });

  it('reads headers in any case and order, ignores other columns, skips blank lines, takes quotes and a BOM', async () => {
    const path = await file(
      'raytracer.csv',
      '\uFEFFrun, x ,"n"\n' +
        'a,20,1\nb,78,4\n\nc,130,8\nd,170,12\ne,"190",16\nf,200,20\ng,210,24\nh,230,28\ni,260,32\nj,280,48\nk,310,64\n',
    );
    const { code, stdout, stderr } = await fitUslCli(path);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('(11 points)');
    expect(stdout).toContain("model: Amdahl's law (κ ended on its bound and is held at 0)");
    expect(stdout).toMatch(/^ {2}κ\s+0\s+held\s/m);
    expect(stdout).toMatch(/^ {2}σ\s+0\.0577\d+\s/m);
    expect(stdout).toMatch(/^ {2}N\*\s+–\s+no peak: κ = 0/m);
    expect(stdout).toMatch(/^ {2}X_max\s+378\.2\s+highest throughput: X_roof/m);
  });

  /** A known error: exit 2, nothing on stdout, one error line naming the file and the problem, one hint line. */
  async function expectInputError(args: string[], message: string) {
    const { code, stdout, stderr } = await fitUslCli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error PERFLAB_ERR_USL_INPUT: ${message}`);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (lines[1] !== undefined) expect(lines[1]).toMatch(/^hint: /);
  }

  it('names a missing file, a folder and a binary file', async () => {
    const missing = join(dir, 'nope.csv');
    await expectInputError([missing], `${missing}: no such file`);
    await expectInputError([dir], `${dir}: is a folder, not a CSV file`);
    const binary = await file('binary.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0a, 0x01]));
    await expectInputError([binary], `${binary}: is not CSV (binary content)`);
  });

  it('names malformed CSV with its line', async () => {
    const quote = await file('quote.csv', 'N,X\n1,20\n4,"78\n');
    await expectInputError(
      [quote],
      `${quote}: is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 3`,
    );
    const fields = await file('fields.csv', 'N,X\n1,20\n4,78,9\n');
    await expectInputError(
      [fields],
      `${fields}: is not valid CSV: Invalid Record Length: expect 2, got 3 on line 3`,
    );
  });

  it('names missing or repeated columns and an empty file', async () => {
    const noX = await file('no-x.csv', 'users,rps\n1,20\n');
    await expectInputError([noX], `${noX}: no columns N and X in the header row (found "users", "rps")`);
    const noN = await file('no-n.csv', 'load,X\n1,20\n');
    await expectInputError([noN], `${noN}: no column N in the header row (found "load", "X")`);
    const twice = await file('twice.csv', 'N,X,n\n1,20,1\n');
    await expectInputError([twice], `${twice}: column N appears twice`);
    const empty = await file('empty.csv', '\n\n');
    await expectInputError([empty], `${empty}: is empty: expected a header row naming columns N and X`);
  });

  it('names a value that is not a number, empty, or not > 0, with its data row and line', async () => {
    const text = await file('text.csv', 'N,X\n1,64.9\n\n18,lots\n');
    await expectInputError([text], `${text}: data row 2 (line 4): X is not a number: "lots"`);
    const blank = await file('blank.csv', 'N,X\n1,64.9\n,995.9\n');
    await expectInputError([blank], `${blank}: data row 2 (line 3): N is empty`);
    const zero = await file('zero.csv', 'N,X\n0,64.9\n');
    await expectInputError([zero], `${zero}: data row 1 (line 2): N must be > 0, got 0`);
    const negative = await file('negative.csv', 'N,X\n1,-64.9\n');
    await expectInputError([negative], `${negative}: data row 1 (line 2): X must be > 0, got -64.9`);
  });

  it('names too few points and too few distinct N', async () => {
    const few = await file('few.csv', 'N,X\n1,64.9\n18,995.9\n36,1652.4\n72,1853.2\n108,1828.9\n');
    await expectInputError([few], `${few}: 5 points, at least 6 needed`);
    const header = await file('header-only.csv', 'N,X\n');
    await expectInputError([header], `${header}: 0 points, at least 6 needed`);
    const levels = await file('levels.csv', 'N,X\n1,10\n1,11\n1,9\n8,70\n8,72\n8,71\n');
    await expectInputError(
      [levels],
      `${levels}: the points have 2 distinct N values, at least 3 needed for λ, σ and κ`,
    );
  });

  it('exits 2 on a missing argument', async () => {
    const { code, stderr } = await fitUslCli();
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing required argument 'file'/);
  });
});
