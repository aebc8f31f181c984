// Fanning outbox messages out to their channels: which deliveries a message gets and under which
// recipient each one queues (pure), and the batched pass over new messages.
import type { NotifyRepo, OutboxMessageRecord } from '../../store/notify-repo';
import type { RoutedChannels } from './channel-set';
import { isSmsType, type ChannelType } from './config-schema';

/**
 * The lane a delivery queues in: the channel itself, except on an SMS channel, where each case's
 * phone is its own recipient (the phone is read only at send time, so the order is keyed by case).
 */
export function recipientOf(channelType: ChannelType | undefined, channelId: string, messageId: number, payload: string): string {
  if (channelType === undefined || !isSmsType(channelType)) return channelId;
  const caseId = (JSON.parse(payload) as { caseId?: unknown }).caseId;
  return typeof caseId === 'number' ? `${channelId}:case:${caseId}` : `${channelId}:message:${messageId}`;
}

export type RoutePlan =
  | { expire: string }
  | { deliveries: { channel: string; recipient: string; ageFrom: number }[] };

/**
 * What to do with an unrouted message now: one delivery per configured channel of its audience,
 * or, when it waited longer than the maximum age for a channel, expire it unsent (a retry by
 * hand can still send it).
 */
export function planRoute(
  row: OutboxMessageRecord,
  now: number,
  channelIds: readonly string[],
  typeOf: (channelId: string) => ChannelType | undefined,
  maxAgeHours: number,
): RoutePlan {
  const ageFrom = Math.max(row.createdAt, row.retriedAt ?? 0);
  if (now - ageFrom >= maxAgeHours * 3600_000) {
    return { expire: `older than ${maxAgeHours} h when a channel for ${row.audience} messages was first available: not sent` };
  }
  return { deliveries: channelIds.map((id) => ({ channel: id, recipient: recipientOf(typeOf(id), id, row.id, row.payload), ageFrom })) };
}

const ROUTE_BATCH = 500;

/**
 * Fans new outbox rows out to their channels' delivery rows, a batch per transaction. Only
 * audiences with a channel now are taken.
 */
export function createRouter(deps: {
  repo: Pick<NotifyRepo, 'unrouted' | 'expire' | 'route'>;
  channels: Pick<RoutedChannels, 'routed' | 'channelsOf' | 'typeOf'>;
  maxAgeHours: number;
  timed<T>(fn: () => T): T;
  countWrites(rows: number): void;
}) {
  const { repo, channels } = deps;
  return function route(now: number): void {
    for (;;) {
      const rows = repo.unrouted(channels.routed, ROUTE_BATCH);
      if (rows.length === 0) return;
      deps.timed(() => {
        for (const row of rows) {
          const ids = channels.channelsOf(row.audience);
          const plan = planRoute(row, now, ids, channels.typeOf, deps.maxAgeHours);
          if ('expire' in plan) repo.expire(row.id, now, plan.expire);
          else repo.route(row.id, now, plan.deliveries);
          deps.countWrites(ids.length + 1);
        }
      });
      if (rows.length < ROUTE_BATCH) return;
    }
  };
}
