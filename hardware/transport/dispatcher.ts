// Requests wait in priority order (request-queue.ts) and go to the wire one at a time; a request
// still waiting can be withdrawn with its AbortSignal. The next request is chosen only once the
// line is free to take it (after the required gap), so an open that arrives during the gap still
// goes ahead of the polls.

import { BusError } from '../lock-bus';
import { createRequestQueue } from './request-queue';
import type { Reply, Transaction } from './transaction';
import type { TransportCounters } from './transport-stats';

export interface DispatcherOptions {
  counters: TransportCounters;
  /** Whether new requests are taken at all (the link is online). */
  accepting(): boolean;
  /** Whether the next request may start now (online, with a port). */
  ready(): boolean;
  /** The refusal for a request not taken, or still waiting when the port goes. */
  offlineError(label: string): BusError;
  /** Resolves when the line may take the next request (the gap after the last one); default at once. */
  lineFree?(): Promise<void>;
  /** One transaction on the wire; rejects with BusError (anything else becomes 'internal'). */
  run(transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined>;
}

export interface Dispatcher {
  enqueue(transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined>;
  /** Starts the next waiting request if the wire is free and the link ready. */
  pump(): void;
  /** Fails every waiting request with `errorFor(label)`. */
  rejectWaiting(errorFor: (label: string) => BusError): void;
  readonly waiting: number;
  /** The request on the wire, settled (never rejected) when it ends. */
  readonly running: Promise<void> | undefined;
}

interface Job {
  transaction: Transaction<unknown>;
  resolve(reply: Reply<unknown> | undefined): void;
  reject(error: BusError): void;
  detachAbort(): void;
}

const cancelled = (label: string): BusError =>
  new BusError('not-sent', 'aborted', `${label}: cancelled before it was sent.`);

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const queue = createRequestQueue<Job>();
  let running: Promise<void> | undefined;

  function enqueue(transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined> {
    return new Promise((resolve, reject) => {
      if (!options.accepting()) {
        options.counters.offlineRejections += 1;
        reject(options.offlineError(transaction.label));
        return;
      }
      const { signal } = transaction;
      if (signal?.aborted) {
        reject(cancelled(transaction.label));
        return;
      }
      const onAbort = (): void => {
        if (queue.remove(job)) reject(cancelled(transaction.label));
      };
      const job: Job = {
        transaction,
        resolve,
        reject,
        detachAbort: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(job, transaction.priority);
      pump();
    });
  }

  function pump(): void {
    if (running || !options.ready() || queue.size === 0) return;
    running = next().finally(() => {
      running = undefined;
      pump();
    });
  }

  /** Waits for the line, then takes whatever is first in the queue by then. */
  async function next(): Promise<void> {
    await options.lineFree?.();
    const job = queue.shift();
    if (!job) return; // withdrawn or refused while the line was busy
    job.detachAbort();
    await runJob(job);
  }

  async function runJob(job: Job): Promise<void> {
    try {
      job.resolve(await options.run(job.transaction));
    } catch (error) {
      job.reject(
        error instanceof BusError
          ? error
          : new BusError('outcome-unknown', 'internal', `${job.transaction.label}: ${String(error)}`),
      );
    }
  }

  return {
    enqueue,
    pump,
    rejectWaiting(errorFor) {
      for (const job of queue.drain()) {
        job.detachAbort();
        job.reject(errorFor(job.transaction.label));
      }
    },
    get waiting() {
      return queue.size;
    },
    get running() {
      return running;
    },
  };
}
