// Sending one delivery through its channel, and what its outcome means: delivered, retry later,
// or failed for good. Outcomes are handed to `record` (the worker writes them in batches).
import type { DeliveryUpdate, DueDelivery } from '../../store/notify-repo';
import type { Clock } from '../clock';
import type { CabinetConfig } from '../config';
import type { RoutedChannels } from './channel-set';
import { DeliveryError } from './channels';
import { isSmsType } from './config-schema';
import type { AttemptResult } from './lanes';
import { composeOutgoing } from './outgoing';
import { failureOutcome } from './retry-policy';
import type { SmsGuard } from './sms-guard';
import type { NotifierStats } from './worker-stats';

export interface AttemptsDeps {
  config: CabinetConfig;
  channels: Pick<RoutedChannels, 'get'>;
  sealKey: Buffer;
  contactOf(caseId: number): { phone: string | null; language: string } | undefined;
  clock: Clock;
  random: () => number;
  record(update: DeliveryUpdate): void;
  stats: NotifierStats;
  /** The SMS send limits: checked before a resident SMS, counted after (sms-guard.ts). */
  smsGuard?: SmsGuard | undefined;
  log(level: 'warn', message: string, detail?: unknown): void;
  /** False once the worker is stopping: a send failing then is the stop, not the channel. */
  running(): boolean;
  /** True once the worker has stopped: an outcome arriving then is not recorded. */
  closed(): boolean;
}

export function createAttempts(deps: AttemptsDeps) {
  const { config, clock, stats } = deps;
  const controllers = new Set<AbortController>();

  /** A failed send of delivery `d`: retry later, or give up when too old or hopeless. */
  function failure(d: DueDelivery, message: string, permanent: boolean): AttemptResult {
    stats.failedAttempts += 1;
    const update = failureOutcome(d, message, permanent, clock.now(), config.notifications.retry, deps.random);
    deps.record(update);
    if (update.outcome === 'retry') return 'wait';
    deps.log('warn', `message ${d.idempotencyKey} to ${d.channel} failed`, update.error);
    return 'next';
  }

  /** Over a send limit: held until the limit frees (the reason shown to staff), or failed when too old. */
  function held(d: DueDelivery, reason: string, until: number): AttemptResult {
    const now = clock.now();
    if (now - d.ageFrom >= config.notifications.retry.maxAgeHours * 3600_000) return failure(d, reason, true);
    deps.record({ id: d.id, messageId: d.messageId, outcome: 'retry', at: now, nextAttemptAt: Math.max(until, now + 1000), error: reason });
    return 'wait';
  }

  async function attempt(d: DueDelivery): Promise<AttemptResult> {
    const channel = deps.channels.get(d.channel);
    if (!channel) return failure(d, `the channel "${d.channel}" is no longer configured`, true);
    const composed = composeOutgoing(config, d, deps.sealKey, deps.contactOf);
    if ('error' in composed) return failure(d, composed.error, true);
    const { message, code } = composed;
    const phone = isSmsType(channel.type) ? message.phone : undefined;
    if (phone && deps.smsGuard) {
      const verdict = deps.smsGuard.check(phone);
      if (!verdict.ok) return held(d, verdict.reason, verdict.until);
    }
    const controller = new AbortController();
    controllers.add(controller);
    try {
      await channel.send(message, controller.signal);
      if (phone) deps.smsGuard?.record(phone);
      if (deps.closed()) return 'stopped';
      stats.delivered += 1;
      deps.record({ id: d.id, messageId: d.messageId, outcome: 'delivered', at: clock.now() });
      return 'next';
    } catch (error) {
      if (!deps.running()) return 'stopped';
      let text = error instanceof Error ? error.message : String(error);
      if (code) text = text.split(code).join('******'); // a gateway may echo the text: never store the code
      return failure(d, text.slice(0, 500), error instanceof DeliveryError && error.permanent);
    } finally {
      controllers.delete(controller);
    }
  }

  return {
    attempt,
    /** Abandon every request in flight (stopping). */
    abortAll(): void {
      for (const c of controllers) c.abort();
    },
  };
}
