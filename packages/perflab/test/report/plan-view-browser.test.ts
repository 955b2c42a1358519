import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Budget, capacityFor, type Slo, type StepMeasure } from '../../src/capacity/capacity.ts';
import { fitLine } from '../../src/capacity/linear-fit.ts';
import { planUsl } from '../../src/capacity/plan.ts';
import type { PlanReport, PlanStep } from '../../src/capacity/plan-report.ts';
import { writeDashboardHtml } from '../../src/report/html.ts';
import { ARTIFACTS_DIR, launchChromium, offlineContext, expectChartDrawn } from '../support/browser.ts';

const MIB = 2 ** 20;
/** The service's true USL: λ req/s for one user, σ contention, κ coherency. */
const LAMBDA = 50;
const SIGMA = 0.02;
const KAPPA = 0.0005;
const USERS = [5, 10, 20, 30, 45, 60];
const WATCHED = ['cmd:node server.js', 'pid:4242'];

const throughput = (n: number) => (LAMBDA * n) / (1 + SIGMA * (n - 1) + KAPPA * n * (n - 1));

/**
 * A stepped closed-model run without think time (N = users, R = N/X by Little's
 * law): throughput from the USL above; memory 300 MiB + 2 MiB per user split
 * over two processes (250 + 1.8·N and 50 + 0.2·N MiB); CPU 0.1 + 0.03·N cores.
 */
function planReport(): PlanReport {
  const budget: Budget = { ramBytes: 384 * MIB, cpus: 2 };
  const slo: Slo = { percentile: 95, maxMs: 120 };
  const steps: PlanStep[] = USERS.map((users) => {
    const x = throughput(users);
    const meanMs = (users / x) * 1000;
    const durationMs = 30_000;
    const requests = Math.round(x * 30);
    return {
      users,
      durationMs,
      requests,
      failures: users === 60 ? 12 : 0,
      errorRate: users === 60 ? 12 / requests : 0,
      throughputRps: x,
      meanMs,
      p50Ms: meanMs * 0.9,
      p95Ms: meanMs * 2,
      p99Ms: meanMs * 3,
      concurrency: (x * meanMs) / 1000,
      thinkTimeMs: 0,
      processes: [
        { spec: WATCHED[0]!, cpuCores: 0.08 + 0.025 * users, memoryBytes: (250 + 1.8 * users) * MIB },
        { spec: WATCHED[1]!, cpuCores: 0.02 + 0.005 * users, memoryBytes: (50 + 0.2 * users) * MIB },
      ],
      redis: { usedMemoryBytes: (40 + users * 0.1) * MIB, hitRate: 0.97, connectedClients: users },
      postgres: { bufferHitRate: 0.995, commitsPerSecond: x / 4, backends: 10 },
    };
  });
  const usl = planUsl(steps, false);
  const measures: StepMeasure[] = steps.map((s) => ({
    users: s.users,
    throughputRps: s.throughputRps,
    sloLatencyMs: s.p95Ms,
    memoryBytes: s.processes.reduce((sum, p) => sum + p.memoryBytes!, 0),
    cpuCores: s.processes.reduce((sum, p) => sum + p.cpuCores!, 0),
  }));
  const capacity = capacityFor(measures, budget, slo, usl.peakUsers, USERS.at(-1)!);
  return {
    format: 'perflab-plan',
    version: 1,
    tool: { name: 'perflab', version: '0.1.0' },
    scenarioFile: 'examples/clinic.scenario.ts',
    host: 'http://127.0.0.1:8888',
    startedAt: '2026-03-02T10:00:00.000Z',
    endedAt: '2026-03-02T10:04:30.000Z',
    stepDurationMs: 30_000,
    warmupMs: 15_000,
    budget,
    slo,
    watched: WATCHED,
    steps,
    usl,
    uslError: null,
    memoryPerProcess: WATCHED.map((spec, index) => ({
      spec,
      model: fitLine(steps.map((s) => ({ x: s.users, y: s.processes[index]!.memoryBytes! }))),
    })),
    capacity,
    notes: ['the 60-user step had 12 failures'],
  };
}

