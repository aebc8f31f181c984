// Rows of the fleet link (migration 6): the MQTT outbox, the cursors of the sources it is fed from
// (the audit log and the ratings), and the nonces of commands already seen. No rules here: the
// core's fleet module decides what becomes an event and when a row counts as sent (on PUBACK).
import type { Db } from './database';

/** An audit row the feed reads, with the case's reference and matter when it has a case. */
export interface FleetAuditRow {
  id: number;
  at: number;
  action: string;
  outcome: string;
  compartment: string | null;
  detail: string;
  reference: string | null;
  matterId: string | null;
}

export interface FleetRatingRow {
  id: number;
  at: number;
  flow: string;
  level: number;
  comment: string | null;
  reference: string | null;
}

export interface FleetOutboxRow {
  id: number;
  messageId: string;
  type: string;
  payload: string;
  createdAt: number;
}

export interface FleetEventRow {
  messageId: string;
  type: string;
  payload: string;
  createdAt: number;
}

export function createFleetRepo(db: Db) {
  const cursor = db.prepare('SELECT last_id FROM fleet_cursors WHERE source = ?');
  const setCursor = db.prepare('INSERT INTO fleet_cursors (source, last_id) VALUES (?, ?) ON CONFLICT(source) DO UPDATE SET last_id = excluded.last_id');
  const auditAfter = db.prepare(
    `SELECT a.id, a.at, a.action, a.outcome, a.compartment, a.detail, c.reference, c.matter_id AS matterId
       FROM audit_log a LEFT JOIN cases c ON c.id = a.case_id WHERE a.id > ? ORDER BY a.id LIMIT ?`,
  );
  const ratingsAfter = db.prepare(
    'SELECT r.id, r.at, r.flow, r.level, r.comment, c.reference FROM ratings r LEFT JOIN cases c ON c.id = r.case_id WHERE r.id > ? ORDER BY r.id LIMIT ?',
  );
  const headAudit = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log');
  const headRatings = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM ratings');
  const insert = db.prepare('INSERT OR IGNORE INTO fleet_outbox (message_id, type, payload, created_at) VALUES (?, ?, ?, ?)');
  const nextId = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM fleet_outbox');
  const pending = db.prepare('SELECT id, message_id AS messageId, type, payload, created_at AS createdAt FROM fleet_outbox WHERE sent_at IS NULL AND id > ? ORDER BY id LIMIT ?');
  const markSent = db.prepare('UPDATE fleet_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL');
  const backlog = db.prepare('SELECT COUNT(*) AS n FROM fleet_outbox WHERE sent_at IS NULL');
  const addNonce = db.prepare('INSERT OR IGNORE INTO fleet_nonces (nonce, seen_at) VALUES (?, ?)');
  const pruneNonces = db.prepare('DELETE FROM fleet_nonces WHERE seen_at < ?');
  return {
    cursor: (source: 'audit' | 'ratings'): number => (cursor.get(source) as { last_id: number } | undefined)?.last_id ?? 0,
    /** Whether the feed has started (any cursor written). */
    started: (): boolean => cursor.get('audit') !== undefined,
    /** Start the feed at the current end of the audit log and ratings (what came before stays local). */
    startAtHead(): void {
      db.transaction(() => {
        setCursor.run('audit', (headAudit.get() as { id: number }).id);
        setCursor.run('ratings', (headRatings.get() as { id: number }).id);
      })();
    },
    auditAfter: (id: number, limit: number) => auditAfter.all(id, limit) as FleetAuditRow[],
    ratingsAfter: (id: number, limit: number) => ratingsAfter.all(id, limit) as FleetRatingRow[],
    /** The id the next outbox row will get (its sequence number); call inside the feeding transaction. */
    nextSeq: (): number => (nextId.get() as { id: number }).id,
    /** Outbox rows and the advanced cursors, in ONE transaction: a crash leaves both or neither. */
    feed(rows: readonly FleetEventRow[], cursors: { audit?: number; ratings?: number }): void {
      db.transaction(() => {
        for (const r of rows) insert.run(r.messageId, r.type, r.payload, r.createdAt);
        if (cursors.audit !== undefined) setCursor.run('audit', cursors.audit);
        if (cursors.ratings !== undefined) setCursor.run('ratings', cursors.ratings);
      })();
    },
    /** Unsent rows after `afterId`, oldest first. */
    pending: (afterId: number, limit: number) => pending.all(afterId, limit) as FleetOutboxRow[],
    markSent: (id: number, at: number): void => void markSent.run(at, id),
    backlog: (): number => (backlog.get() as { n: number }).n,
    /** Record a command's nonce; false when it was seen before (a replay). */
    rememberNonce: (nonce: string, at: number): boolean => addNonce.run(nonce, at).changes === 1,
    forgetNoncesBefore: (at: number): void => void pruneNonces.run(at),
  };
}
export type FleetRepo = ReturnType<typeof createFleetRepo>;
