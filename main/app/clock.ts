// The process's clock and timers, as the core's Clock port. Timers are durations, so they run on
// Node's monotonic timers and a wall-clock step does not stretch or cut them. `now()` is the wall
// clock watched against the monotonic one: a step of more than CLOCK_JUMP_MS is reported (the core
// logs it and alarms the technician through the outbox). Forward steps are followed (an RTC without
// battery set by NTP after boot). A backward step is not: time goes on from the last trusted
// reading on the monotonic clock, so no deadline or lockout is computed from a clock that went
// back; the wall clock is followed again once it catches up (or after a restart).
import type { Clock, ClockJump } from '../core/clock';

export const CLOCK_JUMP_MS = 5 * 60_000;
/** How often the clock is read when nothing else reads it, so a jump is seen promptly. */
export const CLOCK_CHECK_MS = 30_000;

export interface TimeSources {
  /** Epoch ms, as Date.now(). */
  wall(): number;
  /** Monotonic ms, as performance.now(). */
  mono(): number;
}

const processSources: TimeSources = { wall: () => Date.now(), mono: () => performance.now() };

const timers = {
  setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** The bare wall clock (tools and tests that need no jump detection). */
export const wallClock: Clock = { now: () => Date.now(), ...timers };

export type GuardedClock = Clock & { onJump(listener: (jump: ClockJump) => void): () => void; start(): void; stop(): void };

export function createGuardedClock(sources: TimeSources = processSources, jumpMs = CLOCK_JUMP_MS): GuardedClock {
  let anchor = { wall: sources.wall(), mono: sources.mono() };
  let last = anchor.wall;
  let behind = false;
  const listeners = new Set<(jump: ClockJump) => void>();
  let interval: ReturnType<typeof setInterval> | undefined;

  const report = (jump: ClockJump) => listeners.forEach((l) => l(jump));

  function now(): number {
    const wall = sources.wall();
    const mono = sources.mono();
    const expected = anchor.wall + (mono - anchor.mono);
    const drift = wall - expected;
    let jump: ClockJump | undefined;
    let time: number;
    if (drift < -jumpMs) {
      // Backward: keep the trusted frame; say so once per step.
      if (!behind) jump = { direction: 'backward', expected, wall, driftMs: drift };
      behind = true;
      time = expected;
    } else {
      if (drift > jumpMs) jump = { direction: 'forward', expected, wall, driftMs: drift };
      // Follow the wall (small NTP corrections included): re-anchored on every reading, so slow
      // drift between the two clocks never adds up to a false alarm.
      behind = false;
      anchor = { wall, mono };
      time = wall;
    }
    // Never backwards, even by a small NTP step.
    last = Math.max(last, time);
    // Reported after the state is settled: a listener may read the clock again.
    if (jump) report(jump);
    return last;
  }

  return {
    now,
    ...timers,
    onJump(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      interval ??= setInterval(now, CLOCK_CHECK_MS);
      interval.unref?.();
    },
    stop() {
      if (interval !== undefined) clearInterval(interval);
      interval = undefined;
    },
  };
}
