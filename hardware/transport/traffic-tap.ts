// Every byte in and out of the bus, copied to whoever listens (a hex monitor, the benchmark).

import type { Timers } from './timers';
import type { TransactionAbout } from './transaction';

export interface TrafficEvent {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  at: number;
  /** The transaction the bytes belong to: the one sent, or the one on the wire when they came. None for stray bytes. */
  about?: TransactionAbout;
}

export interface TrafficTap {
  /** Tells the listeners; copies the bytes only when someone listens. */
  tap(direction: TrafficEvent['direction'], bytes: Uint8Array, about?: TransactionAbout): void;
  onTraffic(listener: (event: TrafficEvent) => void): () => void;
}

export function createTrafficTap(timers: Timers): TrafficTap {
  const listeners = new Set<(event: TrafficEvent) => void>();
  return {
    tap(direction, bytes, about) {
      if (listeners.size === 0) return;
      const event: TrafficEvent = { direction, bytes: bytes.slice(), at: timers.now(), ...(about ? { about } : {}) };
      for (const listener of [...listeners]) listener(event);
    },
    onTraffic(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
