import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../src/compare/compare.ts';
import type { ResultsDocument } from '../../src/output/json.ts';
import { renderDashboardHtml, writeDashboardHtml } from '../../src/report/html.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import {
  ARTIFACTS_DIR,
  chartPaint,
  launchChromium,
  offlineContext,
  expectChartDrawn,
} from '../support/browser.ts';
import { runCli } from '../support/processes.ts';
import { syntheticResults } from './synthetic-results.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url));

/** A target with different latencies per path (and a 404), so each request name has its own distribution. */
async function startTarget(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    const delay =
      req.url === '/slow' ? 10 + Math.random() * 30 : req.url === '/items' ? 3 + Math.random() * 5 : 1;
    setTimeout(() => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(req.url === '/slow' ? 'x'.repeat(2000) : 'ok');
    }, delay);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

/** Charts of each tab of the report. */
const REPORT_CHARTS = {
  charts: ['chart-rps', 'chart-latency', 'chart-users'],
  distribution: ['chart-spectrum', 'chart-histogram'],
  timings: ['chart-timings'],
} as const;

/** The spectrum has one line per request name and the aggregate; hiding one redraws without it; the histogram follows its picker. */
async function checkDistributionTab(page: Page): Promise<void> {
  const spectrum = await chartPaint(page, 'chart-spectrum');
  expect(Object.keys(spectrum!.seriesPixels)).toEqual([
    'GET /fast',
    'POST /items',
    'GET /missing',
    'GET /slow',
    'Aggregated',
  ]);
  await page.locator('[data-testid="spectrum-pick"]').first().uncheck();
  await expect
    .poll(async () => Object.keys((await chartPaint(page, 'chart-spectrum'))?.seriesPixels ?? {}))
    .toEqual(['POST /items', 'GET /missing', 'GET /slow', 'Aggregated']);
  await expectChartDrawn(page, 'chart-spectrum');
  await page.locator('[data-testid="histogram-pick"]').selectOption({ label: 'GET /slow' });
  await expectChartDrawn(page, 'chart-histogram');
}

