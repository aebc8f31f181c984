// Ratings (好差评) from every cabinet, follow-up tasks for bad ones, satisfaction aggregates.
import type { Db } from '../db/pool';

export interface RatingRow {
  eventId: string;
  cabinet: string;
  reference: string | null;
  caseId: number | null;
  matterId: string | null;
  departmentId: string | null;
  flow: string;
  level: number;
  comments: string[];
  at: number;
}

export interface Followup {
  id: number;
  ratingEventId: string;
  caseId: number | null;
  departmentId: string | null;
  openedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  note: string | null;
  level: number;
  cabinet: string;
  reference: string | null;
}

/** Stored once; false when the rating was already there. */
export async function insertRating(db: Db, r: RatingRow): Promise<boolean> {
  const done = await db.query(
    `INSERT INTO ratings (event_id, cabinet, reference, case_id, matter_id, department_id, flow, level, comments, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10 / 1000.0)) ON CONFLICT (event_id) DO NOTHING`,
    [r.eventId, r.cabinet, r.reference, r.caseId, r.matterId, r.departmentId, r.flow, r.level, JSON.stringify(r.comments), r.at],
  );
  return done.rowCount === 1;
}

export async function openFollowup(db: Db, r: RatingRow): Promise<void> {
  await db.query(
    `INSERT INTO followups (rating_event_id, case_id, department_id, opened_at) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0)) ON CONFLICT (rating_event_id) DO NOTHING`,
    [r.eventId, r.caseId, r.departmentId, r.at],
  );
}

/** Closes an open follow-up with its note; false when there is no open one of that id. */
export async function closeFollowup(db: Db, id: number, by: string, note: string, at: number): Promise<boolean> {
  const r = await db.query(`UPDATE followups SET closed_at = to_timestamp($4 / 1000.0), closed_by = $2, note = $3 WHERE id = $1 AND closed_at IS NULL`, [id, by, note, at]);
  return r.rowCount === 1;
}

export async function listFollowups(db: Db, filter: { open?: boolean; departmentId?: string } = {}): Promise<Followup[]> {
  const r = await db.query(
    `SELECT f.*, r.level, r.cabinet, r.reference FROM followups f JOIN ratings r ON r.event_id = f.rating_event_id
     WHERE ($1::boolean IS NULL OR (f.closed_at IS NULL) = $1) AND ($2::text IS NULL OR f.department_id = $2)
     ORDER BY f.opened_at, f.id`,
    [filter.open ?? null, filter.departmentId ?? null],
  );
  return r.rows.map((f) => ({
    id: f.id,
    ratingEventId: f.rating_event_id,
    caseId: f.case_id,
    departmentId: f.department_id,
    openedAt: f.opened_at.getTime(),
    closedAt: f.closed_at ? f.closed_at.getTime() : null,
    closedBy: f.closed_by,
    note: f.note,
    level: f.level,
    cabinet: f.cabinet,
    reference: f.reference,
  }));
}

export type SatisfactionKey = 'matter' | 'department' | 'cabinet';
export interface Satisfaction {
  key: string | null;
  ratings: number;
  average: number;
  /** Share of ratings of 4 or 5. */
  satisfied: number;
  bad: number;
}

const COLUMN: Record<SatisfactionKey, string> = { matter: 'matter_id', department: 'department_id', cabinet: 'cabinet' };

export async function satisfaction(db: Db, by: SatisfactionKey, range: { from?: number; to?: number } = {}): Promise<Satisfaction[]> {
  const column = COLUMN[by];
  const r = await db.query(
    `SELECT ${column} AS key, count(*)::int AS n, avg(level)::float8 AS avg,
       (count(*) FILTER (WHERE level >= 4))::float8 / count(*) AS satisfied, (count(*) FILTER (WHERE level <= 2))::int AS bad
     FROM ratings WHERE ($1::float8 IS NULL OR at >= to_timestamp($1 / 1000.0)) AND ($2::float8 IS NULL OR at < to_timestamp($2 / 1000.0))
     GROUP BY ${column} ORDER BY ${column} NULLS LAST`,
    [range.from ?? null, range.to ?? null],
  );
  return r.rows.map((x) => ({ key: x.key, ratings: x.n, average: x.avg, satisfied: x.satisfied, bad: x.bad }));
}

/** Batch form for the ingest: answers the event ids stored now. */
export async function insertRatings(db: Db, rows: RatingRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await db.query<{ event_id: string }>(
    `INSERT INTO ratings (event_id, cabinet, reference, case_id, matter_id, department_id, flow, level, comments, at)
     SELECT event_id, cabinet, reference, case_id, matter_id, department_id, flow, level, comments::jsonb, to_timestamp(at / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::float8[])
       AS t(event_id, cabinet, reference, case_id, matter_id, department_id, flow, level, comments, at)
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [
      rows.map((x) => x.eventId), rows.map((x) => x.cabinet), rows.map((x) => x.reference), rows.map((x) => x.caseId), rows.map((x) => x.matterId),
      rows.map((x) => x.departmentId), rows.map((x) => x.flow), rows.map((x) => x.level), rows.map((x) => JSON.stringify(x.comments)), rows.map((x) => x.at),
    ],
  );
  return new Set(r.rows.map((x) => x.event_id));
}

export async function openFollowups(db: Db, rows: RatingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO followups (rating_event_id, case_id, department_id, opened_at)
     SELECT event_id, case_id, department_id, to_timestamp(at / 1000.0) FROM unnest($1::text[], $2::bigint[], $3::text[], $4::float8[]) AS t(event_id, case_id, department_id, at)
     ON CONFLICT (rating_event_id) DO NOTHING`,
    [rows.map((x) => x.eventId), rows.map((x) => x.caseId), rows.map((x) => x.departmentId), rows.map((x) => x.at)],
  );
}
