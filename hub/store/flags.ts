// Deadline flags: the sweep writes each (case, kind) once, with a timeline line, in one statement.
import type { Db } from '../db/pool';

export interface FlagCutoffs {
  dueSoonUpTo: string;
  overdueBefore: string;
  leadBefore: string;
}

export interface RaisedFlag {
  caseId: number;
  kind: string;
  notify: string;
}

const OPEN = `c.state IN ('accepted', 'in-progress', 'correction')`;

/** Who each kind is told to; the condition on the due date is the caller's cut-off. */
const KINDS: { kind: string; where: string; notify: string }[] = [
  { kind: 'due-soon', where: `c.due_date >= $2::date AND c.due_date <= $3::date`, notify: `'department:' || COALESCE(c.department_id, 'unrouted')` },
  { kind: 'overdue', where: `c.due_date < $2::date`, notify: `'department:' || COALESCE(c.department_id, 'unrouted')` },
  { kind: 'escalated-supervisor', where: `c.due_date < $2::date`, notify: `'supervisor:' || COALESCE(d.supervisor, c.department_id, 'unrouted')` },
  { kind: 'escalated-lead', where: `c.due_date < $4::date`, notify: `'district-lead'` },
];

/** Raises every flag now due, once (primary key), and puts each on its case's timeline. */
export async function raiseFlags(db: Db, now: number, today: string, c: FlagCutoffs): Promise<RaisedFlag[]> {
  const raised: RaisedFlag[] = [];
  for (const k of KINDS) {
    const r = await db.query<{ case_id: number; notify: string }>(
      `WITH raised AS (
         INSERT INTO case_flags (case_id, kind, raised_at, notify)
         SELECT c.id, $5, to_timestamp($1 / 1000.0), ${k.notify} FROM cases c LEFT JOIN departments d ON d.id = c.department_id
         WHERE ${OPEN} AND c.due_date IS NOT NULL AND ${k.where}
           -- skip what is already raised before trying to insert it: a quiet sweep then writes nothing
           AND NOT EXISTS (SELECT 1 FROM case_flags x WHERE x.case_id = c.id AND x.kind = $5)
           -- every cut-off is typed in every statement, used or not
           AND $2::date IS NOT NULL AND $3::date IS NOT NULL AND $4::date IS NOT NULL
         ON CONFLICT (case_id, kind) DO NOTHING RETURNING case_id, notify)
       , lines AS (INSERT INTO case_timeline (case_id, at, actor, kind, note) SELECT case_id, to_timestamp($1 / 1000.0), 'hub:sweep', 'flag:' || $5, notify FROM raised)
       SELECT case_id, notify FROM raised`,
      [now, today, c.dueSoonUpTo, c.leadBefore, k.kind],
    );
    // A loop, not push(...rows): the first sweep over a backlog raises hundreds of thousands.
    for (const x of r.rows) raised.push({ caseId: x.case_id, kind: k.kind, notify: x.notify });
  }
  return raised;
}

export async function flagsOf(db: Db, caseId: number): Promise<{ kind: string; notify: string; raisedAt: number }[]> {
  const r = await db.query(`SELECT kind, notify, raised_at FROM case_flags WHERE case_id = $1 ORDER BY raised_at, kind`, [caseId]);
  return r.rows.map((f) => ({ kind: f.kind, notify: f.notify, raisedAt: f.raised_at.getTime() }));
}
