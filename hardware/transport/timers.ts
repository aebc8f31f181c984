// Time, injected: the transport never reads the wall clock or sets a timer except through this,
// so tests drive it with fake timers or a hand-rolled clock.

export type TimerHandle = unknown;

export interface Timers {
  /** Milliseconds, monotonic (only differences are used). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The process's own timers, looked up at call time so vitest's fake timers also apply. */
export const systemTimers: Timers = {
  // Monotonic: a wall-clock jump (NTP, RTC set at boot) must not stretch a 5 ms gap.
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => {
    timers.setTimeout(resolve, Math.max(0, ms));
  });
}
