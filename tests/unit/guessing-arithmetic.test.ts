// ADR 0009's guessing arithmetic, checked against the policies the code uses: an attacker who
// guesses whenever the cabinet lets them, for ten years, is expected to succeed less than once.
import { describe, expect, it } from 'vitest';
import { afterFailure, freshLimit, lockedFor, type LimitPolicy } from '../../main/core/cases/rate-limit';
import { PICKUP_CABINET_POLICY } from '../../main/core/resident/pickup';
import { CABINET_LOGIN_POLICY } from '../../main/core/staff/accounts';

const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600_000;

/** Guesses accepted in `spanMs` when every guess fails and the next comes as soon as the lockout ends. */
function maxGuesses(policy: LimitPolicy, spanMs: number): number {
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
    now += 100; // a guess every 100 ms while the screen accepts them: faster than any hand
  }
  return guesses;
}

describe('guessing at the maximum rate allowed, for ten years', () => {
  it('pickup codes: 6 digits and the phone\'s last 4 of one of at most 64 waiting cases — under 0.05 expected successes', () => {
    const guesses = maxGuesses(PICKUP_CABINET_POLICY, TEN_YEARS_MS);
    const perGuess = 64 / (10 ** 6 * 10 ** 4);
    console.log(`pickup: ${guesses} guesses in 10 years (${(guesses / (10 * 365.25 * 24)).toFixed(1)}/h), expected successes ${(guesses * perGuess).toExponential(2)}`);
    expect(guesses * perGuess).toBeLessThan(0.05);
  });

  it('staff PINs: 6 digits for a known login — under 0.5 expected successes', () => {
    const guesses = maxGuesses(CABINET_LOGIN_POLICY, TEN_YEARS_MS);
    const perGuess = 1 / 10 ** 6;
    console.log(`PIN: ${guesses} guesses in 10 years (${(guesses / (10 * 365.25 * 24)).toFixed(1)}/h), expected successes ${(guesses * perGuess).toFixed(3)}`);
    expect(guesses * perGuess).toBeLessThan(0.5);
  });
});
