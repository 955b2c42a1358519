/**
 * The game's state changes: buy, submit, regrade, void. Each runs in ONE
 * transaction and guards itself twice:
 *
 * - conditional updates under row locks — the account row (`balance >= price`
 *   in the same UPDATE that debits it) and the purchase row (`status = 'open'
 *   AND attempts < max` in the same UPDATE that counts the attempt) — so
 *   concurrent requests queue on the row and re-check the condition;
 * - unique constraints as the last line — one purchase per (account, card), one
 *   debit per purchase, one standing correct submission per purchase, one reward
 *   per submission — so even a logic slip cannot double-spend or double-score.
 *
 * Lock order is always purchase → account, so two actions never deadlock.
 */
import type { Queryable, SqlClient } from '../db/sql-client.ts';
import { isCorrect, type AcceptedAnswer } from '../domain/answers.ts';
import { multiplierFor, rewardFor } from '../domain/rules.ts';
import type { Submission } from '../domain/schemas.ts';
import { ArenaError, notFoundError } from '../errors.ts';
import { appendLedger } from './ledger.ts';

/** Result of a purchase. */
export interface BuyResult {
  purchaseId: number;
  cardId: number;
  accountId: number;
  price: number;
  /** Balance after the debit (points). */
  balance: number;
  ledgerEntryId: number;
}

/** Result of an answer. */
export interface SubmitResult {
  submissionId: number;
  cardId: number;
  accountId: number;
  correct: boolean;
  /** 1-based attempt number of this answer. */
  attempt: number;
  attemptsLeft: number;
  /** The purchase after this answer: `open` (may answer again), `solved` or `closed` (no attempts left). */
  status: 'open' | 'solved' | 'closed';
  /** Ledger effect of this answer (reward > 0, penalty < 0, or 0). */
  amount: number;
  /** Balance after the answer (points). */
  balance: number;
}

interface PlayContext {
  account_id: number | null;
  running: boolean;
  multipliers: number[];
  max_attempts: number;
  penalty: number;
}

/** Resolve the participant's account and the competition's state, inside `tx`. */
async function playContext(tx: Queryable, competitionId: number, userId: number): Promise<PlayContext> {
  const [row] = await tx.query<PlayContext>(
    `SELECT a.id AS account_id, (now() >= c.starts_at AND now() < c.ends_at) AS running,
            c.multipliers, c.max_attempts, c.penalty
     FROM app_user u JOIN competition c ON c.id = u.competition_id
     LEFT JOIN account a ON (a.user_id = u.id OR a.team_id = u.team_id) AND a.active
     WHERE u.id = $1 AND c.id = $2 AND u.removed_at IS NULL`,
    [userId, competitionId],
  );
  if (!row) throw notFoundError('participant', userId, `competition ${competitionId}`);
  if (!row.running) {
    throw new ArenaError('ARENA_ERR_NOT_RUNNING', `Competition ${competitionId} is not running now.`, {
      hint: 'Cards can be bought and answered between the start and end times only.',
    });
  }
  if (row.account_id === null) {
    throw new ArenaError('ARENA_ERR_STATE', `Participant ${userId} is not in a team.`, {
      hint: 'An admin must put the participant in a team first.',
    });
  }
  return row;
}

/**
 * Buy card `cardId` for participant `userId`'s account (their team's in team mode).
 * @throws ArenaError `ARENA_ERR_NOT_FOUND` (card, participant), `ARENA_ERR_NOT_RUNNING`,
 *   `ARENA_ERR_ALREADY_BOUGHT`, `ARENA_ERR_INSUFFICIENT_BALANCE`, `ARENA_ERR_STATE` (no team).
 */
