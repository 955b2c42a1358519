/**
 * Themes and layout in Chromium: the choice persists across a reload (per
 * user), the pink theme's mascot can be dragged (and moved with the keyboard)
 * and its petals fall unless reduced motion is asked for, the field is usable
 * at 375 px, the card dialog works from the keyboard, and the projector view
 * shows the live board.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../packages/perflab/test/support/browser.ts';
import { cardBody, competitionBody, PARTICIPANTS_CSV } from './fixtures.ts';
import {
  ADMIN,
  apiLogin,
  assertWebBuilt,
  call,
  signIn,
  startArenaProcess,
  trackedPage,
  type ArenaProcess,
} from './support.ts';

let arena: ArenaProcess;
let browser: Browser;
let competitionId: number;

beforeAll(async () => {
  assertWebBuilt();
  [arena, browser] = await Promise.all([startArenaProcess(), launchChromium()]);
  const token = await apiLogin(arena.url, ADMIN.login, ADMIN.password);
  competitionId = (
    await call<{ id: number }>(arena.url, 'POST', '/api/admin/competitions', token, competitionBody('Themes'))
  ).id;
  for (const topic of ['algebra', 'geometry', 'logic']) {
    for (const level of [1, 2, 3]) {
      await call(
        arena.url,
        'POST',
        `/api/admin/competitions/${competitionId}/cards`,
        token,
        cardBody(topic, level),
      );
    }
  }
  await call(
    arena.url,
    'POST',
    `/api/admin/competitions/${competitionId}/participants/bulk`,
    token,
    PARTICIPANTS_CSV,
  );
});

afterAll(async () => {
  await browser?.close();
  await arena?.stop();
});

describe('themes and layout', () => {
  it('remembers the theme across a reload; pink shows a draggable mascot and falling petals', async () => {
    const { page, context, errors } = await trackedPage(browser);
    try {
      await signIn(page, arena.url, 'alice', 'alice-password');
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      await page.getByLabel('Theme').selectOption('dark');
      await page.reload();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(17, 19, 26)');

      await page.getByLabel('Theme').selectOption('pink');
      const mascot = page.getByTestId('mascot');
      await mascot.waitFor();
      expect(await page.getByTestId('petals').locator('.petal').count()).toBeGreaterThan(5);
      const before = (await mascot.boundingBox())!;
      await page.mouse.move(before.x + 40, before.y + 40);
      await page.mouse.down();
      await page.mouse.move(before.x - 260, before.y - 300, { steps: 8 });
      await page.mouse.up();
      const after = (await mascot.boundingBox())!;
      expect(before.x - after.x).toBeGreaterThan(250);
      expect(before.y - after.y).toBeGreaterThan(290);
      await mascot.focus();
      await page.keyboard.press('ArrowRight');
      expect((await mascot.boundingBox())!.x - after.x).toBe(16);

      await page.reload();
      await page.getByTestId('mascot').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('pink');
      expect(Math.round((await page.getByTestId('mascot').boundingBox())!.x)).toBe(Math.round(after.x + 16));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('hides the petals when reduced motion is asked for', async () => {
    const { page, context, errors } = await trackedPage(browser, { reducedMotion: 'reduce' });
    try {
      await signIn(page, arena.url, 'bob', 'bob-password');
      await page.getByLabel('Theme').selectOption('pink');
      await page.getByTestId('mascot').waitFor();
      expect(await page.getByTestId('petals').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is usable at 375 px and from the keyboard; the projector view shows the live board', async () => {
    const { page, context, errors } = await trackedPage(browser, { width: 375, height: 740 });
    try {
      await signIn(page, arena.url, 'carol', 'carol-password');
      await page.getByTestId('field-grid').waitFor();
      // The page itself never scrolls sideways (the grid scrolls inside its own box).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expect.poll(() => page.getByTestId('balance').isVisible()).toBe(true);

      const first = page.getByRole('button', { name: /^Algebra 1 \(/ });
      await first.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'Algebra 1' }).waitFor();
      const box = (await dialog.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(375);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.querySelector('.title')?.textContent)).toBe(
        'Algebra 1',
      );

      await page.goto(`${arena.url}/projector/${competitionId}`);
      await page
        .getByTestId('projector')
        .getByTestId('scoreboard')
        .getByRole('row', { name: /Red/ })
        .waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
