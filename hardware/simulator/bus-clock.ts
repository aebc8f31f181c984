// Time inside the simulated bus. Callbacks run at their due time, never before it, and delays
// chain from the time the running callback was due, not from when a late timer ran, so timer
// lateness does not pile up along "request crossed the wire → reply → each byte".

import type { Scheduler, TimerHandle } from './scheduler';

/** One direction of the wire: items come out in the order they went in, each at or after its time. */
export interface Line<T> {
  push(at: number, item: T): void;
  clear(): void;
}

export interface BusClock {
  now(): number;
  /** When the running callback was due; outside callbacks, now. Delays count from here. */
  cursor(): number;
  schedule(callback: () => void, delayMs: number): void;
  /** A line delivering each item to `deliver` at its time, in order. */
  line<T>(deliver: (item: T) => void): Line<T>;
  /** Cancels every pending timer and empties every line. */
  dispose(): void;
}

export function createBusClock(scheduler: Scheduler): BusClock {
  const timers = new Set<TimerHandle>();
  const lines: Array<Line<never>> = [];
  // The time the running callback was due.
  let dueNow: number | undefined;

  /** Runs `callback` at `due`, never before it (a system timer may fire ~1 ms early). */
  const scheduleAt = (due: number, callback: () => void, rearmed = false): void => {
    const handle = scheduler.setTimeout(() => {
      timers.delete(handle);
      // Once only: with a clock that does not move while timers run, do not loop.
      if (!rearmed && scheduler.now() < due) return scheduleAt(due, callback, true);
      const outer = dueNow;
      dueNow = due;
      try {
        callback();
      } finally {
        dueNow = outer;
      }
    }, due - scheduler.now());
    timers.add(handle);
  };

  /**
   * One timer per item would not do: Node's timers of different fractional durations can fire
   * out of order, which put a reply's check byte before its status bytes.
   */
  const createLine = <T>(deliver: (item: T) => void): Line<T> => {
    const queue: Array<{ at: number; item: T }> = [];
    let armed = false;
    const run = (): void => {
      armed = false;
      const until = Math.max(scheduler.now(), dueNow ?? Number.NEGATIVE_INFINITY);
      const outer = dueNow;
      try {
        for (let head = queue[0]; head && head.at <= until; head = queue[0]) {
          queue.shift();
          dueNow = head.at;
          deliver(head.item);
        }
      } finally {
        dueNow = outer;
      }
      arm();
    };
    const arm = (): void => {
      const head = queue[0];
      if (armed || !head) return;
      armed = true;
      scheduleAt(head.at, run);
    };
    return {
      push(at, item) {
        queue.push({ at, item });
        arm();
      },
      clear() {
        queue.length = 0;
      },
    };
  };

  return {
    now: () => scheduler.now(),
    cursor: () => dueNow ?? scheduler.now(),
    schedule: (callback, delayMs) => scheduleAt((dueNow ?? scheduler.now()) + Math.max(0, delayMs), callback),
    line: <T>(deliver: (item: T) => void): Line<T> => {
      const line = createLine(deliver);
      lines.push(line);
      return line;
    },
    dispose: () => {
      for (const t of timers) scheduler.clearTimeout(t);
      timers.clear();
      for (const line of lines) line.clear();
    },
  };
}
