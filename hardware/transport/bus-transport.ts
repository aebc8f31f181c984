// One RS-485 bus: one transaction at a time, opens ahead of polls, framing by the request's own
// matcher, timeouts, quiet-and-flush after trouble, and reconnecting by itself when the port
// vanishes. Protocol-neutral: it moves bytes and asks the request whether a reply is complete.
// Timing rules: docs/lock-protocols.md#timing-and-bus-discipline.
//
// The parts, each in its own module: link.ts (the port: open, lost, reconnect with backoff),
// dispatcher.ts (the waiting requests, one on the wire at a time), exchange.ts (one transaction on
// the wire) with reply-framing.ts (its rules, pure), line-state.ts (gaps, settle and flush),
// traffic-tap.ts (the hex monitor's feed) and transport-stats.ts (the counters). This file wires
// them together and is what callers import.

import { BusError } from '../lock-bus';
import { defaultBackoff, type BackoffSettings } from './backoff';
import type { BytePort } from './byte-port';
import { createDispatcher } from './dispatcher';
import { exchangeOn, type Exchange, type ExchangeContext } from './exchange';
import { createLineState, settleAndFlush, type SettleOptions } from './line-state';
import { createLink } from './link';
import type { LinkState } from './link-status';
import { interTransactionGapMs, quietTimeMs } from './line-timing';
import { sleepUntil, systemTimers, type Timers } from './timers';
import { createTrafficTap, type TrafficEvent } from './traffic-tap';
import type { NoReplyTransaction, Reply, ReplyTransaction, Transaction } from './transaction';
import { createCounters, type TransportStats } from './transport-stats';

export type { LinkState } from './link-status';
export type { TrafficEvent } from './traffic-tap';
export type {
  FrameAt,
  FrameMatch,
  NoReplyTransaction,
  Reply,
  ReplyMatcher,
  ReplyTransaction,
  Transaction,
  TransactionAbout,
} from './transaction';
export type { TransportStats } from './transport-stats';

export interface BusTransportOptions {
  /** Opens the port; called again (with backoff) whenever the port is lost. */
  open: () => Promise<BytePort>;
  baudRate: number;
  timers?: Timers;
  /** Added to 3.5 char times to end a reply of unknown length (USB adapters burst). Default 20 ms. */
  quietMarginMs?: number;
  /** After trouble, the line must be silent this long before the flush. Default 50 ms. */
  settleQuietMs?: number;
  /** A line that never goes quiet is flushed anyway after this. Default 2000 ms. */
  maxSettleMs?: number;
  /** A write that has not drained by then counts as outcome-unknown. Default 1000 ms. */
  writeTimeoutMs?: number;
  /** Gap between transactions; default 3.5 char times + 1 ms (5 ms at 9600). */
  gapMs?: number;
  /** Bytes without a frame before a reply is declared garbage. Default 512. */
  maxReplyBytes?: number;
  backoff?: Partial<BackoffSettings>;
}

export interface BusTransport {
  readonly baudRate: number;
  readonly state: LinkState;
  /** Send a request and wait for its reply. Rejects with BusError only. */
  request<F>(transaction: ReplyTransaction<F>): Promise<Reply<F>>;
  /** Send a request that gets no reply (e.g. Kerong open); resolves once the line was quiet after it. */
  send(transaction: NoReplyTransaction): Promise<void>;
  /** Resolves when the port is open; rejects with BusError('offline') after `timeoutMs`. */
  whenOnline(timeoutMs?: number): Promise<void>;
  onStateChange(listener: (state: LinkState) => void): () => void;
  /** Every byte in and out, for a hex monitor. */
  onTraffic(listener: (event: TrafficEvent) => void): () => void;
  stats(): TransportStats;
  /** Let the request on the wire finish, fail the queued ones, close the port, stop reconnecting. */
  close(): Promise<void>;
}

