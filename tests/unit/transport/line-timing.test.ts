import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, defaultBackoff } from '../../../hardware/transport/backoff';
import { charTimeMs, interTransactionGapMs, quietTimeMs, wireTimeMs } from '../../../hardware/transport/line-timing';
import { createRequestQueue, type Priority } from '../../../hardware/transport/request-queue';

describe('line timing at 8N1', () => {
  it('matches the figures in docs/lock-protocols.md', () => {
    expect(charTimeMs(9600)).toBeCloseTo(1.042, 3);
    // "a 5-byte request plus a 7-byte reply is 12.5 ms"
    expect(wireTimeMs(9600, 5 + 7)).toBeCloseTo(12.5, 1);
    // "~5 ms (3.5 character times + 1 ms)"
    expect(interTransactionGapMs(9600)).toBe(5);
    expect(interTransactionGapMs(19200)).toBe(3);
    expect(quietTimeMs(9600, 20)).toBe(24);
  });
});

describe('reconnect backoff', () => {
  it('doubles from 250 ms up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(defaultBackoff, n))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});

describe('request queue', () => {
  it('serves every high item before any normal one, FIFO within each', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean()), (highs) => {
        const queue = createRequestQueue<{ i: number; p: Priority }>();
        const items = highs.map((high, i) => ({ i, p: (high ? 'high' : 'normal') as Priority }));
        for (const item of items) queue.push(item, item.p);
        const served: number[] = [];
        for (let item = queue.shift(); item; item = queue.shift()) served.push(item.i);
        const expected = [...items.filter((x) => x.p === 'high'), ...items.filter((x) => x.p === 'normal')].map((x) => x.i);
        expect(served).toEqual(expected);
      }),
    );
  });
});
