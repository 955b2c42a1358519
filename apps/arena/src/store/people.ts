/**
 * Users (admins and participants), teams and the accounts that hold balances:
 * a team's account in team mode, a participant's own account in individual mode.
 * Creating an account appends its initial grant to the ledger.
 */
import { parse } from 'csv-parse/sync';
import { generatePassword, hashPassword } from '../auth/passwords.ts';
import type { Queryable, SqlClient } from '../db/sql-client.ts';
import type { Participant, ParticipantInput, Team } from '../domain/schemas.ts';
import { ArenaError, notFoundError, validationError } from '../errors.ts';
import { getCompetition } from './competitions.ts';
import { appendLedger } from './ledger.ts';

/** A user as authentication needs it. */
export interface UserRecord {
  id: number;
  role: 'admin' | 'participant';
  login: string;
  displayName: string;
  passwordHash: string;
  competitionId: number | null;
  teamId: number | null;
  removed: boolean;
}

interface UserRow {
  id: number;
  role: 'admin' | 'participant';
  login: string;
  display_name: string;
  password_hash: string;
  competition_id: number | null;
  team_id: number | null;
  removed_at: Date | null;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  role: r.role,
  login: r.login,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  competitionId: r.competition_id,
  teamId: r.team_id,
  removed: r.removed_at !== null,
});

const toParticipant = (r: UserRow): Participant => ({
  id: r.id,
  competitionId: r.competition_id ?? 0,
  login: r.login,
  displayName: r.display_name,
  teamId: r.team_id,
  removed: r.removed_at !== null,
});

function loginTaken(error: unknown, login: string): never {
  if ((error as { constraint?: string }).constraint === 'app_user_login_key') {
    throw new ArenaError('ARENA_ERR_CONFLICT', `The login ${JSON.stringify(login)} is already taken.`, {
      fields: { login: 'is already taken' },
    });
  }
  throw error;
}

/** The user with `login` (removed ones included), or `undefined`. */
export async function findUserByLogin(db: Queryable, login: string): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRow>('SELECT * FROM app_user WHERE login = $1', [login]);
  return row ? toUser(row) : undefined;
}

/** The user `id`, or `undefined`. */
export async function findUser(db: Queryable, id: number): Promise<UserRecord | undefined> {
  const [row] = await db.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [id]);
  return row ? toUser(row) : undefined;
}

/** Create admin `login` unless a user with that login exists; resolves to true when created. */
export async function ensureAdmin(db: Queryable, login: string, password: string): Promise<boolean> {
  const hash = await hashPassword(password);
  const rows = await db.query(
    `INSERT INTO app_user (role, login, display_name, password_hash) VALUES ('admin', $1, $1, $2)
     ON CONFLICT ON CONSTRAINT app_user_login_key DO NOTHING RETURNING id`,
    [login, hash],
  );
  return rows.length > 0;
}

async function createAccount(
  tx: Queryable,
  competitionId: number,
  holder: { teamId: number } | { userId: number },
  name: string,
  initialBalance: number,
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO account (competition_id, team_id, user_id, name) VALUES ($1, $2, $3, $4) RETURNING id',
    [
      competitionId,
      'teamId' in holder ? holder.teamId : null,
      'userId' in holder ? holder.userId : null,
      name,
    ],
  );
  const accountId = (row as { id: number }).id;
  await appendLedger(tx, {
    accountId,
    amount: initialBalance,
    reason: 'initial',
    actorKind: 'system',
    note: 'initial balance',
  });
  return accountId;
}

async function insertTeam(
  tx: Queryable,
  competitionId: number,
  name: string,
  initialBalance: number,
): Promise<{ id: number; accountId: number }> {
  let id: number;
  try {
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO team (competition_id, name) VALUES ($1, $2) RETURNING id',
      [competitionId, name],
    );
    id = (row as { id: number }).id;
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'team_name_key') {
      throw new ArenaError('ARENA_ERR_CONFLICT', `The team name ${JSON.stringify(name)} is already taken.`, {
        fields: { name: 'is already taken' },
      });
    }
    throw error;
  }
  const accountId = await createAccount(tx, competitionId, { teamId: id }, name, initialBalance);
  return { id, accountId };
}

