// ADR 0009's guessing arithmetic, checked against the policies the code uses: an attacker who
// guesses whenever the cabinet lets them, for ten years, is expected to succeed less than once.
// (tests/integration/guessing-rate.test.ts measures the same attack through the real handlers.)
import { describe, expect, it } from 'vitest';
import { PICKUP_CABINET_POLICY } from '../../main/core/resident/pickup';
import { CABINET_LOGIN_POLICY } from '../../main/core/staff/accounts';
import { HOUR_MS, maxGuesses, steadyRatePerHour, TEN_YEARS_MS, tenYearSuccesses } from '../../scripts/bench/guessing-model';

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

describe('the figures a measured attack is judged by', () => {
  it('the steady rate counts whole lockout cycles only: 30 guesses each hour is 30/h, wherever the window starts', () => {
    const at = Array.from({ length: 10 }, (_, h) => Array.from({ length: 30 }, (_, g) => h * HOUR_MS + g * 100)).flat();
    expect(steadyRatePerHour(at, 0)).toBeCloseTo(30, 6);
    expect(steadyRatePerHour(at, 2.5 * HOUR_MS)).toBeCloseTo(30, 6);
    expect(steadyRatePerHour(at, 9.5 * HOUR_MS)).toBeNull();
  });

  it('with two limits, cycles start after the longest waits: 4 bursts of 5 half an hour apart, then 6 h, is 20 per 7.5 h', () => {
    const cycle = (start: number) => [0, 0.5, 1, 1.5].flatMap((h) => Array.from({ length: 5 }, (_, g) => start + h * HOUR_MS + g * 100));
    const at = [0, 7.5, 15, 22.5, 30].flatMap((c) => cycle(c * HOUR_MS));
    expect(steadyRatePerHour(at, 7 * HOUR_MS)).toBeCloseTo(20 / 7.5, 6);
  });

  it('ten years from a measured span: its guesses, then the steady rate for the rest', () => {
    expect(tenYearSuccesses(100, TEN_YEARS_MS, 30, 0.01)).toBeCloseTo(1, 9);
    expect(tenYearSuccesses(0, 0, 1, 1)).toBeCloseTo(TEN_YEARS_MS / HOUR_MS, 6);
  });
});
