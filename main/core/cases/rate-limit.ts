// Wrong pickup codes (and status look-ups) are rate-limited per cabinet: after `maxFailures` wrong
// entries in a row the screen locks for a while, and each further lockout lasts twice as long.
// Pure: the caller stores the state (rate_limits table) so a restart does not reset it.

export interface LimitState {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

export interface LimitPolicy {
  maxFailures: number;
  baseLockoutMs: number;
  maxLockoutMs: number;
}

export const freshLimit: LimitState = { failures: 0, lockouts: 0, lockedUntil: 0 };

/** Milliseconds left of a lockout, or 0 when entries are accepted. */
export function lockedFor(state: LimitState, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}

export function afterFailure(state: LimitState, now: number, policy: LimitPolicy): LimitState {
  const failures = state.failures + 1;
  if (failures < policy.maxFailures) return { ...state, failures };
  const lockMs = Math.min(policy.maxLockoutMs, policy.baseLockoutMs * 2 ** state.lockouts);
  return { failures: 0, lockouts: state.lockouts + 1, lockedUntil: now + lockMs };
}

/** A right entry clears the count; the lockout history fades once a right code is entered. */
export function afterSuccess(): LimitState {
  return freshLimit;
}

/**
 * Takes back the one failure counted ahead of a check that then succeeded (an attempt reserved
 * before a slow verification): a right entry is no guess. Others' wrong entries stay counted, and
 * a lockout the reservation tripped stays.
 */
export function refundAttempt(state: LimitState): LimitState {
  return state.failures > 0 ? { ...state, failures: state.failures - 1 } : state;
}

/** Tries left before the next lockout. */
export function triesLeft(state: LimitState, policy: LimitPolicy): number {
  return policy.maxFailures - state.failures;
}
