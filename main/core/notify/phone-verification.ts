// SMS verification of the drop-off phone number, when an SMS channel is configured: a random
// 6-digit code, kept only as an HMAC, valid 5 minutes; a right code answers a verification token
// (also kept hashed) that dropOff.begin accepts instead of the number typed twice. Sends are
// limited per number (a minimum gap and a growing lockout) and per cabinet (per hour); wrong codes
// lock the number out like wrong pickup codes. The code goes straight to the gateway, never
// through the outbox: it is worthless a few minutes later and must not be stored.
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { CabinetError } from '../../contract/errors';
import type { AuditEntry } from '../../store/audit-repo';
import type { Db } from '../../store/database';
import { createRateLimitsRepo } from '../../store/rate-limits-repo';
import type { Clock } from '../clock';
import { maskPhone } from '../phone';
import { afterFailure, afterSuccess, freshLimit, lockedFor, triesLeft, type LimitPolicy } from '../rate-limit';

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
  db: Db;
  clock: Clock;
  /** Whether an SMS channel is there to send codes. */
  enabled: boolean;
  send(phone: string, code: string): Promise<void>;
  audit(entry: AuditEntry): void;
  randomDigit?: () => number;
}

function secretOf(db: Db): Buffer {
  const row = db.prepare("SELECT value FROM secrets WHERE name = 'phone-verification'").get() as { value: Buffer } | undefined;
  if (row) return row.value;
  const value = randomBytes(32);
  db.prepare("INSERT INTO secrets (name, value) VALUES ('phone-verification', ?)").run(value);
  return value;
}

export function createPhoneVerification(deps: PhoneVerificationDeps) {
  const { db, clock } = deps;
  const secret = secretOf(db);
  const limits = createRateLimitsRepo(db);
  const randomDigit = deps.randomDigit ?? (() => randomInt(10));
  const mac = (kind: string, value: string) => createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
  const insert = db.prepare('INSERT INTO phone_verifications (phone_hash, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const latest = db.prepare('SELECT * FROM phone_verifications WHERE phone_hash = ? ORDER BY id DESC LIMIT 1');
  const sentLastHour = db.prepare('SELECT COUNT(*) FROM phone_verifications WHERE created_at > ?').pluck();
  const wrong = db.prepare('UPDATE phone_verifications SET wrong_attempts = wrong_attempts + 1 WHERE id = ?');
  const verified = db.prepare('UPDATE phone_verifications SET verified_at = ?, token_hash = ?, token_expires_at = ? WHERE id = ?');
  const byToken = db.prepare('SELECT * FROM phone_verifications WHERE token_hash = ?');
  const markUsed = db.prepare('UPDATE phone_verifications SET used_at = COALESCE(used_at, ?) WHERE id = ?');
  const forget = db.prepare('DELETE FROM phone_verifications WHERE created_at < ?');

  interface Row {
    id: number;
    code_hash: string;
    created_at: number;
    expires_at: number;
    wrong_attempts: number;
    verified_at: number | null;
    token_hash: string | null;
    token_expires_at: number | null;
  }

  function validRow(phone: string, token: string): Row | undefined {
    const row = byToken.get(mac('token', token)) as (Row & { phone_hash: string }) | undefined;
    return row && row.phone_hash === mac('phone', phone) && (row.token_expires_at ?? 0) > clock.now() ? row : undefined;
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
      const previous = latest.get(phoneHash) as Row | undefined;
      const gap = previous ? previous.created_at + RESEND_AFTER_MS - now : 0;
      const wait = Math.max(lockedFor(state, now), gap);
      const perHour = sentLastHour.get(now - 3600_000) as number;
      if (wait > 0 || perHour >= SENDS_PER_HOUR_PER_CABINET) {
        const retryAfterSeconds = Math.max(1, Math.ceil((wait > 0 ? wait : 60_000) / 1000));
        deps.audit({ at: now, actor: 'resident', action: 'phone.sendCode', outcome: 'denied', detail: { phone: maskPhone(phone), reason: wait > 0 ? 'rate-limited' : 'cabinet-hourly-limit' } });
        throw new CabinetError('locked-out', `Please wait ${retryAfterSeconds} s before asking for another code.`, { retryAfterSeconds });
      }
      let code = '';
      for (let i = 0; i < 6; i++) code += String(randomDigit());
      db.transaction(() => {
        forget.run(now - 24 * 3600_000);
        insert.run(phoneHash, mac('code', `${phoneHash}:${code}`), now, now + CODE_VALID_MS);
        limits.put(limitKey, afterFailure(state, now, sendPolicy));
      })();
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
      const row = latest.get(phoneHash) as Row | undefined;
      const usable = row && row.verified_at === null && row.expires_at > now && row.wrong_attempts < WRONG_CODES_PER_CODE;
      if (!row || !usable || row.code_hash !== mac('code', `${phoneHash}:${code}`)) {
        const next = afterFailure(state, now, verifyPolicy);
        db.transaction(() => {
          limits.put(limitKey, next);
          if (row && usable) wrong.run(row.id);
        })();
        const reason = !row ? 'no-code' : !usable ? 'expired' : 'wrong-code';
        deps.audit({ at: now, actor: 'resident', action: 'phone.verifyCode', outcome: 'denied', detail: { phone: maskPhone(phone), reason } });
        const lockedNow = lockedFor(next, now);
        if (lockedNow > 0) throw new CabinetError('locked-out', 'Too many wrong codes.', { retryAfterSeconds: Math.ceil(lockedNow / 1000) });
        if (reason === 'expired' || reason === 'no-code') throw new CabinetError('expired', 'This code has expired: ask for a new one.');
        throw new CabinetError('wrong-code', 'Wrong verification code.', { triesLeft: triesLeft(next, verifyPolicy) });
      }
      const token = randomBytes(24).toString('base64url');
      db.transaction(() => {
        verified.run(now, mac('token', token), now + TOKEN_VALID_MS, row.id);
        limits.put(limitKey, afterSuccess());
        limits.put(`sms-send:${phoneHash.slice(0, 32)}`, afterSuccess());
      })();
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
      if (row) markUsed.run(clock.now(), row.id);
      return row !== undefined;
    },
  };
}
export type PhoneVerification = ReturnType<typeof createPhoneVerification>;
