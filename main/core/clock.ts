// The core's time is the wall clock (epoch ms): cases, deadlines and references are dated. The
// serial transport keeps its own monotonic timers (hardware/transport/timers.ts, the same shape);
// the two never mix. The app provides it (main/app/clock.ts's wallClock; tests their own).

export type TimerHandle = unknown;

/** The core's time port: now, and timers on the same clock. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export type Clock = Timers;
