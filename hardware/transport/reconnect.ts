// Reopening a lost port: one pending attempt at a time, spaced by the backoff.

import { backoffDelayMs, type BackoffSettings } from './backoff';
import type { TimerHandle, Timers } from './timers';

export interface Reconnector {
  /** Plans the next attempt unless one is already planned. */
  schedule(): void;
  /** The port opened: the next loss starts the backoff from the beginning. */
  succeeded(): void;
  /** Drops the planned attempt, if any. */
  cancel(): void;
  /** When the planned attempt runs (timers.now() time); undefined when none is planned. */
  readonly nextAttemptAt: number | undefined;
}

export function createReconnector(timers: Timers, backoff: BackoffSettings, attempt: () => void): Reconnector {
  let failures = 0;
  let timer: TimerHandle | undefined;
  let nextAttemptAt: number | undefined;
  return {
    schedule() {
      if (timer !== undefined) return;
      const delay = backoffDelayMs(backoff, failures);
      failures += 1;
      nextAttemptAt = timers.now() + delay;
      timer = timers.setTimeout(() => {
        timer = undefined;
        nextAttemptAt = undefined;
        attempt();
      }, delay);
    },
    succeeded() {
      failures = 0;
    },
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      nextAttemptAt = undefined;
    },
    get nextAttemptAt() {
      return nextAttemptAt;
    },
  };
}
