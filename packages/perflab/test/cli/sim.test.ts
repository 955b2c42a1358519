import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { readResultsDocument } from '../../src/report/results-file.ts';

const perflab = runCli;

const VALID = `
name: two-tier
seed: 1
duration: 60s
warmup: 5s
replications: 3
workload: { type: open, rate: 40 }
services: { api: { concurrency: 4, serviceTime: { exponential: { mean: 10ms } } } }
databases: { db: { readTime: 2ms, writeTime: 5ms } }
brokers: { mq: { queues: { mails: { serviceTime: 20ms } } } }
flows:
  browse: { request: GET /items, weight: 0.9, steps: [{ type: call, target: api }, { type: read, target: db }] }
  buy: { request: POST /orders, weight: 0.1, steps: [{ type: call, target: api }, { type: write, target: db }, { type: publish, target: mq, queue: mails }] }
`;

/** Four kinds of mistakes the issue names: unknown component, dangling reference, weights, negative rate. */
const INVALID = `
duration: 60s
workload: { type: open, rate: -5 }
services: { api: { serviceTime: 10ms } }
flows:
  browse: { weight: 0.5, steps: [{ type: call, target: api }, { type: read, target: nowhere }] }
  buy: { weight: 0.3, steps: [{ type: call, target: api, via: lb }] }
caches: { c: { hitRatio: 0.5, database: missing-db } }
`;

describe('perflab sim (CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-sim-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a model: summary with intervals, results JSON in the load test format, HTML report', async () => {
    const file = join(dir, 'two-tier.sim.yaml');
    await writeFile(file, VALID);
    const json = join(dir, 'out', 'sim.json');
    const html = join(dir, 'out', 'sim.html');
    const { code, stdout, stderr } = await perflab('sim', file, '--json', json, '--html', html);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/3 replication\(s\) × 60 s \(warm-up 5 s deleted\)/);
    expect(stdout).toMatch(/^requests\/s\s+\d+\.\d+\s+\d+\.\d+\s+\d+\.\d+$/m);
    expect(stdout).toMatch(/queue mails: sent \d+, delivered \d+/);
    const doc = await readResultsDocument(json);
    expect(doc.stats.map((s) => `${s.method} ${s.name}`).sort()).toEqual(['GET /items', 'POST /orders']);
    expect(doc.simulation!.replications).toBe(3);
    expect(doc.simulation!.series.brokerQueueLength['mq/mails']).toHaveLength(60);
    expect(await readFile(html, 'utf8')).toContain('two-tier');
  });

  it('overrides replications, seed and duration from flags; --precision adds replications', async () => {
    const file = join(dir, 'flags.sim.yaml');
    await writeFile(file, VALID);
    const json = join(dir, 'flags.json');
    const { code } = await perflab(
      'sim',
      file,
      '--replications',
      '2',
      '--duration',
      '20s',
      '--seed',
      '7',
      '--json',
      json,
    );
    expect(code).toBe(0);
    const doc = await readResultsDocument(json);
    expect(doc.simulation!.replications).toBe(2);
    expect(doc.simulation!.model).toMatchObject({ seed: 7, durationS: 20, warmupS: 5 });
    const precise = await perflab('sim', file, '--duration', '20s', '--precision', '2%', '--json', json);
    expect(precise.code).toBe(0);
    const again = await readResultsDocument(json);
    const rps = again.simulation!.intervals.find((i) => i.metric === 'requests/s')!;
    expect(rps.halfWidth95! / rps.mean).toBeLessThanOrEqual(0.02);
  });

  it('an invalid model fails with exit code 2, every problem listed with its path, nothing written', async () => {
    const file = join(dir, 'bad.sim.yaml');
    await writeFile(file, INVALID);
    const json = join(dir, 'bad.json');
    const { code, stdout, stderr } = await perflab('sim', file, '--json', json);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('PERFLAB_ERR_SIM_MODEL');
    expect(stderr).toMatch(/workload\.rate \(line 3\): .*(>0|greater than 0|positive)/i);
    expect(stderr).toMatch(/flows\.browse\.steps\[1\]\.target \(line 6\): unknown component "nowhere"/);
    expect(stderr).toMatch(/flows\.buy\.steps\[0\]\.via \(line 7\): unknown component "lb"/);
    expect(stderr).toMatch(/caches\.c\.database \(line 8\): unknown component "missing-db"/);
    expect(stderr).toMatch(/flows \(line \d+\): flow weights sum to 0\.8, not 1/);
    expect(existsSync(json)).toBe(false);
  });

  it('runs a model written as a TypeScript module (default export), validated like a file', async () => {
    const file = join(dir, 'typed.sim.ts');
    await writeFile(
      file,
      `const rate: number = 30;
export default {
  name: 'typed',
  duration: '20s',
  workload: { type: 'open', rate },
  services: { api: { serviceTime: { exponential: { mean: '5ms' } } } },
  flows: { only: { weight: 1, steps: [{ type: 'call', target: 'api' }] } },
};
`,
    );
    const json = join(dir, 'typed.json');
    const { code, stderr } = await perflab('sim', file, '--json', json);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((await readResultsDocument(json)).simulation!.model.name).toBe('typed');
    const bad = join(dir, 'bad.sim.ts');
    await writeFile(
      bad,
      `export default { workload: { type: 'open', rate: 5 }, flows: { f: { weight: 0.5, steps: [{ type: 'call', target: 'nope' }] } } };\n`,
    );
    const refused = await perflab('sim', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/flows\.f\.steps\[0\]\.target: unknown component "nope"/);
    expect(refused.stderr).toMatch(/flow weights sum to 0\.5, not 1/);
    const none = join(dir, 'none.sim.ts');
    await writeFile(none, 'export const model = {};\n');
    expect((await perflab('sim', none)).stderr).toContain('no default export');
  });

  it('bad flags are usage errors (exit 2)', async () => {
    const file = join(dir, 'ok.sim.yaml');
    await writeFile(file, VALID);
    expect((await perflab('sim', file, '--replications', '0')).code).toBe(2);
    expect((await perflab('sim', file, '--precision', '150%')).stderr).toContain('--precision');
    expect((await perflab('sim', file, '--duration', '10s', '--warmup', '20s')).code).toBe(2);
  });
});