describe('dashboard plan view (Chromium, offline, from disk)', () => {
  let browser: Browser | undefined;
  let dir: string;
  let file: string;
  let plan: PlanReport;

  beforeAll(async () => {
    plan = planReport();
    dir = await mkdtemp(join(tmpdir(), 'perflab-plan-view-'));
    file = join(dir, 'plan.html');
    await writeDashboardHtml(file, { kind: 'plan', plan });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the plan itself: the USL recovers σ and κ, memory binds before the USL peak and the SLO', () => {
    expect(plan.usl!.sigma).toBeCloseTo(SIGMA, 6);
    expect(plan.usl!.kappa).toBeCloseTo(KAPPA, 8);
    expect(plan.usl!.lambda).toBeCloseTo(LAMBDA, 4);
    // N* = √((1 − σ)/κ) = √1960 ≈ 44.27; memory: (384 − 300) / 2 = 42 users.
    expect(plan.usl!.peakConcurrency).toBeCloseTo(Math.sqrt(1960), 3);
    expect(plan.capacity.binding).toBe('memory');
    expect(plan.capacity.maxUsers).toBe(42);
    expect(plan.capacity.constraints.map((c) => [c.constraint, c.maxUsers])).toEqual([
      ['memory', 42],
      ['cpu', 63],
      ['usl', 44],
      ['slo', 46],
    ]);
  });

  for (const { width, height, colorScheme } of [
    { width: 1280, height: 800, colorScheme: 'light' },
    { width: 375, height: 800, colorScheme: 'dark' },
  ] as const) {
    it(`shows capacity, steps, USL and memory at ${width} px (${colorScheme})`, async () => {
      const { context, attempted } = await offlineContext(browser!, { width, height, colorScheme });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('[data-testid="plan-capacity"]');
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        expect(await page.title()).toBe('perflab plan: examples/clinic.scenario.ts');

        const header = await page.getByTestId('plan-header').innerText();
        expect(header).toContain('http://127.0.0.1:8888');
        expect(header).toContain('RAM 0.38 GiB, 2 CPUs');
        expect(header).toContain('p95 < 120 ms');
        expect(header).toContain('cmd:node server.js, pid:4242');
        expect(header).toContain('30.0s measured after 15.0s warm-up');

        expect(await page.getByTestId('plan-max-users').innerText()).toContain('42');
        // (42 − 60) / 60 = −30 %
        expect(await page.getByTestId('plan-headroom').innerText()).toMatch(/Headroom at 60 users\s+−30\.0%/);
        const binding = await page.getByTestId('plan-binding').innerText();
        expect(binding).toContain('At most 42 users');
        expect(binding).toContain('memory (RAM budget 0.38 GiB) is the binding constraint');
        expect(binding).toContain('300.0 MiB + 2.0 MiB per user reaches the budget of 384.0 MiB');
        const constraintRows = await page.getByTestId('plan-constraint-row').allInnerTexts();
        expect(constraintRows).toHaveLength(4);
        expect(constraintRows[0]).toMatch(/^Memory \(RAM budget 0\.38 GiB\)\s+binding\s+42\s/);
        expect(constraintRows[1]).toMatch(/^CPU \(budget 2 cores\)\s+63\s/);
        expect(constraintRows[2]).toMatch(/^Throughput peak \(USL\)\s+44\s+users at the USL throughput peak/);
        expect(constraintRows[3]).toMatch(
          /^Latency SLO \(p95 < 120 ms\)\s+46\s+p95 < 120 ms met at 45 users/,
        );

        const headers = await page.locator('[data-testid="plan-steps-table"] thead th').allInnerTexts();
        expect(headers.map((h) => h.replace(/\s+/g, ' '))).toEqual([
          'Users',
          'Req/s',
          'Mean (ms)',
          'p50 (ms)',
          'p95 (ms)',
          'p99 (ms)',
          'Errors',
          'X·R',
          'Think time (ms)',
          'CPU (cores) cmd:node server.js',
          'Memory (MiB) cmd:node server.js',
          'CPU (cores) pid:4242',
          'Memory (MiB) pid:4242',
          'Redis hit rate',
          'Redis memory (MiB)',
          'PostgreSQL buffer hit rate',
        ]);
        const rows = page.getByTestId('plan-step-row');
        expect(await rows.count()).toBe(6);
        const cells = async (i: number) =>
          (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
        // 20 users: X = 1000/(1 + 0.38 + 0.19) = 636.9 req/s, R = 31.4 ms, memory 286 + 54 MiB
        const twenty = await cells(2);
        expect(twenty.slice(0, 3)).toEqual(['20', '636.9', '31.4']);
        expect(twenty.slice(7, 16)).toEqual([
          '20.00',
          '0',
          '0.58',
          '286.0',
          '0.12',
          '54.0',
          '97.00%',
          '42.0',
          '99.50%',
        ]);
        const sixty = await cells(5);
        expect(sixty[0]).toBe('60');
        expect(sixty[6]).toBe(formatPercent(plan.steps[5]!.errorRate));
        expect(await rows.nth(5).locator('td:nth-child(5) .bad').count()).toBe(1); // p95 misses the SLO

        const uslText = await page.getByTestId('plan-usl').innerText();
        expect(uslText).toMatch(/λ \(req\/s at N = 1\)\s+50 ±/);
        expect(uslText).toMatch(/σ \(contention\)\s+0\.02 ±/);
        expect(uslText).toMatch(/κ \(coherency\)\s+5\.000e-4 ±/);
        expect(uslText).toMatch(/N\* \(peak concurrency\)\s+44\.3/);
        expect(uslText).toMatch(/N_opt = 1\/σ\s+50\.0/);
        expect(uslText).toMatch(/X_roof = λ\/σ \(req\/s\)\s+2,500/);
        expect(await page.getByTestId('plan-memory-summary').innerText()).toBe(
          'Memory per user m = 2.00 MiB/user; at zero users M₀ = 300.0 MiB (budget 0.38 GiB).',
        );
        const memoryRows = await page.getByTestId('plan-memory-row').allInnerTexts();
        expect(memoryRows[0]).toMatch(/cmd:node server\.js\s+250\.0 MiB\s+1\.80 MiB\/user/);
        expect(memoryRows[1]).toMatch(/pid:4242\s+50\.0 MiB\s+204\.8 KiB\/user/);

        await expectChartDrawn(page, 'chart-usl', { series: ['Measured', 'USL fit'] });
        await expectChartDrawn(page, 'chart-memory', {
          series: [
            'Total',
            'Total fit',
            'cmd:node server.js',
            'cmd:node server.js fit',
            'pid:4242',
            'pid:4242 fit',
            'RAM budget',
          ],
        });
        await expectChartDrawn(page, 'chart-plan-latency', {
          series: ['p50', 'p95', 'p99', 'SLO p95 < 120 ms'],
        });

        // Readable: nothing wider than the viewport but the tables, which scroll inside their frame.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);

        await page.screenshot({
          path: join(ARTIFACTS_DIR, `plan-${width}-${colorScheme}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
        expect(attempted).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }

  it('shows why there is no USL fit when usl is null', async () => {
    const noFit: PlanReport = {
      ...plan,
      usl: null,
      uslError: 'the USL fit needs at least 6 steps with throughput > 0, got 3',
    };
    const noFitFile = join(dir, 'plan-no-fit.html');
    await writeDashboardHtml(noFitFile, { kind: 'plan', plan: noFit });
    const { context } = await offlineContext(browser!, { width: 1280, height: 800, colorScheme: 'light' });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(noFitFile).href);
      expect(await page.getByTestId('plan-usl-error').innerText()).toBe(
        'No USL fit: the USL fit needs at least 6 steps with throughput > 0, got 3',
      );
      expect(await page.getByTestId('chart-usl').count()).toBe(0);
      await page.waitForSelector('[data-testid="chart-memory"] .plot[data-drawn]');
    } finally {
      await context.close();
    }
  }, 60_000);
});

function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
