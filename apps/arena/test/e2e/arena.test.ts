/**
 * The arena end to end, in real Chromium against a real arena process (PGlite),
 * through the web app only: an admin creates a competition, a 3×3 field (one
 * card dragged into place) and two teams, and imports participants from CSV
 * (credentials downloaded once); two participants buy and solve cards (one
 * wrong answer first); a third browser's scoreboard follows within 1 s without
 * a reload; the admin voids a submission and every scoreboard follows; an
 * announcement arrives live; results are exported; the theme persists across
 * a reload. Then every main page is screenshotted in each theme into
 * apps/arena/test-artifacts/ and checked with axe-core (no serious or
 * critical violations). No page logs a console error during the run.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../../packages/perflab/test/support/browser.ts';
import { answerOf, cardTitle, LEVELS, priceOf, TOPICS } from './fixtures.ts';
import {
  ADMIN,
  artifactsDir,
  assertWebBuilt,
  seriousViolations,
  signIn,
  startArenaProcess,
  trackedPage,
  type ArenaProcess,
  type TrackedPage,
} from './support.ts';

let arena: ArenaProcess;
let browser: Browser;
const opened: TrackedPage[] = [];

beforeAll(async () => {
  assertWebBuilt();
  [arena, browser] = await Promise.all([startArenaProcess(), launchChromium()]);
});

afterAll(async () => {
  for (const tracked of opened) await tracked.context.close();
  await browser?.close();
  await arena?.stop();
});

/** A page in its own context; axe needs its script injected, hence bypassCSP (the other e2e tests keep the CSP on). */
async function newPage(): Promise<TrackedPage> {
  const tracked = await trackedPage(browser, { bypassCSP: true });
  opened.push(tracked);
  return tracked;
}

const dialog = (page: Page) => page.getByRole('dialog');
const boardScore = (page: Page, name: string) =>
  page
    .getByTestId('scoreboard')
    .getByRole('row', { name: new RegExp(name) })
    .getByTestId('score');

/** Resolves when the first `[data-testid=scoreboard]` row named `name` shows `score`; the time it took, ms. */
async function scoreShown(page: Page, name: string, score: number, since: number): Promise<number> {
  await page.waitForFunction(
    ([team, value]) =>
      [...document.querySelectorAll('[data-testid="scoreboard"] tbody tr')].some(
        (row) =>
          row.querySelector('th')?.textContent === team &&
          row.querySelector('[data-testid="score"]')?.textContent === value,
      ),
    [name, String(score)] as const,
    { polling: 'raf', timeout: 5000 },
  );
  return Date.now() - since;
}

async function answer(page: Page, text: string): Promise<void> {
  await dialog(page).getByLabel('Your answer').fill(text);
  const response = page.waitForResponse(
    (r) => r.url().includes('/submissions') && r.request().method() === 'POST',
  );
  await dialog(page).getByRole('button', { name: 'Submit answer' }).click();
  await response;
}

let competitionId = 0;
let credentials = new Map<string, string>();
let admin: TrackedPage;
let alice: TrackedPage;
let bob: TrackedPage;
let carol: TrackedPage;

