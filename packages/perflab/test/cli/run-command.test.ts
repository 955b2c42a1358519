import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/output/json.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';
import { runCli } from '../support/processes.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

describe('perflab run (the CLI, as a child process)', () => {
  let server: DelayServer;
  let dir: string;
  beforeAll(async () => {
    server = await startDelayServer(5);
    dir = await mkdtemp(join(tmpdir(), 'perflab-cli-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a scenario file with flag overrides and prints the summary (exit 0)', async () => {
    const { code, stdout } = await runCli([
      'run',
      fixture('valid.scenario.ts'),
      '--host',
      server.url,
      '-u',
      '2',
      '--spawn-rate',
      '10',
      '--duration',
      '2s',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/2 users at 10\/s for 2s/);
    expect(stdout).toMatch(/GET\s+\/\s+\d+\s+0\(0\.00%\)/);
    expect(stdout).toMatch(
      /RPS \d+\.\d · mean [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms · error rate 0\.00%/,
    );
  });

  it('rejects an invalid scenario with one line naming the file and every problem (exit 2)', async () => {
    const { code, stderr, stdout } = await runCli(['run', fixture('invalid.scenario.ts')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [line, hint] = stderr.trimEnd().split('\n');
    expect(line).toMatch(/^error PERFLAB_ERR_SCENARIO_INVALID: scenario .*invalid\.scenario\.ts: /);
    expect(line).toMatch(/tasks\.0\.weight/);
    expect(line).toMatch(/load\.duration/);
    expect(hint).toMatch(/^hint: /);
  });

  it('rejects bad flag values and unknown flags before sending any load (exit 2)', async () => {
    const users = await runCli(['run', fixture('valid.scenario.ts'), '--users', 'many']);
    expect(users.code).toBe(2);
    expect(users.stderr).toMatch(/--users: "many" is not a positive integer/);
    const duration = await runCli(['run', fixture('valid.scenario.ts'), '--duration', 'forever']);
    expect(duration.code).toBe(2);
    expect(duration.stderr).toMatch(/--duration: "forever" is not a duration/);
    const unknown = await runCli(['run', fixture('valid.scenario.ts'), '--userz', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--userz'/);
    const missing = await runCli(['run', 'missing.scenario.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/scenario missing\.scenario\.ts: file not found/);
  });

  it('on Ctrl-C stops, writes every requested output for what ran and exits 130', async () => {
    const prefix = join(dir, 'interrupted');
    let sent = false;
    const { code, stdout } = await runCli(
      [
        'run',
        fixture('valid.scenario.ts'),
        '--host',
        server.url,
        '-u',
        '3',
        '-r',
        '10',
        '-t',
        '2m',
        '--csv',
        prefix,
        '--json',
        `${prefix}.json`,
      ],
      {
        onStdout: (text, child) => {
          if (!sent && /\[2s\]/.test(text)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toMatch(/Interrupted after/);
    const doc = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as ResultsDocument;
    expect(doc.run.interrupted).toBe(true);
    expect(doc.aggregated.requests).toBeGreaterThan(0);
    const stats = await readFile(`${prefix}_stats.csv`, 'utf8');
    expect(stats).toContain(`,Aggregated,${doc.aggregated.requests},`);
    for (const file of ['stats_history', 'failures', 'exceptions']) {
      expect((await readFile(`${prefix}_${file}.csv`, 'utf8')).length).toBeGreaterThan(0);
    }
  });

  it('fails before the run when an output cannot be written (exit 1), sending no load', async () => {
    const notADirectory = join(dir, 'a-file');
    await writeFile(notADirectory, 'x');
    const { code, stderr, stdout } = await runCli([
      'run',
      fixture('valid.scenario.ts'),
      '--host',
      server.url,
      '--csv',
      join(notADirectory, 'out', 'run'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /error PERFLAB_ERR_OUTPUT: --csv: cannot write .*a-file\/out\/run_stats_history\.csv: ENOTDIR/,
    );
    expect(stdout).not.toMatch(/Finished/);
  });
});
