import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityFor, type Slo, type StepMeasure } from '../../src/capacity/capacity.ts';
import type { LoadForecast, ProbeFigures, ReadinessReport } from '../../src/capacity/check-report.ts';
import { planUsl } from '../../src/capacity/plan.ts';
import type { PlanReport, PlanStep } from '../../src/capacity/plan-report.ts';
import {
  type Criterion,
  type CriterionId,
  DEFAULT_BOUNDS,
  grade,
  readinessScore,
  recommendations,
} from '../../src/capacity/readiness.ts';
import { writeDashboardHtml } from '../../src/report/html.ts';
import { ARTIFACTS_DIR, launchChromium, offlineContext, expectChartDrawn } from '../support/browser.ts';

const MIB = 2 ** 20;
/** The service's true USL: λ req/s for one user, σ contention, κ coherency (no think time). */
const LAMBDA = 40;
const SIGMA = 0.03;
const KAPPA = 0.0002;
/** `users: 50` in readiness.yaml; the default limits steps are users × ¼, ½, 1, 1½, 2, 3. */
const TARGET_USERS = 50;
const STEPS = [13, 25, 50, 75, 100, 150];
const SLO: Slo = { percentile: 95, maxMs: 300 };
const HOST = 'http://127.0.0.1:8888';

const throughput = (n: number) => (LAMBDA * n) / (1 + SIGMA * (n - 1) + KAPPA * n * (n - 1));

/** The limits stepping (a `perflab plan` report): closed model, R = N/X, p95 = 2R; nothing watched. */
function limitsReport(): PlanReport {
  const steps: PlanStep[] = STEPS.map((users) => {
    const x = throughput(users);
    const meanMs = (users / x) * 1000;
    const requests = Math.round(x * 20);
    const failures = users === 150 ? 40 : 0;
    return {
      users,
      durationMs: 20_000,
      requests,
      failures,
      errorRate: failures / requests,
      throughputRps: x,
      meanMs,
      p50Ms: meanMs * 0.9,
      p95Ms: meanMs * 2,
      p99Ms: meanMs * 3,
      concurrency: (x * meanMs) / 1000,
      thinkTimeMs: 0,
      processes: [],
      redis: null,
      postgres: null,
    };
  });
  const usl = planUsl(steps, false);
  const measures: StepMeasure[] = steps.map((s) => ({
    users: s.users,
    throughputRps: s.throughputRps,
    sloLatencyMs: s.p95Ms,
    memoryBytes: null,
    cpuCores: null,
  }));
  return {
    format: 'perflab-plan',
    version: 1,
    tool: { name: 'perflab', version: '0.1.0' },
    scenarioFile: 'examples/clinic.scenario.ts',
    host: HOST,
    startedAt: '2026-03-02T10:02:00.000Z',
    endedAt: '2026-03-02T10:04:30.000Z',
    stepDurationMs: 20_000,
    warmupMs: 5_000,
    budget: {},
    slo: SLO,
    watched: [],
    steps,
    usl,
    uslError: null,
    memoryPerProcess: [],
    capacity: capacityFor(measures, {}, SLO, usl.peakUsers, TARGET_USERS),
    notes: ['the 150-user step had 40 failures'],
  };
}

const TITLES: Record<CriterionId, string> = {
  'db-read': 'Database reads',
  'db-write': 'Database writes',
  'cache-hit-rate': 'Cache hit rate',
  'success-rate': 'Success rate under load',
  'memory-growth': 'Memory growth over the run',
  'system-limits': 'System limits (SLO)',
};

/**
 * `perflab check`'s report as src/cli/check.ts assembles it, from measurements:
 * Redis fast, PostgreSQL writes slow (38/s), a 62 % cache hit rate, 97 % success,
 * 72.4 MB memory growth, and the limits stepping above.
 */
