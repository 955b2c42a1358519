import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/capacity/plan-report.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';

const SCENARIO = fileURLToPath(new URL('../fixtures/scenarios/plan.scenario.ts', import.meta.url));

function testIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    write: (text) => out.push(text),
    writeError: (text) => err.push(text),
    isTTY: false,
    env: {},
    onInterrupt: () => ({ signal: new AbortController().signal, dispose: () => {} }),
  };
}

describe('perflab plan', () => {
  let server: DelayServer;
  let dir: string;

  beforeAll(async () => {
    server = await startDelayServer(10);
    dir = await mkdtemp(join(tmpdir(), 'perflab-plan-'));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('steps the users, fits the USL, and writes the plan as Markdown and JSON', async () => {
    const io = testIo();
    const code = await main(
      [
        'node',
        'perflab',
        'plan',
        SCENARIO,
        '--host',
        server.url,
        '--steps',
        '1,2,3,4,6,8',
        '--step-duration',
        '1s',
        '--warmup',
        '500ms',
        '--budget',
        'ram=2.9GiB,cpus=3',
        '--slo',
        'p95<300ms',
        '--workers',
        '1',
        '--out',
        dir,
      ],
      io,
    );
    expect(io.err.join('')).not.toMatch(/error/);
    expect(code).toBe(0);
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^perflab-plan-\d{8}-\d{6}\.html$/);
    expect(files[1]).toMatch(/^perflab-plan-\d{8}-\d{6}\.json$/);
    const report = JSON.parse(await readFile(join(dir, files[1]!), 'utf8')) as PlanReport;
    expect(report.steps.map((s) => s.users)).toEqual([1, 2, 3, 4, 6, 8]);
    for (const step of report.steps) {
      // A 10 ms server without think time: X ≈ N / 10 ms (Little's law), nothing failed.
      expect(step.failures).toBe(0);
      expect(step.meanMs).toBeGreaterThanOrEqual(10);
      expect(step.throughputRps).toBeGreaterThan((step.users / (step.meanMs / 1000)) * 0.8);
      expect(step.throughputRps).toBeLessThan((step.users / (step.meanMs / 1000)) * 1.2);
    }
    // Throughput grows with users: the fit shows little contention, and λ ≈ 1 / 10 ms.
    expect(report.usl).not.toBeNull();
    expect(report.usl!.concurrency).toBe('users');
    expect(report.usl!.lambda).toBeGreaterThan(50);
    expect(report.usl!.lambda).toBeLessThan(110);
    const slo = report.capacity.constraints.find((c) => c.constraint === 'slo')!;
    expect(slo).toMatchObject({
      maxUsers: 8,
      reason: 'every step met p95 < 300 ms: at least the largest step',
    });
    expect(report.capacity.constraints.find((c) => c.constraint === 'memory')!.reason).toMatch(/not watched/);
    const markdown = await readFile(join(dir, files[2]!), 'utf8');
    expect(await readFile(join(dir, files[0]!), 'utf8')).toContain('"kind":"plan"');
    expect(markdown).toMatch(/^# Capacity plan: /);
    expect(markdown).toMatch(/## Universal Scalability Law/);
    expect(markdown).toContain(`| 8 | ${report.steps[5]!.throughputRps.toFixed(1)} |`);
    expect(io.out.join('')).toMatch(/capacity: \d+ users \(bound by \w+\)/);
  }, 60_000);

  it('refuses bad steps, budget and SLO before sending any load (exit 2)', async () => {
    for (const [flag, value, message] of [
      ['--steps', '10,5', /--steps: "10,5" is not a list of at least 2 ascending user counts/],
      ['--budget', 'ram=much', /ram must be a size/],
      ['--slo', 'p97<1s', /p50, p95, p99/],
    ] as const) {
      const io = testIo();
      const args = [
        'node',
        'perflab',
        'plan',
        SCENARIO,
        '--host',
        server.url,
        '--steps',
        '1,2',
        '--step-duration',
        '1s',
      ];
      const at = args.indexOf(flag);
      if (at === -1) args.push(flag, value);
      else args[at + 1] = value;
      expect(await main(args, io)).toBe(2);
      expect(io.err.join('')).toMatch(message);
    }
    expect(await readdir(dir)).toHaveLength(3); // only the first test's three files
  });
});
