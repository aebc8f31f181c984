// Departments and the matter → department routes (按责转办), with their committed working days.
import type { Db } from '../db/pool';

export interface Department {
  id: string;
  nameZh: string;
  nameEn: string;
  supervisor: string | null;
}

export interface MatterRoute {
  id: string;
  nameZh: string;
  nameEn: string;
  departmentId: string | null;
  committedDays: number;
}

export async function upsertDepartments(db: Db, departments: Omit<Department, 'supervisor'>[]): Promise<void> {
  for (const d of departments) {
    await db.query(`INSERT INTO departments (id, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en`, [d.id, d.nameZh, d.nameEn]);
  }
}

export async function setSupervisor(db: Db, departmentId: string, login: string | null): Promise<void> {
  await db.query(`UPDATE departments SET supervisor = $2 WHERE id = $1`, [departmentId, login]);
}

export async function listDepartments(db: Db): Promise<Department[]> {
  const r = await db.query(`SELECT * FROM departments ORDER BY id`);
  return r.rows.map((d) => ({ id: d.id, nameZh: d.name_zh, nameEn: d.name_en, supervisor: d.supervisor }));
}

export async function upsertMatters(db: Db, matters: MatterRoute[]): Promise<void> {
  for (const m of matters) {
    await db.query(
      `INSERT INTO matters (id, name_zh, name_en, department_id, committed_days) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, department_id = EXCLUDED.department_id, committed_days = EXCLUDED.committed_days`,
      [m.id, m.nameZh, m.nameEn, m.departmentId, m.committedDays],
    );
  }
}

export async function listMatters(db: Db): Promise<MatterRoute[]> {
  const r = await db.query(`SELECT * FROM matters ORDER BY id`);
  return r.rows.map((m) => ({ id: m.id, nameZh: m.name_zh, nameEn: m.name_en, departmentId: m.department_id, committedDays: m.committed_days }));
}

/** Routes a matter to a department (null: unrouted). Cases already open keep theirs; reassign moves one. */
export async function routeMatter(db: Db, matterId: string, departmentId: string | null): Promise<boolean> {
  const r = await db.query(`UPDATE matters SET department_id = $2 WHERE id = $1`, [matterId, departmentId]);
  return (r.rowCount ?? 0) > 0;
}

export async function departmentExists(db: Db, id: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM departments WHERE id = $1`, [id])).rowCount === 1;
}
