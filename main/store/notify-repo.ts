// Rows of the outbox's delivery state: one delivery row per message and channel, with its
// attempts, next attempt and last error. No rules here: the notify worker decides what to send,
// when, and what a failure means; these are the statements it runs.
import type { Db } from './database';

export type MessageStatus = 'pending' | 'delivered' | 'failed';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export type Audience = 'staff' | 'resident' | 'technician';

/** An outbox message with its delivery state. */
export interface OutboxMessageRecord {
  id: number;
  createdAt: number;
  kind: string;
  audience: Audience;
  /** The message's JSON payload, as stored. */
  payload: string;
  idempotencyKey: string;
  status: MessageStatus;
  routedAt: number | null;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  retriedAt: number | null;
}

/** One channel's delivery of a message. */
export interface Delivery {
  id: number;
  messageId: number;
  channel: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  /** When the delivery's maximum age starts: the message's creation, or its last retry by hand. */
  ageFrom: number;
  lastAttemptAt: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

/** A delivery with the message it carries, as the worker sends it. */
export interface DueDelivery extends Delivery {
  kind: string;
  audience: Audience;
  payload: string;
  idempotencyKey: string;
  createdAt: number;
}

interface OutboxRow {
  id: number;
  created_at: number;
  kind: string;
  audience: Audience;
  payload: string;
  idempotency_key: string;
  status: MessageStatus;
  routed_at: number | null;
  delivered_at: number | null;
  failed_at: number | null;
  last_error: string | null;
  retried_at: number | null;
}

interface DeliveryRow {
  id: number;
  message_id: number;
  channel: string;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  age_from: number;
  last_attempt_at: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

const toMessage = (r: OutboxRow): OutboxMessageRecord => ({
  id: r.id,
  createdAt: r.created_at,
  kind: r.kind,
  audience: r.audience,
  payload: r.payload,
  idempotencyKey: r.idempotency_key,
  status: r.status,
  routedAt: r.routed_at,
  deliveredAt: r.delivered_at,
  failedAt: r.failed_at,
  lastError: r.last_error,
  retriedAt: r.retried_at,
});

const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  messageId: r.message_id,
  channel: r.channel,
  recipient: r.recipient,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  ageFrom: r.age_from,
  lastAttemptAt: r.last_attempt_at,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
});

type DueRow = DeliveryRow & { kind: string; audience: Audience; payload: string; idempotency_key: string; created_at: number };

const toDue = (r: DueRow): DueDelivery => ({
  ...toDelivery(r),
  kind: r.kind,
  audience: r.audience,
  payload: r.payload,
  idempotencyKey: r.idempotency_key,
  createdAt: r.created_at,
});

/** One outcome to write: delivered, or an attempt that failed (retry later, or give up). */
export type DeliveryUpdate =
  | { id: number; messageId: number; outcome: 'delivered'; at: number }
  | { id: number; messageId: number; outcome: 'retry'; at: number; nextAttemptAt: number; error: string }
  | { id: number; messageId: number; outcome: 'failed'; at: number; error: string };

