// What the transport knows about the wire between transactions: when it last moved, how long it
// must stay idle, and whether trouble left bytes on it that must settle and be flushed before the
// next request is written.

import type { BytePort } from './byte-port';
import { sleep, type Timers } from './timers';
import type { TransportCounters } from './transport-stats';

export interface LineState {
  /** Set after a timeout, bad frame or stray bytes: settle and flush before the next write. */
  dirty: boolean;
  /** Last byte received, request drained, or transaction ended: gaps and quiet count from here. */
  lastActivityAt: number;
  /** No write before this (a Kerong board saving a setting). */
  idleUntil: number;
}

export function createLineState(): LineState {
  return { dirty: false, lastActivityAt: Number.NEGATIVE_INFINITY, idleUntil: Number.NEGATIVE_INFINITY };
}

export interface SettleOptions {
  timers: Timers;
  line: LineState;
  counters: TransportCounters;
  /** The line must be silent this long before the flush. */
  settleQuietMs: number;
  /** A line that never goes quiet is flushed anyway after this. */
  maxSettleMs: number;
}

/**
 * Wait until the line has been silent for settleQuietMs, counted from the last byte or from the
 * failure itself (a late reply may still be on its way), then flush. Gives up without flushing
 * when `port` stops being the attached one meanwhile.
 */
export async function settleAndFlush(options: SettleOptions, port: BytePort, attached: () => BytePort | undefined): Promise<void> {
  const { timers, line, settleQuietMs, maxSettleMs } = options;
  const startedAt = timers.now();
  for (;;) {
    const quietFor = timers.now() - line.lastActivityAt;
    const waited = timers.now() - startedAt;
    if (quietFor >= settleQuietMs || waited >= maxSettleMs) break;
    await sleep(timers, Math.min(settleQuietMs - quietFor, maxSettleMs - waited));
    if (attached() !== port) return;
  }
  await port.flush().catch(() => undefined);
  options.counters.flushes += 1;
  line.dirty = false;
}