function readinessReport(): ReadinessReport {
  const probes: ProbeFigures[] = [
    {
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      readOpsPerSecond: 18_250,
      writeOpsPerSecond: 15_400,
      readP95Ms: 0.61,
      writeP95Ms: 0.74,
      error: null,
    },
    {
      kind: 'postgres',
      url: 'postgres://app:***@127.0.0.1:5432/app',
      readOpsPerSecond: 1840.5,
      writeOpsPerSecond: 38.2,
      readP95Ms: 6.8,
      writeP95Ms: 212.4,
      error: '3 operations failed',
    },
  ];
  const run = {
    users: TARGET_USERS,
    durationMs: 60_000,
    requests: 40_000,
    failures: 1_200,
    topFailure: 'HTTP 503',
  };
  const successRate = 1 - run.failures / run.requests;
  const hitRate = 0.62;
  const memoryGrowthMb = 72.4;
  const limits = limitsReport();
  const sloUsers = limits.capacity.constraints.find((c) => c.constraint === 'slo')!.maxUsers!;
  const minOf = (values: (number | null)[]) => Math.min(...values.filter((v): v is number => v !== null));
  const criterion = (
    id: CriterionId,
    shown: number,
    unit: string,
    detail: string,
    graded = shown,
    lowerIsBetter = false,
  ): Criterion => ({
    id,
    title: TITLES[id],
    grade: grade(graded, DEFAULT_BOUNDS[id], lowerIsBetter),
    value: shown,
    unit,
    detail,
  });
  const criteria: Criterion[] = [
    criterion(
      'db-read',
      minOf(probes.map((p) => p.readOpsPerSecond)),
      'ops/s',
      'the slower of redis, postgres; EXCELLENT ≥ 100 ops/s, GOOD ≥ 50 ops/s',
    ),
    criterion(
      'db-write',
      minOf(probes.map((p) => p.writeOpsPerSecond)),
      'ops/s',
      'the slower of redis, postgres; EXCELLENT ≥ 50 ops/s, GOOD ≥ 25 ops/s',
    ),
    criterion(
      'cache-hit-rate',
      hitRate * 100,
      '%',
      'Redis keyspace hits during the run; EXCELLENT ≥ 80 %',
      hitRate,
    ),
    criterion(
      'success-rate',
      successRate * 100,
      '%',
      '50 users for 60 s; EXCELLENT ≥ 95 %, GOOD ≥ 80 %',
      successRate,
    ),
    criterion(
      'memory-growth',
      memoryGrowthMb,
      'MB',
      'port:8888 (PSS), first to last sample of the run; EXCELLENT ≤ 50 MB, GOOD ≤ 100 MB',
      memoryGrowthMb,
      true,
    ),
    criterion(
      'system-limits',
      sloUsers / TARGET_USERS,
      '× target',
      `${sloUsers} users within p95 < 300 ms against a target of 50; EXCELLENT ≥ 1×`,
    ),
  ];
  const maxRps = limits.steps.reduce((m, s) => Math.max(m, s.throughputRps), 0);
  const capacity = capacityFor(
    limits.steps.map((s) => ({
      users: s.users,
      throughputRps: s.throughputRps,
      sloLatencyMs: s.p95Ms,
      memoryBytes: null,
      cpuCores: null,
    })),
    {},
    SLO,
    limits.usl!.peakUsers,
    TARGET_USERS,
  );
  const bottlenecks: string[] = [];
  if (limits.capacity.binding) {
    bottlenecks.push(
      limits.capacity.constraints.find((c) => c.constraint === limits.capacity.binding)!.reason,
    );
  }
  for (const c of criteria) {
    if (c.grade === 'NEEDS_OPTIMIZATION')
      bottlenecks.push(`${c.title.toLowerCase()}: ${c.value?.toFixed(1)} ${c.unit}`);
  }
  const forecast: LoadForecast = {
    maxConcurrentUsers: capacity.maxUsers,
    maxRps,
    perUserRequestLimit: capacity.maxUsers ? maxRps / capacity.maxUsers : null,
    bottlenecks,
  };
  return {
    format: 'perflab-readiness',
    version: 1,
    tool: { name: 'perflab', version: '0.1.0' },
    configFile: 'config/readiness.yaml',
    scenarioFile: 'examples/clinic.scenario.ts',
    host: HOST,
    startedAt: '2026-03-02T10:00:00.000Z',
    endedAt: '2026-03-02T10:04:30.000Z',
    criteria,
    score: readinessScore(criteria),
    probes,
    run,
    limits,
    forecast,
    recommendations: recommendations({
      redis: { maxmemoryBytes: 0, maxmemoryPolicy: 'noeviction', usedMemoryGrowthBytes: 18.5 * MIB, hitRate },
      postgresBufferHitRate: 0.985,
      usl: { sigma: limits.usl!.sigma, kappa: limits.usl!.kappa },
      successRate,
      topFailure: run.topFailure,
      memoryGrowthMb,
      bindingConstraint: bottlenecks[0] ?? null,
    }),
    notes: ['postgres probe: 3 INSERTs timed out', ...limits.notes],
  };
}

