// The notification worker's outcome buffer on vitest's fake clock: a batch written from its timer
// on a full disk is logged and dropped (the deliveries go again under their idempotency keys), never
// thrown into the event loop, and the buffer keeps working once space returns.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { systemTimers } from '../../hardware/transport/timers';
import { createOutcomeBuffer } from '../../main/core/notify/outcome-buffer';
import type { DeliveryUpdate } from '../../main/store/notify-repo';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('logs a timed flush the disk refuses instead of throwing it, and writes again when space returns', async () => {
  let full = true;
  const written: DeliveryUpdate[][] = [];
  const logged: string[] = [];
  const buffer = createOutcomeBuffer({
    clock: systemTimers,
    flushMs: 20,
    flushAt: 256,
    write: (batch) => {
      if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      written.push(batch);
    },
    log: (_level, message) => logged.push(message),
  });
  const update = { id: 1, outcome: 'delivered', at: 1 } as unknown as DeliveryUpdate;
  buffer.record(update);
  await expect(vi.advanceTimersByTimeAsync(20)).resolves.toBeDefined();
  expect(logged).toEqual(['could not write delivery outcomes']);
  expect(buffer.pending()).toBe(0);
  full = false;
  buffer.record(update);
  await vi.advanceTimersByTimeAsync(20);
  expect(written).toEqual([[update]]);
});
