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
