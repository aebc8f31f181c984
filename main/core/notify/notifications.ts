// Notifications as the cabinet uses them: the outbox worker, the SMS verification of drop-off
// phone numbers, the bus-offline watch, and the contract's notify.* and phone.* handlers.
import type { Handlers } from '../../contract/dispatch';
import { CabinetError } from '../../contract/errors';
import type { notifyMethods } from '../../contract/notify-api';
import type { AuditEntry } from '../../store/audit-repo';
import type { Repositories } from '../../store/repositories';
import type { Clock } from '../clock';
import type { CabinetConfig } from '../config';
import type { Accounts } from '../staff/accounts';
import { allows } from '../staff/permissions';
import { audiences, isSmsType, routeOf, verificationChannel } from './config-schema';
import type { OpenChannels } from './channels';
import { createNotifier } from './notifier';
import { createPhoneVerification } from './phone-verification';

export interface NotificationsDeps {
  repos: Repositories;
  config: CabinetConfig;
  clock: Clock;
  audit(entry: AuditEntry): void;
  openChannels: OpenChannels;
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  pollMs?: number;
}

export function createNotifications(deps: NotificationsDeps) {
  const { repos, config, clock } = deps;
  const notifier = createNotifier({ repos, config, clock, openChannels: deps.openChannels, random: deps.random, log: deps.log, pollMs: deps.pollMs });
  const smsChannel = verificationChannel(config.notifications);
  const verification = createPhoneVerification({
    repos,
    clock,
    enabled: smsChannel !== undefined,
    audit: deps.audit,
    send: (phone, code) =>
      notifier.sendNow(smsChannel as string, {
        kind: 'verification-code',
        audience: 'resident',
        idempotencyKey: `verification:${config.cabinet.id}:${clock.now()}:${phone.slice(-4)}`,
        createdAt: clock.now(),
        payload: {},
        language: config.languages.default,
        phone,
        code,
      }),
  });

  /** The console's notification views: staff (who answer to residents) and technicians. */
  function requireViewer(accounts: Accounts, token: string) {
    const session = accounts.session(token);
    if (allows(session.account.role, 'return') || allows(session.account.role, 'diagnostics')) return session;
    return accounts.require(token, 'diagnostics'); // audits the refusal and throws 'forbidden'
  }

  function handlers(accounts: Accounts): Handlers<typeof notifyMethods> {
    return {
      'notify.messages': ({ token, status, limit }) => {
        requireViewer(accounts, token);
        return notifier.messages(status ?? null, limit);
      },
      'notify.retry': ({ token, id }) => {
        const session = requireViewer(accounts, token);
        const result = notifier.retry(id);
        deps.audit({ at: clock.now(), actor: `account:${session.account.login}`, action: 'notify.retry', outcome: result.ok ? 'ok' : 'denied', detail: { message: id } });
        if (!result.ok) {
          if (result.status === null) throw new CabinetError('not-found', 'No such message.');
          throw new CabinetError('conflict', `Message ${id} is ${result.status}: only failed messages can be retried.`);
        }
        return result.message;
      },
      'notify.channels': ({ token }) => {
        accounts.require(token, 'diagnostics');
        const n = config.notifications;
        return n.channels.map((c) => ({ id: c.id, type: c.type, audiences: audiences.filter((a) => routeOf(n, a).includes(c.id)) }));
      },
      'notify.test': async ({ token, channelId, phone }) => {
        const session = accounts.require(token, 'diagnostics');
        const channel = config.notifications.channels.find((c) => c.id === channelId);
        if (!channel) throw new CabinetError('not-found', `No channel "${channelId}".`);
        const sms = isSmsType(channel.type);
        if (sms && !phone) throw new CabinetError('bad-request', 'An SMS test needs a phone number to send to.');
        const started = performance.now();
        const at = clock.now();
        let error: string | undefined;
        try {
          await notifier.sendNow(channelId, {
            kind: 'test',
            audience: sms ? 'resident' : 'technician',
            idempotencyKey: `test:${config.cabinet.id}:${channelId}:${at}`,
            createdAt: at,
            payload: { channel: channelId, sms, by: session.account.login },
            language: config.languages.default,
            phone,
          });
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        const ms = Math.round(performance.now() - started);
        deps.audit({ at: clock.now(), actor: `account:${session.account.login}`, action: 'notify.test', outcome: error ? 'failed' : 'ok', detail: { channel: channelId, ms, ...(error ? { error } : {}) } });
        return error ? { ok: false, error, ms } : { ok: true, ms };
      },
      'phone.sendCode': ({ phone }) => verification.sendCode(phone),
      'phone.verifyCode': ({ phone, code }) => verification.verifyCode(phone, code),
    };
  }

  return {
    notifier,
    verification,
    /** Whether the screen should verify the drop-off phone number by SMS. */
    smsVerification: verification.enabled,
    handlers,
    start: () => notifier.start(),
    wake: () => notifier.wake(),
    stop: () => notifier.stop(),
  };
}
export type Notifications = ReturnType<typeof createNotifications>;