export async function buyCard(
  db: SqlClient,
  competitionId: number,
  userId: number,
  cardId: number,
): Promise<BuyResult> {
  return db.transaction(async (tx) => {
    const context = await playContext(tx, competitionId, userId);
    const accountId = context.account_id as number;
    // One round trip: the purchase row takes the card's current price, or nothing when the card is not
    // in this competition (NULL id) or the account already bought it (conflict → no row).
    const [purchase] = await tx.query<{ id: number | null; price: number }>(
      `WITH card_price AS (SELECT price FROM card WHERE id = $3 AND competition_id = $1),
            inserted AS (
              INSERT INTO purchase (competition_id, account_id, card_id, user_id, price)
              SELECT $1, $2, $3, $4, price FROM card_price
              ON CONFLICT ON CONSTRAINT purchase_once_key DO NOTHING RETURNING id, price)
       SELECT inserted.id, card_price.price FROM card_price LEFT JOIN inserted ON true`,
      [competitionId, accountId, cardId, userId],
    );
    if (!purchase) throw notFoundError('card', cardId, `competition ${competitionId}`);
    if (purchase.id === null) {
      throw new ArenaError('ARENA_ERR_ALREADY_BOUGHT', `Card ${cardId} is already bought by this account.`);
    }
    const price = Number(purchase.price);
    const entry = await appendLedger(tx, {
      accountId,
      amount: -price,
      reason: 'purchase',
      cardId,
      purchaseId: purchase.id,
      actorKind: 'participant',
      actorId: userId,
      requireCovered: true,
    });
    if (!entry) {
      throw new ArenaError(
        'ARENA_ERR_INSUFFICIENT_BALANCE',
        `The balance does not cover card ${cardId}'s price of ${price}.`,
      );
    }
    return {
      purchaseId: purchase.id as number,
      cardId,
      accountId,
      price,
      balance: entry.balanceAfter,
      ledgerEntryId: entry.id,
    };
  });
}

/**
 * Answer card `cardId` for participant `userId`: counts the attempt, and pays
 * `round(price × multiplier(attempt))` when correct or takes the penalty (never
 * below a zero balance) when wrong; the card closes after the last attempt.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`, `ARENA_ERR_NOT_RUNNING`, `ARENA_ERR_NOT_BOUGHT`,
 *   `ARENA_ERR_CARD_CLOSED` (solved or no attempts left).
 */