export function createNotifyRepo(db: Db) {
  const unrouted = db.prepare('SELECT * FROM outbox WHERE routed_at IS NULL AND audience IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?');
  const insertDelivery = db.prepare(
    'INSERT OR IGNORE INTO outbox_deliveries (message_id, channel, recipient, next_attempt_at, age_from) VALUES (?, ?, ?, ?, ?)',
  );
  const markRouted = db.prepare('UPDATE outbox SET routed_at = ? WHERE id = ?');
  const markExpired = db.prepare(
    "UPDATE outbox SET routed_at = @at, status = 'failed', failed_at = @at, last_error = @error, payload = json_remove(payload, '$.codeSealed') WHERE id = @id",
  );
  const heads = db.prepare(
    `SELECT d.recipient, d.id, d.next_attempt_at AS nextAttemptAt FROM outbox_deliveries d
     JOIN (SELECT MIN(id) AS id FROM outbox_deliveries WHERE status = 'pending' GROUP BY recipient) h ON h.id = d.id`,
  );
  const laneBatch = db.prepare(
    `SELECT d.*, o.kind, o.audience, o.payload, o.idempotency_key, o.created_at
     FROM outbox_deliveries d JOIN outbox o ON o.id = d.message_id
     WHERE d.recipient = ? AND d.status = 'pending' AND d.id >= ? ORDER BY d.id LIMIT ?`,
  );
  const setDelivered = db.prepare("UPDATE outbox_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = @at, delivered_at = @at, last_error = NULL WHERE id = @id AND status = 'pending'");
  const setRetry = db.prepare('UPDATE outbox_deliveries SET attempts = attempts + 1, last_attempt_at = @at, next_attempt_at = @next, last_error = @error WHERE id = @id AND status = \'pending\'');
  const setFailed = db.prepare("UPDATE outbox_deliveries SET status = 'failed', attempts = attempts + 1, last_attempt_at = @at, last_error = @error WHERE id = @id AND status = 'pending'");
  const tally = db.prepare('SELECT status, COUNT(*) AS n, MAX(delivered_at) AS at, MAX(last_error) AS error FROM outbox_deliveries WHERE message_id = ? GROUP BY status');
  const finish = db.prepare(
    `UPDATE outbox SET status = @status, delivered_at = @deliveredAt, failed_at = @failedAt, last_error = @error,
       payload = CASE WHEN audience = 'resident' THEN json_remove(payload, '$.codeSealed') ELSE payload END
     WHERE id = @id`,
  );
  const setMessageError = db.prepare('UPDATE outbox SET last_error = ? WHERE id = ?');
  const list = db.prepare('SELECT * FROM outbox WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit');
  const deliveriesOf = db.prepare('SELECT * FROM outbox_deliveries WHERE message_id = ? ORDER BY id');
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  const resetDeliveries = db.prepare(
    "UPDATE outbox_deliveries SET status = 'pending', attempts = 0, next_attempt_at = @at, age_from = @at, last_error = NULL WHERE message_id = @id AND status = 'failed'",
  );
  const resetMessage = db.prepare("UPDATE outbox SET status = 'pending', failed_at = NULL, last_error = NULL, retried_at = @at WHERE id = @id");
  const unroute = db.prepare('UPDATE outbox SET routed_at = NULL WHERE id = ?');
  const deliveryCount = db.prepare('SELECT COUNT(*) FROM outbox_deliveries WHERE message_id = ?').pluck();
  const insertMessage = db.prepare(
    'INSERT OR IGNORE INTO outbox (created_at, kind, audience, payload, idempotency_key) VALUES (?, ?, ?, ?, ?)',
  );
  const hasKey = db.prepare('SELECT 1 FROM outbox WHERE idempotency_key = ?').pluck();

  /** Recompute a message's status from its deliveries: pending while any is; failed if any failed. */
  function settle(messageId: number, at: number): void {
    const counts = new Map<string, { n: number; at: number | null; error: string | null }>();
    for (const r of tally.all(messageId) as { status: DeliveryStatus; n: number; at: number | null; error: string | null }[]) counts.set(r.status, r);
    if (counts.has('pending')) return;
    const failed = counts.get('failed');
    const delivered = counts.get('delivered');
    finish.run({
      id: messageId,
      status: failed ? 'failed' : 'delivered',
      deliveredAt: failed ? null : (delivered?.at ?? null),
      failedAt: failed ? at : null,
      error: failed?.error ?? null,
    });
  }

  return {
    /** Messages not yet fanned out, of the audiences that have a channel now. */
    unrouted: (audiences: readonly string[], limit: number) => (unrouted.all(JSON.stringify(audiences), limit) as OutboxRow[]).map(toMessage),
    /** Fan a message out to its channels (one transaction for a batch of messages is the caller's). */
    route(messageId: number, at: number, deliveries: { channel: string; recipient: string; ageFrom: number }[]): void {
      for (const d of deliveries) insertDelivery.run(messageId, d.channel, d.recipient, at, d.ageFrom);
      markRouted.run(at, messageId);
    },
    /** A message too old to send when it could first be routed: failed, its secrets dropped. */
    expire(messageId: number, at: number, error: string): void {
      markExpired.run({ id: messageId, at, error });
    },
    /** The oldest pending delivery of each recipient: the only one of its recipient that may go. */
    heads: () => heads.all() as { recipient: string; id: number; nextAttemptAt: number }[],
    /** A recipient's pending deliveries in order, from `fromId` on. */
    lane: (recipient: string, fromId: number, limit: number) => (laneBatch.all(recipient, fromId, limit) as DueRow[]).map(toDue),
    /** Write outcomes and settle their messages; call inside one transaction. */
    apply(updates: readonly DeliveryUpdate[]): void {
      const touched = new Map<number, number>();
      for (const u of updates) {
        if (u.outcome === 'delivered') setDelivered.run({ id: u.id, at: u.at });
        else if (u.outcome === 'retry') {
          setRetry.run({ id: u.id, at: u.at, next: u.nextAttemptAt, error: u.error });
          setMessageError.run(u.error, u.messageId);
        } else setFailed.run({ id: u.id, at: u.at, error: u.error });
        if (u.outcome !== 'retry') touched.set(u.messageId, u.at);
      }
      for (const [id, at] of touched) settle(id, at);
    },
    list: (status: MessageStatus | null, limit: number) => (list.all({ status, limit }) as OutboxRow[]).map(toMessage),
    deliveriesOf: (messageId: number) => (deliveriesOf.all(messageId) as DeliveryRow[]).map(toDelivery),
    byId(id: number): OutboxMessageRecord | undefined {
      const r = byId.get(id) as OutboxRow | undefined;
      return r ? toMessage(r) : undefined;
    },
    /**
     * A failed message goes back to pending: its failed deliveries start afresh (attempts, age);
     * one that never had deliveries (too old when first routed) is routed again.
     */
    reset(messageId: number, at: number): void {
      if (deliveryCount.get(messageId) === 0) unroute.run(messageId);
      else resetDeliveries.run({ id: messageId, at });
      resetMessage.run({ id: messageId, at });
    },
    /** Add a message unless one with this key exists; true when added. */
    addOnce(m: { at: number; kind: string; audience: Audience; payload: Record<string, unknown>; idempotencyKey: string }): boolean {
      return insertMessage.run(m.at, m.kind, m.audience, JSON.stringify(m.payload), m.idempotencyKey).changes > 0;
    },
    hasKey: (key: string) => hasKey.get(key) !== undefined,
  };
}
export type NotifyRepo = ReturnType<typeof createNotifyRepo>;
