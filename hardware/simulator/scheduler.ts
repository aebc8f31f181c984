// Time for the simulator, injected: the real clock in the app and on a pseudo-terminal, a manual
// one in tests so a 500 ms open reply takes no real time.

export type TimerHandle = unknown;

export interface Scheduler {
  /** Milliseconds, monotonic; fractions allowed (a byte at 9600 baud is 1.04 ms). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, Math.max(0, ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The real clock with sub-millisecond timers, for pacing bytes at the line speed (a byte at 9600
 * baud is 1.04 ms, finer than Node's whole-millisecond setTimeout, which can also fire ~1 ms early).
 * A timer sleeps until `spinMs` before its time, then polls with setImmediate until it is due:
 * accurate to a few tens of µs, at the cost of a busy event loop in those last `spinMs`.
 */
export function createPreciseScheduler(spinMs = 1.5): Scheduler {
  interface PreciseTimer {
    timeout?: ReturnType<typeof setTimeout>;
    immediate?: ReturnType<typeof setImmediate>;
    cancelled: boolean;
  }
  return {
    now: () => performance.now(),
    setTimeout: (callback, ms) => {
      const due = performance.now() + Math.max(0, ms);
      const timer: PreciseTimer = { cancelled: false };
      const poll = (): void => {
        timer.timeout = undefined;
        timer.immediate = undefined;
        if (timer.cancelled) return;
        if (performance.now() >= due) {
          callback();
          return;
        }
        timer.immediate = setImmediate(poll);
      };
      const sleepFor = due - performance.now() - spinMs;
      // Never synchronously: callers rely on setTimeout's "later" even for 0 ms.
      // Whole milliseconds: Node orders timers of fractional durations poorly.
      if (sleepFor >= 1) timer.timeout = setTimeout(poll, Math.floor(sleepFor));
      else timer.immediate = setImmediate(poll);
      return timer;
    },
    clearTimeout: (handle) => {
      const timer = handle as PreciseTimer;
      timer.cancelled = true;
      if (timer.timeout !== undefined) clearTimeout(timer.timeout);
      if (timer.immediate !== undefined) clearImmediate(timer.immediate);
    },
  };
}

export interface ManualScheduler extends Scheduler {
  /** Moves time forward by `ms`, running every timer due on the way, in order. */
  advance(ms: number): void;
  /** Runs timers until none is left (or `limitMs` of simulated time has passed). */
  runAll(limitMs?: number): void;
  pendingCount(): number;
}

interface ManualTimer {
  at: number;
  seq: number;
  callback: () => void;
}

export function createManualScheduler(startMs = 0): ManualScheduler {
  let now = startMs;
  let seq = 0;
  const timers = new Set<ManualTimer>();

  const next = (until: number): ManualTimer | undefined => {
    let best: ManualTimer | undefined;
    for (const t of timers) {
      if (t.at > until) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  };

  const runUntil = (until: number): void => {
    for (let t = next(until); t; t = next(until)) {
      timers.delete(t);
      now = Math.max(now, t.at);
      t.callback();
    }
  };

  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      const timer: ManualTimer = { at: now + Math.max(0, ms), seq: seq++, callback };
      timers.add(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as ManualTimer);
    },
    advance: (ms) => {
      const target = now + ms;
      runUntil(target);
      now = target;
    },
    runAll: (limitMs = 3_600_000) => runUntil(now + limitMs),
    pendingCount: () => timers.size,
  };
}
