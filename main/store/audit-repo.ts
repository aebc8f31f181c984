// The append-only audit log: every transition and every denied or failed attempt, hash-chained
// (audit-chain.ts). Append inside the caller's transaction so an entry and its event commit together.
import type { Db } from './database';
import { auditHash, GENESIS, verifyChain, type AuditChainRow, type ChainVerdict } from './audit-chain';

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  caseId?: number | null;
  compartment?: string | null;
  detail?: Record<string, unknown>;
}

interface AuditRow extends AuditChainRow {
  prev_hash: string;
  hash: string;
}

/** One entry as the console reads it (detail is the stored JSON text). */
export interface AuditRecord {
  id: number;
  at: number;
  actor: string;
  action: string;
  outcome: string;
  caseId: number | null;
  compartment: string | null;
  detail: string;
}

export function createAuditRepo(db: Db) {
  const head = db.prepare('SELECT last_id, hash FROM audit_head WHERE id = 1');
  // The row's hash covers its id, so the id is chosen before the insert (one writer, inside a transaction).
  const nextId = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM audit_log');
  const insert = db.prepare(
    'INSERT INTO audit_log (id, at, actor, action, outcome, case_id, compartment, detail, prev_hash, hash) VALUES (@id, @at, @actor, @action, @outcome, @case_id, @compartment, @detail, @prev_hash, @hash)',
  );
  const setHead = db.prepare('INSERT INTO audit_head (id, last_id, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash');
  const recent = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
  const all = db.prepare('SELECT * FROM audit_log ORDER BY id');

  const append = db.transaction((e: AuditEntry): void => {
    const prev = (head.get() as { hash: string } | undefined)?.hash ?? GENESIS;
    const detail = JSON.stringify(e.detail ?? {});
    const row = { at: e.at, actor: e.actor, action: e.action, outcome: e.outcome, case_id: e.caseId ?? null, compartment: e.compartment ?? null, detail };
    const { id } = nextId.get() as { id: number };
    const hash = auditHash(prev, { id, ...row });
    insert.run({ id, ...row, prev_hash: prev, hash });
    setHead.run(id, hash);
  });

  return {
    append,
    recent: (limit: number): AuditRecord[] =>
      (recent.all(limit) as AuditRow[]).map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, outcome: r.outcome, caseId: r.case_id, compartment: r.compartment, detail: r.detail })),
    verify(): ChainVerdict {
      return verifyChain(all.iterate() as Iterable<AuditRow>, head.get() as { last_id: number; hash: string } | undefined);
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
