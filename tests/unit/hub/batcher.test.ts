// The ingest's batcher on a fake clock: full batches go at once, a partial one after its window,
// what came during a flush right after it, and a failed batch again after the retry delay with
// nothing dropped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBatcher } from '../../../hub/ingest/batcher';

afterEach(() => void vi.useRealTimers());

describe('batcher', () => {
  it('flushes full batches at once, a partial one after its window, and retries a failure', async () => {
    vi.useFakeTimers();
    const flushed: number[][] = [];
    let failNext = false;
    const errors: number[] = [];
    const b = createBatcher<number>({
      max: 3,
      delayMs: 50,
      retryMs: 1000,
      flush: async (items) => {
        if (failNext) {
          failNext = false;
          throw new Error('database away');
        }
        flushed.push(items);
      },
      onError: (_e, size) => errors.push(size),
    });
    [1, 2, 3, 4].forEach((i) => b.add(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(flushed).toEqual([[1, 2, 3], [4]]); // 4 came during the first flush: written right after
    b.add(5);
    await vi.advanceTimersByTimeAsync(49);
    expect(flushed).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(flushed.at(-1)).toEqual([5]);
    failNext = true;
    b.add(6);
    await vi.advanceTimersByTimeAsync(50);
    expect(errors).toEqual([1]);
    b.add(7);
    const drained = b.drain();
    await vi.advanceTimersByTimeAsync(1000);
    await drained;
    expect(flushed.at(-1)).toEqual([6, 7]);
    expect(b.size()).toBe(0);
    b.stop();
  });
});
