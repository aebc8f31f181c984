// The app's clock against a fake wall and a fake monotonic clock: jumps seen, never backwards.
import { describe, expect, it } from 'vitest';
import { CLOCK_JUMP_MS, createGuardedClock } from '../../main/app/clock';
import type { ClockJump } from '../../main/core/clock';

const MIN = 60_000;
const T0 = Date.parse('2026-06-15T04:00:00Z');

function fake() {
  const t = { wall: T0, mono: 1_000 };
  const jumps: ClockJump[] = [];
  const clock = createGuardedClock({ wall: () => t.wall, mono: () => t.mono });
  clock.onJump((j) => jumps.push(j));
  /** Both clocks advance together (time passing). */
  const pass = (ms: number) => {
    t.wall += ms;
    t.mono += ms;
  };
  return { t, jumps, clock, pass };
}

describe('guarded clock', () => {
  it('follows the wall clock while it agrees with the monotonic clock, small NTP steps included', () => {
    const { t, jumps, clock, pass } = fake();
    pass(10 * MIN);
    expect(clock.now()).toBe(T0 + 10 * MIN);
    t.wall += 2 * MIN; // a step forward below the threshold
    expect(clock.now()).toBe(T0 + 12 * MIN);
    // Slow drift, reading after reading, never adds up to an alarm.
    for (let i = 0; i < 100; i += 1) {
      pass(MIN);
      t.wall += 10_000;
      clock.now();
    }
    expect(jumps).toEqual([]);
  });

  it('reports a forward jump beyond the threshold, once, and follows it', () => {
    const { t, jumps, clock, pass } = fake();
    pass(MIN);
    clock.now();
    t.wall += 3 * 3_600_000;
    expect(clock.now()).toBe(T0 + MIN + 3 * 3_600_000);
    expect(clock.now()).toBe(T0 + MIN + 3 * 3_600_000);
    expect(jumps).toHaveLength(1);
    expect(jumps[0]).toMatchObject({ direction: 'forward', driftMs: 3 * 3_600_000 });
  });

  it('after a backward jump, goes on from the last trusted time on the monotonic clock, then catches up', () => {
    const { t, jumps, clock, pass } = fake();
    pass(MIN);
    expect(clock.now()).toBe(T0 + MIN);
    t.wall -= 2 * 3_600_000; // the clock is set two hours back
    pass(MIN);
    expect(clock.now()).toBe(T0 + 2 * MIN); // not two hours earlier: a deadline from now stays right
    pass(MIN);
    expect(clock.now()).toBe(T0 + 3 * MIN);
    expect(jumps).toHaveLength(1);
    expect(jumps[0]).toMatchObject({ direction: 'backward', expected: T0 + 2 * MIN, wall: T0 + 2 * MIN - 2 * 3_600_000 });
    t.wall += 2 * 3_600_000; // corrected again
    pass(MIN);
    expect(clock.now()).toBe(T0 + 4 * MIN);
    expect(jumps).toHaveLength(1);
  });

  it('never goes backwards, even by a step below the threshold', () => {
    const { t, jumps, clock } = fake();
    expect(clock.now()).toBe(T0);
    t.wall -= CLOCK_JUMP_MS - 1;
    expect(clock.now()).toBe(T0);
    expect(jumps).toEqual([]);
  });

  it('a listener may read the clock again without a second report', () => {
    const t = { wall: T0, mono: 0 };
    const clock = createGuardedClock({ wall: () => t.wall, mono: () => t.mono });
    const seen: number[] = [];
    clock.onJump(() => seen.push(clock.now()));
    t.wall += 10 * MIN;
    clock.now();
    expect(seen).toEqual([T0 + 10 * MIN]);
  });
});
