/** The field: cards placed at (topic, level), with accepted answers kept from participants. */
import type { Queryable, SqlClient } from '../db/sql-client.ts';
import type { AcceptedAnswer } from '../domain/answers.ts';
import { renderStatement } from '../domain/markdown.ts';
import type { AdminCard, CardInput, CardPatch, Field, FieldCard } from '../domain/schemas.ts';
import { ArenaError, notFoundError } from '../errors.ts';
import { getCompetition } from './competitions.ts';

interface CardRow {
  id: number;
  competition_id: number;
  topic: string;
  level: number;
  title: string;
  statement: string;
  price: number;
  answers: AcceptedAnswer[];
  multipliers: number[] | null;
}

function toAdminCard(r: CardRow): AdminCard {
  return {
    id: r.id,
    competitionId: r.competition_id,
    topic: r.topic,
    level: r.level,
    title: r.title,
    statement: r.statement,
    price: Number(r.price),
    answers: r.answers,
    multipliers: r.multipliers,
  };
}

function positionTaken(error: unknown, topic: string | undefined, level: number | undefined): never {
  if ((error as { constraint?: string }).constraint === 'card_position_key') {
    throw new ArenaError(
      'ARENA_ERR_CONFLICT',
      `The field already has a card at topic ${JSON.stringify(topic)}, level ${level}.`,
      { hint: 'Move or delete that card first, or pick an empty cell.' },
    );
  }
  throw error;
}

async function insertCard(db: Queryable, competitionId: number, input: CardInput): Promise<AdminCard> {
  try {
    const [row] = await db.query<CardRow>(
      `INSERT INTO card (competition_id, topic, level, title, statement, price, answers, multipliers)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) RETURNING *`,
      [
        competitionId,
        input.topic,
        input.level,
        input.title,
        input.statement,
        input.price,
        JSON.stringify(input.answers),
        input.multipliers === null ? null : JSON.stringify(input.multipliers),
      ],
    );
    return toAdminCard(row as CardRow);
  } catch (error) {
    positionTaken(error, input.topic, input.level);
  }
}

/**
 * Add a card to the field of competition `competitionId`.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND` (competition), `ARENA_ERR_CONFLICT` (cell taken).
 */
export async function createCard(db: Queryable, competitionId: number, input: CardInput): Promise<AdminCard> {
  await getCompetition(db, competitionId);
  return insertCard(db, competitionId, input);
}

/**
 * Card `cardId` of competition `competitionId`, with answers.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`.
 */
export async function getCard(db: Queryable, competitionId: number, cardId: number): Promise<AdminCard> {
  const [row] = await db.query<CardRow>('SELECT * FROM card WHERE id = $1 AND competition_id = $2', [
    cardId,
    competitionId,
  ]);
  if (!row) throw notFoundError('card', cardId, `competition ${competitionId}`);
  return toAdminCard(row);
}

/** Every card of the competition, by topic then level, with answers. */
export async function listCards(db: Queryable, competitionId: number): Promise<AdminCard[]> {
  const rows = await db.query<CardRow>(
    'SELECT * FROM card WHERE competition_id = $1 ORDER BY topic, level, id',
    [competitionId],
  );
  return rows.map(toAdminCard);
}

/**
 * Edit or move a card (any subset of its fields). A price change applies to
 * later purchases only; answers apply to later submissions (regrade to re-check
 * earlier ones).
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`, `ARENA_ERR_CONFLICT` (target cell taken).
 */
export async function updateCard(
  db: Queryable,
  competitionId: number,
  cardId: number,
  patch: CardPatch,
): Promise<AdminCard> {
  const current = await getCard(db, competitionId, cardId);
  const next = { ...current, ...patch };
  try {
    const [row] = await db.query<CardRow>(
      `UPDATE card SET topic = $3, level = $4, title = $5, statement = $6, price = $7, answers = $8::jsonb,
              multipliers = $9::jsonb
       WHERE id = $1 AND competition_id = $2 RETURNING *`,
      [
        cardId,
        competitionId,
        next.topic,
        next.level,
        next.title,
        next.statement,
        next.price,
        JSON.stringify(next.answers),
        next.multipliers === null ? null : JSON.stringify(next.multipliers),
      ],
    );
    if (!row) throw notFoundError('card', cardId, `competition ${competitionId}`);
    return toAdminCard(row);
  } catch (error) {
    positionTaken(error, next.topic, next.level);
  }
}

