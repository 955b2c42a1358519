/**
 * The arena process serves the built web app under `/` next to the API under
 * `/api`: files, the single-page fallback, cache headers, JSON 404s for unknown
 * API paths; and the sign-in page loads in Chromium without errors (the
 * security headers' Content-Security-Policy included).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../packages/perflab/test/support/browser.ts';
import { assertWebBuilt, startArenaProcess, trackedPage, WEB_DIST, type ArenaProcess } from './support.ts';

let arena: ArenaProcess;
let browser: Browser;

beforeAll(async () => {
  assertWebBuilt();
  [arena, browser] = await Promise.all([startArenaProcess(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await arena?.stop();
});

describe('web app serving', () => {
  it('serves index.html at / and for the app routes, assets with long caching, API 404s as JSON', async () => {
    const root = await fetch(`${arena.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    expect(root.headers.get('cache-control')).toBe('no-cache');
    const html = await root.text();
    expect(html).toContain('<div id="root"></div>');

    const deep = await fetch(`${arena.url}/admin/7/field`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);

    const script = readdirSync(join(WEB_DIST, 'assets')).find((name) => name.endsWith('.js'))!;
    const asset = await fetch(`${arena.url}/assets/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);

    const missingApi = await fetch(`${arena.url}/api/nothing-here`);
    expect(missingApi.status).toBe(404);
    expect(await missingApi.json()).toMatchObject({ error: 'ARENA_ERR_NOT_FOUND' });

    const traversal = await fetch(`${arena.url}/..%2f..%2fpackage.json`);
    expect(await traversal.text()).toBe(html);

    const health = await fetch(`${arena.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('loads the sign-in page in Chromium with no page or console errors', async () => {
    const { page, context, errors } = await trackedPage(browser);
    try {
      await page.goto(`${arena.url}/`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(page.url()).toBe(`${arena.url}/login`);
      await page.getByLabel('Login').fill('nobody');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Wrong login or password').first().waitFor();
      // The 401 of the failed login is the one expected console message (Chromium logs failed requests).
      expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