/**
 * Create a team (team-mode competitions only) with its account and initial balance.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`, `ARENA_ERR_STATE` (individual mode), `ARENA_ERR_CONFLICT` (name taken).
 */
export async function createTeam(db: SqlClient, competitionId: number, name: string): Promise<Team> {
  const competition = await getCompetition(db, competitionId);
  if (competition.mode !== 'team') {
    throw new ArenaError('ARENA_ERR_STATE', `Competition ${competitionId} is individual: it has no teams.`);
  }
  const created = await db.transaction((tx) =>
    insertTeam(tx, competitionId, name, competition.initialBalance),
  );
  return { id: created.id, competitionId, name, accountId: created.accountId, members: [] };
}

/** Every team of the competition with its members (removed ones included, flagged). */
export async function listTeams(db: Queryable, competitionId: number): Promise<Team[]> {
  const teams = await db.query<{ id: number; name: string; account_id: number }>(
    `SELECT t.id, t.name, a.id AS account_id FROM team t JOIN account a ON a.team_id = t.id
     WHERE t.competition_id = $1 ORDER BY t.id`,
    [competitionId],
  );
  const members = await listParticipants(db, competitionId);
  return teams.map((t) => ({
    id: t.id,
    competitionId,
    name: t.name,
    accountId: t.account_id,
    members: members.filter((m) => m.teamId === t.id),
  }));
}

/** Every participant of the competition (removed ones included, flagged), by id. */
export async function listParticipants(db: Queryable, competitionId: number): Promise<Participant[]> {
  const rows = await db.query<UserRow>(
    `SELECT * FROM app_user WHERE competition_id = $1 AND role = 'participant' ORDER BY id`,
    [competitionId],
  );
  return rows.map(toParticipant);
}

interface NewParticipant {
  login: string;
  displayName: string;
  passwordHash: string;
  teamId: number | null;
}

async function insertParticipant(
  tx: Queryable,
  competition: { id: number; mode: 'individual' | 'team'; initialBalance: number },
  p: NewParticipant,
  where: string,
): Promise<Participant> {
  if (competition.mode === 'team' && p.teamId === null) {
    throw validationError({ [`${where}teamId`]: 'is required in a team competition' });
  }
  if (competition.mode === 'individual' && p.teamId !== null) {
    throw validationError({ [`${where}teamId`]: 'must be null in an individual competition' });
  }
  if (p.teamId !== null) {
    const [team] = await tx.query('SELECT id FROM team WHERE id = $1 AND competition_id = $2', [
      p.teamId,
      competition.id,
    ]);
    if (!team) throw validationError({ [`${where}teamId`]: `team ${p.teamId} is not in this competition` });
  }
  let row: UserRow;
  try {
    const [inserted] = await tx.query<UserRow>(
      `INSERT INTO app_user (role, login, display_name, password_hash, competition_id, team_id)
       VALUES ('participant', $1, $2, $3, $4, $5) RETURNING *`,
      [p.login, p.displayName, p.passwordHash, competition.id, p.teamId],
    );
    row = inserted as UserRow;
  } catch (error) {
    loginTaken(error, p.login);
  }
  if (competition.mode === 'individual') {
    await createAccount(tx, competition.id, { userId: row.id }, p.displayName, competition.initialBalance);
  }
  return toParticipant(row);
}

/**
 * Register one participant. Without `input.password` a password is generated;
 * either way it is returned once (only its hash is stored).
 * @throws ArenaError `ARENA_ERR_NOT_FOUND`, `ARENA_ERR_VALIDATION` (team), `ARENA_ERR_CONFLICT` (login taken).
 */
export async function createParticipant(
  db: SqlClient,
  competitionId: number,
  input: ParticipantInput,
): Promise<Participant & { password: string }> {
  const competition = await getCompetition(db, competitionId);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction((tx) =>
    insertParticipant(
      tx,
      competition,
      {
        login: input.login,
        displayName: input.displayName ?? input.login,
        passwordHash,
        teamId: input.teamId,
      },
      '',
    ),
  );
  return { ...created, password };
}

