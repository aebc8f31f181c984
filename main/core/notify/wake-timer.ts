// The worker's single wake-up: asking for a wake sooner than the one set replaces it; asking for
// a later one keeps the earlier, so many wakes in a burst cost one timer.
import type { Clock, TimerHandle } from '../clock';

export function createWakeTimer(clock: Clock, wake: () => void) {
  let timer: TimerHandle | undefined;
  let wakeAt = Infinity;
  return {
    /** Wake in `ms` (an earlier wake already set stands). */
    arm(ms: number): void {
      const at = clock.now() + Math.max(0, ms);
      if (timer !== undefined) {
        if (wakeAt <= at) return;
        clock.clearTimeout(timer);
      }
      wakeAt = at;
      timer = clock.setTimeout(() => {
        timer = undefined;
        wakeAt = Infinity;
        wake();
      }, Math.max(0, ms));
    },
    cancel(): void {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