describe('the HTML report in chromium', () => {
  let browser: Browser;
  let dir: string;
  let results: ResultsDocument;
  let reportPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-dashboard-'));
    const target = await startTarget();
    try {
      const run = await runCli([
        'run',
        fixture('report.scenario.ts'),
        '--host',
        target.url,
        '--workers',
        '1',
        '--json',
        join(dir, 'results.json'),
        '--html',
        join(dir, 'report.html'),
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    } finally {
      await target.stop();
    }
    results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ResultsDocument;
    reportPath = join(dir, 'report.html');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens from disk without network and renders every table and chart (1280 and 375 px, light and dark)', async () => {
    expect(results.stats.map((s) => `${s.method} ${s.name}`)).toEqual([
      'GET /fast',
      'POST /items',
      'GET /missing',
      'GET /slow',
    ]);
    for (const width of [1280, 375]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const { context, attempted } = await offlineContext(browser, { width, height: 800, colorScheme });
        try {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (error) => errors.push(error.message));
          page.on('console', (message) => {
            if (message.type() === 'error') errors.push(message.text());
          });
          await page.goto(pathToFileURL(reportPath).href);
          const shot = (name: string) =>
            page.screenshot({
              path: join(ARTIFACTS_DIR, `report-${width}-${colorScheme}-${name}.png`),
              fullPage: true,
            });

          expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
          // statistics: one row per request name plus the aggregate, values from the results document
          const rows = page.locator('[data-testid="stats-table"] [data-testid="stats-row"]');
          await expect.poll(() => rows.count()).toBe(results.stats.length + 1);
          expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-name')))).toEqual([
            ...results.stats.map((s) => `${s.method} ${s.name}`),
            'Aggregated',
          ]);
          const aggregatedCells = await rows.last().locator('td').allTextContents();
          expect(aggregatedCells[1]).toBe('Aggregated');
          expect(aggregatedCells[2]).toBe(results.aggregated.requests.toLocaleString('en-US'));
          expect(aggregatedCells[3]).toContain(String(results.aggregated.failures));
          expect(await page.locator('[data-testid="stats-table"] th').allTextContents()).toEqual([
            'Type',
            'Name',
            '# Requests',
            '# Fails',
            'Median (ms)',
            '90%ile (ms)',
            '95%ile (ms)',
            '99%ile (ms)',
            'Average (ms)',
            'Min (ms)',
            'Max (ms)',
            'Average size (bytes)',
            'RPS',
            'Failures/s',
            'Current RPS',
            'Current failures/s',
          ]);
          await shot('stats');

          for (const [tab, charts] of Object.entries(REPORT_CHARTS)) {
            await page.click(`[data-testid="tab-${tab}"]`);
            for (const chart of charts) await expectChartDrawn(page, chart);
            await shot(tab);
            if (tab === 'distribution') await checkDistributionTab(page);
          }

          await page.click('[data-testid="tab-failures"]');
          expect(await page.locator('[data-testid="failures-table"] tbody td').allTextContents()).toEqual([
            'GET',
            '/missing',
            results.failures[0]!.error,
            String(results.failures[0]!.occurrences),
          ]);
          await shot('failures');

          await page.click('[data-testid="tab-exceptions"]');
          const message = await page
            .locator('[data-testid="exceptions-table"] tbody td code')
            .first()
            .textContent();
          expect(message).toBe('Error: scenario bug </script><script>window.__broken = true</script>');
          expect(await page.evaluate(() => (window as { __broken?: boolean }).__broken)).toBeUndefined();

          await page.click('[data-testid="tab-thresholds"]');
          expect(await page.locator('[data-testid="thresholds-table"] tbody tr').count()).toBe(2);
          expect(await page.locator('[data-testid="thresholds-table"] tbody').textContent()).toContain(
            'p(95)<5000',
          );
          await page.click('[data-testid="tab-checks"]');
          const check = results.checks[0]!;
          expect(await page.locator('[data-testid="checks-table"] tbody td').allTextContents()).toEqual([
            check.name,
            check.passes.toLocaleString('en-US'),
            String(check.fails),
            '100.00%',
          ]);

          await page.click('[data-testid="tab-run"]');
          const runInfo = await page.locator('[data-testid="run-info"]').textContent();
          expect(runInfo).toContain('report.scenario.ts');
          expect(runInfo).toContain('4 users at 20/s for 3s');
          expect(runInfo).toContain(`Node.js ${process.version}`);
          expect(runInfo).toContain(results.run.machine!.hostname);
          await shot('run');

          // nothing overflows the viewport sideways except inside scrolling tables
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow).toBeLessThanOrEqual(0);
          expect(errors).toEqual([]);
          expect(attempted).toEqual([]);
        } finally {
          await context.close();
        }
      }
    }
  });

  it('toggles the theme and remembers the choice', async () => {
    const { context, attempted } = await offlineContext(browser, {
      width: 1280,
      height: 800,
      colorScheme: 'light',
    });
    try {
      const page = await context.newPage();
      await page.goto(`${pathToFileURL(reportPath).href}#charts`);
      await expectChartDrawn(page, 'chart-rps');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.click('[data-testid="theme-toggle"]');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(light);
      expect(await page.evaluate(() => localStorage.getItem('perflab-theme'))).toBe('dark');
      await expectChartDrawn(page, 'chart-rps'); // redrawn in the dark palette
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.locator('[data-testid="tab-charts"]').getAttribute('aria-selected')).toBe('true');
      expect(attempted).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps the report of 10 request names and 120 s of history under 2 MB; measures the time to open', async () => {
    const big = syntheticResults({ names: 10, requestsPerName: 20_000, seconds: 120, seed: 7 });
    const path = join(dir, 'big.html');
    await writeDashboardHtml(path, { kind: 'report', report: buildReportData(big) });
    const bytes = (await stat(path)).size;
    expect(bytes).toBeLessThan(2 * 1024 * 1024);

    const { context, attempted } = await offlineContext(browser, {
      width: 1280,
      height: 800,
      colorScheme: 'light',
    });
    try {
      await context.addInitScript(() => {
        const w = window as { __chartsDrawnAt?: number };
        const check = () => {
          if (w.__chartsDrawnAt === undefined && document.querySelectorAll('.plot[data-drawn]').length >= 3) {
            w.__chartsDrawnAt = performance.now();
          }
        };
        new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
      });
      const page = await context.newPage();
      await page.goto(`${pathToFileURL(path).href}#charts`);
      await page.waitForFunction(
        () => (window as { __chartsDrawnAt?: number }).__chartsDrawnAt !== undefined,
      );
      const timing = await page.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          loadEventMs: navigation.loadEventEnd,
          chartsDrawnMs: (window as { __chartsDrawnAt?: number }).__chartsDrawnAt!,
        };
      });
      for (const chart of REPORT_CHARTS.charts) await expectChartDrawn(page, chart);
      await page.click('[data-testid="tab-distribution"]');
      for (const chart of REPORT_CHARTS.distribution) await expectChartDrawn(page, chart);
      await page.screenshot({
        path: join(ARTIFACTS_DIR, 'report-10-names-distribution.png'),
        fullPage: true,
      });
      expect(attempted).toEqual([]);
      const figures = {
        bytes,
        megabytes: Number((bytes / 1024 / 1024).toFixed(3)),
        ...timing,
        chartsAfterLoadMs: timing.chartsDrawnMs - timing.loadEventMs,
      };
      await writeFile(join(ARTIFACTS_DIR, 'report-10-names.json'), `${JSON.stringify(figures, null, 2)}\n`);
      console.log(`10-name, 120 s report: ${JSON.stringify(figures)}`);
    } finally {
      await context.close();
    }
  });

  it('shows a comparison: verdicts per row and the overlaid spectra of the chosen row', async () => {
    const base = syntheticResults({ names: 4, requestsPerName: 5000, seconds: 30, seed: 11 });
    const next = syntheticResults({
      names: 4,
      requestsPerName: 5000,
      seconds: 30,
      seed: 12,
      slower: { '/endpoint-02': 1.5 },
    });
    const compare = compareResults(base, next, { baseFile: 'base.json', newFile: 'new.json' });
    const path = join(dir, 'compare.html');
    await writeDashboardHtml(path, { kind: 'compare', compare });
    for (const width of [1280, 375]) {
      const { context, attempted } = await offlineContext(browser, {
        width,
        height: 800,
        colorScheme: 'light',
      });
      try {
        const page = await context.newPage();
        await page.goto(pathToFileURL(path).href);
        const rows = page.locator('[data-testid="compare-table"] [data-testid="compare-row"]');
        expect(
          await rows.evaluateAll((trs) =>
            trs.map((tr) => [tr.getAttribute('data-name'), tr.getAttribute('data-verdict')]),
          ),
        ).toEqual([
          ...compare.rows.map((r) => [`${r.method} ${r.name}`, r.verdict]),
          ['Aggregated', compare.aggregated.verdict],
        ]);
        expect(compare.rows.find((r) => r.name === '/endpoint-02')!.verdict).toBe('regressed');
        expect(await page.locator('[data-testid="compare-verdict"]').textContent()).toMatch(/^Regressed/);
        // the first regressed row is chosen: base and new drawn
        expect(
          await page.locator('[data-testid="chart-compare-spectrum"] figcaption').textContent(),
        ).toContain('GET /endpoint-02');
        await expectChartDrawn(page, 'chart-compare-spectrum');
        expect(Object.keys((await chartPaint(page, 'chart-compare-spectrum'))!.seriesPixels)).toEqual([
          'base',
          'new',
        ]);
        await page.screenshot({ path: join(ARTIFACTS_DIR, `compare-${width}.png`), fullPage: true });
        await rows.filter({ hasText: '/endpoint-01' }).locator('button').click();
        await expect
          .poll(() => page.locator('[data-testid="chart-compare-spectrum"] figcaption').textContent())
          .toContain('GET /endpoint-01');
        await expectChartDrawn(page, 'chart-compare-spectrum');
        expect(attempted).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});

/**
 * The live view against a stand-in for the live UI server that keeps the
 * documented contract (GET /api/state, SSE /api/events, POST start/users/stop/reset,
 * downloads) and records what the page sends.
 */
describe('the live view in chromium (against the live API contract)', () => {
  let browser: Browser;
  let results: ResultsDocument;
  beforeAll(async () => {
    results = syntheticResults({ names: 3, requestsPerName: 2000, seconds: 20 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function startLiveServer(model: 'closed' | 'open') {
    const html = await renderDashboardHtml({ kind: 'live' });
    const posts: Array<{ path: string; body: unknown }> = [];
    const streams = new Set<import('node:http').ServerResponse>();
    const state = {
      status: 'ready' as 'ready' | 'running' | 'stopping' | 'stopped',
      scenarioFile: 'examples/clinic.scenario.ts',
      model,
      form: {
        host: 'http://127.0.0.1:8888',
        users: 10,
        spawnRate: 2,
        rate: model === 'open' ? 20 : null,
        durationS: null,
      },
      users: 0,
      results: null as ResultsDocument | null,
    };
    const push = () => {
      for (const res of streams) res.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
    };
    const timer = setInterval(push, 250);
    const server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        };
        if (req.method === 'GET' && req.url === '/') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
        } else if (req.url === '/api/state') {
          json(200, state);
        } else if (req.url === '/api/events') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          streams.add(res);
          res.on('close', () => streams.delete(res));
          push();
        } else if (req.url === '/api/download/stats.csv') {
          res
            .writeHead(200, {
              'content-type': 'text/csv',
              'content-disposition': 'attachment; filename="stats.csv"',
            })
            .end('Type,Name,Request Count\r\n');
        } else if (req.method === 'POST') {
          const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
          posts.push({ path: req.url ?? '', body });
          if (req.url === '/api/start') {
            if (typeof body?.users === 'number' && body.users > 100) {
              json(400, { error: `users: ${body.users} is more than this test server allows (100)` });
              return;
            }
            Object.assign(state, { status: 'running', users: body?.users ?? 0, results });
          } else if (req.url === '/api/users') {
            state.users = body?.users as number;
          } else if (req.url === '/api/stop') {
            state.status = 'stopped';
          } else if (req.url === '/api/reset') {
            state.results = null;
          }
          json(200, { ok: true });
          push();
        } else {
          json(404, { error: 'not found' });
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}/`,
      posts,
      stop: async () => {
        clearInterval(timer);
        for (const res of streams) res.end();
        await closeServer(server);
      },
    };
  }

  it('starts a run from the form, follows it, changes users, downloads, stops and resets (closed model)', async () => {
    const server = await startLiveServer('closed');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await expect
        .poll(() => page.locator('[data-testid="status"]').getAttribute('data-status'))
        .toBe('ready');
      expect(await page.locator('[data-testid="input-users"]').inputValue()).toBe('10');
      expect(await page.locator('[data-testid="input-spawn-rate"]').inputValue()).toBe('2');
      expect(await page.locator('[data-testid="input-host"]').inputValue()).toBe('http://127.0.0.1:8888');
      expect(await page.locator('[data-testid="input-rate"]').count()).toBe(0);

      // the server's 400 is shown in the form
      await page.fill('[data-testid="input-users"]', '1000');
      await page.click('[data-testid="button-start"]');
      await expect
        .poll(() => page.locator('[data-testid="start-error"]').textContent())
        .toBe('users: 1000 is more than this test server allows (100)');

      await page.fill('[data-testid="input-users"]', '5');
      await page.fill('[data-testid="input-spawn-rate"]', '2.5');
      await page.fill('[data-testid="input-host"]', 'http://127.0.0.1:9999');
      await page.fill('[data-testid="input-duration"]', '2m');
      await page.click('[data-testid="button-start"]');
      await expect
        .poll(() => page.locator('[data-testid="status"]').getAttribute('data-status'))
        .toBe('running');
      expect(server.posts.at(-1)).toEqual({
        path: '/api/start',
        body: { host: 'http://127.0.0.1:9999', users: 5, spawnRate: 2.5, durationS: 120 },
      });
      expect(await page.locator('[data-testid="start-form"]').count()).toBe(0);
      await expect.poll(() => page.locator('[data-testid="stats-row"]').count()).toBe(4);
      // live: current rates, not whole-run ones
      expect(await page.locator('[data-testid="stats-table"] th').allTextContents()).toContain('Current RPS');
      expect(await page.locator('[data-testid="stats-table"] th').allTextContents()).not.toContain('RPS');
      await page.click('[data-testid="tab-charts"]');
      for (const chart of ['chart-rps', 'chart-latency', 'chart-users']) await expectChartDrawn(page, chart);
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'live-1280-running.png'), fullPage: true });

      await page.fill('[data-testid="input-change-users"]', '7');
      await page.click('[data-testid="button-apply-users"]');
      await expect.poll(() => page.locator('[data-testid="kpi-users"] .kpi-value').textContent()).toBe('7');
      expect(server.posts.at(-1)).toEqual({ path: '/api/users', body: { users: 7 } });

      await page.click('[data-testid="tab-downloads"]');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid="download-stats-csv"]'),
      ]);
      expect(download.suggestedFilename()).toBe('stats.csv');
      expect(await readFile((await download.path())!, 'utf8')).toBe('Type,Name,Request Count\r\n');
      for (const id of [
        'download-stats-history-csv',
        'download-failures-csv',
        'download-exceptions-csv',
        'download-results-json',
        'download-report-html',
      ]) {
        expect(await page.locator(`[data-testid="${id}"]`).getAttribute('href')).toMatch(
          /^\/api\/download\//,
        );
      }

      await page.click('[data-testid="button-stop"]');
      await expect
        .poll(() => page.locator('[data-testid="status"]').getAttribute('data-status'))
        .toBe('stopped');
      expect(server.posts.at(-1)).toEqual({ path: '/api/stop', body: undefined });
      await page.waitForSelector('[data-testid="start-form"]');
      await page.click('[data-testid="tab-stats"]');
      expect(await page.locator('[data-testid="stats-row"]').count()).toBe(4); // the last run's results stay

      await page.evaluate(() => fetch('/api/reset', { method: 'POST' }));
      await expect.poll(() => page.locator('[data-testid="stats-row"]').count()).toBe(0);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  it('asks for an arrival rate in the open model, at phone width', async () => {
    const server = await startLiveServer('open');
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="start-form"]');
      expect(await page.locator('[data-testid="input-users"]').count()).toBe(0);
      expect(await page.locator('[data-testid="input-rate"]').inputValue()).toBe('20');
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'live-375-dark-form.png'), fullPage: true });
      await page.fill('[data-testid="input-rate"]', '50');
      await page.fill('[data-testid="input-duration"]', 'soon');
      await page.click('[data-testid="button-start"]');
      expect(await page.locator('[data-testid="start-error"]').textContent()).toMatch(
        /"soon" is not a duration/,
      );
      await page.fill('[data-testid="input-duration"]', '');
      await page.click('[data-testid="button-start"]');
      await expect
        .poll(() => page.locator('[data-testid="status"]').getAttribute('data-status'))
        .toBe('running');
      expect(server.posts.at(-1)).toEqual({
        path: '/api/start',
        body: { host: 'http://127.0.0.1:8888', rate: 50, durationS: null },
      });
      expect(await page.locator('[data-testid="input-change-users"]').count()).toBe(0);
      await expect.poll(() => page.locator('[data-testid="stats-row"]').count()).toBe(4);
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'live-375-dark-running.png'), fullPage: true });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
      await server.stop();
    }
  });
});
