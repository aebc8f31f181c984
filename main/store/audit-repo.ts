// The append-only audit log: every transition and every denied or failed attempt.
import type { Db } from './database';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  caseId?: number | null;
  compartment?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  outcome: string;
  case_id: number | null;
  compartment: string | null;
  detail: string;
}

export function createAuditRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor, action, outcome, case_id, compartment, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const recent = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  return {
    append(e: AuditEntry): void {
      insert.run(e.at, e.actor, e.action, e.outcome, e.caseId ?? null, e.compartment ?? null, JSON.stringify(e.detail ?? {}));
    },
    recent: (limit: number) => recent.all(limit) as AuditRow[],
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
