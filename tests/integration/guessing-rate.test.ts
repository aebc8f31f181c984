// Guessing measured through the real handlers (ADR 0009): PINs and pickup codes, one guess at a
// time and 300 at once, pickup guesses spread over phones and all on one phone, on a manual clock:
// two days of PIN guessing (its lockout reaches the 6 h cap after about 22 h), one of pickup
// guessing (the 1 h cap comes after 2 h). Every figure must stay within the ADR's arithmetic: no more checked
// guesses than its model allows in the same span, a steady rate no higher than the rate it assumes
// for ten years, and so no more expected successes in ten years. `npm run bench:guessing` prints
// the same measurement over a longer span.
import { describe, expect, it } from 'vitest';
import { measure, scenarios, type Measured } from '../../scripts/bench/guessing-attack';
import { HOUR_MS } from '../../scripts/bench/guessing-model';

const SPAN_MS = { pin: 48 * HOUR_MS, pickup: 24 * HOUR_MS };

describe('guessing through the real handlers, days of it on a manual clock', () => {
  it('PINs and pickup codes, sequential and 300 parallel, over phones and on one: within ADR 0009', async () => {
    // Independent cabinets: measured side by side (argon2 runs off the main thread).
    const measured = await Promise.all(scenarios.map((s) => measure(s, SPAN_MS[s.target])));
    for (const m of measured) console.log(line(m));
    for (const m of measured) {
      const what = m.scenario.name;
      expect(Object.keys(m.result.answers).filter((code) => !['wrong-code', 'locked-out', 'expired'].includes(code)), what).toEqual([]);
      expect(m.result.accepted, what).toBeGreaterThan(0);
      expect(m.result.accepted, what).toBeLessThanOrEqual(m.model.guesses);
      expect(m.steadyPerHour, what).toBeLessThanOrEqual(m.model.perHour);
      expect(m.tenYearSuccesses, what).toBeLessThanOrEqual(m.model.tenYearSuccesses);
    }
    // 300 at once are checked no faster than one at a time: each attempt is reserved before it is verified.
    const accepted = (name: string) => measured.find((m) => m.scenario.name === name)!.result.accepted;
    expect(accepted('PIN, 300 parallel')).toBeLessThanOrEqual(accepted('PIN, sequential'));
    expect(accepted('pickup, 300 parallel, spread over phones')).toBeLessThanOrEqual(accepted('pickup, sequential, spread over phones'));
    expect(accepted('pickup, 300 parallel, one phone')).toBeLessThanOrEqual(accepted('pickup, sequential, one phone'));
  }, 180_000);
});

function line(m: Measured): string {
  return `${m.scenario.name}: ${m.result.calls} calls, ${m.result.accepted} checked (model ${m.model.guesses}), ${m.perHour.toFixed(2)}/h over ${m.result.spanMs / HOUR_MS} h, steady ${m.steadyPerHour.toFixed(2)}/h (ADR ${m.model.perHour.toFixed(2)}/h), 10-year successes ${m.tenYearSuccesses.toPrecision(2)} (ADR ${m.model.tenYearSuccesses.toPrecision(2)})`;
}
