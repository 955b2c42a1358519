/** Announcements: short messages from the admins, pushed live to every stream of the competition. */
import type { Queryable } from '../db/sql-client.ts';
import type { Announcement } from '../domain/schemas.ts';
import { getCompetition } from './competitions.ts';

interface Row {
  id: number;
  competition_id: number;
  message: string;
  created_at: Date;
}

const toAnnouncement = (r: Row): Announcement => ({
  id: r.id,
  competitionId: r.competition_id,
  message: r.message,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Post an announcement by admin `adminId`.
 * @throws ArenaError `ARENA_ERR_NOT_FOUND` (competition).
 */
export async function createAnnouncement(
  db: Queryable,
  competitionId: number,
  adminId: number,
  message: string,
): Promise<Announcement> {
  await getCompetition(db, competitionId);
  const [row] = await db.query<Row>(
    'INSERT INTO announcement (competition_id, message, created_by) VALUES ($1, $2, $3) RETURNING *',
    [competitionId, message, adminId],
  );
  return toAnnouncement(row as Row);
}

/** The competition's announcements, newest first. @throws ArenaError `ARENA_ERR_NOT_FOUND`. */
export async function listAnnouncements(db: Queryable, competitionId: number): Promise<Announcement[]> {
  await getCompetition(db, competitionId);
  const rows = await db.query<Row>('SELECT * FROM announcement WHERE competition_id = $1 ORDER BY id DESC', [
    competitionId,
  ]);
  return rows.map(toAnnouncement);
}
