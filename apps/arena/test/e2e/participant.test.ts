/**
 * The participant's web app in real Chromium against a real arena process
 * (PGlite): the field with card states and prices, the card dialog (statement
 * with KaTeX, attempts left, reward for the next attempt), buying and answering
 * (a wrong answer first), the balance in the header, the ledger, the live
 * scoreboard in a third browser (within 1 s, no reload), and the messages for
 * server errors (out of balance, 429 with the wait, window closed).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectChartDrawn, launchChromium } from '../../../../packages/perflab/test/support/browser.ts';
import { answerOf, cardBody, competitionBody, LEVELS, PARTICIPANTS_CSV, TOPICS } from './fixtures.ts';
import {
  ADMIN,
  apiLogin,
  assertWebBuilt,
  call,
  signIn,
  startArenaProcess,
  trackedPage,
  type ArenaProcess,
  type TrackedPage,
} from './support.ts';

let arena: ArenaProcess;
let browser: Browser;
let adminToken: string;
let competitionId: number;
const pages: TrackedPage[] = [];

beforeAll(async () => {
  assertWebBuilt();
  [arena, browser] = await Promise.all([startArenaProcess({ ANSWER_LIMIT_PER_MIN: '3' }), launchChromium()]);
  adminToken = await apiLogin(arena.url, ADMIN.login, ADMIN.password);
  const competition = await call<{ id: number }>(
    arena.url,
    'POST',
    '/api/admin/competitions',
    adminToken,
    competitionBody('Spring Cup'),
  );
  competitionId = competition.id;
  for (const topic of TOPICS) {
    for (const level of LEVELS) {
      await call(
        arena.url,
        'POST',
        `/api/admin/competitions/${competitionId}/cards`,
        adminToken,
        cardBody(topic, level),
      );
    }
  }
  await call(
    arena.url,
    'POST',
    `/api/admin/competitions/${competitionId}/participants/bulk`,
    adminToken,
    PARTICIPANTS_CSV,
  );
});

afterAll(async () => {
  for (const tracked of pages) await tracked.context.close();
  await browser?.close();
  await arena?.stop();
});

async function open(login: string): Promise<TrackedPage> {
  const tracked = await trackedPage(browser);
  pages.push(tracked);
  await signIn(tracked.page, arena.url, login, `${login}-password`);
  return tracked;
}

const card = (page: Page, title: string) => page.getByRole('button', { name: new RegExp(`^${title} \\(`) });
const dialog = (page: Page) => page.getByRole('dialog');

async function answer(page: Page, text: string): Promise<void> {
  await dialog(page).getByLabel('Your answer').fill(text);
  const response = page.waitForResponse(
    (r) => r.url().includes('/submissions') && r.request().method() === 'POST',
  );
  await dialog(page).getByRole('button', { name: 'Submit answer' }).click();
  await response;
}

async function scoreOf(page: Page, name: string): Promise<string> {
  return (
    (await page
      .getByRole('row', { name: new RegExp(name) })
      .getByTestId('score')
      .textContent()) ?? ''
  );
}

let alice: TrackedPage;
let bob: TrackedPage;
let carol: TrackedPage;

describe('participant web app', () => {
  it('two participants buy and solve cards; a third browser sees the scoreboard change within 1 s', async () => {
    [alice, bob, carol] = await Promise.all([open('alice'), open('bob'), open('carol')]);
    await carol.page.getByRole('link', { name: 'Scoreboard' }).click();
    await carol.page.getByTestId('scoreboard').getByRole('row', { name: /Red/ }).waitFor();
    expect(await scoreOf(carol.page, 'Red')).toBe('300');

    const a = alice.page;
    await expect.poll(() => a.locator('[data-state="available"]').count()).toBe(9);
    await expect.poll(() => a.getByTestId('balance').textContent()).toMatch(/300 pts/);
    expect(await card(a, 'Algebra 1').textContent()).toContain('50 pts');

    await card(a, 'Algebra 1').click();
    await dialog(a).getByTestId('statement').locator('.katex').first().waitFor();
    expect(await dialog(a).getByTestId('next-reward').textContent()).toBe('100 pts');
    expect(await dialog(a).getByTestId('attempts-left').textContent()).toBe('5');
    await dialog(a).getByRole('button', { name: 'Buy for 50 pts' }).click();
    await dialog(a).getByLabel('Your answer').waitFor();
    await expect.poll(() => a.getByTestId('balance').textContent()).toMatch(/250 pts/);

    await answer(a, 'not it');
    await dialog(a).getByText('Wrong answer', { exact: true }).waitFor();
    await expect.poll(() => dialog(a).getByTestId('attempts-left').textContent()).toBe('4');
    expect(await dialog(a).getByTestId('next-reward').textContent()).toBe('75 pts');
    await expect.poll(() => a.getByTestId('balance').textContent()).toMatch(/240 pts/);

    // The correct answer: measure how long the third browser takes to show it.
    await answer(a, answerOf('algebra', 1));
    const answeredAt = Date.now();
    await carol.page.waitForFunction(
      () => document.querySelector('[data-testid="scoreboard"] tbody tr')?.textContent?.includes('315'),
      undefined,
      { polling: 'raf', timeout: 5000 },
    );
    const lag = Date.now() - answeredAt;
    expect(lag, 'scoreboard update lag, ms').toBeLessThan(1000);
    await dialog(a).getByText('Correct!', { exact: true }).waitFor();
    await expect.poll(() => a.getByTestId('balance').textContent()).toMatch(/315 pts/);
    await dialog(a).getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => card(a, 'Algebra 1').getAttribute('data-state')).toBe('solved');

    const b = bob.page;
    await card(b, 'Geometry 2').click();
    await dialog(b).getByRole('button', { name: 'Buy for 100 pts' }).click();
    await answer(b, answerOf('geometry', 2));
    const bobAt = Date.now();
    await carol.page.waitForFunction(
      () => document.querySelector('[data-testid="scoreboard"] tbody tr')?.textContent?.includes('Blue'),
      undefined,
      { polling: 'raf', timeout: 5000 },
    );
    expect(Date.now() - bobAt, 'scoreboard update lag, ms').toBeLessThan(1000);
    await dialog(b).getByRole('button', { name: 'Close' }).click();
    expect(await scoreOf(carol.page, 'Blue')).toBe('400');
    expect(
      await carol.page.getByTestId('scoreboard').getByRole('row', { name: /Blue/ }).textContent(),
    ).toMatch(/▲1/);
    const series = await expectChartDrawn(carol.page, 'score-chart', { minPainted: 300 });
    expect(series.sort()).toEqual(['Blue', 'Red']);

    // Carol plays for Red: her header shows the team's balance, her ledger the team's rows.
    await expect.poll(() => carol.page.getByTestId('balance').textContent()).toMatch(/315 pts/);
    await a.getByRole('link', { name: 'My ledger' }).click();
    const ledger = a.getByTestId('ledger');
    await ledger.getByRole('row', { name: /Reward/ }).waitFor();
    const rows = await ledger.locator('tbody tr').allTextContents();
    expect(rows.map((r) => /Starting balance|Bought|Penalty|Reward/.exec(r)?.[0])).toEqual([
      'Reward',
      'Penalty',
      'Bought',
      'Starting balance',
    ]);
    for (const tracked of [alice, bob, carol]) expect(tracked.errors).toEqual([]);
  });

  it('explains server errors: out of balance, too many attempts (with the wait), window closed', async () => {
    const a = alice.page;
    await a.getByRole('link', { name: 'Field' }).click();
    for (const title of ['Logic 3', 'Geometry 3']) {
      await card(a, title).click();
      await dialog(a).getByRole('button', { name: 'Buy for 150 pts' }).click();
      await dialog(a).getByLabel('Your answer').waitFor();
      await dialog(a).getByRole('button', { name: 'Close' }).click();
    }
    await expect.poll(() => a.getByTestId('balance').textContent()).toMatch(/15 pts/);
    await card(a, 'Algebra 3').click();
    await dialog(a).getByRole('button', { name: 'Buy for 150 pts' }).click();
    await dialog(a).getByTestId('notice-error').getByText('Not enough points').waitFor();
    await dialog(a).getByRole('button', { name: 'Close' }).click();

    await card(a, 'Logic 3').click();
    for (let i = 0; i < 3; i++) await answer(a, `wrong ${i}`);
    await answer(a, 'wrong again');
    const alert = dialog(a).getByTestId('notice-error');
    await alert.getByText('Too many attempts').waitFor();
    expect(await alert.textContent()).toMatch(/Wait \d+ s before trying again/);
    await dialog(a).getByRole('button', { name: 'Close' }).click();

    // The window closes while Bob has a card open: the server's refusal is explained.
    const b = bob.page;
    await card(b, 'Logic 1').click();
    await call(arena.url, 'PATCH', `/api/admin/competitions/${competitionId}`, adminToken, {
      startsAt: new Date(Date.now() - 7200_000).toISOString(),
      endsAt: new Date(Date.now() - 1000).toISOString(),
    });
    await dialog(b).getByRole('button', { name: 'Buy for 50 pts' }).click();
    await dialog(b).getByTestId('notice-error').getByText('The competition window is closed').waitFor();
    await dialog(b).getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => card(b, 'Logic 1').getAttribute('data-state')).toBe('closed');

    // Only the browser's own notes of the refused requests (409, 429) reached the console.
    for (const tracked of [alice, bob, carol]) {
      expect(tracked.errors.filter((e) => !/status of (409|429)/.test(e))).toEqual([]);
    }
  });
});
