// Rows of the cases table. No rules here: the core decides what may change and when.
import type { Db } from './database';

export interface CaseRow {
  id: number;
  reference: string;
  matter_id: string;
  phone: string | null;
  phone_last4: string | null;
  status: string;
  compartment: string | null;
  language: string;
  elder_mode: number;
  created_at: number;
  updated_at: number;
  deposited_at: number | null;
  expected_date: string | null;
}

export interface NewCase {
  reference: string;
  matterId: string;
  phone: string;
  status: string;
  compartment: string;
  language: string;
  elderMode: boolean;
  at: number;
}

export function createCasesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO cases (reference, matter_id, phone, phone_last4, status, compartment, language, elder_mode, created_at, updated_at)
     VALUES (@reference, @matterId, @phone, @last4, @status, @compartment, @language, @elderMode, @at, @at)`,
  );
  const byId = db.prepare('SELECT * FROM cases WHERE id = ?');
  const byReference = db.prepare('SELECT * FROM cases WHERE reference = ?');
  const setStatus = db.prepare('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?');
  const setDeposited = db.prepare(
    'UPDATE cases SET status = @status, updated_at = @at, deposited_at = @at, expected_date = @expected WHERE id = @id',
  );
  return {
    insert(c: NewCase): number {
      const info = insert.run({ ...c, last4: c.phone.slice(-4), elderMode: c.elderMode ? 1 : 0 });
      return Number(info.lastInsertRowid);
    },
    byId: (id: number) => byId.get(id) as CaseRow | undefined,
    byReference: (reference: string) => byReference.get(reference) as CaseRow | undefined,
    setStatus(id: number, status: string, at: number): void {
      setStatus.run(status, at, id);
    },
    markDeposited(id: number, status: string, at: number, expected: string): void {
      setDeposited.run({ id, status, at, expected });
    },
  };
}
export type CasesRepo = ReturnType<typeof createCasesRepo>;
