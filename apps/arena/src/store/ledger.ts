/**
 * The append-only ledger: every change of a balance is one `ledger` row
 * (amount, reason, card, purchase, submission, attempt, actor, time). The
 * account's `balance` and `last_entry_id` are materialised in the SAME statement
 * that appends the row, so they always equal `sum(amount)` and `max(id)` of the
 * account's rows (tested), and a conditional append (`requireCovered`) is the
 * one place a debit checks the balance — under the account's row lock.
 */
import type { Queryable } from '../db/sql-client.ts';

/** Why a ledger row exists. */
export type LedgerReason = 'initial' | 'purchase' | 'reward' | 'penalty' | 'regrade' | 'void';

/** Who caused a ledger row. */
export type ActorKind = 'system' | 'participant' | 'admin';

/** A ledger row to append. Amounts are points (integers; negative = debit). */
export interface LedgerAppend {
  accountId: number;
  amount: number;
  reason: LedgerReason;
  cardId?: number | null;
  purchaseId?: number | null;
  submissionId?: number | null;
  attempt?: number | null;
  actorKind: ActorKind;
  actorId?: number | null;
  note?: string | null;
  /** Append only if the balance stays ≥ 0 (debits by participants); default false. */
  requireCovered?: boolean;
}

/** A ledger row as the API shows it. `createdAt` is ISO 8601. */
export interface LedgerEntry {
  id: number;
  accountId: number;
  amount: number;
  balanceAfter: number;
  reason: LedgerReason;
  cardId: number | null;
  cardTitle: string | null;
  purchaseId: number | null;
  submissionId: number | null;
  attempt: number | null;
  actorKind: ActorKind;
  actorId: number | null;
  note: string | null;
  createdAt: string;
}

const APPEND_SQL = `
WITH acc AS (
  UPDATE account SET balance = balance + $2::bigint, last_entry_id = nextval('ledger_id_seq')
  WHERE id = $1::int AND (NOT $3::boolean OR balance + $2::bigint >= 0)
  RETURNING id, competition_id, balance, last_entry_id
)
INSERT INTO ledger (id, competition_id, account_id, amount, balance_after, reason, card_id, purchase_id,
                    submission_id, attempt, actor_kind, actor_id, note)
SELECT last_entry_id, competition_id, id, $2::bigint, balance, $4::text, $5::int, $6::int, $7::int, $8::int,
       $9::text, $10::int, $11::text
FROM acc
RETURNING id, balance_after`;

/**
 * Append one row and update the account's balance in one statement, inside the
 * caller's transaction. Resolves to the new row's id and the balance after it,
 * or `undefined` when `requireCovered` is set and the balance would go below 0
 * (nothing written), or when the account does not exist.
 */
export async function appendLedger(
  tx: Queryable,
  entry: LedgerAppend,
): Promise<{ id: number; balanceAfter: number } | undefined> {
  const [row] = await tx.query<{ id: number; balance_after: number }>(APPEND_SQL, [
    entry.accountId,
    entry.amount,
    entry.requireCovered ?? false,
    entry.reason,
    entry.cardId ?? null,
    entry.purchaseId ?? null,
    entry.submissionId ?? null,
    entry.attempt ?? null,
    entry.actorKind,
    entry.actorId ?? null,
    entry.note ?? null,
  ]);
  return row ? { id: Number(row.id), balanceAfter: Number(row.balance_after) } : undefined;
}

interface LedgerRow {
  id: number;
  account_id: number;
  amount: number;
  balance_after: number;
  reason: LedgerReason;
  card_id: number | null;
  card_title: string | null;
  purchase_id: number | null;
  submission_id: number | null;
  attempt: number | null;
  actor_kind: ActorKind;
  actor_id: number | null;
  note: string | null;
  created_at: Date;
}

/** Every ledger row of `accountId` in competition `competitionId`, oldest first. */
export async function accountLedger(
  db: Queryable,
  competitionId: number,
  accountId: number,
): Promise<LedgerEntry[]> {
  const rows = await db.query<LedgerRow>(
    `SELECT l.*, c.title AS card_title FROM ledger l LEFT JOIN card c ON c.id = l.card_id
     WHERE l.competition_id = $1 AND l.account_id = $2 ORDER BY l.id`,
    [competitionId, accountId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    reason: r.reason,
    cardId: r.card_id,
    cardTitle: r.card_title,
    purchaseId: r.purchase_id,
    submissionId: r.submission_id,
    attempt: r.attempt,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    note: r.note,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
