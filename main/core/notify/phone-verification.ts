// SMS verification of the drop-off phone number, when an SMS channel is configured: a random
// 6-digit code, kept only as an HMAC, valid 5 minutes; a right code answers a verification token
// (also kept hashed) that dropOff.begin accepts instead of the number typed twice. Sends are
// limited per number (a minimum gap and a growing lockout) and per cabinet (per hour); wrong codes
// lock the number out like wrong pickup codes. The code goes straight to the gateway, never
// through the outbox: it is worthless a few minutes later and must not be stored.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { CabinetError } from '../../contract/errors';
import type { AuditEntry } from '../../store/audit-repo';
import type { Repositories } from '../../store/repositories';
import type { Verification } from '../../store/verifications-repo';
import type { Clock } from '../clock';
import { maskPhone } from '../cases/phone';
import { afterFailure, afterSuccess, freshLimit, lockedFor, triesLeft, type LimitPolicy } from '../cases/rate-limit';

export const CODE_VALID_MS = 5 * 60_000;
export const TOKEN_VALID_MS = 15 * 60_000;
export const RESEND_AFTER_MS = 60_000;
const SENDS_PER_HOUR_PER_CABINET = 60;
const WRONG_CODES_PER_CODE = 5;

/** Sends to one number: three in a row, then 10 minutes' wait, doubling (a success clears it). */
const sendPolicy: LimitPolicy = { maxFailures: 3, baseLockoutMs: 10 * 60_000, maxLockoutMs: 24 * 3600_000 };
/** Wrong codes for one number: five in a row, then a minute's wait, doubling. */
const verifyPolicy: LimitPolicy = { maxFailures: 5, baseLockoutMs: 60_000, maxLockoutMs: 30 * 60_000 };

export interface PhoneVerificationDeps {
  repos: Pick<Repositories, 'transaction' | 'verifications' | 'rateLimits' | 'secrets'>;
  clock: Clock;
  /** Whether an SMS channel is there to send codes. */
  enabled: boolean;
  send(phone: string, code: string): Promise<void>;
  audit(entry: AuditEntry): void;
  randomDigit?: () => number;
}

