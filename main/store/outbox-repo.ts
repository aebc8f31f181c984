// The notification outbox: rows written in the same transaction as the event they announce;
// a delivery worker (a later issue) sends them.
import type { Db } from './database';

export interface OutboxMessage {
  at: number;
  kind: string;
  audience: 'staff' | 'resident' | 'technician';
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO outbox (created_at, kind, audience, payload, idempotency_key) VALUES (?, ?, ?, ?, ?)',
  );
  const hasKey = db.prepare('SELECT 1 FROM outbox WHERE idempotency_key = ?');
  return {
    /** Whether a message with this idempotency key was written already. */
    hasKey: (key: string): boolean => hasKey.get(key) !== undefined,
    add(m: OutboxMessage): void {
      insert.run(m.at, m.kind, m.audience, JSON.stringify(m.payload), m.idempotencyKey);
    },
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
