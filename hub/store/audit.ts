// The console's audit trail (hub_audit, migration 0100): append and read, never change (a trigger
// refuses UPDATE, DELETE and TRUNCATE).
import type { Db } from '../db/pool';

export interface HubAuditEntry {
  at: number;
  /** `account:{login}`, `login:{login}` for a refused login, `hub` for the hub itself. */
  actor: string;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  cabinet?: string | null;
  reference?: string | null;
  detail?: Record<string, unknown> | null;
}
export interface HubAuditRow extends HubAuditEntry {
  id: number;
}

type Row = { id: number; at: Date; actor: string; action: string; outcome: HubAuditEntry['outcome']; cabinet: string | null; reference: string | null; detail: Record<string, unknown> | null };
const toEntry = (r: Row): HubAuditRow => ({ id: Number(r.id), at: r.at.getTime(), actor: r.actor, action: r.action, outcome: r.outcome, cabinet: r.cabinet, reference: r.reference, detail: r.detail });

export function createAuditStore(db: Db) {
  return {
    async append(e: HubAuditEntry): Promise<void> {
      await db.query('INSERT INTO hub_audit (at, actor, action, outcome, cabinet, reference, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        new Date(e.at),
        e.actor,
        e.action,
        e.outcome,
        e.cabinet ?? null,
        e.reference ?? null,
        e.detail ? JSON.stringify(e.detail) : null,
      ]);
    },
    /** A case's hub actions, oldest first (its timeline beside the cabinet's events). */
    async ofCase(cabinet: string, reference: string): Promise<HubAuditRow[]> {
      const { rows } = await db.query<Row>('SELECT * FROM hub_audit WHERE reference = $1 AND (cabinet = $2 OR cabinet IS NULL) ORDER BY at, id', [reference, cabinet]);
      return rows.map(toEntry);
    },
    async recent(limit: number): Promise<HubAuditRow[]> {
      const { rows } = await db.query<Row>('SELECT * FROM hub_audit ORDER BY id DESC LIMIT $1', [Math.min(Math.max(1, limit), 1000)]);
      return rows.map(toEntry);
    },
  };
}
export type AuditStore = ReturnType<typeof createAuditStore>;
