// The core's time is the wall clock (epoch ms): cases, deadlines and references are dated. The
// serial transport keeps its own monotonic timers (hardware/transport/timers.ts, the same shape);
// the two never mix. The app provides it (main/app/clock.ts's guarded clock, which never goes
// backwards and reports jumps; tests their own).

export type TimerHandle = unknown;

/** The core's time port: now, and timers on the same clock. */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A wall-clock step the app's clock saw (more than a few minutes against the monotonic clock). */
export interface ClockJump {
  direction: 'forward' | 'backward';
  /** Where the clock should have been (the last trusted reading + monotonic time since). */
  expected: number;
  /** What the wall clock said. */
  wall: number;
  driftMs: number;
}

export interface Clock extends Timers {
  /** Present when the clock watches for jumps; the core logs and alarms each one. */
  onJump?(listener: (jump: ClockJump) => void): () => void;
}
