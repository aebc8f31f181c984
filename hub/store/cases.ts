// Cases (one per cabinet + reference), their timeline and the supervision queries.
import type { Db } from '../db/pool';

export const caseStates = ['accepted', 'in-progress', 'completed', 'correction', 'rejected'] as const;
/** 受理, 办理中, 办结, 补正, 退回. */
export type CaseState = (typeof caseStates)[number];
export const openStates: readonly CaseState[] = ['accepted', 'in-progress', 'correction'];

export interface CaseRow {
  id: number;
  cabinet: string;
  reference: string;
  matterId: string;
  departmentId: string | null;
  state: CaseState;
  compartment: string | null;
  depositedAt: number;
  /** YYYY-MM-DD, null when the matter is unknown to the hub. */
  dueDate: string | null;
  completedAt: number | null;
  pickedUpAt: number | null;
  ended: string | null;
  flags: string[];
}

export interface TimelineEntry {
  at: number;
  actor: string;
  kind: string;
  fromState: string | null;
  toState: string | null;
  note: string | null;
  eventId: string | null;
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

function caseOf(r: Record<string, unknown>): CaseRow {
  return {
    id: r.id as number,
    cabinet: r.cabinet as string,
    reference: r.reference as string,
    matterId: r.matter_id as string,
    departmentId: (r.department_id as string | null) ?? null,
    state: r.state as CaseState,
    compartment: (r.compartment as string | null) ?? null,
    depositedAt: (r.deposited_at as Date).getTime(),
    dueDate: (r.due_date as string | null) ?? null,
    completedAt: ms(r.completed_at as Date | null),
    pickedUpAt: ms(r.picked_up_at as Date | null),
    ended: (r.ended as string | null) ?? null,
    flags: (r.flags as string[] | undefined) ?? [],
  };
}

const SELECT_CASE = `SELECT c.*, COALESCE((SELECT array_agg(f.kind ORDER BY f.kind) FROM case_flags f WHERE f.case_id = c.id), '{}') AS flags FROM cases c`;

const OPEN_STATES_SQL = `c.state IN ('accepted', 'in-progress', 'correction')`;

/** The supervision queries, named so the benchmark can EXPLAIN exactly what the console runs. */
export const supervisionSql = {
  departmentQueue: `${SELECT_CASE} WHERE c.department_id = $1 AND ${OPEN_STATES_SQL} ORDER BY c.due_date ASC NULLS LAST, c.id LIMIT $2`,
  unroutedQueue: `${SELECT_CASE} WHERE c.department_id IS NULL AND ${OPEN_STATES_SQL} ORDER BY c.due_date ASC NULLS LAST, c.id LIMIT $1`,
  overdueFirst: `${SELECT_CASE} WHERE ${OPEN_STATES_SQL} ORDER BY c.due_date ASC NULLS LAST, c.id LIMIT $1`,
  casesInState: `${SELECT_CASE} WHERE c.state = $1 ORDER BY c.deposited_at DESC LIMIT $2`,
  cabinetCases: `${SELECT_CASE} WHERE c.cabinet = $1 ORDER BY c.deposited_at DESC LIMIT $2`,
  counts: `SELECT department_id, state, count(*)::int AS n FROM cases GROUP BY department_id, state ORDER BY department_id NULLS FIRST, state`,
} as const;

export async function findCase(db: Db, cabinet: string, reference: string): Promise<CaseRow | null> {
  const r = await db.query(`${SELECT_CASE} WHERE c.cabinet = $1 AND c.reference = $2`, [cabinet, reference]);
  return r.rows[0] ? caseOf(r.rows[0]) : null;
}

export async function getCase(db: Db, id: number): Promise<CaseRow | null> {
  const r = await db.query(`${SELECT_CASE} WHERE c.id = $1`, [id]);
  return r.rows[0] ? caseOf(r.rows[0]) : null;
}

export interface NewCase {
  cabinet: string;
  reference: string;
  matterId: string;
  departmentId: string | null;
  compartment: string | null;
  depositedAt: number;
  dueDate: string | null;
}

/** A new case in 受理; null when the cabinet + reference is already a case (a re-delivered deposit). */
export async function insertCase(db: Db, c: NewCase): Promise<number | null> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO cases (cabinet, reference, matter_id, department_id, state, compartment, deposited_at, due_date, updated_at)
     VALUES ($1, $2, $3, $4, 'accepted', $5, to_timestamp($6 / 1000.0), $7, to_timestamp($6 / 1000.0))
     ON CONFLICT (cabinet, reference) DO NOTHING RETURNING id`,
    [c.cabinet, c.reference, c.matterId, c.departmentId, c.compartment, c.depositedAt, c.dueDate],
  );
  return r.rows[0]?.id ?? null;
}

export async function setCaseState(db: Db, id: number, state: CaseState, at: number): Promise<void> {
  await db.query(
    `UPDATE cases SET state = $2, updated_at = to_timestamp($3 / 1000.0),
       completed_at = CASE WHEN $2 = 'completed' THEN to_timestamp($3 / 1000.0) ELSE completed_at END WHERE id = $1`,
    [id, state, at],
  );
}

/** The case left the cabinet (picked up, expired, recalled). */
export async function setCaseEnded(db: Db, id: number, ended: string, at: number): Promise<void> {
  await db.query(`UPDATE cases SET ended = $2, picked_up_at = CASE WHEN $2 = 'picked-up' THEN to_timestamp($3 / 1000.0) ELSE picked_up_at END, updated_at = to_timestamp($3 / 1000.0) WHERE id = $1`, [id, ended, at]);
}

export async function setCaseDepartment(db: Db, id: number, departmentId: string, at: number): Promise<void> {
  await db.query(`UPDATE cases SET department_id = $2, updated_at = to_timestamp($3 / 1000.0) WHERE id = $1`, [id, departmentId, at]);
}

export async function addTimeline(db: Db, caseId: number, e: TimelineEntry): Promise<void> {
  await db.query(
    `INSERT INTO case_timeline (case_id, at, actor, kind, from_state, to_state, note, event_id) VALUES ($1, to_timestamp($2 / 1000.0), $3, $4, $5, $6, $7, $8)`,
    [caseId, e.at, e.actor, e.kind, e.fromState, e.toState, e.note, e.eventId],
  );
}

export async function timeline(db: Db, caseId: number): Promise<TimelineEntry[]> {
  const r = await db.query(`SELECT * FROM case_timeline WHERE case_id = $1 ORDER BY at, id`, [caseId]);
  return r.rows.map((t) => ({ at: t.at.getTime(), actor: t.actor, kind: t.kind, fromState: t.from_state, toState: t.to_state, note: t.note, eventId: t.event_id }));
}

/** A department's open cases, overdue first (earliest due date first; cases with no due date last). */
export async function departmentQueue(db: Db, departmentId: string | null, limit = 100): Promise<CaseRow[]> {
  // Two statements, so each uses the partial index on (department_id, due_date): IS NOT DISTINCT FROM would not.
  const r = await db.query(departmentId === null ? supervisionSql.unroutedQueue : supervisionSql.departmentQueue, departmentId === null ? [limit] : [departmentId, limit]);
  return r.rows.map(caseOf);
}

/** The whole district's open cases, overdue first. */
export async function overdueFirst(db: Db, limit = 100): Promise<CaseRow[]> {
  const r = await db.query(supervisionSql.overdueFirst, [limit]);
  return r.rows.map(caseOf);
}

export async function casesInState(db: Db, state: CaseState, limit = 100): Promise<CaseRow[]> {
  const r = await db.query(supervisionSql.casesInState, [state, limit]);
  return r.rows.map(caseOf);
}

export async function cabinetCases(db: Db, cabinet: string, limit = 100): Promise<CaseRow[]> {
  const r = await db.query(supervisionSql.cabinetCases, [cabinet, limit]);
  return r.rows.map(caseOf);
}

/** Counts by state and department (the console's board). */
export async function countsByDepartmentAndState(db: Db): Promise<{ departmentId: string | null; state: CaseState; count: number }[]> {
  const r = await db.query(supervisionSql.counts);
  return r.rows.map((x) => ({ departmentId: x.department_id, state: x.state, count: x.n }));
}

// Batch forms for the ingest: one statement per kind of write, whatever the batch size.

/** New cases in 受理; answers the ones inserted now (a re-delivered deposit inserts nothing). */
export async function insertCases(db: Db, cases: NewCase[]): Promise<{ id: number; cabinet: string; reference: string }[]> {
  if (cases.length === 0) return [];
  const r = await db.query(
    `INSERT INTO cases (cabinet, reference, matter_id, department_id, state, compartment, deposited_at, due_date, updated_at)
     SELECT cabinet, reference, matter_id, department_id, 'accepted', compartment, to_timestamp(at / 1000.0), due, to_timestamp(at / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::date[]) AS t(cabinet, reference, matter_id, department_id, compartment, at, due)
     ON CONFLICT (cabinet, reference) DO NOTHING RETURNING id, cabinet, reference`,
    [cases.map((c) => c.cabinet), cases.map((c) => c.reference), cases.map((c) => c.matterId), cases.map((c) => c.departmentId), cases.map((c) => c.compartment), cases.map((c) => c.depositedAt), cases.map((c) => c.dueDate)],
  );
  return r.rows as { id: number; cabinet: string; reference: string }[];
}

/** The cases of these (cabinet, reference) pairs, in one query. */
export async function findCases(db: Db, keys: { cabinet: string; reference: string }[]): Promise<CaseRow[]> {
  if (keys.length === 0) return [];
  const r = await db.query(
    `SELECT c.*, '{}'::text[] AS flags FROM cases c JOIN unnest($1::text[], $2::text[]) AS k(cabinet, reference) ON c.cabinet = k.cabinet AND c.reference = k.reference`,
    [keys.map((k) => k.cabinet), keys.map((k) => k.reference)],
  );
  return r.rows.map(caseOf);
}

export interface CaseUpdate {
  id: number;
  state: CaseState | null;
  ended: string | null;
  at: number;
}

/** One row per case (the batch's last word on it): its new state and/or how it left the cabinet. */
export async function updateCases(db: Db, updates: CaseUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await db.query(
    `UPDATE cases c SET state = COALESCE(u.state, c.state), updated_at = to_timestamp(u.at / 1000.0),
       completed_at = CASE WHEN u.state = 'completed' THEN to_timestamp(u.at / 1000.0) ELSE c.completed_at END,
       ended = COALESCE(u.ended, c.ended),
       picked_up_at = CASE WHEN u.ended = 'picked-up' THEN to_timestamp(u.at / 1000.0) ELSE c.picked_up_at END
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[]) AS u(id, state, ended, at) WHERE c.id = u.id`,
    [updates.map((u) => u.id), updates.map((u) => u.state), updates.map((u) => u.ended), updates.map((u) => u.at)],
  );
}

export async function addTimelines(db: Db, entries: (TimelineEntry & { caseId: number })[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO case_timeline (case_id, at, actor, kind, from_state, to_state, note, event_id)
     SELECT case_id, to_timestamp(at / 1000.0), actor, kind, from_state, to_state, note, event_id
     FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(case_id, at, actor, kind, from_state, to_state, note, event_id)`,
    [entries.map((e) => e.caseId), entries.map((e) => e.at), entries.map((e) => e.actor), entries.map((e) => e.kind), entries.map((e) => e.fromState), entries.map((e) => e.toState), entries.map((e) => e.note), entries.map((e) => e.eventId)],
  );
}