describe('arena end to end', () => {
  it('admin: creates a competition, a 3×3 field (dragging a card into place), two teams, and imports participants', async () => {
    admin = await newPage();
    const page = admin.page;
    await signIn(page, arena.url, ADMIN.login, ADMIN.password);
    await page.getByRole('heading', { name: 'Competitions', exact: true }).waitFor();

    const form = page.getByRole('form', { name: 'New competition' });
    await form.getByLabel('Title').fill('Spring Cup');
    await form.getByLabel('Description').fill('The end-to-end cup');
    await form.getByLabel('Mode').selectOption('team');
    await form.getByLabel('Initial balance').fill('300');
    await form.getByLabel('Reward multipliers by attempt').fill('2, 1.5, 1');
    await form.getByLabel('Max attempts').fill('5');
    await form.getByLabel('Wrong-answer penalty').fill('10');
    const preview = form.getByTestId('reward-preview');
    expect(await preview.locator('tbody tr').count()).toBe(5);
    expect(await preview.locator('tbody tr').first().textContent()).toBe('1×2200100');
    expect(await preview.locator('tbody tr').nth(1).textContent()).toBe('2×1.515040');
    await form.getByRole('button', { name: 'Create competition' }).click();
    await page.waitForURL(/\/admin\/\d+\/field$/);
    competitionId = Number(/\/admin\/(\d+)\/field/.exec(page.url())![1]);

    // Rows, then 4 columns: the last card goes to level 4 first and is dragged to level 3.
    for (const topic of TOPICS) {
      await page.getByLabel('New topic (row)').fill(topic);
      await page.getByRole('button', { name: 'Add row' }).click();
    }
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Add level column' }).click();
    for (const topic of TOPICS) {
      for (const level of LEVELS) {
        const cell = topic === 'logic' && level === 3 ? 4 : level;
        await page.getByRole('button', { name: `Add a card at ${topic}, level ${cell}` }).click();
        const editor = dialog(page);
        await editor.getByLabel('Title').fill(cardTitle(topic, level));
        await editor.getByLabel('Price').fill(String(priceOf(level)));
        await editor
          .getByLabel('Statement')
          .fill(
            `Find $x$ with $x^2 = ${level * level}$.\n\nAnswer with the word **${answerOf(topic, level)}**.`,
          );
        await editor.getByLabel('Answer 1', { exact: true }).fill(answerOf(topic, level));
        await editor.getByRole('button', { name: 'Add card' }).click();
        await page.getByRole('button', { name: new RegExp(`^Edit ${cardTitle(topic, level)} `) }).waitFor();
      }
    }
    const moving = page.getByRole('button', { name: /^Edit Logic 3 \(logic, level 4/ });
    await moving.dragTo(page.locator('[data-cell="logic/3"]'));
    await page.getByRole('button', { name: /^Edit Logic 3 \(logic, level 3/ }).waitFor();

    // Edit a card: a new price.
    await page.getByRole('button', { name: /^Edit Algebra 1 / }).click();
    await dialog(page).getByLabel('Price').fill('60');
    await dialog(page).getByRole('button', { name: 'Save card' }).click();
    await page.getByRole('button', { name: /^Edit Algebra 1 \(algebra, level 1, 60 points\)/ }).waitFor();
    await page.getByRole('button', { name: /^Edit Algebra 1 / }).click();
    await dialog(page).getByLabel('Price').fill('50');
    await dialog(page).getByRole('button', { name: 'Save card' }).click();
    await page.getByRole('button', { name: /^Edit Algebra 1 \(algebra, level 1, 50 points\)/ }).waitFor();

    // Teams, then participants from CSV with generated passwords, downloaded once.
    await page.getByRole('link', { name: 'Teams & people' }).click();
    for (const team of ['Red', 'Blue']) {
      await page.getByLabel('Team name').fill(team);
      await page.getByRole('button', { name: 'Add team' }).click();
      await page.getByTestId('teams').getByText(team, { exact: true }).waitFor();
    }
    await page
      .getByLabel('CSV', { exact: true })
      .fill('login,displayName,team\nalice,Alice,Red\nbob,Bob,Blue\ncarol,Carol,Red\n');
    await page.getByRole('button', { name: 'Import participants' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download credentials (CSV)' }).click();
    const file = await (await downloading).path();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('login,password,displayName,team');
    credentials = new Map(
      lines
        .slice(1)
        .map((line) => line.split(',') as [string, string])
        .map(([l, p]) => [l, p]),
    );
    expect([...credentials.keys()]).toEqual(['alice', 'bob', 'carol']);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByRole('button', { name: 'Download credentials (CSV)' }).count()).toBe(0);
    expect(await page.getByTestId('participants').locator('tbody tr').count()).toBe(3);
    expect(admin.errors).toEqual([]);
  });

  it('participants: two buy and solve (one wrong answer first); a third browser’s scoreboard follows within 1 s', async () => {
    [alice, bob, carol] = await Promise.all([newPage(), newPage(), newPage()]);
    await Promise.all(
      [alice, bob, carol].map((p, i) =>
        signIn(
          p.page,
          arena.url,
          ['alice', 'bob', 'carol'][i]!,
          credentials.get(['alice', 'bob', 'carol'][i]!)!,
        ),
      ),
    );
    await carol.page.getByRole('link', { name: 'Scoreboard' }).click();
    await scoreShown(carol.page, 'Red', 300, Date.now());

    const a = alice.page;
    await expect.poll(() => a.locator('[data-state="available"]').count()).toBe(9);
    await a.getByRole('button', { name: /^Algebra 1 \(/ }).click();
    await dialog(a).getByTestId('statement').locator('.katex').first().waitFor();
    await dialog(a).getByRole('button', { name: 'Buy for 50 pts' }).click();
    await dialog(a).getByLabel('Your answer').waitFor();
    expect(await scoreShown(carol.page, 'Red', 250, Date.now())).toBeLessThan(1000);
    await answer(a, 'wrong');
    let since = Date.now();
    expect(await scoreShown(carol.page, 'Red', 240, since), 'wrong answer → board, ms').toBeLessThan(1000);
    await answer(a, answerOf('algebra', 1));
    since = Date.now();
    expect(await scoreShown(carol.page, 'Red', 315, since), 'reward → board, ms').toBeLessThan(1000);
    await dialog(a).getByText('Correct!', { exact: true }).waitFor();
    await dialog(a).getByRole('button', { name: 'Close' }).click();

    const b = bob.page;
    await b.getByRole('button', { name: /^Geometry 2 \(/ }).click();
    await dialog(b).getByRole('button', { name: 'Buy for 100 pts' }).click();
    await answer(b, answerOf('geometry', 2));
    since = Date.now();
    expect(await scoreShown(carol.page, 'Blue', 400, since), 'reward → board, ms').toBeLessThan(1000);
    await dialog(b).getByRole('button', { name: 'Close' }).click();
    expect(
      await carol.page.getByTestId('scoreboard').locator('tbody tr').first().locator('th').textContent(),
    ).toBe('Blue');
    await expect.poll(() => b.getByTestId('balance').textContent()).toMatch(/400 pts/);
    for (const tracked of [admin, alice, bob, carol]) expect(tracked.errors).toEqual([]);
  });

  it('admin: voids a submission and every scoreboard follows; announcements arrive live; results export', async () => {
    const page = admin.page;
    // The admin's live monitor and a projector view (admin session) watch too.
    const projector = await newPage();
    await signIn(projector.page, arena.url, ADMIN.login, ADMIN.password);
    await projector.page.goto(`${arena.url}/projector/${competitionId}`);
    await scoreShown(projector.page, 'Blue', 400, Date.now());
    await alice.page.getByRole('link', { name: 'Scoreboard' }).click();
    await scoreShown(alice.page, 'Blue', 400, Date.now());

    await page.getByRole('link', { name: 'Submissions' }).click();
    await page.getByLabel('Result').selectOption('true');
    const log = page.getByTestId('submissions');
    await expect.poll(() => log.locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Team / participant').selectOption({ label: 'Blue' });
    await expect.poll(() => log.locator('tbody tr').count()).toBe(1);
    const row = log.locator('tbody tr').first();
    expect(await row.textContent()).toContain('geometry-2');
    await row.getByRole('button', { name: /^Void submission/ }).click();
    const since = Date.now();
    await page.getByText(/voided: -200 points to Blue/).waitFor();
    for (const watcher of [carol.page, alice.page, projector.page]) {
      expect(await scoreShown(watcher, 'Blue', 200, since), 'void → board, ms').toBeLessThan(1000);
    }
    await expect.poll(() => bob.page.getByTestId('balance').textContent()).toMatch(/200 pts/);
    expect(await boardScore(carol.page, 'Red').textContent()).toBe('315');

    await page.getByRole('link', { name: 'Monitor' }).click();
    await scoreShown(page, 'Blue', 200, Date.now());
    await page
      .getByTestId('activity')
      .getByText(/answered Geometry 2 — voided/)
      .waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export results (CSV)' }).click();
    const results = await readFile(await (await downloading).path(), 'utf8');
    expect(results.trim().split('\n')).toEqual([
      'rank,name,balance,solved,members',
      '1,Red,315,1,alice carol',
      '2,Blue,200,0,bob',
    ]);

    await page.getByRole('link', { name: 'Announcements' }).click();
    await page.getByLabel('Message').fill('Ten minutes left!');
    await page.getByRole('button', { name: 'Send to everyone' }).click();
    await bob.page.getByTestId('announcement-banner').getByText('Ten minutes left!').waitFor();
    await projector.page.getByText(/Ten minutes left!/).waitFor();
    for (const tracked of [admin, alice, bob, carol, projector]) expect(tracked.errors).toEqual([]);
  });

  it('theme switch persists across a reload', async () => {
    const page = admin.page;
    await page.getByLabel('Theme').selectOption('dark');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    // Per user: Alice's browser keeps her own choice.
    expect(await alice.page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
  });

  it('screenshots every main page in each theme; axe-core finds no serious or critical violations; no console errors', async () => {
    const dir = await artifactsDir();
    const loginPage = await newPage();
    const base = `/admin/${competitionId}`;
    const views: Array<{
      name: string;
      tracked: TrackedPage;
      path: string;
      ready: (page: Page) => Promise<unknown>;
      open?: (page: Page) => Promise<void>;
    }> = [
      {
        name: 'login',
        tracked: loginPage,
        path: '/login',
        ready: (p) => p.getByRole('heading', { name: 'Sign in' }).waitFor(),
      },
      { name: 'field', tracked: alice, path: '/play', ready: (p) => p.getByTestId('field-grid').waitFor() },
      {
        name: 'card-dialog',
        tracked: alice,
        path: '/play',
        ready: (p) => dialog(p).getByTestId('statement').locator('.katex').first().waitFor(),
        open: (p) => p.getByRole('button', { name: /^Algebra 1 \(/ }).click(),
      },
      {
        name: 'scoreboard',
        tracked: alice,
        path: '/scoreboard',
        ready: (p) => p.locator('[data-testid="score-chart"] .plot[data-drawn]').waitFor(),
      },
      {
        name: 'ledger',
        tracked: alice,
        path: '/ledger',
        ready: (p) =>
          p
            .getByTestId('ledger')
            .getByRole('row', { name: /Reward/ })
            .waitFor(),
      },
      {
        name: 'projector',
        tracked: carol,
        path: `/projector/${competitionId}`,
        ready: (p) => p.getByTestId('scoreboard').waitFor(),
      },
      {
        name: 'admin-competitions',
        tracked: admin,
        path: '/admin',
        ready: (p) => p.getByTestId('competitions').waitFor(),
      },
      {
        name: 'admin-settings',
        tracked: admin,
        path: `${base}/settings`,
        ready: (p) => p.getByTestId('reward-preview').waitFor(),
      },
      {
        name: 'admin-field',
        tracked: admin,
        path: `${base}/field`,
        ready: (p) => p.getByRole('button', { name: /^Edit Logic 3/ }).waitFor(),
      },
      {
        name: 'admin-people',
        tracked: admin,
        path: `${base}/people`,
        ready: (p) => p.getByTestId('participants').getByText('carol', { exact: true }).waitFor(),
      },
      {
        name: 'admin-submissions',
        tracked: admin,
        path: `${base}/submissions`,
        ready: (p) => p.getByTestId('submissions').locator('tbody tr').first().waitFor(),
      },
      {
        name: 'admin-monitor',
        tracked: admin,
        path: `${base}/monitor`,
        ready: (p) => p.getByTestId('activity').locator('li').first().waitFor(),
      },
      {
        name: 'admin-announcements',
        tracked: admin,
        path: `${base}/announcements`,
        ready: (p) => p.getByTestId('announcements').locator('li').first().waitFor(),
      },
    ];
    const found: string[] = [];
    for (const theme of ['light', 'dark', 'pink'] as const) {
      for (const view of views) {
        const { page } = view.tracked;
        await page.goto(`${arena.url}${view.path}`);
        await page.getByLabel('Theme').selectOption(theme);
        await view.open?.(page);
        await view.ready(page);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        await page.screenshot({
          path: join(dir, `${view.name}-${theme}.png`),
          fullPage: true,
          animations: 'disabled',
        });
        for (const violation of await seriousViolations(page)) {
          found.push(
            `${view.name} (${theme}): ${violation.id} [${violation.impact}] ${violation.help} — ${violation.targets.slice(0, 3).join(' | ')}`,
          );
        }
      }
    }
    expect(found).toEqual([]);
    for (const tracked of opened) expect(tracked.errors).toEqual([]);
  });
});
