import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../../src/output/json.ts';
import { readResultsDocument } from '../../../src/report/results-file.ts';
import { runCli } from '../../support/processes.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';
import { type NodeChild, startNodeChild, uniqueToken } from './node-child.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/scenarios/${name}`, import.meta.url));

/** An HTTP server answering `ok` on port 0 of 127.0.0.1, printing its port. */
const HTTP_SERVER_SCRIPT = `const s = require('node:http').createServer((req, res) => res.end('ok'));
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

describe('perflab run --watch/--redis (the CLI, as a child process)', () => {
  let service: NodeChild;
  let redis: RedisServer;
  let dir: string;
  beforeAll(async () => {
    service = await startNodeChild(HTTP_SERVER_SCRIPT, 'http');
    redis = await startRedisServer();
    dir = await mkdtemp(join(tmpdir(), 'perflab-watch-'));
  });
  afterAll(async () => {
    await service?.stop();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('samples the service during the run: resources in the results document, a summary at the end', async () => {
    const port = Number(service.ready);
    const json = join(dir, 'results.json');
    const { code, stdout, stderr } = await runCli([
      'run',
      fixture('valid.scenario.ts'),
      '--host',
      `http://127.0.0.1:${port}`,
      '-u',
      '2',
      '--spawn-rate',
      '10',
      '--duration',
      '3s',
      '--workers',
      '1',
      '--watch',
      `port:${port}`,
      '--watch',
      `cmd:${service.token}`,
      '--redis',
      redis.url,
      '--json',
      json,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nResources \(\d+ samples, every 1 s\)\n/);
    expect(stdout).toMatch(
      new RegExp(
        `\\n  port:${port}: CPU [\\d.]+% \\(max [\\d.]+%\\) of a core, [\\d.]+% of the machine · PSS [\\d.]+ MiB \\(max [\\d.]+ MiB\\) · RSS .* · connections .* · processes 1 \\(max 1\\)\\n`,
      ),
    );
    expect(stdout).toContain(`  ${redis.url}: used memory `);
    expect(stdout).toContain('hit rate – (no lookups)');

    const document = JSON.parse(await readFile(json, 'utf8')) as ResultsDocument;
    const resources = document.resources!;
    expect(resources.intervalMs).toBe(1000);
    expect(resources.processes.map((p) => p.spec)).toEqual([`port:${port}`, `cmd:${service.token}`]);
    const [byPort, byCmd] = resources.processes;
    expect(byPort!.processesAtStart.map((p) => p.pid)).toEqual([service.pid]);
    expect(byCmd!.processesAtStart.map((p) => p.pid)).toEqual([service.pid]);
    // A 3 s run plus up to 5 s grace: a baseline, one sample a second, a last one at the end.
    expect(byPort!.samples.length).toBeGreaterThanOrEqual(4);
    expect(byPort!.summary.gaps).toBe(0);
    expect(byPort!.summary.rssBytes!.min).toBeGreaterThan(10 * 1024 * 1024);
    // The 2 users' keep-alive connections, seen from the server.
    expect(byPort!.summary.connections!.max).toBeGreaterThanOrEqual(1);
    expect(byPort!.summary.connections!.max).toBeLessThanOrEqual(2);
    expect(byPort!.summary.cpuCorePercent!.max).toBeGreaterThan(0);
    expect(resources.redis[0]!.summary.usedMemoryBytes!.last).toBeGreaterThan(0);
    // Samples span the run.
    const started = Date.parse(document.run.startedAt) / 1000;
    const ended = Date.parse(document.run.endedAt) / 1000;
    expect(resources.startedAt!).toBeLessThanOrEqual(started + 0.5);
    expect(resources.endedAt!).toBeGreaterThanOrEqual(ended - 1.5);
    // The document still reads as a results document (perflab report, compare).
    const read = await readResultsDocument(json);
    expect(read.resources?.processes).toHaveLength(2);
  });

  it('a bad --watch spec or URL is a usage error before any load (exit 2)', async () => {
    const bad = await runCli([
      'run',
      fixture('valid.scenario.ts'),
      '--watch',
      'pid:x',
      '--redis',
      'localhost',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^error PERFLAB_ERR_WATCH_SPEC: --watch "pid:x": the pid is not a positive integer; --redis "localhost": not a redis:\/\/ or rediss:\/\/ URL\nhint: /,
    );
  });

  it('a spec that matches nothing stops the run before any load (exit 2)', async () => {
    const token = uniqueToken('absent');
    const { code, stdout, stderr } = await runCli([
      'run',
      fixture('valid.scenario.ts'),
      '--host',
      `http://127.0.0.1:${service.ready}`,
      '--watch',
      `cmd:${token}`,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^error PERFLAB_ERR_WATCH_NOT_FOUND: --watch cmd:${token}: no process's command line matches /${token}/ \\(perflab itself excluded\\)\\nhint: start the service first`,
      ),
    );
  });

  it('--watch does not combine with --ui', async () => {
    const { code, stderr } = await runCli(['run', fixture('valid.scenario.ts'), '--ui', '--watch', 'pid:1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error PERFLAB_ERR_USAGE: --watch, --redis and --postgres do not apply to --ui runs/,
    );
  });
});
