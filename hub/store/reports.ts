// The console's reports (issue 16, item 7) over a period [from, to): throughput, time to
// completion p50/p90 by matter and by department, overdue rate, ratings. One query each; the
// percentiles are PostgreSQL's own (percentile_cont), in hours.
import type { Db } from '../db/pool';

export interface Period {
  from: number;
  to: number;
}
export interface ThroughputDay {
  day: string;
  deposited: number;
  completed: number;
}
export interface CompletionRow {
  key: string;
  completed: number;
  p50Hours: number | null;
  p90Hours: number | null;
}
export interface OverdueRow {
  departmentId: string | null;
  finished: number;
  finishedLate: number;
  openOverdue: number;
  open: number;
  /** (finished late + open overdue) / (finished + open), null when there were none. */
  rate: number | null;
}
export interface RatingRow {
  key: string;
  ratings: number;
  average: number;
  bad: number;
}

const TZ = 'Asia/Shanghai';
const P = (p: Period) => [p.from / 1000, p.to / 1000];

export async function throughput(db: Db, p: Period): Promise<ThroughputDay[]> {
  const r = await db.query(
    `WITH d AS (SELECT (deposited_at AT TIME ZONE '${TZ}')::date AS day, 1 AS dep, 0 AS done FROM cases WHERE deposited_at >= to_timestamp($1) AND deposited_at < to_timestamp($2)
       UNION ALL SELECT (completed_at AT TIME ZONE '${TZ}')::date, 0, 1 FROM cases WHERE completed_at >= to_timestamp($1) AND completed_at < to_timestamp($2))
     SELECT day::text AS day, sum(dep)::int AS deposited, sum(done)::int AS completed FROM d GROUP BY day ORDER BY day`,
    P(p),
  );
  return r.rows.map((x) => ({ day: x.day, deposited: x.deposited, completed: x.completed }));
}

/** Completion times of the cases completed in the period, grouped by matter or by department. */
export async function completionTimes(db: Db, p: Period, by: 'matter' | 'department'): Promise<CompletionRow[]> {
  const column = by === 'matter' ? 'matter_id' : "COALESCE(department_id, '')";
  const r = await db.query(
    `SELECT ${column} AS key, count(*)::int AS n,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - deposited_at)) / 3600 AS p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - deposited_at)) / 3600 AS p90
     FROM cases WHERE completed_at >= to_timestamp($1) AND completed_at < to_timestamp($2) GROUP BY 1 ORDER BY 1`,
    P(p),
  );
  return r.rows.map((x) => ({ key: x.key, completed: x.n, p50Hours: x.p50 === null ? null : Number(x.p50), p90Hours: x.p90 === null ? null : Number(x.p90) }));
}

/**
 * Overdue rate by department: cases finished (办结/退回) in the period after their due date, and
 * cases open at `today` past it, over all finished in the period and open now.
 */
export async function overdueRates(db: Db, p: Period, today: string): Promise<OverdueRow[]> {
  const r = await db.query(
    `SELECT department_id,
       count(*) FILTER (WHERE fin)::int AS finished,
       count(*) FILTER (WHERE fin AND due_date IS NOT NULL AND (updated_at AT TIME ZONE '${TZ}')::date > due_date)::int AS finished_late,
       count(*) FILTER (WHERE NOT fin)::int AS open,
       count(*) FILTER (WHERE NOT fin AND due_date < $3::date)::int AS open_overdue
     FROM (SELECT department_id, due_date, COALESCE(completed_at, updated_at) AS updated_at, state IN ('completed', 'rejected') AS fin FROM cases
           WHERE (state IN ('completed', 'rejected') AND COALESCE(completed_at, updated_at) >= to_timestamp($1) AND COALESCE(completed_at, updated_at) < to_timestamp($2))
              OR state IN ('accepted', 'in-progress', 'correction')) c
     GROUP BY department_id ORDER BY department_id NULLS FIRST`,
    [...P(p), today],
  );
  return r.rows.map((x) => {
    const all = x.finished + x.open;
    return { departmentId: x.department_id, finished: x.finished, finishedLate: x.finished_late, open: x.open, openOverdue: x.open_overdue, rate: all === 0 ? null : (x.finished_late + x.open_overdue) / all };
  });
}

/** Ratings in the period by matter, department or cabinet: count, average level, bad (≤ 2). */
export async function ratingsBy(db: Db, p: Period, by: 'matter' | 'department' | 'cabinet'): Promise<RatingRow[]> {
  const column = { matter: "COALESCE(matter_id, '')", department: "COALESCE(department_id, '')", cabinet: 'cabinet' }[by];
  const r = await db.query(
    `SELECT ${column} AS key, count(*)::int AS n, avg(level)::float8 AS average, count(*) FILTER (WHERE level <= 2)::int AS bad
     FROM ratings WHERE at >= to_timestamp($1) AND at < to_timestamp($2) GROUP BY 1 ORDER BY 1`,
    P(p),
  );
  return r.rows.map((x) => ({ key: x.key, ratings: x.n, average: Number(x.average), bad: x.bad }));
}
