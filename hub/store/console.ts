// The console's own reads and writes beside hub-core's store modules: departments, matters and
// follow-ups as the console lists them, closing a follow-up, the commands sent to a cabinet.
import type { Db } from '../db/pool';

export interface Department {
  id: string;
  nameZh: string;
  nameEn: string;
}
export interface Matter {
  id: string;
  nameZh: string;
  nameEn: string;
  departmentId: string | null;
  committedDays: number;
}
export interface Followup {
  id: number;
  cabinet: string;
  reference: string | null;
  caseId: number | null;
  departmentId: string | null;
  level: number;
  comments: unknown;
  openedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  note: string | null;
}

export async function listDepartments(db: Db): Promise<Department[]> {
  const r = await db.query('SELECT id, name_zh, name_en FROM departments ORDER BY id');
  return r.rows.map((d) => ({ id: d.id, nameZh: d.name_zh, nameEn: d.name_en }));
}

export async function listMatters(db: Db): Promise<Matter[]> {
  const r = await db.query('SELECT id, name_zh, name_en, department_id, committed_days FROM matters ORDER BY id');
  return r.rows.map((m) => ({ id: m.id, nameZh: m.name_zh, nameEn: m.name_en, departmentId: m.department_id, committedDays: m.committed_days }));
}

const FOLLOWUP = `SELECT f.id, r.cabinet, r.reference, f.case_id, f.department_id, r.level, r.comments, f.opened_at, f.closed_at, f.closed_by, f.note
  FROM followups f JOIN ratings r ON r.event_id = f.rating_event_id`;
const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const toFollowup = (f: Record<string, unknown>): Followup => ({
  id: f.id as number,
  cabinet: f.cabinet as string,
  reference: (f.reference as string | null) ?? null,
  caseId: (f.case_id as number | null) ?? null,
  departmentId: (f.department_id as string | null) ?? null,
  level: f.level as number,
  comments: f.comments,
  openedAt: (f.opened_at as Date).getTime(),
  closedAt: ms(f.closed_at as Date | null),
  closedBy: (f.closed_by as string | null) ?? null,
  note: (f.note as string | null) ?? null,
});

/** Open follow-ups, oldest first; of one department, or all (departmentId undefined). */
export async function openFollowups(db: Db, departmentId?: string | null): Promise<Followup[]> {
  const r =
    departmentId === undefined
      ? await db.query(`${FOLLOWUP} WHERE f.closed_at IS NULL ORDER BY f.opened_at, f.id LIMIT 500`)
      : await db.query(`${FOLLOWUP} WHERE f.closed_at IS NULL AND f.department_id IS NOT DISTINCT FROM $1 ORDER BY f.opened_at, f.id LIMIT 500`, [departmentId]);
  return r.rows.map(toFollowup);
}

export async function getFollowup(db: Db, id: number): Promise<Followup | null> {
  const r = await db.query(`${FOLLOWUP} WHERE f.id = $1`, [id]);
  return r.rows[0] ? toFollowup(r.rows[0]) : null;
}

/** Closes an open follow-up; false when it was closed already (two people at once: the first wins). */
export async function closeFollowup(db: Db, id: number, by: string, note: string, at: number): Promise<boolean> {
  const r = await db.query('UPDATE followups SET closed_at = to_timestamp($4 / 1000.0), closed_by = $2, note = $3 WHERE id = $1 AND closed_at IS NULL', [id, by, note, at]);
  return (r.rowCount ?? 0) === 1;
}

export interface SentCommand {
  id: string;
  type: string;
  issuedAt: number;
  issuedBy: string;
  state: string;
  response: unknown;
}

export async function commandsOfCabinet(db: Db, cabinet: string, limit = 20): Promise<SentCommand[]> {
  const r = await db.query('SELECT id, type, issued_at, issued_by, state, response FROM commands WHERE cabinet = $1 ORDER BY issued_at DESC LIMIT $2', [cabinet, limit]);
  return r.rows.map((c) => ({ id: c.id, type: c.type, issuedAt: c.issued_at.getTime(), issuedBy: c.issued_by, state: c.state, response: c.response }));
}