describe('dashboard readiness view (Chromium, offline, from disk)', () => {
  let browser: Browser | undefined;
  let dir: string;
  let file: string;
  let readiness: ReadinessReport;

  beforeAll(async () => {
    readiness = readinessReport();
    dir = await mkdtemp(join(tmpdir(), 'perflab-readiness-view-'));
    file = join(dir, 'readiness.html');
    await writeDashboardHtml(file, { kind: 'readiness', readiness });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the report itself: grades from the default bounds, score 79 % (partially ready), limits from the USL', () => {
    expect(readiness.criteria.map((c) => [c.id, c.grade])).toEqual([
      ['db-read', 'EXCELLENT'],
      ['db-write', 'GOOD'],
      ['cache-hit-rate', 'NEEDS_OPTIMIZATION'],
      ['success-rate', 'EXCELLENT'],
      ['memory-growth', 'GOOD'],
      ['system-limits', 'EXCELLENT'],
    ]);
    // (100 + 75 + 25 + 100 + 75 + 100) / 6
    expect(readiness.score.percent).toBeCloseTo(475 / 6, 10);
    expect(readiness.score.verdict).toBe('PARTIALLY_READY');
    expect(readiness.limits!.usl!.sigma).toBeCloseTo(SIGMA, 6);
    expect(readiness.limits!.usl!.kappa).toBeCloseTo(KAPPA, 8);
    // N* = √((1 − σ)/κ) = √4850 ≈ 69.6: the USL peak binds before the SLO.
    expect(readiness.limits!.capacity.binding).toBe('usl');
    expect(readiness.forecast.maxConcurrentUsers).toBe(69);
  });

  for (const { width, height, colorScheme } of [
    { width: 1280, height: 800, colorScheme: 'light' },
    { width: 375, height: 800, colorScheme: 'dark' },
  ] as const) {
    it(`shows score, grades, forecast, recommendations and limits at ${width} px (${colorScheme})`, async () => {
      const { context, attempted } = await offlineContext(browser!, { width, height, colorScheme });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('[data-testid="readiness-score"]');
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        expect(await page.title()).toBe(`perflab readiness: ${HOST}`);

        const header = await page.getByTestId('readiness-header').innerText();
        for (const text of [HOST, 'examples/clinic.scenario.ts', 'config/readiness.yaml', '0.1.0']) {
          expect(header).toContain(text);
        }

        // The score panel comes first.
        const panels = await page
          .locator('main > .panel, main > .charts > .panel')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
        expect(panels[0]).toBe('readiness-score');
        expect(await page.getByTestId('readiness-percent').innerText()).toBe('79%');
        expect(await page.getByTestId('readiness-verdict').innerText()).toBe('partially ready');
        const verdictColour = await page
          .getByTestId('readiness-verdict')
          .evaluate((e) => getComputedStyle(e).color);
        expect(verdictColour).toBe(colorScheme === 'light' ? 'rgb(180, 83, 9)' : 'rgb(251, 191, 36)'); // amber

        const rows = page.getByTestId('readiness-criterion');
        expect(await rows.count()).toBe(6);
        const cells = async (i: number) =>
          (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
        const sloUsers = readiness.limits!.capacity.constraints.find(
          (c) => c.constraint === 'slo',
        )!.maxUsers!;
        const expected = [
          ['Database reads', 'EXCELLENT', '1,841 ops/s'],
          ['Database writes', 'GOOD', '38.2 ops/s'],
          ['Cache hit rate', 'NEEDS OPTIMIZATION', '62.0 %'],
          ['Success rate under load', 'EXCELLENT', '97.0 %'],
          ['Memory growth over the run', 'GOOD', '72.4 MB'],
          ['System limits (SLO)', 'EXCELLENT', `${(sloUsers / TARGET_USERS).toFixed(2)} × target`],
        ];
        for (const [i, row] of expected.entries()) {
          const [title, gradeText, value] = await cells(i);
          expect([title, gradeText, value]).toEqual(row);
          expect((await cells(i))[3]).toBe(readiness.criteria[i]!.detail);
          expect(await rows.nth(i).getByTestId('readiness-grade').getAttribute('data-grade')).toBe(
            readiness.criteria[i]!.grade,
          );
        }
        // Badge colours differ by grade: green, blue, red.
        const badgeColour = (i: number) =>
          rows
            .nth(i)
            .getByTestId('readiness-grade')
            .evaluate((e) => getComputedStyle(e).color);
        const [excellent, good, needs] = [await badgeColour(0), await badgeColour(1), await badgeColour(2)];
        expect(new Set([excellent, good, needs]).size).toBe(3);
        expect(excellent).toBe(colorScheme === 'light' ? 'rgb(21, 128, 61)' : 'rgb(74, 222, 128)');

        const { forecast } = readiness;
        expect(await page.getByTestId('readiness-max-users').innerText()).toMatch(
          /Max concurrent users\s+69$/,
        );
        expect(await page.getByTestId('readiness-max-rps').innerText()).toContain(
          forecast.maxRps!.toFixed(1),
        );
        expect(await page.getByTestId('readiness-per-user').innerText()).toContain(
          forecast.perUserRequestLimit!.toFixed(2),
        );
        const bottlenecks = await page.locator('[data-testid="readiness-bottlenecks"] li').allInnerTexts();
        expect(bottlenecks).toEqual(forecast.bottlenecks);
        expect(bottlenecks[0]).toContain('USL throughput peak');
        expect(bottlenecks[1]).toBe('cache hit rate: 62.0 %');

        const recs = await page.getByTestId('readiness-recommendation').allInnerTexts();
        expect(recs).toEqual(readiness.recommendations);
        expect(recs.length).toBeGreaterThanOrEqual(5);
        expect(recs[0]).toContain('Redis has no maxmemory and its memory grew by 18.5 MiB');
        expect(recs.some((r) => r.startsWith('Cache hit rate 62.0 %'))).toBe(true);
        expect(recs.some((r) => r.startsWith('PostgreSQL buffer hit rate 98.5 %'))).toBe(true);
        expect(recs.some((r) => r.startsWith('Memory grew by 72 MB'))).toBe(true);

        const probes = await page.getByTestId('readiness-probe').allInnerTexts();
        expect(probes).toHaveLength(2);
        expect(probes[0]).toMatch(/Redis\s+redis:\/\/127\.0\.0\.1:6379\s+18,250\s+15,400\s+0\.610\s+0\.740/);
        expect(probes[1]).toMatch(
          /PostgreSQL\s+postgres:\/\/app:\*\*\*@127\.0\.0\.1:5432\/app\s+1,841\s+38\.2\s+6\.80\s+212\s+3 operations failed/,
        );
        expect(await page.getByTestId('readiness-run').innerText()).toBe(
          '50 users for 1m 00s: 40,000 requests, 1,200 failures (success rate 97.00%); mostly “HTTP 503”.',
        );

        const limitRows = page.getByTestId('readiness-limit-row');
        expect(await limitRows.count()).toBe(6);
        const step = readiness.limits!.steps[5]!;
        const last = (await limitRows.nth(5).locator('td').allInnerTexts()).map((t) => t.trim());
        expect(last.slice(0, 2)).toEqual(['150', step.throughputRps.toFixed(1)]);
        expect(await limitRows.nth(5).locator('td:nth-child(5) .bad').count()).toBe(1); // p95 over the SLO
        expect(await limitRows.nth(3).locator('td:nth-child(5) .bad').count()).toBe(0);
        await expectChartDrawn(page, 'chart-readiness-limits', {
          series: ['p95', 'SLO p95 < 300 ms', 'Throughput'],
        });

        expect(await page.locator('[data-testid="readiness-notes"] li').allInnerTexts()).toEqual(
          readiness.notes,
        );

        // Readable: nothing wider than the viewport but the tables, which scroll inside their frame.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);

        await page.screenshot({
          path: join(ARTIFACTS_DIR, `readiness-${width}-${colorScheme}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
        expect(attempted).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
