// Finished flow states kept a while, so a screen that missed the final event (it subscribes a
// moment after its call returns) can still ask for the outcome.
import type { Timers } from '../clock';

const KEEP_MS = 10 * 60_000;

export function createRecentStates<T>(timers: Timers) {
  const states = new Map<string, { state: T; until: number }>();
  return {
    put(id: string, state: T): void {
      const now = timers.now();
      for (const [key, entry] of states) if (entry.until < now) states.delete(key);
      states.set(id, { state, until: now + KEEP_MS });
    },
    get: (id: string): T | undefined => states.get(id)?.state,
  };
}