export async function submitAnswer(
  db: SqlClient,
  competitionId: number,
  userId: number,
  cardId: number,
  answer: string,
): Promise<SubmitResult> {
  const [card] = await db.query<{ answers: AcceptedAnswer[]; multipliers: number[] | null }>(
    'SELECT answers, multipliers FROM card WHERE id = $1 AND competition_id = $2',
    [cardId, competitionId],
  );
  if (!card) throw notFoundError('card', cardId, `competition ${competitionId}`);
  const correct = isCorrect(answer, card.answers);
  return db.transaction(async (tx) => {
    const context = await playContext(tx, competitionId, userId);
    const accountId = context.account_id as number;
    const max = context.max_attempts;
    const [purchase] = await tx.query<{
      id: number;
      attempts: number;
      price: number;
      status: SubmitResult['status'];
    }>(
      `UPDATE purchase SET attempts = attempts + 1,
              status = CASE WHEN $3::boolean THEN 'solved' WHEN attempts + 1 >= $4 THEN 'closed' ELSE 'open' END
       WHERE account_id = $1 AND card_id = $2 AND status = 'open' AND attempts < $4
       RETURNING id, attempts, price, status`,
      [accountId, cardId, correct, max],
    );
    if (!purchase) {
      const [existing] = await tx.query<{ status: string }>(
        'SELECT status FROM purchase WHERE account_id = $1 AND card_id = $2',
        [accountId, cardId],
      );
      if (!existing) throw new ArenaError('ARENA_ERR_NOT_BOUGHT', `Card ${cardId} has not been bought.`);
      throw new ArenaError(
        'ARENA_ERR_CARD_CLOSED',
        existing.status === 'solved'
          ? `Card ${cardId} is already solved.`
          : `Card ${cardId} has no attempts left (${max} allowed).`,
      );
    }
    const [submission] = await tx.query<{ id: number }>(
      `INSERT INTO submission (competition_id, purchase_id, account_id, card_id, user_id, attempt, answer, correct)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [competitionId, purchase.id, accountId, cardId, userId, purchase.attempts, answer, correct],
    );
    const submissionId = (submission as { id: number }).id;
    let amount = 0;
    if (correct) {
      amount = rewardFor(
        Number(purchase.price),
        multiplierFor(purchase.attempts, context.multipliers, card.multipliers),
      );
    } else if (Number(context.penalty) > 0) {
      const [account] = await tx.query<{ balance: number }>(
        'SELECT balance FROM account WHERE id = $1 FOR UPDATE',
        [accountId],
      );
      amount = 0 - Math.min(Number(context.penalty), Math.max(0, Number(account?.balance ?? 0)));
    }
    let balance: number;
    if (amount !== 0) {
      const entry = await appendLedger(tx, {
        accountId,
        amount,
        reason: correct ? 'reward' : 'penalty',
        cardId,
        purchaseId: purchase.id,
        submissionId,
        attempt: purchase.attempts,
        actorKind: 'participant',
        actorId: userId,
      });
      balance = (entry as { balanceAfter: number }).balanceAfter;
    } else {
      const [account] = await tx.query<{ balance: number }>('SELECT balance FROM account WHERE id = $1', [
        accountId,
      ]);
      balance = Number(account?.balance ?? 0);
    }
    return {
      submissionId,
      cardId,
      accountId,
      correct,
      attempt: purchase.attempts,
      attemptsLeft: purchase.status === 'open' ? max - purchase.attempts : 0,
      status: purchase.status,
      amount,
      balance,
    };
  });
}

interface LockedSubmission {
  id: number;
  purchase_id: number;
  account_id: number;
  card_id: number;
  attempt: number;
  answer: string;
  correct: boolean;
  status: 'graded' | 'voided';
  price: number;
  attempts: number;
  purchase_status: 'open' | 'solved' | 'closed';
  max_attempts: number;
  competition_multipliers: number[];
  card_multipliers: number[] | null;
  card_answers: AcceptedAnswer[];
}

async function lockSubmission(
  tx: Queryable,
  competitionId: number,
  submissionId: number,
): Promise<{ row: LockedSubmission; net: number }> {
  const [row] = await tx.query<LockedSubmission>(
    `SELECT s.id, s.purchase_id, s.account_id, s.card_id, s.attempt, s.answer, s.correct, s.status,
            p.price, p.attempts, p.status AS purchase_status, c.max_attempts,
            c.multipliers AS competition_multipliers, k.multipliers AS card_multipliers, k.answers AS card_answers
     FROM submission s JOIN purchase p ON p.id = s.purchase_id JOIN competition c ON c.id = s.competition_id
     JOIN card k ON k.id = s.card_id
     WHERE s.id = $1 AND s.competition_id = $2 FOR UPDATE OF s, p`,
    [submissionId, competitionId],
  );
  if (!row) throw notFoundError('submission', submissionId, `competition ${competitionId}`);
  if (row.status === 'voided') {
    throw new ArenaError('ARENA_ERR_STATE', `Submission ${submissionId} is voided.`);
  }
  const [sum] = await tx.query<{ net: number }>(
    'SELECT COALESCE(SUM(amount), 0)::bigint AS net FROM ledger WHERE submission_id = $1',
    [submissionId],
  );
  return { row, net: Number(sum?.net ?? 0) };
}

/** What a regrade or void changed. */
export interface CorrectionResult {
  submissionId: number;
  /** False when the regrade found the same verdict (nothing written). */
  changed: boolean;
  correct: boolean;
  status: 'graded' | 'voided';
  /** The compensating ledger amount (0 when unchanged). */
  amount: number;
}

/**
 * Re-check submission `submissionId` against the card's current answers. A
 * wrong → correct change credits the reward for its attempt and refunds its
 * penalty; correct → wrong takes the reward back and reopens the card (if
 * attempts remain). Compensating `regrade` ledger rows; nothing is deleted.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`; `ARENA_ERR_STATE` (voided, or another submission already solved the card).
 */
export async function regradeSubmission(
  db: SqlClient,
  competitionId: number,
  submissionId: number,
  adminId: number,
): Promise<CorrectionResult> {
  return db.transaction(async (tx) => {
    const { row, net } = await lockSubmission(tx, competitionId, submissionId);
    const correct = isCorrect(row.answer, row.card_answers);
    if (correct === row.correct) {
      return { submissionId, changed: false, correct, status: row.status, amount: 0 };
    }
    let amount: number;
    if (correct) {
      if (row.purchase_status === 'solved') {
        throw new ArenaError(
          'ARENA_ERR_STATE',
          `Card ${row.card_id} was already solved by another submission of this account.`,
          { hint: 'Void that submission first.' },
        );
      }
      const reward = rewardFor(
        Number(row.price),
        multiplierFor(row.attempt, row.competition_multipliers, row.card_multipliers),
      );
      amount = reward - net;
      await tx.query(`UPDATE purchase SET status = 'solved' WHERE id = $1`, [row.purchase_id]);
    } else {
      amount = -net;
      await tx.query(
        `UPDATE purchase SET status = CASE WHEN attempts >= $2 THEN 'closed' ELSE 'open' END WHERE id = $1`,
        [row.purchase_id, row.max_attempts],
      );
    }
    await tx.query('UPDATE submission SET correct = $2 WHERE id = $1', [submissionId, correct]);
    if (amount !== 0) {
      await appendLedger(tx, {
        accountId: row.account_id,
        amount,
        reason: 'regrade',
        cardId: row.card_id,
        purchaseId: row.purchase_id,
        submissionId,
        attempt: row.attempt,
        actorKind: 'admin',
        actorId: adminId,
        note: correct ? 'regraded as correct' : 'regraded as wrong',
      });
    }
    return { submissionId, changed: true, correct, status: 'graded', amount };
  });
}

/**
 * Void submission `submissionId`: a compensating `void` row cancels its net
 * ledger effect (reward or penalty), and a voided correct answer reopens the
 * card if attempts remain. The submission stays listed as `voided`.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`; `ARENA_ERR_STATE` (already voided).
 */
export async function voidSubmission(
  db: SqlClient,
  competitionId: number,
  submissionId: number,
  adminId: number,
): Promise<CorrectionResult> {
  return db.transaction(async (tx) => {
    const { row, net } = await lockSubmission(tx, competitionId, submissionId);
    await tx.query(`UPDATE submission SET status = 'voided' WHERE id = $1`, [submissionId]);
    if (row.correct) {
      await tx.query(
        `UPDATE purchase SET status = CASE WHEN attempts >= $2 THEN 'closed' ELSE 'open' END WHERE id = $1`,
        [row.purchase_id, row.max_attempts],
      );
    }
    if (net !== 0) {
      await appendLedger(tx, {
        accountId: row.account_id,
        amount: -net,
        reason: 'void',
        cardId: row.card_id,
        purchaseId: row.purchase_id,
        submissionId,
        attempt: row.attempt,
        actorKind: 'admin',
        actorId: adminId,
        note: 'submission voided',
      });
    }
    return { submissionId, changed: true, correct: row.correct, status: 'voided', amount: -net };
  });
}

/** Filters of {@link listSubmissions}. */
export interface SubmissionFilter {
  accountId?: number;
  cardId?: number;
  correct?: boolean;
  /** Only submissions with id < beforeId (paging backwards). */
  beforeId?: number;
  /** Page size (default 100, max 1000). */
  limit?: number;
}

/** Submissions of the competition, newest first, with their net ledger effect. */
export async function listSubmissions(
  db: Queryable,
  competitionId: number,
  filter: SubmissionFilter = {},
): Promise<Submission[]> {
  const rows = await db.query<{
    id: number;
    purchase_id: number;
    account_id: number;
    account_name: string;
    card_id: number;
    card_title: string;
    user_id: number;
    login: string;
    attempt: number;
    answer: string;
    correct: boolean;
    status: 'graded' | 'voided';
    amount: number;
    created_at: Date;
  }>(
    `SELECT s.id, s.purchase_id, s.account_id, a.name AS account_name, s.card_id, k.title AS card_title,
            s.user_id, u.login, s.attempt, s.answer, s.correct, s.status, s.created_at,
            COALESCE((SELECT SUM(l.amount) FROM ledger l WHERE l.submission_id = s.id), 0)::bigint AS amount
     FROM submission s JOIN account a ON a.id = s.account_id JOIN card k ON k.id = s.card_id
     JOIN app_user u ON u.id = s.user_id
     WHERE s.competition_id = $1 AND ($2::int IS NULL OR s.account_id = $2) AND ($3::int IS NULL OR s.card_id = $3)
       AND ($4::boolean IS NULL OR s.correct = $4) AND ($5::int IS NULL OR s.id < $5)
     ORDER BY s.id DESC LIMIT $6`,
    [
      competitionId,
      filter.accountId ?? null,
      filter.cardId ?? null,
      filter.correct ?? null,
      filter.beforeId ?? null,
      Math.min(filter.limit ?? 100, 1000),
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    competitionId,
    purchaseId: r.purchase_id,
    accountId: r.account_id,
    accountName: r.account_name,
    cardId: r.card_id,
    cardTitle: r.card_title,
    userId: r.user_id,
    login: r.login,
    attempt: r.attempt,
    answer: r.answer,
    correct: r.correct,
    status: r.status,
    amount: Number(r.amount),
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
