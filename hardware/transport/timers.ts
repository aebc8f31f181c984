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

/**
 * Sleep until `due` by the monotonic clock. Node's setTimeout counts from the event loop's
 * cached whole-millisecond time, so a 5 ms timer can end after 4.2 ms (measured) — a gap
 * shorter than the 3.5 character times the boards need. Sleep again for what is left.
 */
export async function sleepUntil(timers: Timers, due: number): Promise<void> {
  for (let left = due - timers.now(); left > 0; ) {
    await sleep(timers, left);
    const next = due - timers.now();
    // A clock that does not move while timers run (hand-rolled test timers): do not spin.
    if (next >= left) return;
    left = next;
  }
}
