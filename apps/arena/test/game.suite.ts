/**
 * The game rules and the ledger's guarantees, run against one database backend
 * (PGlite in-process, or a real PostgreSQL server): see game.pglite.test.ts and
 * game.postgres.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrations.ts';
import type { SqlClient } from '../src/db/sql-client.ts';
import { isArenaError, type ArenaErrorCode } from '../src/errors.ts';
import { createCard } from '../src/store/cards.ts';
import { buyCard, regradeSubmission, submitAnswer, voidSubmission } from '../src/store/game.ts';
import { accountLedger } from '../src/store/ledger.ts';
import { updateCard } from '../src/store/cards.ts';
import { card, teamGame } from './helpers/fixtures.ts';

/** Count fulfilled results and rejections by ArenaError code. */
function tally(results: PromiseSettledResult<unknown>[]): { ok: number; codes: Record<string, number> } {
  let ok = 0;
  const codes: Record<string, number> = {};
  for (const result of results) {
    if (result.status === 'fulfilled') ok++;
    else {
      const code = isArenaError(result.reason) ? result.reason.code : `unexpected: ${String(result.reason)}`;
      codes[code] = (codes[code] ?? 0) + 1;
    }
  }
  return { ok, codes };
}

async function expectCode(promise: Promise<unknown>, code: ArenaErrorCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((error) => isArenaError(error, code));
}

/** The account's balance, checked against the sum of its ledger rows. */
async function balanceOf(db: SqlClient, accountId: number): Promise<number> {
  const [row] = await db.query<{ balance: number; sum: number; last: number; max: number }>(
    `SELECT a.balance, a.last_entry_id AS last,
            (SELECT COALESCE(SUM(amount), 0)::bigint FROM ledger WHERE account_id = a.id) AS sum,
            (SELECT COALESCE(MAX(id), 0)::bigint FROM ledger WHERE account_id = a.id) AS max
     FROM account a WHERE a.id = $1`,
    [accountId],
  );
  expect(row?.balance).toBe(row?.sum);
  expect(row?.last).toBe(row?.max);
  return Number(row?.balance);
}

