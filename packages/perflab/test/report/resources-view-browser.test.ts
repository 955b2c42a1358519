import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceMonitor } from '../../src/capacity/samplers/monitor.ts';
import { runLoadTest } from '../../src/load/run.ts';
import { buildResultsDocument, type ResultsDocument } from '../../src/output/json.ts';
import { writeDashboardHtml } from '../../src/report/html.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import { constant } from '../../src/scenario/wait-time.ts';
import { ARTIFACTS_DIR, launchChromium, offlineContext, expectChartDrawn } from '../support/browser.ts';
import { tail, terminate } from '../support/child.ts';
import { planOf } from '../support/scenario.ts';

const MIB = 1024 * 1024;

/**
 * The watched child: touches a 100 MiB buffer (so it is resident), holds a TCP
 * connection to itself (two established sockets), burns ~25 % of a core in
 * 50 ms slices, prints `ready`, and idles until killed.
 */
const CHILD_SCRIPT = `
const net = require('node:net');
const ballast = Buffer.alloc(100 * 1024 * 1024, 1);
const server = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
  net.connect(server.address().port, '127.0.0.1', () => console.log('ready'));
});
setInterval(() => { const end = Date.now() + 50; while (Date.now() < end); ballast[0]++; }, 200);
`;

async function startChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail(child.stderr);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child not ready: ${stderr()}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}): ${stderr()}`));
    });
  });
  return child;
}

/** A process's proportional set size from /proc, bytes. */
async function pssOf(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = /^Pss:\s+(\d+) kB/m.exec(text);
  if (!kb) throw new Error(`no Pss in /proc/${pid}/smaps_rollup`);
  return Number(kb[1]) * 1024;
}

async function startTarget(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    setTimeout(() => res.end('ok'), 2);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('the report’s Resources tab in chromium (a real run watching a real child process)', () => {
  let browser: Browser;
  let dir: string;
  let child: ChildProcess | undefined;
  let results: ResultsDocument;
  let childPss: number;
  let withPath: string;
  let withoutPath: string;
  const spec = () => `pid:${child!.pid}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-resources-view-'));
    child = await startChild();
    const target = await startTarget();
    try {
      const monitor = new ResourceMonitor({ watch: [`pid:${child.pid}`], intervalMs: 500 });
      const run = await runLoadTest({
        plan: planOf(
          { tasks: [{ run: (vu) => vu.http.get('/') }], waitTime: constant(20) },
          { users: 2, spawnRate: 10, durationMs: 4000 },
        ),
        host: target.url,
        graceMs: 2000,
        reporters: [],
        resources: monitor,
      });
      results = buildResultsDocument(run);
      childPss = await pssOf(child.pid!);
    } finally {
      await target.stop();
    }
    withPath = join(dir, 'with-resources.html');
    withoutPath = join(dir, 'without-resources.html');
    await writeDashboardHtml(withPath, { kind: 'report', report: buildReportData(results) });
    const { resources: _dropped, ...bare } = results;
    await writeDashboardHtml(withoutPath, { kind: 'report', report: buildReportData(bare) });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (child) await terminate(child);
    await rm(dir, { recursive: true, force: true });
  });

  it('records the child in the results document', () => {
    expect(results.resources).toBeDefined();
    const series = results.resources!.processes;
    expect(series.map((s) => s.spec)).toEqual([spec()]);
    expect(series[0]!.samples.length).toBeGreaterThanOrEqual(6);
    expect(series[0]!.summary.pssBytes!.min).toBeGreaterThan(100 * MIB);
    expect(series[0]!.summary.connections!.max).toBe(2);
    expect(results.history.length).toBeGreaterThanOrEqual(3);
  });

  it('shows the Resources tab with drawn charts, the summary (≈ the child’s PSS) and the overview chart next to RPS and latency', async () => {
    const { context, attempted } = await offlineContext(browser, {
      width: 1280,
      height: 800,
      colorScheme: 'light',
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(pathToFileURL(withPath).href);

      // Charts tab: the compact resource chart beside RPS and latency
      await page.click('[data-testid="tab-charts"]');
      for (const id of ['chart-rps', 'chart-latency']) await expectChartDrawn(page, id, { minPainted: 0 });
      expect(await expectChartDrawn(page, 'chart-resources-overview', { minPainted: 0 })).toEqual([
        'CPU %',
        'Memory MiB',
      ]);
      const order = await page
        .locator('.charts figure.chart')
        .evaluateAll((figures) => figures.map((f) => f.getAttribute('data-testid')));
      expect(order).toEqual(['chart-rps', 'chart-latency', 'chart-resources-overview', 'chart-users']);

      // Resources tab
      await page.click('[data-testid="tab-resources"]');
      expect(await page.locator('[data-testid="tab-resources"]').getAttribute('aria-selected')).toBe('true');
      expect(await expectChartDrawn(page, 'chart-resources-cpu', { minPainted: 0 })).toEqual([spec()]);
      expect(await expectChartDrawn(page, 'chart-resources-memory', { minPainted: 0 })).toEqual([
        `${spec()} PSS`,
      ]);
      expect(await expectChartDrawn(page, 'chart-resources-connections', { minPainted: 0 })).toEqual([
        spec(),
      ]);
      // no --redis / --postgres: no charts for them
      expect(await page.locator('[data-testid="chart-resources-redis"]').count()).toBe(0);
      expect(await page.locator('[data-testid="chart-resources-postgres"]').count()).toBe(0);

      // summary: one table for the spec; memory ≈ the child's own PSS read from /proc after the run
      const summary = page.locator(`[data-testid="resources-summary"][data-series="${spec()}"]`);
      expect(await summary.count()).toBe(1);
      const pssRow = summary.locator('tr', { has: page.locator('[data-metric="pssBytes"]') });
      const cells = await pssRow.locator('td').allTextContents();
      expect(cells[0]).toBe('Memory PSS');
      for (const cell of cells.slice(1)) expect(cell).toMatch(/^\d+\.\d MiB$/);
      const last = Number(await pssRow.locator('[data-stat="last"]').getAttribute('data-value'));
      expect(last).toBe(results.resources!.processes[0]!.summary.pssBytes!.last);
      expect(Math.abs(last - childPss) / childPss).toBeLessThan(0.1);
      expect(Number.parseFloat(cells[4]!)).toBeCloseTo(last / MIB, 1);
      expect(Number.parseFloat(cells[4]!)).toBeGreaterThan(100);
      const connectionsMax = await summary
        .locator('tr', { has: page.locator('[data-metric="connections"]') })
        .locator('[data-stat="max"]')
        .textContent();
      expect(connectionsMax).toBe('2');
      const cpuMean = Number(
        await summary
          .locator('tr', { has: page.locator('[data-metric="cpuCorePercent"]') })
          .locator('[data-stat="mean"]')
          .getAttribute('data-value'),
      );
      expect(cpuMean).toBeGreaterThan(5); // the child burns ~25 % of a core

      // notes, when the samplers left any
      const notes = results.resources!.notes;
      expect(await page.locator('[data-testid="resources-notes"] li').count()).toBe(notes.length);

      await page.screenshot({ path: join(ARTIFACTS_DIR, 'resources-1280-light.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(attempted).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('has no Resources tab and no overview chart for a results document without resources', async () => {
    const { context, attempted } = await offlineContext(browser, {
      width: 1280,
      height: 800,
      colorScheme: 'light',
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(pathToFileURL(withoutPath).href);
      await page.waitForSelector('[data-testid="tab-charts"]');
      expect(await page.locator('[data-testid="tab-resources"]').count()).toBe(0);
      await page.click('[data-testid="tab-charts"]');
      await expectChartDrawn(page, 'chart-rps', { minPainted: 0 });
      expect(await page.locator('[data-testid="chart-resources-overview"]').count()).toBe(0);
      expect(errors).toEqual([]);
      expect(attempted).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
