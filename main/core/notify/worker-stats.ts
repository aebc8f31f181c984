// The worker's counters, for the benchmark and tests, and its timed write transactions.
export interface NotifierStats {
  delivered: number;
  failedAttempts: number;
  /** Time spent inside the worker's own write transactions (routing and outcomes), ms. */
  dbMs: number;
  transactions: number;
  /** Rows written (delivery rows inserted or updated, messages routed or settled). */
  rowWrites: number;
}

export function createWorkerStats(transaction: <T>(fn: () => T) => T) {
  const stats: NotifierStats = { delivered: 0, failedAttempts: 0, dbMs: 0, transactions: 0, rowWrites: 0 };
  return {
    stats,
    /** One of the worker's own write transactions, timed. */
    timed<T>(fn: () => T): T {
      const t0 = performance.now();
      try {
        return transaction(fn);
      } finally {
        stats.dbMs += performance.now() - t0;
        stats.transactions += 1;
      }
    },
  };
}
