/** Competitions and their rules. */
import type { Queryable } from '../db/sql-client.ts';
import type { Competition, CompetitionInput, CompetitionPatch } from '../domain/schemas.ts';
import { ArenaError, notFoundError } from '../errors.ts';

interface CompetitionRow {
  id: number;
  title: string;
  description: string;
  starts_at: Date;
  ends_at: Date;
  mode: 'individual' | 'team';
  initial_balance: number;
  multipliers: number[];
  max_attempts: number;
  penalty: number;
  freeze_at: Date | null;
}

const iso = (value: Date) => new Date(value).toISOString();

function toCompetition(r: CompetitionRow): Competition {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    mode: r.mode,
    initialBalance: Number(r.initial_balance),
    rules: {
      multipliers: r.multipliers,
      maxAttempts: r.max_attempts,
      penalty: Number(r.penalty),
      freezeAt: r.freeze_at === null ? null : iso(r.freeze_at),
    },
  };
}

/** Create a competition; resolves to it with its id. */
export async function createCompetition(db: Queryable, input: CompetitionInput): Promise<Competition> {
  const [row] = await db.query<CompetitionRow>(
    `INSERT INTO competition (title, description, starts_at, ends_at, mode, initial_balance, multipliers,
                              max_attempts, penalty, freeze_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING *`,
    [
      input.title,
      input.description,
      input.startsAt,
      input.endsAt,
      input.mode,
      input.initialBalance,
      JSON.stringify(input.rules.multipliers),
      input.rules.maxAttempts,
      input.rules.penalty,
      input.rules.freezeAt,
    ],
  );
  return toCompetition(row as CompetitionRow);
}

/**
 * Competition `id`.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`.
 */
export async function getCompetition(db: Queryable, id: number): Promise<Competition> {
  const [row] = await db.query<CompetitionRow>('SELECT * FROM competition WHERE id = $1', [id]);
  if (!row) throw notFoundError('competition', id);
  return toCompetition(row);
}

/** Every competition, newest first. */
export async function listCompetitions(db: Queryable): Promise<Competition[]> {
  const rows = await db.query<CompetitionRow>('SELECT * FROM competition ORDER BY id DESC');
  return rows.map(toCompetition);
}

/**
 * Change the title, description, window or rules of competition `id`. Changes
 * apply from now on: nothing already in the ledger is recomputed.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`; `ARENA_ERR_VALIDATION` (`endsAt`) when the window would be empty.
 */
export async function updateCompetition(
  db: Queryable,
  id: number,
  patch: CompetitionPatch,
): Promise<Competition> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (patch.title !== undefined) set('title', patch.title);
  if (patch.description !== undefined) set('description', patch.description);
  if (patch.startsAt !== undefined) set('starts_at', patch.startsAt);
  if (patch.endsAt !== undefined) set('ends_at', patch.endsAt);
  if (patch.rules !== undefined) {
    set('multipliers', JSON.stringify(patch.rules.multipliers), '::jsonb');
    set('max_attempts', patch.rules.maxAttempts);
    set('penalty', patch.rules.penalty);
    set('freeze_at', patch.rules.freezeAt);
  }
  if (sets.length === 0) return getCompetition(db, id);
  try {
    const [row] = await db.query<CompetitionRow>(
      `UPDATE competition SET ${sets.join(', ')} WHERE id = $1 RETURNING *`,
      params,
    );
    if (!row) throw notFoundError('competition', id);
    return toCompetition(row);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'competition_window_check') {
      throw new ArenaError('ARENA_ERR_VALIDATION', 'Invalid field: endsAt.', {
        fields: { endsAt: 'must be after startsAt' },
      });
    }
    throw error;
  }
}
