import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's chromium, driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests leave screenshots and measurements (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** Starts headless chromium (waits up to a minute for it to be installed). The caller closes it. */
export async function launchChromium(): Promise<Browser> {
  for (let waited = 0; !existsSync(CHROMIUM) && waited < 60_000; waited += 1000) await sleep(1000);
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A browser context with the network off: offline, and every request that is
 * not for a `file:` or `data:` URL aborted and recorded in `attempted`.
 */
export async function offlineContext(
  browser: Browser,
  options: { width: number; height: number; colorScheme: 'light' | 'dark' },
): Promise<{ context: BrowserContext; attempted: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    colorScheme: options.colorScheme,
  });
  await context.setOffline(true);
  const attempted: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) {
      await route.continue();
    } else {
      attempted.push(url);
      await route.abort();
    }
  });
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !attempted.includes(url)) attempted.push(url);
  });
  return { context, attempted };
}

/**
 * Opens `file` in a fresh offline context (see {@link offlineContext}), runs
 * `body` on the page, then checks that the page threw no error, logged no
 * console error and tried no network request, and closes the context.
 */
export async function withOfflinePage(
  browser: Browser,
  options: { width: number; height: number; colorScheme: 'light' | 'dark' },
  file: string,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const { context, attempted } = await offlineContext(browser, options);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(file).href);
    await body(page);
    expect(errors).toEqual([]);
    expect(attempted).toEqual([]);
  } finally {
    await context.close();
  }
}

/** What a uPlot chart's canvas shows. */
export interface ChartPaint {
  width: number;
  height: number;
  /** The canvas differs from a blank canvas of its size (toDataURL compared). */
  differsFromBlank: boolean;
  /** Pixels with any opacity. */
  painted: number;
  /** Per legend series (label): pixels within a small distance of its stroke colour. */
  seriesPixels: Record<string, number>;
}

/**
 * Reads the canvas of the chart `[data-testid=<testId>]`: whether anything was
 * drawn, and how many pixels carry each series' colour (taken from uPlot's
 * legend markers), so an axis-only chart does not pass for a drawn one.
 * @returns null when the chart has no canvas
 */
export async function chartPaint(page: Page, testId: string): Promise<ChartPaint | null> {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
    if (!canvas) return null;
    const blank = document.createElement('canvas');
    blank.width = canvas.width;
    blank.height = canvas.height;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    const seriesPixels: Record<string, number> = {};
    const rows = document.querySelectorAll<HTMLElement>(`[data-testid="${id}"] .u-legend .u-series`);
    rows.forEach((row, index) => {
      const marker = row.querySelector<HTMLElement>('.u-marker');
      if (index === 0 || !marker) return; // the x series has no colour
      const match = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(marker).borderColor);
      if (!match) return;
      const [r, g, b] = [Number(match[1]), Number(match[2]), Number(match[3])];
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          data[i + 3]! > 200 &&
          Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 40
        ) {
          count++;
        }
      }
      seriesPixels[row.querySelector('.u-label')?.textContent ?? String(index)] = count;
    });
    return {
      width: canvas.width,
      height: canvas.height,
      differsFromBlank: canvas.toDataURL() !== blank.toDataURL(),
      painted,
      seriesPixels,
    };
  }, testId);
}

/**
 * Asserts the chart `[data-testid=<testId>]` drew its data: once uPlot marked it
 * drawn, its canvas is not blank, has more than `minPainted` painted pixels, and
 * every series' colour covers more than 20 pixels; with `series`, exactly those
 * legend labels. @returns the series labels found
 */
export async function expectChartDrawn(
  page: Page,
  testId: string,
  options: { series?: string[]; minPainted?: number } = {},
): Promise<string[]> {
  await page.waitForSelector(`[data-testid="${testId}"] .plot[data-drawn]`);
  const paint = await chartPaint(page, testId);
  expect(paint, testId).not.toBeNull();
  expect(paint!.differsFromBlank, testId).toBe(true);
  expect(paint!.painted, testId).toBeGreaterThan(options.minPainted ?? 1000);
  const labels = Object.keys(paint!.seriesPixels);
  if (options.series) expect(labels, testId).toEqual(options.series);
  else expect(labels.length, testId).toBeGreaterThan(0);
  for (const [label, pixels] of Object.entries(paint!.seriesPixels)) {
    expect(pixels, `${testId}: pixels of series ${label}`).toBeGreaterThan(20);
  }
  return labels;
}
