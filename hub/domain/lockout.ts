// Wrong passwords at the console: after 5 wrong in a row an account is locked for 30 s, each
// further lockout twice as long up to 30 min; across all logins, 50 wrong in a row lock the
// console for a minute doubling to 6 h (guesses spread over many names). The same pure arithmetic
// as the cabinet's staff login (main/core/cases/rate-limit.ts); the caller stores the state.
import { afterFailure, afterSuccess, freshLimit, lockedFor, refundAttempt, triesLeft, type LimitPolicy, type LimitState } from '../../main/core/cases/rate-limit';

export const ACCOUNT_POLICY: LimitPolicy = { maxFailures: 5, baseLockoutMs: 30_000, maxLockoutMs: 30 * 60_000 };
export const HUB_WIDE_POLICY: LimitPolicy = { maxFailures: 50, baseLockoutMs: 60_000, maxLockoutMs: 6 * 3600_000 };
export const HUB_WIDE_KEY = 'login:*';

export const accountKey = (login: string): string => `login:${login.toLowerCase()}`;

export { afterFailure, afterSuccess, freshLimit, lockedFor, refundAttempt, triesLeft };
export type { LimitPolicy, LimitState };

/** Milliseconds until a login may be tried, given its own and the hub-wide state. */
export function waitBeforeTry(own: LimitState, hubWide: LimitState, now: number): number {
  return Math.max(lockedFor(own, now), lockedFor(hubWide, now));
}

/** A password: at least 12 characters (district accounts type on a keyboard), at most 256 (the hash's input). */
export function passwordAcceptable(password: string): boolean {
  return password.length >= 12 && password.length <= 256;
}
