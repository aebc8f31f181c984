// The transport's counters, as stats() reports them (with the link state).

import type { LinkState } from './link-status';

export interface TransportStats {
  state: LinkState;
  /** Requests that reached the write step. */
  transactions: number;
  /** Requests that ended well (valid reply, or a no-reply request sent). */
  completed: number;
  timeouts: number;
  badFrames: number;
  /** Junk the matchers skipped before a reply's header. */
  junkBytesSkipped: number;
  /** Bytes that arrived with no request waiting for them, or after a complete reply. */
  strayBytes: number;
  /** Quiet-and-flush runs after a timeout, bad frame or stray bytes. */
  flushes: number;
  notSent: number;
  offlineRejections: number;
  connectAttempts: number;
  /** Successful re-opens after the port was lost (the first open is not counted). */
  reconnects: number;
  lastError: string | undefined;
}

/** The counting part of the stats, updated in place by the transport's modules. */
export type TransportCounters = Omit<TransportStats, 'state'>;

export function createCounters(): TransportCounters {
  return {
    transactions: 0,
    completed: 0,
    timeouts: 0,
    badFrames: 0,
    junkBytesSkipped: 0,
    strayBytes: 0,
    flushes: 0,
    notSent: 0,
    offlineRejections: 0,
    connectAttempts: 0,
    reconnects: 0,
    lastError: undefined,
  };
}
