// The arithmetic behind `npm run bench:hardware` (scripts/bench/stats.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, percentile, pollFloorMs, summarize, transactionFloorMs, verdict } from '../../scripts/bench/stats';

describe('percentiles (nearest rank)', () => {
  it('picks samples, not interpolations', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 99)).toBe(5);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    // 200 samples 1..200: p99 is the 198th.
    expect(percentile(Array.from({ length: 200 }, (_, i) => 200 - i), 99)).toBe(198);
  });

  it('rejects no samples and out-of-range percentiles', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('orders min ≤ p50 ≤ p99 ≤ max, each one of the samples, without touching the input', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 300 }), (samples) => {
        const copy = [...samples];
        const s = summarize(samples);
        expect(samples).toEqual(copy);
        expect(s.n).toBe(samples.length);
        expect(s.min).toBeLessThanOrEqual(s.p50);
        expect(s.p50).toBeLessThanOrEqual(s.p99);
        expect(s.p99).toBeLessThanOrEqual(s.max);
        for (const v of [s.min, s.p50, s.p99, s.max]) expect(samples).toContain(v);
        expect(s.mean).toBeGreaterThanOrEqual(s.min - 1e-9);
        expect(s.mean).toBeLessThanOrEqual(s.max + 1e-9);
      }),
    );
  });

  it('takes the middle of three runs', () => {
    expect(median([1.2, 1.05, 1.1])).toBe(1.1);
  });
});

describe('wire-time floors at 8N1', () => {
  it('matches docs/lock-protocols.md: a 5-byte request plus a 7-byte reply is 12.5 ms at 9600', () => {
    expect(transactionFloorMs({ requestBytes: 5, replyBytes: 7, baudRate: 9600 })).toBeCloseTo(12.5, 6);
  });

  it('adds the board’s own reply delay (generic open: ~500 ms)', () => {
    expect(transactionFloorMs({ requestBytes: 5, replyBytes: 5, baudRate: 9600, boardDelayMs: 500 })).toBeCloseTo(510.417, 3);
  });

  it('a poll of N boards is N transactions, plus N−1 gaps when asked', () => {
    const read = { requestBytes: 5, replyBytes: 7, baudRate: 9600 };
    expect(pollFloorMs(4, read)).toBeCloseTo(50, 6);
    expect(pollFloorMs(4, read, 5)).toBeCloseTo(65, 6);
    expect(pollFloorMs(1, read, 5)).toBeCloseTo(12.5, 6);
    expect(() => pollFloorMs(0, read)).toThrow(RangeError);
  });

  it('halves with twice the baud rate', () => {
    expect(transactionFloorMs({ requestBytes: 5, replyBytes: 9, baudRate: 19200 })).toBeCloseTo(7.292, 3);
  });
});

describe('verdict', () => {
  it('is met at or under the target ratio', () => {
    expect(verdict(14.375, 12.5, 1.15)).toEqual({ ratio: 1.15, met: true });
    expect(verdict(14.4, 12.5, 1.15).met).toBe(false);
    expect(verdict(13.7, 12.5, 1.15).ratio).toBeCloseTo(1.096, 3);
    expect(() => verdict(1, 0, 1.15)).toThrow(RangeError);
  });
});
