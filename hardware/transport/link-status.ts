// The link's state ('connecting' → 'online' ⇄ 'offline', finally 'closed') and who is told when
// it changes.

import type { BusError } from '../lock-bus';
import type { Timers } from './timers';

export type LinkState = 'connecting' | 'online' | 'offline' | 'closed';

export interface LinkStatus {
  readonly state: LinkState;
  /** Listeners run synchronously, in the order they were added, on every actual change. */
  set(next: LinkState): void;
  onChange(listener: (state: LinkState) => void): () => void;
  /** Resolves when the state turns 'online'; rejects with `offlineError(...)` on 'closed' or after `timeoutMs`. */
  whenOnline(timeoutMs: number, offlineError: (label: string) => BusError): Promise<void>;
}

export function createLinkStatus(timers: Timers): LinkStatus {
  let state: LinkState = 'connecting';
  const listeners = new Set<(state: LinkState) => void>();
  return {
    get state() {
      return state;
    },
    set(next) {
      if (state === next) return;
      state = next;
      for (const listener of [...listeners]) listener(next);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenOnline(timeoutMs, offlineError) {
      if (state === 'online') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = timers.setTimeout(() => {
          listeners.delete(listener);
          reject(offlineError(`waiting ${timeoutMs} ms for the port`));
        }, timeoutMs);
        const listener = (next: LinkState): void => {
          if (next !== 'online' && next !== 'closed') return;
          listeners.delete(listener);
          timers.clearTimeout(timer);
          if (next === 'online') resolve();
          else reject(offlineError('waiting for the port'));
        };
        listeners.add(listener);
      });
    },
  };
}
