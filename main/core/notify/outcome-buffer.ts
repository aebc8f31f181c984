// Delivery outcomes are written in batches, one transaction per flush: a send costs no write of
// its own. A crash before a flush only means a resend under the same idempotency key.
import type { DeliveryUpdate } from '../../store/notify-repo';
import type { Clock, TimerHandle } from '../clock';

export function createOutcomeBuffer(deps: {
  clock: Clock;
  flushMs: number;
  flushAt: number;
  write(batch: DeliveryUpdate[]): void;
  log(level: 'error', message: string, detail?: unknown): void;
}) {
  const { clock } = deps;
  let buffer: DeliveryUpdate[] = [];
  let timer: TimerHandle | undefined;
  let closed = false;

  function flush(): void {
    if (timer !== undefined) {
      clock.clearTimeout(timer);
      timer = undefined;
    }
    if (buffer.length === 0 || closed) return;
    const batch = buffer;
    buffer = [];
    deps.write(batch);
  }

  /** flush(), logging a failure instead of throwing it (a lane ending must free its recipient). */
  function flushQuietly(): void {
    try {
      flush();
    } catch (error) {
      deps.log('error', 'could not write delivery outcomes', error);
    }
  }

  return {
    flush,
    flushQuietly,
    /** Keep an outcome; written when the batch is full or `flushMs` after the first of it. */
    record(update: DeliveryUpdate): void {
      if (closed) return;
      buffer.push(update);
      if (buffer.length >= deps.flushAt) flush();
      // From a timer, a failing write (a full disk) must be logged, not thrown into the event loop:
      // the outcomes are dropped and the deliveries go again under their idempotency keys.
      else if (timer === undefined) timer = clock.setTimeout(flushQuietly, deps.flushMs);
    },
    pending: () => buffer.length,
    /** Write what is kept, then accept nothing more. */
    close(): void {
      flush();
      closed = true;
    },
  };
}
