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
  closed_at: number | null;
  pickup_code_hash: string | null;
  pickup_deadline: number | null;
  correction_reason: string | null;
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
  const setDeposit = db.prepare('UPDATE cases SET deposited_at = @at, expected_date = @expected WHERE id = @id');
  return {
    insert(c: NewCase): number {
      const info = insert.run({ ...c, last4: c.phone.slice(-4), elderMode: c.elderMode ? 1 : 0 });
      return Number(info.lastInsertRowid);
    },
    byId: (id: number) => byId.get(id) as CaseRow | undefined,
    byReference: (reference: string) => byReference.get(reference) as CaseRow | undefined,
    setDeposit(id: number, at: number, expected: string): void {
      setDeposit.run({ id, at, expected });
    },
  };
}
export type CasesRepo = ReturnType<typeof createCasesRepo>;
