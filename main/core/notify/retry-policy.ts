// When a failed send goes again, and when it stops trying. Pure: the worker passes the time and
// the jitter in, and writes the outcome these functions decide.
import type { DeliveryUpdate, DueDelivery } from '../../store/notify-repo';
import type { NotificationsConfig } from './config-schema';

export type RetryConfig = NotificationsConfig['retry'];

/** Backoff before attempt `attempts + 1`: doubling from the first delay, capped, "equal jitter" (random in [0, 1)). */
export function backoffMs(retry: RetryConfig, attempts: number, random: number): number {
  const ceiling = Math.min(retry.maxDelaySeconds * 1000, retry.firstDelaySeconds * 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * The outcome of a failed send of `d`: retry after the backoff, or give up when the error is
 * permanent or the delivery has waited longer than the maximum age.
 */
export function failureOutcome(
  d: DueDelivery,
  message: string,
  permanent: boolean,
  now: number,
  retry: RetryConfig,
  random: () => number,
): Extract<DeliveryUpdate, { outcome: 'retry' | 'failed' }> {
  const tooOld = now - d.ageFrom >= retry.maxAgeHours * 3600_000;
  if (permanent || tooOld) {
    const error = tooOld && !permanent ? `gave up after ${retry.maxAgeHours} h: ${message}` : message;
    return { id: d.id, messageId: d.messageId, outcome: 'failed', at: now, error };
  }
  return { id: d.id, messageId: d.messageId, outcome: 'retry', at: now, nextAttemptAt: now + backoffMs(retry, d.attempts + 1, random()), error: message };
}
