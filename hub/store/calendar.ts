// The official calendar the deadlines count over: holidays and 调休 working days.
import type { Db } from '../db/pool';

export interface CalendarRow {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export async function upsertCalendar(db: Db, rows: CalendarRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO calendar_days (day, kind, name) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])
     ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
    [rows.map((r) => r.day), rows.map((r) => r.kind), rows.map((r) => r.name)],
  );
}

export async function listCalendar(db: Db): Promise<CalendarRow[]> {
  const r = await db.query(`SELECT day, kind, name FROM calendar_days ORDER BY day`);
  return r.rows as CalendarRow[];
}
