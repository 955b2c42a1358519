import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { csvLine, STATS_HEADER } from '../../src/output/csv.ts';
import type { LiveState } from '../../src/report/dashboard-data.ts';
import { ARTIFACTS_DIR, chartPaint, launchChromium } from '../support/browser.ts';
import { type DelayServer, startDelayServer } from '../support/delay-server.ts';

const SCENARIO = fileURLToPath(new URL('../fixtures/scenarios/live.scenario.ts', import.meta.url));

/** `perflab run SCENARIO --ui --ui-port 0` through the real CLI entry, stopped by a simulated Ctrl-C. */
async function startLiveUi(): Promise<{ url: string; quit: () => Promise<number>; output: string[] }> {
  const output: string[] = [];
  const interrupt = new AbortController();
  let announced: (url: string) => void;
  const ready = new Promise<string>((resolve) => (announced = resolve));
  const io: CliIo = {
    write: (text) => {
      output.push(text);
      const match = /live UI: (http:\/\/\S+)/.exec(text);
      if (match) announced(match[1]!);
    },
    writeError: (text) => output.push(text),
    isTTY: false,
    env: {},
    onInterrupt: () => ({ signal: interrupt.signal, dispose: () => {} }),
  };
  const exited = main(['node', 'perflab', 'run', SCENARIO, '--ui', '--ui-port', '0'], io);
  const url = await Promise.race([
    ready,
    exited.then((code) => {
      throw new Error(`perflab exited (${code}) before serving: ${output.join('')}`);
    }),
  ]);
  return {
    url,
    output,
    quit: async () => {
      interrupt.abort();
      return exited;
    },
  };
}

async function state(url: string): Promise<LiveState> {
  return (await (await fetch(`${url}/api/state`)).json()) as LiveState;
}

/** Polls `probe` every 100 ms until it returns true (or fails after `timeoutMs`). */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('live UI (perflab run --ui) in Chromium', () => {
  let browser: Browser;
  let target: DelayServer;
  let ui: Awaited<ReturnType<typeof startLiveUi>>;

  beforeAll(async () => {
    target = await startDelayServer(5);
    ui = await startLiveUi();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (ui) expect(await ui.quit()).toBe(0);
    await target?.stop();
  });

  it('starts a run from the form, updates table and charts, changes users, stops, downloads the CSV', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    try {
      await page.goto(ui.url);
      await page.getByTestId('start-form').waitFor();
      // Defaults come from the scenario file.
      expect(await page.getByTestId('input-users').inputValue()).toBe('2');
      await page.getByTestId('input-users').fill('3');
      await page.getByTestId('input-spawn-rate').fill('20');
      await page.getByTestId('input-host').fill(target.url);
      await page.getByTestId('input-duration').fill('');
      await page.getByTestId('button-start').click();

      await until('3 users running', async () => (await state(ui.url)).users === 3);
      // The table fills in: both request names, counts growing between pushes.
      const rows = page.getByTestId('stats-table').getByTestId('stats-row');
      await until('two request rows', async () => (await rows.count()) >= 2);
      const text = async () => (await page.getByTestId('stats-table').innerText()).replace(/\s+/g, ' ');
      expect(await text()).toMatch(/\/patients/);
      expect(await text()).toMatch(/\/doctors/);
      const countNow = async () => (await state(ui.url)).results?.aggregated.requests ?? 0;
      const first = await countNow();
      await until('more requests', async () => (await countNow()) > first + 20);
      // The RPS chart (Charts tab) draws a line once two seconds of history exist.
      await page.getByTestId('tab-charts').click();
      await until(
        'the RPS chart to draw its series',
        async () => {
          const paint = await chartPaint(page, 'chart-rps');
          return (
            paint !== null && paint.differsFromBlank && Object.values(paint.seriesPixels).some((n) => n > 20)
          );
        },
        20_000,
      );

      await page.getByTestId('input-change-users').fill('6');
      await page.getByTestId('button-apply-users').click();
      await until('6 users running', async () => (await state(ui.url)).users === 6);
      await until('a history row with 6 users', async () =>
        Boolean((await state(ui.url)).results?.history.some((row) => row.users === 6)),
      );
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'live-running-1280x800.png'), fullPage: true });

      await page.getByTestId('button-stop').click();
      await until('the run to stop', async () => (await state(ui.url)).status === 'stopped');
      await until('the page to show it', async () =>
        /stopped/i.test(await page.getByTestId('status').innerText()),
      );

      const final = await state(ui.url);
      expect(final.results!.failures).toEqual([]);

      await page.getByTestId('tab-downloads').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('download-stats-csv').click(),
      ]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.startsWith(csvLine(STATS_HEADER))).toBe(true);
      const lines = csv.trimEnd().split('\r\n');
      expect(lines.map((l) => l.split(',')[1])).toEqual(['Name', '/doctors', '/patients', 'Aggregated']);
      expect(Number(lines[3]!.split(',')[2])).toBe(final.results!.aggregated.requests);
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'live-stopped-1280x800.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('refuses a start from another site and explains a bad form value', async () => {
    const crossSite = await fetch(`${ui.url}/api/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ host: target.url, users: 1, spawnRate: 1, durationS: 1 }),
    });
    expect(crossSite.status).toBe(403);
    const bad = await fetch(`${ui.url}/api/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ host: 'ftp://x', users: 1, spawnRate: 1, durationS: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'host: not an http(s) URL' });
    expect((await state(ui.url)).status).toBe('stopped');
  });
});
