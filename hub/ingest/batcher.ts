// Collects items and hands them to `flush` in batches: at `max` items or `delayMs` after the
// first one (and at once after a flush, for what came meanwhile), one batch at a time (batches of one instance never race each other in the
// database). A failed batch is tried again after `retryMs` with everything that came meanwhile;
// its items are never dropped, so their acks simply wait.
export interface BatcherOptions<T> {
  max: number;
  delayMs: number;
  retryMs: number;
  flush(items: T[]): Promise<void>;
  onError(error: unknown, size: number): void;
}

export interface Batcher<T> {
  add(item: T): void;
  /** Resolves when everything added so far has been flushed (or stop gives up). */
  drain(): Promise<void>;
  stop(): void;
  size(): number;
}

export function createBatcher<T>(o: BatcherOptions<T>): Batcher<T> {
  let items: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;
  const waiters: (() => void)[] = [];

  const schedule = (ms: number) => {
    if (!timer && !stopped) timer = setTimeout(() => void run(), ms);
  };
  async function run(): Promise<void> {
    timer = undefined;
    if (running || stopped) return;
    if (items.length === 0) {
      waiters.splice(0).forEach((w) => w());
      return;
    }
    running = true;
    const batch = items.slice(0, o.max);
    try {
      await o.flush(batch);
      items = items.slice(batch.length);
    } catch (error) {
      o.onError(error, batch.length);
      running = false;
      schedule(o.retryMs);
      return;
    }
    running = false;
    // What came during the flush has already waited that long: write it now, no second window.
    if (items.length > 0) void run();
    else waiters.splice(0).forEach((w) => w());
  }
  return {
    add(item) {
      items.push(item);
      if (items.length >= o.max && !running) {
        if (timer) clearTimeout(timer);
        void run();
      } else schedule(o.delayMs);
    },
    drain: () => (items.length === 0 && !running ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      waiters.splice(0).forEach((w) => w());
    },
    size: () => items.length,
  };
}
