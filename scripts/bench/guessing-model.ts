// ADR 0009's guessing arithmetic, and the figures a measured attack is compared with. Pure: the
// policies are the code's own (main/core/cases/rate-limit.ts), time is a number.
import { afterFailure, freshLimit, lockedFor, type LimitPolicy } from '../../main/core/cases/rate-limit';

export const HOUR_MS = 3600_000;
export const TEN_YEARS_MS = 10 * 365.25 * 24 * HOUR_MS;
/** A hand at the screen: a guess every 100 ms while guesses are accepted (the sequential attacker). */
export const HAND_GAP_MS = 100;

/**
 * Guesses accepted in `spanMs` when every guess fails and the next comes as soon as the lockout
 * ends (one policy). `gapMs` between accepted guesses: 0, the worst case, is a parallel attacker's
 * burst, all checked at one instant (with 100 ms per guess the model understated 300 parallel
 * guesses at the pickup limit: 30.00/h measured against 29.98/h).
 */
export function maxGuesses(policy: LimitPolicy, spanMs: number, gapMs = 0): number {
  let state = freshLimit;
  let now = 0;
  let guesses = 0;
  while (now < spanMs) {
    const wait = lockedFor(state, now);
    if (wait > 0) {
      now += wait;
      continue;
    }
    guesses += 1;
    state = afterFailure(state, now, policy);
    now += gapMs;
  }
  return guesses;
}

/**
 * The steady rate of an attack, over whole lockout cycles: from the first cycle that starts at or
 * after `fromMs` to the start of the last one. A cycle starts with the first guess accepted after
 * one of the longest waits (≥ 90 % of the longest gap after `fromMs`): with two limits (a login's
 * and the cabinet's) the short waits fall inside a cycle, and a window that ended after one of them
 * would count part of a cycle's guesses as a whole one's. Null when fewer than two cycles start.
 */
export function steadyRatePerHour(acceptedAt: readonly number[], fromMs: number): number | null {
  const gaps = acceptedAt.map((t, i) => (i > 0 && t >= fromMs ? t - (acceptedAt[i - 1] as number) : 0));
  const longest = Math.max(0, ...gaps);
  if (longest === 0) return null;
  const starts = acceptedAt.filter((_, i) => (gaps[i] as number) >= 0.9 * longest);
  if (starts.length < 2) return null;
  const a = starts[0] as number;
  const b = starts[starts.length - 1] as number;
  const inside = acceptedAt.filter((t) => t >= a && t < b).length;
  return inside / ((b - a) / HOUR_MS);
}

/** Expected successes in ten years: the guesses of the measured span, then its steady rate for the rest. */
export function tenYearSuccesses(accepted: number, spanMs: number, steadyPerHour: number, chancePerGuess: number): number {
  const rest = Math.max(0, TEN_YEARS_MS - spanMs) / HOUR_MS;
  return (accepted + steadyPerHour * rest) * chancePerGuess;
}