/**
 * Remove a card nobody has bought.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`; `ARENA_ERR_STATE` when it was bought (the ledger refers to it).
 */
export async function deleteCard(db: Queryable, competitionId: number, cardId: number): Promise<void> {
  try {
    const rows = await db.query('DELETE FROM card WHERE id = $1 AND competition_id = $2 RETURNING id', [
      cardId,
      competitionId,
    ]);
    if (rows.length === 0) throw notFoundError('card', cardId, `competition ${competitionId}`);
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      throw new ArenaError('ARENA_ERR_STATE', `Card ${cardId} has been bought and cannot be deleted.`, {
        hint: 'Edit it instead.',
      });
    }
    throw error;
  }
}

/**
 * Import `cards` into the field, all or nothing (one transaction).
 * @throws ArenaError `ARENA_ERR_CONFLICT` naming the first cell already taken (nothing imported).
 */
export async function importCards(
  db: SqlClient,
  competitionId: number,
  cards: readonly CardInput[],
): Promise<AdminCard[]> {
  await getCompetition(db, competitionId);
  return db.transaction(async (tx) => {
    const created: AdminCard[] = [];
    for (const card of cards) created.push(await insertCard(tx, competitionId, card));
    return created;
  });
}

/** The cards in import format (no ids), for `importCards` into another competition. */
export async function exportCards(db: Queryable, competitionId: number): Promise<CardInput[]> {
  await getCompetition(db, competitionId);
  return (await listCards(db, competitionId)).map((c) => ({
    topic: c.topic,
    level: c.level,
    title: c.title,
    statement: c.statement,
    price: c.price,
    answers: c.answers,
    multipliers: c.multipliers,
  }));
}

interface FieldRow extends CardRow {
  purchase_id: number | null;
  status: 'open' | 'solved' | 'closed' | null;
  attempts: number | null;
}

/**
 * The field of competition `competitionId` as the viewer sees it: statements
 * rendered, answers never included, and — for a participant's `accountId` —
 * each card's purchase state and the balance.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND` (competition).
 */
export async function viewField(
  db: Queryable,
  competitionId: number,
  accountId: number | null,
): Promise<Field> {
  const competition = await getCompetition(db, competitionId);
  const rows = await db.query<FieldRow>(
    `SELECT c.*, p.id AS purchase_id, p.status, p.attempts
     FROM card c LEFT JOIN purchase p ON p.card_id = c.id AND p.account_id = $2
     WHERE c.competition_id = $1 ORDER BY c.topic, c.level, c.id`,
    [competitionId, accountId ?? 0],
  );
  const max = competition.rules.maxAttempts;
  const cards: FieldCard[] = rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    level: r.level,
    title: r.title,
    statementHtml: renderStatement(r.statement),
    price: Number(r.price),
    multipliers: r.multipliers ?? competition.rules.multipliers,
    purchase:
      r.purchase_id === null || r.status === null || r.attempts === null
        ? null
        : {
            purchaseId: r.purchase_id,
            status: r.status,
            attempts: r.attempts,
            attemptsLeft: r.status === 'open' ? Math.max(0, max - r.attempts) : 0,
          },
  }));
  let balance: number | null = null;
  if (accountId !== null) {
    const [account] = await db.query<{ balance: number }>('SELECT balance FROM account WHERE id = $1', [
      accountId,
    ]);
    balance = account ? Number(account.balance) : null;
  }
  return {
    competitionId,
    topics: [...new Set(cards.map((c) => c.topic))].sort(),
    levels: [...new Set(cards.map((c) => c.level))].sort((a, b) => a - b),
    cards,
    balance,
  };
}