export function createBusTransport(options: BusTransportOptions): BusTransport {
  const timers = options.timers ?? systemTimers;
  const { baudRate } = options;
  const quietMs = quietTimeMs(baudRate, options.quietMarginMs ?? 20);
  const gapMs = options.gapMs ?? interTransactionGapMs(baudRate);
  const counters = createCounters();
  const line = createLineState();
  const traffic = createTrafficTap(timers);
  const settle: SettleOptions = {
    timers,
    line,
    counters,
    settleQuietMs: Math.max(options.settleQuietMs ?? 50, quietMs),
    maxSettleMs: options.maxSettleMs ?? 2000,
  };
  let exchange: Exchange | undefined;
  const exchangeContext: ExchangeContext = {
    timers,
    baudRate,
    quietMs,
    writeTimeoutMs: options.writeTimeoutMs ?? 1000,
    maxReplyBytes: options.maxReplyBytes ?? 512,
    counters,
    line,
    tap: traffic.tap,
    listen: (next) => {
      exchange = next;
    },
  };

  const dispatcher = createDispatcher({
    counters,
    accepting: () => link.state === 'online',
    ready: () => link.state === 'online' && link.port !== undefined,
    offlineError: (label) => link.offlineError(label),
    lineFree: () => sleepUntil(timers, Math.max(line.lastActivityAt + gapMs, line.idleUntil)),
    run: transact,
  });

  const link = createLink({
    open: options.open,
    timers,
    counters,
    backoff: { ...defaultBackoff, ...options.backoff },
    events: {
      data(chunk) {
        line.lastActivityAt = timers.now();
        traffic.tap('rx', chunk, exchange?.about);
        if (exchange) {
          exchange.onData(chunk);
        } else {
          // Nobody asked: a late reply or unsolicited frame. Never let it answer the next request.
          counters.strayBytes += chunk.length;
          line.dirty = true;
        }
      },
      opened() {
        // Whatever sat in the OS buffer before we opened is not an answer to anything.
        line.dirty = true;
      },
      online: () => dispatcher.pump(),
      losing() {
        counters.offlineRejections += dispatcher.waiting;
      },
      lost() {
        dispatcher.rejectWaiting(link.offlineError);
        exchange?.onPortLost();
      },
    },
  });

  async function transact(transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined> {
    await sleepUntil(timers, Math.max(line.lastActivityAt + gapMs, line.idleUntil));
    if (line.dirty && link.port) await settleAndFlush(settle, link.port, () => link.port);
    const current = link.port;
    // A port that says it is closed without having told us: treat it as lost, so we reconnect.
    if (current && !current.isOpen) link.portLost(current, new Error('the serial port reports it is closed'));
    if (!current || !current.isOpen || link.state !== 'online') {
      counters.offlineRejections += 1;
      throw link.offlineError(transaction.label);
    }
    counters.transactions += 1;
    return exchangeOn(exchangeContext, current, transaction);
  }

  void link.connect();

  return {
    baudRate,
    get state() {
      return link.state;
    },
    async request<F>(transaction: ReplyTransaction<F>): Promise<Reply<F>> {
      const reply = await dispatcher.enqueue(transaction as Transaction<unknown>);
      if (!reply) throw new BusError('outcome-unknown', 'internal', `${transaction.label}: no reply object`);
      return reply as Reply<F>;
    },
    async send(transaction: NoReplyTransaction): Promise<void> {
      await dispatcher.enqueue(transaction);
    },
    whenOnline: (timeoutMs = 10_000) => link.whenOnline(timeoutMs),
    onStateChange: (listener) => link.onStateChange(listener),
    onTraffic: (listener) => traffic.onTraffic(listener),
    stats: () => ({ ...counters, state: link.state }),
    async close() {
      if (link.state === 'closed') return;
      link.shut();
      dispatcher.rejectWaiting(link.offlineError);
      // An open on the wire finishes properly rather than turning into outcome-unknown.
      await dispatcher.running;
      await link.release();
    },
  };
}
