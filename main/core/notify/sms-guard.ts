// The SMS send limits applied: before an SMS goes to a phone, its recent sends and the cabinet's
// are read from the store and checked (sms-limits.ts); after it went, it is counted. The phone is
// counted under a keyed hash, so the table says nothing about who was texted.
import { createHmac } from 'node:crypto';
import type { Repositories } from '../../store/repositories';
import type { Clock } from '../clock';
import { checkSmsLimits, SMS_LIMIT_WINDOW_MS, type LimitVerdict, type SmsLimits } from './sms-limits';

export interface SmsGuard {
  check(phone: string): LimitVerdict;
  record(phone: string): void;
}

export function createSmsGuard(deps: { repos: Pick<Repositories, 'smsSends' | 'secrets' | 'transaction'>; limits: SmsLimits; clock: Clock }): SmsGuard {
  const { smsSends } = deps.repos;
  // The phone-verification key, under a label of its own: a hash here matches none there.
  const secret = deps.repos.secrets.getOrCreate('phone-verification');
  const keyOf = (phone: string) => createHmac('sha256', secret).update(`sms-limit:phone:${phone}`).digest('hex').slice(0, 32);
  return {
    check(phone) {
      const now = deps.clock.now();
      const since = now - SMS_LIMIT_WINDOW_MS;
      return checkSmsLimits(deps.limits, smsSends.phoneSince(keyOf(phone), since), smsSends.cabinetSince(now - 3600_000), now);
    },
    record(phone) {
      const now = deps.clock.now();
      // One commit (one fsync) for the count and the purge.
      deps.repos.transaction(() => {
        smsSends.record(keyOf(phone), now);
        smsSends.purgeBefore(now - SMS_LIMIT_WINDOW_MS);
      });
    },
  };
}