/**
 * Bulk registration from CSV with a header row: `login` (required),
 * `displayName` (or `name`), `team` (team name, created when missing; required
 * in team mode), `password` (optional; generated when empty). All or nothing:
 * one bad row and nothing is registered. Passwords are returned once.
 * @throws ArenaError `ARENA_ERR_VALIDATION` naming every bad row/column (`row 3: login`),
 *   `ARENA_ERR_CONFLICT` (a login taken).
 */
export async function registerParticipantsCsv(
  db: SqlClient,
  competitionId: number,
  csv: string,
): Promise<Array<Participant & { password: string }>> {
  const competition = await getCompetition(db, competitionId);
  let records: Record<string, string>[];
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw validationError({ csv: (error as Error).message });
  }
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  const rows = records.map((record, index) => {
    const where = `row ${index + 2}`;
    const login = record.login ?? '';
    if (!/^[A-Za-z0-9._@-]{2,64}$/.test(login)) {
      fields[`${where}: login`] = 'must be 2–64 letters, digits or . _ @ -';
    } else if (seen.has(login)) {
      fields[`${where}: login`] = 'appears twice in the file';
    }
    seen.add(login);
    const team = record.team ?? '';
    if (competition.mode === 'team' && !team) fields[`${where}: team`] = 'is required in a team competition';
    if (competition.mode === 'individual' && team) fields[`${where}: team`] = 'must be empty (individual)';
    const password = record.password || generatePassword();
    if (password.length < 8) fields[`${where}: password`] = 'must be at least 8 characters';
    return { login, displayName: record.displayName || record.name || login, team, password };
  });
  if (records.length === 0) fields.csv = 'has no participant rows (expected a header row with login)';
  if (Object.keys(fields).length > 0) throw validationError(fields);
  const hashes = await Promise.all(rows.map((r) => hashPassword(r.password)));
  const created = await db.transaction(async (tx) => {
    const teamIds = new Map<string, number>();
    const out: Participant[] = [];
    for (const [index, row] of rows.entries()) {
      let teamId: number | null = null;
      if (row.team) {
        teamId = teamIds.get(row.team) ?? null;
        if (teamId === null) {
          const [existing] = await tx.query<{ id: number }>(
            'SELECT id FROM team WHERE competition_id = $1 AND name = $2',
            [competitionId, row.team],
          );
          teamId = existing
            ? existing.id
            : (await insertTeam(tx, competitionId, row.team, competition.initialBalance)).id;
          teamIds.set(row.team, teamId);
        }
      }
      out.push(
        await insertParticipant(
          tx,
          competition,
          { login: row.login, displayName: row.displayName, passwordHash: hashes[index] as string, teamId },
          `row ${index + 2}: `,
        ),
      );
    }
    return out;
  });
  return created.map((p, i) => ({ ...p, password: (rows[i] as { password: string }).password }));
}

/**
 * Remove participant `userId`: marks them removed (their ledger rows stay), hides
 * an individual account from the scoreboard, and revokes their refresh tokens.
 * The caller also deny-lists their access tokens.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND` (not a current participant of the competition).
 */
export async function removeParticipant(db: SqlClient, competitionId: number, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE app_user SET removed_at = now()
       WHERE id = $1 AND competition_id = $2 AND role = 'participant' AND removed_at IS NULL RETURNING id`,
      [userId, competitionId],
    );
    if (rows.length === 0) throw notFoundError('participant', userId, `competition ${competitionId}`);
    await tx.query('UPDATE account SET active = false WHERE user_id = $1', [userId]);
    await tx.query('UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
      userId,
    ]);
  });
}

/** The id of the account participant `userId` plays with (their team's or their own), or `null`. */
export async function accountOf(db: Queryable, userId: number): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    `SELECT a.id FROM app_user u JOIN account a ON a.user_id = u.id OR a.team_id = u.team_id
     WHERE u.id = $1 AND u.removed_at IS NULL AND a.active`,
    [userId],
  );
  return row ? row.id : null;
}