export function createPhoneVerification(deps: PhoneVerificationDeps) {
  const { repos, clock } = deps;
  const { verifications, rateLimits: limits } = repos;
  const secret = repos.secrets.getOrCreate('phone-verification');
  const randomDigit = deps.randomDigit ?? (() => randomInt(10));
  const mac = (kind: string, value: string) => createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
  function validRow(phone: string, token: string): Verification | undefined {
    const row = verifications.byToken(mac('token', token));
    return row && row.phoneHash === mac('phone', phone) && (row.tokenExpiresAt ?? 0) > clock.now() ? row : undefined;
  }

  function requireEnabled(): void {
    if (!deps.enabled) throw new CabinetError('unavailable', 'This cabinet does not verify phone numbers by SMS: type the number twice.');
  }

  return {
    enabled: deps.enabled,

    async sendCode(phone: string): Promise<{ sent: true; expiresInSeconds: number; resendAfterSeconds: number }> {
      requireEnabled();
      const now = clock.now();
      const phoneHash = mac('phone', phone);
      const limitKey = `sms-send:${phoneHash.slice(0, 32)}`;
      const state = limits.get(limitKey) ?? freshLimit;
      const previous = verifications.latest(phoneHash);
      const gap = previous ? previous.createdAt + RESEND_AFTER_MS - now : 0;
      const wait = Math.max(lockedFor(state, now), gap);
      const perHour = verifications.sentSince(now - 3600_000);
      if (wait > 0 || perHour >= SENDS_PER_HOUR_PER_CABINET) {
        const retryAfterSeconds = Math.max(1, Math.ceil((wait > 0 ? wait : 60_000) / 1000));
        deps.audit({ at: now, actor: 'resident', action: 'phone.sendCode', outcome: 'denied', detail: { phone: maskPhone(phone), reason: wait > 0 ? 'rate-limited' : 'cabinet-hourly-limit' } });
        throw new CabinetError('locked-out', `Please wait ${retryAfterSeconds} s before asking for another code.`, { retryAfterSeconds });
      }
      let code = '';
      for (let i = 0; i < 6; i++) code += String(randomDigit());
      repos.transaction(() => {
        verifications.forgetBefore(now - 24 * 3600_000);
        verifications.add({ phoneHash, codeHash: mac('code', `${phoneHash}:${code}`), at: now, expiresAt: now + CODE_VALID_MS });
        limits.put(limitKey, afterFailure(state, now, sendPolicy));
      });
      try {
        await deps.send(phone, code);
      } catch (error) {
        deps.audit({ at: clock.now(), actor: 'resident', action: 'phone.sendCode', outcome: 'failed', detail: { phone: maskPhone(phone), error: (error as Error).message.split(code).join('******').slice(0, 300) } });
        throw new CabinetError('unavailable', 'The code could not be sent right now. Please type the number twice instead, or try again.');
      }
      deps.audit({ at: clock.now(), actor: 'resident', action: 'phone.sendCode', outcome: 'ok', detail: { phone: maskPhone(phone) } });
      return { sent: true, expiresInSeconds: CODE_VALID_MS / 1000, resendAfterSeconds: RESEND_AFTER_MS / 1000 };
    },

    verifyCode(phone: string, code: string): { verification: string; expiresInSeconds: number } {
      requireEnabled();
      const now = clock.now();
      const phoneHash = mac('phone', phone);
      const limitKey = `sms-verify:${phoneHash.slice(0, 32)}`;
      const state = limits.get(limitKey) ?? freshLimit;
      const locked = lockedFor(state, now);
      if (locked > 0) {
        deps.audit({ at: now, actor: 'resident', action: 'phone.verifyCode', outcome: 'denied', detail: { phone: maskPhone(phone), reason: 'locked-out' } });
        throw new CabinetError('locked-out', 'Too many wrong codes.', { retryAfterSeconds: Math.ceil(locked / 1000) });
      }
      const row = verifications.latest(phoneHash);
      const usable = row && row.verifiedAt === null && row.expiresAt > now && row.wrongAttempts < WRONG_CODES_PER_CODE;
      if (!row || !usable || row.codeHash !== mac('code', `${phoneHash}:${code}`)) {
        const next = afterFailure(state, now, verifyPolicy);
        repos.transaction(() => {
          limits.put(limitKey, next);
          if (row && usable) verifications.countWrongAttempt(row.id);
        });
        const reason = !row ? 'no-code' : !usable ? 'expired' : 'wrong-code';
        deps.audit({ at: now, actor: 'resident', action: 'phone.verifyCode', outcome: 'denied', detail: { phone: maskPhone(phone), reason } });
        const lockedNow = lockedFor(next, now);
        if (lockedNow > 0) throw new CabinetError('locked-out', 'Too many wrong codes.', { retryAfterSeconds: Math.ceil(lockedNow / 1000) });
        if (reason === 'expired' || reason === 'no-code') throw new CabinetError('expired', 'This code has expired: ask for a new one.');
        throw new CabinetError('wrong-code', 'Wrong verification code.', { triesLeft: triesLeft(next, verifyPolicy) });
      }
      const token = randomBytes(24).toString('base64url');
      repos.transaction(() => {
        verifications.setVerified(row.id, now, mac('token', token), now + TOKEN_VALID_MS);
        limits.put(limitKey, afterSuccess());
        limits.put(`sms-send:${phoneHash.slice(0, 32)}`, afterSuccess());
      });
      deps.audit({ at: now, actor: 'resident', action: 'phone.verifyCode', outcome: 'ok', detail: { phone: maskPhone(phone) } });
      return { verification: token, expiresInSeconds: TOKEN_VALID_MS / 1000 };
    },

    /** Whether `token` verifies `phone` now (it stays valid for its 15 minutes, for a retry after a cancel). */
    check(phone: string, token: string): boolean {
      return validRow(phone, token) !== undefined;
    },

    /** check(), and on success record when the token was first used (a drop-off began with it). */
    use(phone: string, token: string): boolean {
      const row = validRow(phone, token);
      if (row) verifications.markUsed(row.id, clock.now());
      return row !== undefined;
    },
  };
}
export type PhoneVerification = ReturnType<typeof createPhoneVerification>;
