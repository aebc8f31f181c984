// Waiting transactions in order: every 'high' (opens) before any 'normal' (polls), FIFO within a
// priority, so a resident's open never waits behind a backlog of status reads.

export type Priority = 'high' | 'normal';

export interface RequestQueue<T> {
  push(item: T, priority: Priority): void;
  shift(): T | undefined;
  remove(item: T): boolean;
  /** Empty the queue, returning what was waiting (in service order). */
  drain(): T[];
  readonly size: number;
}

export function createRequestQueue<T>(): RequestQueue<T> {
  const high: T[] = [];
  const normal: T[] = [];
  return {
    push(item, priority) {
      (priority === 'high' ? high : normal).push(item);
    },
    shift() {
      return high.length > 0 ? high.shift() : normal.shift();
    },
    remove(item) {
      for (const list of [high, normal]) {
        const index = list.indexOf(item);
        if (index >= 0) {
          list.splice(index, 1);
          return true;
        }
      }
      return false;
    },
    drain() {
      const all = [...high, ...normal];
      high.length = 0;
      normal.length = 0;
      return all;
    },
    get size() {
      return high.length + normal.length;
    },
  };
}
