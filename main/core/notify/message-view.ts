// The console's view of an outbox message and its deliveries. Pure.
import type { Delivery, MessageStatus, OutboxMessageRecord } from '../../store/notify-repo';
import type { Audience } from './config-schema';

export interface MessageView {
  id: number;
  createdAt: number;
  kind: string;
  audience: Audience;
  status: MessageStatus;
  idempotencyKey: string;
  reference: string | null;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  deliveries: { channel: string; status: 'pending' | 'delivered' | 'failed'; attempts: number; nextAttemptAt: number | null; lastAttemptAt: number | null; lastError: string | null; deliveredAt: number | null }[];
}

/** `routed`: the audiences that have a channel now (a message of another one waits, and says so). */
export function messageView(r: OutboxMessageRecord, deliveries: readonly Delivery[], routed: readonly Audience[]): MessageView {
  let reference: string | null = null;
  try {
    const p = JSON.parse(r.payload) as { reference?: unknown };
    if (typeof p.reference === 'string') reference = p.reference;
  } catch {
    /* a payload is always JSON; stay quiet if not */
  }
  return {
    id: r.id,
    createdAt: r.createdAt,
    kind: r.kind,
    audience: r.audience,
    status: r.status,
    idempotencyKey: r.idempotencyKey,
    reference,
    deliveredAt: r.deliveredAt,
    failedAt: r.failedAt,
    lastError: r.lastError ?? (r.routedAt === null && !routed.includes(r.audience) ? `waiting: no notification channel is configured for ${r.audience} messages` : null),
    deliveries: deliveries.map((d) => ({
      channel: d.channel,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
      lastAttemptAt: d.lastAttemptAt,
      lastError: d.lastError,
      deliveredAt: d.deliveredAt,
    })),
  };
}
