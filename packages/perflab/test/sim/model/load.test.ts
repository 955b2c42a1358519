import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PerflabError } from '../../../src/errors.ts';
import { formatPath, loadSimModel, SimModelError } from '../../../src/sim/model/load.ts';

const examples = fileURLToPath(new URL('../../../../../examples/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'perflab-sim-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function problemsOf(file: string) {
  const error = await loadSimModel(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SimModelError);
  const e = error as SimModelError;
  expect(e.code).toBe('PERFLAB_ERR_SIM_MODEL');
  expect(e.exitCode).toBe(2);
  return e;
}

describe('loadSimModel: the examples', () => {
  it('loads examples/webservice.sim.yaml with times in seconds and names resolved', async () => {
    const model = await loadSimModel(join(examples, 'webservice.sim.yaml'));
    expect(model.file).toBe(resolve(examples, 'webservice.sim.yaml'));
    expect(model).toMatchObject({ seed: 42, duration: 600, warmup: 60, replications: 20 });
    expect(model.workload).toEqual({ type: 'open', rate: 400, startRate: 0 });
    expect(Object.keys(model.flows)).toEqual(['read', 'write']);
    expect(model.flows.read!.weight + model.flows.write!.weight).toBe(1);
    expect(model.flows.write!.steps.map((s) => s.type)).toEqual(['call', 'auth', 'write', 'publish']);
    // `pg-read` is a named distribution: resolved in place, "2ms" → 0.002 s.
    expect(model.databases['catalog-db']!.readTime).toEqual({ type: 'lognormal', mean: 0.002, sd: 0.0015 });
    expect(model.databases['orders-db']!.replication).toEqual({
      mode: 'sync',
      lag: { type: 'exponential', mean: 0.001 },
    });
    expect(model.databases['catalog-db']!.failover).toEqual({ enabled: true, detectionDelay: 10 });
    expect(model.services.catalog!.outages!.ttf).toEqual({ type: 'exponential', mean: 7200 });
    expect(model.services.catalog!.retryBackoff).toEqual({ type: 'constant', value: 0.05 });
    expect(model.loadBalancers.nginx!.targets).toEqual([
      { target: 'catalog', weight: 1 },
      { target: 'orders', weight: 1 },
    ]);
    expect(model.loadBalancers.nginx!.healthCheck).toEqual({
      interval: 5,
      timeout: 1,
      threshold: 3,
      rise: 2,
    });
    expect(model.auth['auth-service']!.serviceTime).toEqual({ type: 'gamma', shape: 4, rate: 2000 });
    expect(model.caches['catalog-cache']!.keyspace).toEqual({
      keys: 100000,
      ttl: 300,
      capacity: 20000,
      popularity: { zipf: 1.1 },
    });
    expect(model.brokers.notifications!.queues['order-events']).toMatchObject({
      consumers: 4,
      maxDeliveries: 3,
    });
    expect(model.links[0]).toEqual({
      from: 'client',
      to: 'nginx',
      latency: { type: 'lognormal', mean: 0.025, sd: 0.01 },
      lossProbability: 0,
    });
  });

  it('loads examples/clinic.sim.yaml with empirical service times from a committed results file', async () => {
    const model = await loadSimModel(join(examples, 'clinic.sim.yaml'));
    const results = resolve(examples, 'data/clinic-results.json');
    expect(model.workload).toEqual({
      type: 'closed',
      users: 50,
      spawnRate: 10,
      startUsers: 0,
      thinkTime: { type: 'uniform', min: 0.2, max: 1 },
    });
    // scale: the measured service demand ÷ mean response time (bench/clinic-prediction.sh writes it)
    expect(model.services.clinic!.serviceTime).toEqual({
      type: 'empirical',
      results,
      name: undefined,
      method: undefined,
      scale: expect.any(Number),
    });
    const hospitals = model.flows.hospitals!.steps[0]!;
    expect(hospitals.type === 'call' && hospitals.serviceTime).toEqual({
      type: 'empirical',
      results,
      name: '/hospital',
      method: 'GET',
      scale: expect.any(Number),
    });
    const weights = Object.values(model.flows).map((f) => f.weight);
    expect(Math.abs(weights.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  });
});

describe('loadSimModel: defaults and vocabulary', () => {
  it('applies the defaults and reads JSON by its extension', async () => {
    const file = write(
      'minimal.sim.json',
      JSON.stringify({
        workload: { type: 'closed', users: 10 },
        services: { api: { serviceTime: { exponential: { rate: 50 } } } },
        flows: { only: { weight: 1, steps: [{ type: 'call', target: 'api' }] } },
      }),
    );
    const model = await loadSimModel(file);
    expect(model).toMatchObject({ seed: 1, duration: 600, warmup: 0, replications: 1 });
    expect(model.workload).toEqual({
      type: 'closed',
      users: 10,
      startUsers: 0,
      thinkTime: { type: 'constant', value: 0 },
    });
    expect(model.services.api).toEqual({
      instances: 1,
      concurrency: 1,
      serviceTime: { type: 'exponential', mean: 0.02 },
      failureProbability: 0,
      retries: 0,
      retryBackoff: { type: 'constant', value: 0 },
    });
    expect(model.databases).toEqual({});
  });

  it('reads stages like perflab run (duration or until) and every distribution form', async () => {
    const file = write(
      'stages.sim.yaml',
      `
workload:
  type: open
  stages: [{ duration: 1m, target: 100 }, { until: 90s, target: 200 }, { duration: 30, target: 0 }]
distributions:
  d1: { uniform: [1ms, 3ms] }
  d2: { normal: { mean: 10ms, sd: 2ms } }
  d3: { erlang: { k: 3, rate: 300 } }
  d4: { empirical: { values: [[1ms, 3], [0.002, 1]] } }
  d5: 250ms
services:
  a: { serviceTime: d1 }
  b: { serviceTime: d2 }
  c: { serviceTime: d3 }
  d: { serviceTime: d4 }
  e: { serviceTime: d5 }
  f: { serviceTime: 0.5 }
flows:
  x: { weight: 1, steps: [{ type: call, target: a }] }
`,
    );
    const model = await loadSimModel(file);
    expect(model.workload).toEqual({
      type: 'open',
      startRate: 0,
      stages: [
        { duration: 60, target: 100 },
        { duration: 30, target: 200 },
        { duration: 30, target: 0 },
      ],
    });
    expect(Object.values(model.services).map((s) => s.serviceTime)).toEqual([
      { type: 'uniform', min: 0.001, max: 0.003 },
      { type: 'normal', mean: 0.01, sd: 0.002 },
      { type: 'erlang', k: 3, rate: 300 },
      {
        type: 'empirical',
        values: [
          [0.001, 3],
          [0.002, 1],
        ],
      },
      { type: 'constant', value: 0.25 },
      { type: 'constant', value: 0.5 },
    ]);
  });
});

describe('loadSimModel: invalid models', () => {
  it('lists every problem at once, each with its path and line', async () => {
    const file = write(
      'bad.sim.yaml',
      `duration: 60s
workload: { type: open, rate: -5 }
services:
  api: { serviceTime: 5ms, colour: blue }
  store: { serviceTime: 1ms }
databases:
  store: { readTime: 1ms, writeTime: 2ms }
caches:
  c1: { hitRatio: 1.5, database: nodb }
brokers:
  mq: { queues: { events: { serviceTime: 1ms } } }
flows:
  read:
    weight: 0.7
    steps:
      - { type: call, target: api }
      - { type: cache, target: c1 }
      - { type: read, target: ghost }
  write:
    weight: 0.2
    steps:
      - { type: call, target: api, serviceTime: { exponential: { mean: 5ms }, uniform: [1, 2] } }
      - { type: call, target: api, serviceTime: slow }
      - { type: call, target: api, serviceTime: { empirical: { results: nothere.json } } }
      - { type: publish, target: mq, queue: emails }
      - { type: teleport, target: api }
`,
    );
    const error = await problemsOf(file);
    const byPath = Object.fromEntries(error.problems.map((p) => [p.path, p]));
    expect(byPath['workload.rate']).toMatchObject({ line: 2, message: expect.stringContaining('>0') });
    expect(byPath['services.api']).toMatchObject({ line: 4, message: expect.stringContaining('"colour"') });
    expect(byPath['caches.c1.hitRatio']).toMatchObject({ line: 9, message: expect.stringContaining('<=1') });
    expect(byPath['caches.c1.database']!.message).toBe(
      'unknown component "nodb" (expected one of databases)',
    );
    expect(byPath['databases.store']!.message).toBe('duplicate name: "store" is also in services');
    expect(byPath['flows.read.steps[2].target']).toEqual({
      path: 'flows.read.steps[2].target',
      line: 18,
      message: 'unknown component "ghost" (expected one of databases)',
    });
    expect(byPath.flows!.message).toBe('flow weights sum to 0.9, not 1');
    expect(byPath['flows.write.steps[0].serviceTime']!.message).toMatch(/exactly one distribution.*got 2/);
    expect(byPath['flows.write.steps[1].serviceTime']!.message).toBe(
      'unknown distribution "slow" (not in distributions)',
    );
    expect(byPath['flows.write.steps[2].serviceTime.empirical.results']!.message).toBe(
      `file not found: ${join(dir, 'nothere.json')}`,
    );
    expect(byPath['flows.write.steps[3].queue']!.message).toBe('broker "mq" has no queue "emails"');
    expect(byPath['flows.write.steps[4].type']).toBeDefined();
    expect(error.problems).toHaveLength(12);
    // One message: the file, the count, then one line per problem.
    expect(error.message.split('\n')[0]).toBe(`${file}: invalid simulation model (12 problems):`);
    expect(error.message).toContain('  flows.read.steps[2].target (line 18): unknown component "ghost"');
  });

  it('checks references of links, load balancers, via and empirical request names', async () => {
    const file = write(
      'refs.sim.yaml',
      `workload: { type: closed, users: 5, thinkTime: { exponential: { mean: 1s } } }
links:
  - { from: client, to: lb, latency: 1ms }
  - { from: nowhere, to: api, latency: 1ms }
loadBalancers:
  lb: { algorithm: weighted-round-robin, targets: [api, db] }
services:
  api: { serviceTime: { empirical: { results: ${JSON.stringify(join(examples, 'data/clinic-results.json'))}, name: /nope } } }
  other: { serviceTime: { empirical: { results: ${JSON.stringify(join(examples, 'data/clinic-results.json'))}, name: /hospital } } }
databases:
  db: { readTime: 1ms, writeTime: 1ms }
flows:
  a: { weight: 1, steps: [{ type: call, target: other, via: lb }, { type: call, target: api, via: api }] }
`,
    );
    const error = await problemsOf(file);
    expect(error.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'loadBalancers.lb.targets[1]: "db" is in databases, expected one of services',
      'loadBalancers.lb.targets: weighted-round-robin needs {target, weight} targets',
      'links[1].from: unknown component "nowhere" (expected one of loadBalancers or services or auth or databases or caches or brokers or "client")',
      'flows.a.steps[0].target: load balancer "lb" has no target "other"',
      'flows.a.steps[1].via: "api" is in services, expected one of loadBalancers',
      expect.stringMatching(
        /^services\.api\.serviceTime\.empirical\.name: no request "\/nope" in .*clinic-results\.json \(has \/, \/diagnosis/,
      ),
      expect.stringMatching(
        /^services\.other\.serviceTime\.empirical\.name: 2 requests named "\/hospital" in .*: give the method \(GET, POST\)$/,
      ),
    ]);
  });

  it('rejects unknown top-level keys, a workload with neither rate nor stages, a warm-up past the end', async () => {
    const file = write(
      'top.sim.yaml',
      'workload: { type: open }\nflows: { a: { weight: 1, steps: [] } }\nextra: 1\nwarmup: 700\n',
    );
    const error = await problemsOf(file);
    expect(error.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'workload: give either rate or stages',
      'flows.a.steps: needs at least one step',
      '(top): Unrecognized key: "extra"',
      'warmup: must be shorter than duration',
    ]);
  });

  it('explains bad distributions where they are', async () => {
    const file = write(
      'dists.sim.yaml',
      `workload: { type: closed, users: 3, thinkTime: { exponential: { mean: -1 } } }
services:
  a: { serviceTime: { weibull: { k: 1 } } }
  b: { serviceTime: { exponential: { mean: 1, rate: 2 } } }
  c: { serviceTime: { gamma: { shape: 0, rate: 1 } } }
  d: { serviceTime: { uniform: [3, 1] } }
  e: { serviceTime: -4 }
  f: { serviceTime: "5 ms" }
flows:
  x: { weight: 1, steps: [{ type: call, target: a }] }
`,
    );
    const error = await problemsOf(file);
    expect(error.problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`)).toEqual([
      'workload.thinkTime.exponential.mean (line 1): Too small: expected number to be >=0',
      'services.a.serviceTime (line 3): Unrecognized key: "weibull"',
      'services.a.serviceTime (line 3): give exactly one distribution (constant, exponential, uniform, normal, lognormal, gamma, erlang, empirical), got 0',
      'services.b.serviceTime.exponential (line 4): give either mean or rate',
      'services.c.serviceTime.gamma.shape (line 5): Too small: expected number to be >0',
      'services.d.serviceTime.uniform (line 6): min must not exceed max',
      'services.e.serviceTime (line 7): -4 is not a time: give seconds ≥ 0',
      'services.f.serviceTime (line 8): "5 ms" is neither a time (seconds or "12ms") nor the name of a distribution',
    ]);
  });

  it('names the line and column of a YAML syntax error', async () => {
    const file = write('syntax.sim.yaml', 'seed: 1\nworkload: { type: open, rate: 5\nflows: {}\n');
    const error = await loadSimModel(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PerflabError);
    expect((error as PerflabError).code).toBe('PERFLAB_ERR_SIM_MODEL');
    expect((error as PerflabError).message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: not YAML: .*\\(line 3, column 1\\)$`),
    );
  });

  it('gives the lines of problems in a JSON model too', async () => {
    const file = write(
      'bad.model.json',
      JSON.stringify(
        {
          workload: { type: 'closed', users: 0 },
          flows: { a: { weight: 1, steps: [{ type: 'read', target: 'nodb' }] } },
        },
        null,
        2,
      ),
    );
    const error = await problemsOf(file);
    expect(error.problems).toEqual([
      { path: 'workload.users', line: 4, message: 'Too small: expected number to be >0' },
      {
        path: 'flows.a.steps[0].target',
        line: 12,
        message: 'unknown component "nodb" (expected one of databases)',
      },
    ]);
  });

  it('names a JSON syntax error and a missing file', async () => {
    const bad = write('bad.sim.json', '{ "seed": 1, }');
    await expect(loadSimModel(bad)).rejects.toThrow(/bad\.sim\.json: not JSON: /);
    await expect(loadSimModel(join(dir, 'missing.sim.yaml'))).rejects.toMatchObject({
      code: 'PERFLAB_ERR_SIM_MODEL',
      message: expect.stringContaining('cannot read'),
    });
  });
});

describe('docs/sim-model.md', () => {
  it('has an example that loads', async () => {
    const doc = readFileSync(join(examples, '../docs/sim-model.md'), 'utf8');
    const example = doc.slice(doc.indexOf('## Example')).match(/```yaml\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    const model = await loadSimModel(write('doc-example.sim.yaml', example!));
    expect(model.workload).toEqual({ type: 'open', rate: 80, startRate: 0 });
    expect(model.databases.db!.writeTime).toEqual({ type: 'lognormal', mean: 0.006, sd: 0.003 });
  });

  it('has a TypeScript model that loads (written next to the package, so `perflab` resolves)', async () => {
    const doc = readFileSync(join(examples, '../docs/sim-model.md'), 'utf8');
    const source = doc.slice(doc.indexOf('## TypeScript models')).match(/```ts\n([\s\S]*?)```/)?.[1];
    expect(source).toBeDefined();
    const file = join(examples, `../packages/perflab/.doc-model-${process.pid}.sim.ts`);
    writeFileSync(file, source!);
    try {
      const model = await loadSimModel(file);
      expect(model.name).toBe('two-tier');
      expect(model.services.api!.serviceTime).toEqual({ type: 'exponential', mean: 0.004 });
      expect(model.links[0]!.latency).toEqual({ type: 'lognormal', mean: 0.0004, sd: 0.00015 });
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe('formatPath', () => {
  it('writes array indices in brackets', () => {
    expect(formatPath(['flows', 'read', 'steps', 2, 'target'])).toBe('flows.read.steps[2].target');
    expect(formatPath(['links', 0, 'from'])).toBe('links[0].from');
    expect(formatPath([])).toBe('(top)');
  });
});
