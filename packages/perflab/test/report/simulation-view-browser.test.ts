import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboardHtml } from '../../src/report/html.ts';
import { buildReportData } from '../../src/report/report-data.ts';
import { parseSimModel } from '../../src/sim/model/load.ts';
import { type SimulationResults, simulateModel } from '../../src/sim/model/simulate.ts';
import { FAILOVER_MODEL } from '../sim/model/failover-model.ts';
import {
  ARTIFACTS_DIR,
  chartPaint,
  expectChartDrawn,
  launchChromium,
  withOfflinePage,
} from '../support/browser.ts';

const FAILOVER_CAUSE = 'orders-db: master unavailable (failover in progress)';

/** The text of every cell of a table, row by row. */
async function tableRows(page: Page, testId: string): Promise<string[][]> {
  return page
    .locator(`[data-testid="${testId}"] tbody tr`)
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

describe('the report’s Simulation tab in chromium (perflab sim of a database failover)', () => {
  let browser: Browser;
  let dir: string;
  let results: SimulationResults;
  let withPath: string;
  let withoutPath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perflab-simulation-view-'));
    const model = parseSimModel(FAILOVER_MODEL, 'failover.sim.yaml');
    results = await simulateModel(model, {
      replications: 2,
      threads: 1,
      startEpochMs: Date.UTC(2026, 10, 21, 4, 0, 0),
    });
    withPath = join(dir, 'with-simulation.html');
    withoutPath = join(dir, 'without-simulation.html');
    await writeFile(
      withPath,
      await renderDashboardHtml({ kind: 'report', report: buildReportData(results) }),
    );
    // the same document as a measured run writes it: no simulation section
    const { simulation: _dropped, ...measured } = results;
    await writeFile(
      withoutPath,
      await renderDashboardHtml({ kind: 'report', report: buildReportData(measured) }),
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('simulates the failover: events, broker queue, failures by cause', () => {
    const sim = results.simulation;
    expect(sim.replications).toBe(2);
    expect(sim.events.map((e) => [e.timeS, e.component, e.event])).toEqual([
      [100, 'orders-db', 'failed'],
      [110, 'orders-db', 'promoted to master'],
      [160, 'orders-db', 'rejoined as replica'],
    ]);
    expect(sim.outcomes.byCause[FAILOVER_CAUSE]).toBeGreaterThan(0);
    expect(Object.keys(sim.series.brokerQueueLength)).toEqual(['mq/events']);
    expect(sim.series.utilisation['orders-db']).toHaveLength(200);
    expect(results.history).toHaveLength(200);
  });

  it('shows the Simulation tab: summary, estimates, outcome share, components, charts, broker and events (1280 and 375 px, light and dark)', async () => {
    const sim = results.simulation;
    const views = [
      { width: 1280, colorScheme: 'light' },
      { width: 1280, colorScheme: 'dark' },
      { width: 375, colorScheme: 'light' },
      { width: 375, colorScheme: 'dark' },
    ] as const;
    for (const { width, colorScheme } of views) {
      await withOfflinePage(browser, { width, height: 800, colorScheme }, withPath, async (page) => {
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
        await page.click('[data-testid="tab-simulation"]');
        expect(await page.locator('[data-testid="tab-simulation"]').getAttribute('aria-selected')).toBe(
          'true',
        );
        await page.waitForSelector('[data-testid="simulation-view"]');

        // run summary
        const summary = await page.locator('[data-testid="sim-summary"]').textContent();
        expect(summary).toContain('failover-demo');
        expect(summary).toContain('failover.sim.yaml');
        expect(await page.locator('[data-testid="sim-replications"]').textContent()).toBe('2');
        expect(await page.locator('[data-testid="sim-requests"]').textContent()).toBe(
          sim.simulatedRequests.toLocaleString('en-US'),
        );
        expect(await page.locator('[data-testid="sim-precision"]').count()).toBe(0); // no precision target

        // estimates: the main metrics, per-component ones left to the components table
        const intervals = await tableRows(page, 'sim-intervals');
        const metrics = intervals.map((r) => r[0]);
        expect(metrics).toContain('requests/s');
        expect(metrics).toContain('error rate');
        expect(metrics).toContain('delivery latency ms mq/events');
        expect(metrics.some((m) => m!.startsWith('utilisation ') || m!.startsWith('availability '))).toBe(
          false,
        );
        const rps = sim.intervals.find((i) => i.metric === 'requests/s')!;
        const rpsRow = intervals.find((r) => r[0] === 'requests/s')!;
        expect(Number.parseFloat(rpsRow[1]!)).toBeCloseTo(rps.mean, 1);
        expect(rpsRow[2]).toMatch(/^±\d/);
        expect(rpsRow[3]).toMatch(/^±\d/);

        // outcome share: successes and the failover's failures, with percentages
        const outcomes = await tableRows(page, 'sim-outcomes');
        const total = sim.outcomes.success + sim.outcomes.failure;
        expect(outcomes.map((r) => r.slice(0, 3))).toEqual([
          [
            'Successes',
            sim.outcomes.success.toLocaleString('en-US'),
            `${((sim.outcomes.success / total) * 100).toFixed(2)}%`,
          ],
          [
            FAILOVER_CAUSE,
            sim.outcomes.byCause[FAILOVER_CAUSE]!.toLocaleString('en-US'),
            `${((sim.outcomes.byCause[FAILOVER_CAUSE]! / total) * 100).toFixed(2)}%`,
          ],
        ]);
        expect(await page.locator('[data-testid="sim-auth"]').textContent()).toContain(
          'No authentication in the model',
        );

        // components: utilisation and availability with their cross-replication intervals
        const components = await tableRows(page, 'sim-components');
        expect(components.map((r) => [r[0], r[1]])).toEqual([
          ['orders', 'service'],
          ['orders-db', `database (master ${String(sim.components[1]!.extra!.master)})`],
          ['mq', 'broker'],
        ]);
        const db = components[1]!;
        expect(db[4]).toMatch(/^95\.0% \(95\.0% ±0\.0%\)$/);
        expect(db[5]).toContain(`/ ${sim.outcomes.byCause[FAILOVER_CAUSE]!.toLocaleString('en-US')}`);

        // charts over simulated time
        expect(await expectChartDrawn(page, 'chart-sim-utilisation', { minPainted: 0 })).toEqual([
          'orders',
          'orders-db',
          'mq',
        ]);
        await page.waitForSelector('[data-testid="chart-sim-queues"] .plot[data-drawn]');
        // availability dips for orders-db from 100 s to 110 s; its failures are drawn there
        // orders-db's line (the others lie on top of each other at 100 % and at 0)
        for (const id of ['chart-sim-availability', 'chart-sim-failures']) {
          await page.waitForSelector(`[data-testid="${id}"] .plot[data-drawn]`);
          const paint = await chartPaint(page, id);
          expect(paint!.seriesPixels['orders-db'], id).toBeGreaterThan(20);
        }
        expect(
          await expectChartDrawn(page, 'chart-sim-broker', { series: ['mq/events'], minPainted: 0 }),
        ).toEqual(['mq/events']);

        // broker queue table
        const broker = await tableRows(page, 'sim-broker');
        const queue = (sim.components[2]!.extra!.queues as Array<{ sent: number; delivered: number }>)[0]!;
        expect(broker).toHaveLength(1);
        expect(broker[0]![0]).toBe('mq/events');
        expect(broker[0]![1]).toBe(queue.sent.toLocaleString('en-US'));
        expect(broker[0]![2]).toBe(queue.delivered.toLocaleString('en-US'));
        expect(broker[0]![6]).toMatch(/ ms$/);

        // the failover log
        expect(await tableRows(page, 'sim-events')).toEqual([
          ['100', 'orders-db', 'orders-db-0', 'failed'],
          ['110', 'orders-db', 'orders-db-1', 'promoted to master'],
          ['160', 'orders-db', 'orders-db-0', 'rejoined as replica'],
        ]);

        // nothing overflows the viewport sideways except inside scrolling tables
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: join(ARTIFACTS_DIR, `simulation-${width}-${colorScheme}.png`),
          fullPage: true,
        });
      });
    }
  }, 120_000);

  it('has no Simulation tab for a measured run’s document', async () => {
    await withOfflinePage(
      browser,
      { width: 1280, height: 800, colorScheme: 'light' },
      withoutPath,
      async (page) => {
        await page.waitForSelector('[data-testid="tab-charts"]');
        expect(await page.locator('[data-testid="tab-simulation"]').count()).toBe(0);
        expect(await page.locator('[data-testid="simulation-view"]').count()).toBe(0);
      },
    );
  });
});
