/**
 * Scoreboard queries. The live board reads the accounts' materialised balances;
 * the frozen board and the score-over-time series are derived from the ledger
 * itself (rows up to the freeze time). Rank: balance descending, ties broken by
 * who reached the balance first (the smaller id of the last ledger row).
 */
import type { Queryable } from '../db/sql-client.ts';
import type { ScoreRow, ScoreSeries } from '../domain/schemas.ts';

interface BoardRow {
  id: number;
  name: string;
  balance: number;
  last_entry_id: number;
  solved: number;
}

function ranked(rows: BoardRow[]): ScoreRow[] {
  return rows
    .map((r) => ({
      accountId: r.id,
      name: r.name,
      balance: Number(r.balance),
      solved: Number(r.solved),
      lastChangeId: Number(r.last_entry_id),
    }))
    .sort((a, b) => b.balance - a.balance || a.lastChangeId - b.lastChangeId || a.accountId - b.accountId)
    .map((r, index) => ({ rank: index + 1, ...r }));
}

/** Time (ISO) of ledger row `id`, or `null` when there is none. */
export async function ledgerTime(db: Queryable, id: number): Promise<string | null> {
  if (id <= 0) return null;
  const [row] = await db.query<{ created_at: Date }>('SELECT created_at FROM ledger WHERE id = $1', [id]);
  return row ? new Date(row.created_at).toISOString() : null;
}

/** The board now, every active account of the competition. */
export async function liveBoard(db: Queryable, competitionId: number): Promise<ScoreRow[]> {
  const rows = await db.query<BoardRow>(
    `SELECT a.id, a.name, a.balance, a.last_entry_id,
            (SELECT count(*) FROM purchase p WHERE p.account_id = a.id AND p.status = 'solved')::int AS solved
     FROM account a WHERE a.competition_id = $1 AND a.active`,
    [competitionId],
  );
  return ranked(rows);
}

/** The board as the ledger stood at `at` (rows created at or before it). */
export async function boardAt(db: Queryable, competitionId: number, at: string): Promise<ScoreRow[]> {
  const rows = await db.query<BoardRow>(
    `SELECT a.id, a.name,
            COALESCE((SELECT SUM(l.amount) FROM ledger l WHERE l.account_id = a.id AND l.created_at <= $2), 0)::bigint AS balance,
            COALESCE((SELECT MAX(l.id) FROM ledger l WHERE l.account_id = a.id AND l.created_at <= $2), 0)::bigint AS last_entry_id,
            (SELECT count(DISTINCT l.purchase_id) FROM ledger l
              WHERE l.account_id = a.id AND l.reason = 'reward' AND l.created_at <= $2)::int AS solved
     FROM account a WHERE a.competition_id = $1 AND a.active`,
    [competitionId, at],
  );
  return ranked(rows);
}

/** Balance after every ledger row of `accounts` (up to `until`, if given), in ledger order. */
export async function scoreSeries(
  db: Queryable,
  competitionId: number,
  accounts: ReadonlyArray<{ accountId: number; name: string }>,
  until: string | null,
): Promise<ScoreSeries[]> {
  if (accounts.length === 0) return [];
  const rows = await db.query<{ account_id: number; created_at: Date; balance_after: number }>(
    `SELECT account_id, created_at, balance_after FROM ledger
     WHERE competition_id = $1 AND account_id = ANY($2::int[]) AND ($3::timestamptz IS NULL OR created_at <= $3)
     ORDER BY id`,
    [competitionId, accounts.map((a) => a.accountId), until],
  );
  const series = new Map(accounts.map((a) => [a.accountId, { ...a, points: [] as ScoreSeries['points'] }]));
  for (const row of rows) {
    series.get(row.account_id)?.points.push({
      at: new Date(row.created_at).toISOString(),
      balance: Number(row.balance_after),
    });
  }
  return [...series.values()];
}
