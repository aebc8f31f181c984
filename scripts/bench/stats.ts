// Pure arithmetic for scripts/bench-hardware.ts: percentiles of latency samples and the wire-time
// floor a transaction cannot beat (docs/lock-protocols.md#timing-and-bus-discipline: 12.5 ms for a generic read-all at 9600 8N1).
// No I/O, so tests/unit/bench-stats.test.ts checks it without a pty.

import { wireTimeMs } from '../../hardware/transport/line-timing';

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Nearest-rank percentile (p in 0..100) of unsorted samples: the smallest sample with at least
 * p % of the samples at or below it. Always one of the samples, never an interpolation.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: sorted[0]!,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

export interface FrameTiming {
  requestBytes: number;
  replyBytes: number;
  baudRate: number;
  /** What the board itself waits before answering (generic open: ~500 ms); 0 for none. */
  boardDelayMs?: number;
}

/** The least time one request + reply can take: both frames on the wire (8N1) plus the board's delay. */
export function transactionFloorMs(timing: FrameTiming): number {
  return wireTimeMs(timing.baudRate, timing.requestBytes + timing.replyBytes) + (timing.boardDelayMs ?? 0);
}

/**
 * A poll of `boards` boards, one transaction each, back to back: N times one transaction, plus
 * `gapMs` of required silence between two of them (docs/lock-protocols.md#timing-and-bus-discipline: 3.5 character times + 1 ms).
 */
export function pollFloorMs(boards: number, perBoard: FrameTiming, gapMs = 0): number {
  if (!Number.isInteger(boards) || boards < 1) throw new RangeError(`a poll needs at least one board, got ${boards}`);
  return boards * transactionFloorMs(perBoard) + (boards - 1) * gapMs;
}

export interface Verdict {
  ratio: number;
  met: boolean;
}

/** p50 against the floor: met when p50 ≤ target × floor (e.g. 1.15). */
export function verdict(p50: number, floorMs: number, target: number): Verdict {
  if (!(floorMs > 0)) throw new RangeError(`floor must be positive, got ${floorMs}`);
  const ratio = p50 / floorMs;
  return { ratio, met: ratio <= target };
}

/** Median of a few run results (e.g. 3 runs of the bench). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