/** Register the shared game suite on a database opened by `open` (closed by `close`). */
export function gameSuite(open: () => Promise<{ db: SqlClient; close: () => Promise<void> }>): void {
  let db: SqlClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await open());
  });
  afterAll(async () => {
    await close?.();
  });

  describe('migrations', () => {
    it('are recorded and a second run applies nothing', async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ version: number }>('SELECT version FROM arena_migrations');
      expect(rows.map((r) => r.version)).toEqual([1]);
    });

    it('keep the ledger append-only: UPDATE and DELETE are refused', async () => {
      const game = await teamGame(db);
      await expect(db.query('UPDATE ledger SET amount = amount + 1')).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM ledger')).rejects.toThrow(/append-only/);
      expect(await balanceOf(db, game.team.accountId)).toBe(1000);
    });
  });

  describe('buy', () => {
    it('100 concurrent buys of one card by one team → exactly one debit', async () => {
      const game = await teamGame(db, { members: 4, price: 300 });
      const cardId = game.cards[0]!.id;
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          buyCard(db, game.competition.id, game.members[i % 4]!.id, cardId),
        ),
      );
      expect(tally(results)).toEqual({ ok: 1, codes: { ARENA_ERR_ALREADY_BOUGHT: 99 } });
      const debits = await db.query('SELECT * FROM ledger WHERE account_id = $1 AND reason = $2', [
        game.team.accountId,
        'purchase',
      ]);
      expect(debits).toHaveLength(1);
      expect(await balanceOf(db, game.team.accountId)).toBe(700);
    });

    it('concurrent buys of different cards never take the balance below zero', async () => {
      const game = await teamGame(db, { members: 3, cards: 30, price: 70 });
      const results = await Promise.allSettled(
        game.cards.map((c, i) => buyCard(db, game.competition.id, game.members[i % 3]!.id, c.id)),
      );
      // 1000 / 70 = 14 purchases fit (980), the rest are refused.
      expect(tally(results)).toEqual({ ok: 14, codes: { ARENA_ERR_INSUFFICIENT_BALANCE: 16 } });
      expect(await balanceOf(db, game.team.accountId)).toBe(20);
      const entries = await accountLedger(db, game.competition.id, game.team.accountId);
      expect(entries.every((e) => e.balanceAfter >= 0)).toBe(true);
      expect(entries.filter((e) => e.reason === 'purchase')).toHaveLength(14);
    });

    it('is refused outside the competition window and for cards of another competition', async () => {
      const early = await teamGame(db, {
        competition: {
          startsAt: new Date(Date.now() + 3600_000).toISOString(),
          endsAt: new Date(Date.now() + 7200_000).toISOString(),
        },
      });
      await expectCode(
        buyCard(db, early.competition.id, early.members[0]!.id, early.cards[0]!.id),
        'ARENA_ERR_NOT_RUNNING',
      );
      const other = await teamGame(db);
      await expectCode(
        buyCard(db, other.competition.id, other.members[0]!.id, early.cards[0]!.id),
        'ARENA_ERR_NOT_FOUND',
      );
      expect(await balanceOf(db, early.team.accountId)).toBe(1000);
    });
  });

  describe('submit', () => {
    it('100 concurrent correct submissions → exactly one reward', async () => {
      const game = await teamGame(db, { members: 5, price: 100 });
      const { competition, members, team } = game;
      const cardId = game.cards[0]!.id;
      await buyCard(db, competition.id, members[0]!.id, cardId);
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          submitAnswer(db, competition.id, members[i % 5]!.id, cardId, '42'),
        ),
      );
      expect(tally(results)).toEqual({ ok: 1, codes: { ARENA_ERR_CARD_CLOSED: 99 } });
      const rewards = await db.query<{ amount: number }>(
        'SELECT amount FROM ledger WHERE account_id = $1 AND reason = $2',
        [team.accountId, 'reward'],
      );
      expect(rewards.map((r) => Number(r.amount))).toEqual([200]);
      expect(await balanceOf(db, team.accountId)).toBe(1000 - 100 + 200);
    });

    it('pays price × the multiplier of the attempt that succeeded, takes penalties, closes after max attempts', async () => {
      const game = await teamGame(db, {
        cards: 0,
        competition: { rules: { multipliers: [2, 1.5, 1.2], maxAttempts: 4, penalty: 15, freezeAt: null } },
      });
      const { competition, team } = game;
      const user = game.members[0]!.id;
      const first = await createCard(db, competition.id, card('geometry', 1, 100));
      const third = await createCard(db, competition.id, card('geometry', 2, 100));
      const fourth = await createCard(db, competition.id, card('geometry', 3, 100));
      const own = await createCard(db, competition.id, card('geometry', 4, 100, { multipliers: [3, 1] }));
      const never = await createCard(db, competition.id, card('geometry', 5, 100));
      for (const c of [first, third, fourth, own, never]) await buyCard(db, competition.id, user, c.id);
      let balance = 1000 - 500;

      const a = await submitAnswer(db, competition.id, user, first.id, ' 42 ');
      expect(a).toMatchObject({ correct: true, attempt: 1, amount: 200, status: 'solved', attemptsLeft: 0 });
      balance += 200;

      for (const attempt of [1, 2]) {
        const wrong = await submitAnswer(db, competition.id, user, third.id, '41');
        expect(wrong).toMatchObject({ correct: false, attempt, amount: -15, status: 'open' });
        expect(wrong.attemptsLeft).toBe(4 - attempt);
        balance -= 15;
      }
      const c = await submitAnswer(db, competition.id, user, third.id, '42');
      expect(c).toMatchObject({ correct: true, attempt: 3, amount: 120 });
      balance += 120;

      for (let i = 0; i < 3; i++) await submitAnswer(db, competition.id, user, fourth.id, 'nope');
      const d = await submitAnswer(db, competition.id, user, fourth.id, '42');
      // Attempts past the list use its last multiplier (1.2).
      expect(d).toMatchObject({ correct: true, attempt: 4, amount: 120 });
      balance += 120 - 45;

      const e = await submitAnswer(db, competition.id, user, own.id, '42');
      expect(e).toMatchObject({ correct: true, attempt: 1, amount: 300 });
      balance += 300;

      for (let i = 0; i < 4; i++) await submitAnswer(db, competition.id, user, never.id, 'x');
      balance -= 60;
      await expectCode(submitAnswer(db, competition.id, user, never.id, '42'), 'ARENA_ERR_CARD_CLOSED');
      await expectCode(submitAnswer(db, competition.id, user, first.id, '42'), 'ARENA_ERR_CARD_CLOSED');

      expect(await balanceOf(db, team.accountId)).toBe(balance);
      expect(e.balance).toBe(balance + 60);
    });

    it('answering a card that was not bought is refused', async () => {
      const game = await teamGame(db);
      await expectCode(
        submitAnswer(db, game.competition.id, game.members[0]!.id, game.cards[0]!.id, '42'),
        'ARENA_ERR_NOT_BOUGHT',
      );
    });

    it('a penalty never takes the balance below zero', async () => {
      const game = await teamGame(db, {
        price: 990,
        competition: { rules: { multipliers: [1], maxAttempts: 3, penalty: 25, freezeAt: null } },
      });
      const { competition, team } = game;
      const user = game.members[0]!.id;
      await buyCard(db, competition.id, user, game.cards[0]!.id);
      const first = await submitAnswer(db, competition.id, user, game.cards[0]!.id, 'no');
      expect(first).toMatchObject({ amount: -10, balance: 0 });
      const second = await submitAnswer(db, competition.id, user, game.cards[0]!.id, 'no');
      expect(second).toMatchObject({ amount: 0, balance: 0 });
      expect(await balanceOf(db, team.accountId)).toBe(0);
    });
  });

  describe('regrade and void', () => {
    it('compensate with new ledger rows and never delete', async () => {
      const game = await teamGame(db, {
        competition: { rules: { multipliers: [2, 1.5], maxAttempts: 3, penalty: 10, freezeAt: null } },
      });
      const { competition, team } = game;
      const user = game.members[0]!.id;
      const cardId = game.cards[0]!.id;
      await buyCard(db, competition.id, user, cardId);
      const wrong = await submitAnswer(db, competition.id, user, cardId, 'forty-two');
      expect(await balanceOf(db, team.accountId)).toBe(890);

      // The admin accepts "forty-two" too: the regrade pays attempt 1's reward and refunds the penalty.
      await updateCard(db, competition.id, cardId, {
        answers: [
          { kind: 'exact', value: '42' },
          { kind: 'exact', value: 'Forty-Two' },
        ],
      });
      const regraded = await regradeSubmission(db, competition.id, wrong.submissionId, 99);
      expect(regraded).toMatchObject({ changed: true, correct: true, amount: 210 });
      expect(await balanceOf(db, team.accountId)).toBe(1100);
      await expectCode(submitAnswer(db, competition.id, user, cardId, '42'), 'ARENA_ERR_CARD_CLOSED');
      expect(await regradeSubmission(db, competition.id, wrong.submissionId, 99)).toMatchObject({
        changed: false,
        amount: 0,
      });

      // Voiding it takes the reward back and reopens the card.
      const voided = await voidSubmission(db, competition.id, wrong.submissionId, 99);
      expect(voided).toMatchObject({ status: 'voided', amount: -200 });
      expect(await balanceOf(db, team.accountId)).toBe(900);
      await expectCode(voidSubmission(db, competition.id, wrong.submissionId, 99), 'ARENA_ERR_STATE');
      const again = await submitAnswer(db, competition.id, user, cardId, '42');
      expect(again).toMatchObject({ correct: true, attempt: 2, amount: 150 });

      const reasons = (await accountLedger(db, competition.id, team.accountId)).map((e) => [
        e.reason,
        e.amount,
      ]);
      expect(reasons).toEqual([
        ['initial', 1000],
        ['purchase', -100],
        ['penalty', -10],
        ['regrade', 210],
        ['void', -200],
        ['reward', 150],
      ]);
    });
  });
}
