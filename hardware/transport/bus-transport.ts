// One RS-485 bus: one transaction at a time, opens ahead of polls, framing by the request's own
// matcher, timeouts, quiet-and-flush after trouble, and reconnecting by itself when the port
// vanishes. Protocol-neutral: it moves bytes and asks the request whether a reply is complete.
// Timing rules: ../../../shared/design/lock-protocols.md ("Timing and robustness").

import { BusError, type BusErrorKind } from '../lock-bus';
import { toHex } from '../protocols/bytes';
import { backoffDelayMs, defaultBackoff, type BackoffSettings } from './backoff';
import { UncertainWriteError, type BytePort } from './byte-port';
import { interTransactionGapMs, quietTimeMs, wireTimeMs } from './line-timing';
import { createRequestQueue, type Priority } from './request-queue';
import { systemTimers, sleep, type TimerHandle, type Timers } from './timers';

/** A complete frame in the receive buffer: `consumed` counts the junk `skipped` before it. */
export interface FrameAt<F> {
  frame: F;
  consumed: number;
  skipped: number;
}

/**
 * What a request's matcher says about everything received since the request was sent.
 * Structurally hardware/protocols/codec.ts `ReplyMatch` (with F = Uint8Array), so a codec's
 * matchReply plugs in unchanged. `provisional` (length-unknown replies): the valid frame ending at
 * the end of the buffer, taken only once the line has been quiet.
 */
export type FrameMatch<F> =
  | { kind: 'need-more'; provisional?: FrameAt<F> }
  | ({ kind: 'frame' } & FrameAt<F>)
  | { kind: 'invalid'; reason: string; detail?: string; consumed: number };

export type ReplyMatcher<F> = (received: Uint8Array) => FrameMatch<F>;

interface TransactionBase {
  bytes: Uint8Array;
  /** 'high' for opens: they go ahead of every queued poll. */
  priority: Priority;
  /** Human words for errors and logs, e.g. "open board 1 lock 3". */
  label: string;
  /** Aborting only withdraws a request still queued; one on the wire runs to its end. */
  signal?: AbortSignal;
  /** Keep the bus idle this long afterwards (Kerong setting commands: the board is saving). */
  holdAfterMs?: number;
  /** What the request is about, for the technician's traffic view (the transport ignores it). */
  about?: TransactionAbout;
}

/** A request's kind and target in the protocol's own words, e.g. { kind: 'open', board: 2, lock: 7 }. */
export interface TransactionAbout {
  kind: string;
  board: number | 'bus';
  lock?: number;
  firesLock: boolean;
}

export interface ReplyTransaction<F> extends TransactionBase {
  expectsReply: true;
  /** Known length: complete on the first valid frame. 'unknown': complete when the line goes quiet. */
  replyLength: number | 'unknown';
  match: ReplyMatcher<F>;
  /** How long to wait for the reply after the request has drained (wire time is added). */
  timeoutMs: number;
}

export interface NoReplyTransaction extends TransactionBase {
  expectsReply: false;
}

export type Transaction<F> = ReplyTransaction<F> | NoReplyTransaction;

export interface Reply<F> {
  frame: F;
  /** The frame's own bytes (junk before it excluded). */
  raw: Uint8Array;
  /** From the request drained to the reply complete. */
  elapsedMs: number;
}

export type LinkState = 'connecting' | 'online' | 'offline' | 'closed';

export interface TrafficEvent {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  at: number;
  /** The transaction the bytes belong to: the one sent, or the one on the wire when they came. None for stray bytes. */
  about?: TransactionAbout;
}

export interface TransportStats {
  state: LinkState;
  /** Requests that reached the write step. */
  transactions: number;
  /** Requests that ended well (valid reply, or a no-reply request sent). */
  completed: number;
  timeouts: number;
  badFrames: number;
  /** Junk the matchers skipped before a reply's header. */
  junkBytesSkipped: number;
  /** Bytes that arrived with no request waiting for them, or after a complete reply. */
  strayBytes: number;
  /** Quiet-and-flush runs after a timeout, bad frame or stray bytes. */
  flushes: number;
  notSent: number;
  offlineRejections: number;
  connectAttempts: number;
  /** Successful re-opens after the port was lost (the first open is not counted). */
  reconnects: number;
  lastError: string | undefined;
}

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

interface Job {
  transaction: Transaction<unknown>;
  resolve(reply: Reply<unknown> | undefined): void;
  reject(error: BusError): void;
  detachAbort(): void;
}

/** The request on the wire, fed by the port's data listener. */
interface Exchange {
  about: TransactionAbout | undefined;
  onData(chunk: Uint8Array): void;
  onPortLost(): void;
}

export function createBusTransport(options: BusTransportOptions): BusTransport {
  const timers = options.timers ?? systemTimers;
  const { baudRate } = options;
  const quietMs = quietTimeMs(baudRate, options.quietMarginMs ?? 20);
  const settleQuietMs = Math.max(options.settleQuietMs ?? 50, quietMs);
  const maxSettleMs = options.maxSettleMs ?? 2000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 1000;
  const gapMs = options.gapMs ?? interTransactionGapMs(baudRate);
  const maxReplyBytes = options.maxReplyBytes ?? 512;
  const backoff: BackoffSettings = { ...defaultBackoff, ...options.backoff };

  const queue = createRequestQueue<Job>();
  const stateListeners = new Set<(state: LinkState) => void>();
  const trafficListeners = new Set<(event: TrafficEvent) => void>();
  const counters = {
    transactions: 0,
    completed: 0,
    timeouts: 0,
    badFrames: 0,
    junkBytesSkipped: 0,
    strayBytes: 0,
    flushes: 0,
    notSent: 0,
    offlineRejections: 0,
    connectAttempts: 0,
    reconnects: 0,
    lastError: undefined as string | undefined,
  };

  let state: LinkState = 'connecting';
  let port: BytePort | undefined;
  let detachPort: (() => void) | undefined;
  let exchange: Exchange | undefined;
  let running: Promise<void> | undefined;
  // Set after a timeout, bad frame or stray bytes: settle and flush before the next write.
  let lineDirty = false;
  // Last byte received, request drained, or transaction ended: gaps and quiet count from here.
  let lastLineActivityAt = Number.NEGATIVE_INFINITY;
  let idleUntil = Number.NEGATIVE_INFINITY;
  let lastPortError: Error | undefined;
  let reconnectAttempt = 0;
  let reconnectTimer: TimerHandle | undefined;
  let nextAttemptAt: number | undefined;
  let everOnline = false;

  // A function, not an inline comparison: `state` changes across awaits, which narrowing ignores.
  function isClosed(): boolean {
    return state === 'closed';
  }

  function setState(next: LinkState): void {
    if (state === next) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  }

  function tap(direction: TrafficEvent['direction'], bytes: Uint8Array, about: TransactionAbout | undefined): void {
    if (trafficListeners.size === 0) return;
    const event: TrafficEvent = { direction, bytes: bytes.slice(), at: timers.now(), ...(about ? { about } : {}) };
    for (const listener of [...trafficListeners]) listener(event);
  }

  function offlineError(label: string): BusError {
    if (state === 'closed') {
      return new BusError('offline', 'closed', `${label}: the lock bus is closed; nothing was sent.`);
    }
    const cause = lastPortError ? `: ${lastPortError.message}` : '';
    const retry =
      nextAttemptAt === undefined
        ? 'reconnecting now'
        : `next reconnect attempt in ${Math.max(0, nextAttemptAt - timers.now())} ms`;
    return new BusError(
      'offline',
      'port-unavailable',
      `${label}: the lock bus is offline (serial port not open${cause}); nothing was sent; ${retry}.`,
    );
  }

  // ---- connection ------------------------------------------------------------------------

  function attach(opened: BytePort): void {
    port = opened;
    const offData = opened.onData((chunk) => {
      if (port !== opened) return;
      const at = timers.now();
      lastLineActivityAt = at;
      tap('rx', chunk, exchange?.about);
      if (exchange) {
        exchange.onData(chunk);
      } else {
        // Nobody asked: a late reply or unsolicited frame. Never let it answer the next request.
        counters.strayBytes += chunk.length;
        lineDirty = true;
      }
    });
    const offClose = opened.onClose((error) => portLost(opened, error));
    detachPort = () => {
      offData();
      offClose();
    };
  }

  function portLost(lost: BytePort, error?: Error): void {
    if (port !== lost) return;
    detachPort?.();
    detachPort = undefined;
    port = undefined;
    lastPortError = error ?? new Error('the serial port closed');
    counters.offlineRejections += queue.size;
    setState('offline');
    scheduleReconnect();
    for (const job of queue.drain()) {
      job.detachAbort();
      job.reject(offlineError(job.transaction.label));
    }
    exchange?.onPortLost();
    void lost.close().catch(() => undefined);
  }

  function scheduleReconnect(): void {
    if (state === 'closed' || reconnectTimer !== undefined) return;
    const delay = backoffDelayMs(backoff, reconnectAttempt);
    reconnectAttempt += 1;
    nextAttemptAt = timers.now() + delay;
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined;
      nextAttemptAt = undefined;
      void connect();
    }, delay);
  }

  async function connect(): Promise<void> {
    if (state === 'closed') return;
    setState('connecting');
    counters.connectAttempts += 1;
    let opened: BytePort;
    try {
      opened = await options.open();
    } catch (error) {
      lastPortError = error instanceof Error ? error : new Error(String(error));
      if (isClosed()) return;
      setState('offline');
      scheduleReconnect();
      return;
    }
    if (isClosed()) {
      await opened.close().catch(() => undefined);
      return;
    }
    if (!opened.isOpen) {
      lastPortError = new Error('the port closed as soon as it was opened');
      setState('offline');
      scheduleReconnect();
      return;
    }
    attach(opened);
    reconnectAttempt = 0;
    if (everOnline) counters.reconnects += 1;
    everOnline = true;
    // Whatever sat in the OS buffer before we opened is not an answer to anything.
    lineDirty = true;
    setState('online');
    pump();
  }

  // ---- queue -------------------------------------------------------------------------------

  function enqueue(transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined> {
    return new Promise((resolve, reject) => {
      if (state !== 'online') {
        counters.offlineRejections += 1;
        reject(offlineError(transaction.label));
        return;
      }
      const { signal } = transaction;
      if (signal?.aborted) {
        reject(new BusError('not-sent', 'aborted', `${transaction.label}: cancelled before it was sent.`));
        return;
      }
      const onAbort = (): void => {
        if (queue.remove(job)) {
          reject(new BusError('not-sent', 'aborted', `${transaction.label}: cancelled before it was sent.`));
        }
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
    if (running || state !== 'online' || !port) return;
    const job = queue.shift();
    if (!job) return;
    job.detachAbort();
    running = runJob(job).finally(() => {
      running = undefined;
      pump();
    });
  }

  async function runJob(job: Job): Promise<void> {
    try {
      job.resolve(await transact(job.transaction));
    } catch (error) {
      job.reject(
        error instanceof BusError
          ? error
          : new BusError('outcome-unknown', 'internal', `${job.transaction.label}: ${String(error)}`),
      );
    }
  }

  // ---- one transaction -------------------------------------------------------------------

  async function transact(transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined> {
    await waitUntil(Math.max(lastLineActivityAt + gapMs, idleUntil));
    if (lineDirty && port) await settleAndFlush(port);
    const current = port;
    // A port that says it is closed without having told us: treat it as lost, so we reconnect.
    if (current && !current.isOpen) portLost(current, new Error('the serial port reports it is closed'));
    if (!current || !current.isOpen || state !== 'online') {
      counters.offlineRejections += 1;
      throw offlineError(transaction.label);
    }
    counters.transactions += 1;
    return exchangeOn(current, transaction);
  }

  /**
   * Sleep until `due` by the monotonic clock. Node's setTimeout counts from the event loop's
   * cached whole-millisecond time, so a 5 ms timer can end after 4.2 ms (measured) — a gap
   * shorter than the 3.5 character times the boards need. Sleep again for what is left.
   */
  async function waitUntil(due: number): Promise<void> {
    for (let left = due - timers.now(); left > 0; ) {
      await sleep(timers, left);
      const next = due - timers.now();
      // A clock that does not move while timers run (hand-rolled test timers): do not spin.
      if (next >= left) return;
      left = next;
    }
  }

  /**
   * Wait until the line has been silent for settleQuietMs, counted from the last byte or from the
   * failure itself (a late reply may still be on its way), then flush.
   */
  async function settleAndFlush(current: BytePort): Promise<void> {
    const startedAt = timers.now();
    for (;;) {
      const quietFor = timers.now() - lastLineActivityAt;
      const waited = timers.now() - startedAt;
      if (quietFor >= settleQuietMs || waited >= maxSettleMs) break;
      await sleep(timers, Math.min(settleQuietMs - quietFor, maxSettleMs - waited));
      if (port !== current) return;
    }
    await current.flush().catch(() => undefined);
    counters.flushes += 1;
    lineDirty = false;
  }

  function exchangeOn(current: BytePort, transaction: Transaction<unknown>): Promise<Reply<unknown> | undefined> {
    return new Promise((resolve, reject) => {
      let received: Uint8Array = new Uint8Array(0);
      let phase: 'writing' | 'collecting' | 'done' = 'writing';
      let drainedAt = timers.now();
      let writeTimer: TimerHandle | undefined;
      let replyTimer: TimerHandle | undefined;
      let quietTimer: TimerHandle | undefined;
      const label = transaction.label;

      const stopTimers = (): void => {
        for (const timer of [writeTimer, replyTimer, quietTimer]) {
          if (timer !== undefined) timers.clearTimeout(timer);
        }
      };

      const end = (): boolean => {
        if (phase === 'done') return false;
        phase = 'done';
        stopTimers();
        exchange = undefined;
        lastLineActivityAt = Math.max(lastLineActivityAt, timers.now());
        idleUntil = timers.now() + (transaction.holdAfterMs ?? 0);
        return true;
      };

      const fail = (kind: BusErrorKind, reason: string, message: string): void => {
        if (!end()) return;
        if (kind !== 'not-sent') lineDirty = true;
        if (kind === 'not-sent') counters.notSent += 1;
        counters.lastError = `${label}: ${message}`;
        reject(new BusError(kind, reason, `${label}: ${message}`));
      };

      const succeed = (reply: Reply<unknown> | undefined): void => {
        if (!end()) return;
        counters.completed += 1;
        resolve(reply);
      };

      const unknownOutcome = (reason: string, what: string): void => {
        const advice =
          transaction.priority === 'high'
            ? ' The command may have been carried out: do not resend an open; check the door state.'
            : '';
        fail('outcome-unknown', reason, `${what}.${advice}`);
      };

      /** Ask the matcher; `lineQuiet` when a length-unknown reply may now be taken as whole. */
      const evaluate = (lineQuiet: boolean): void => {
        if (phase !== 'collecting' || !transaction.expectsReply) return;
        const match = transaction.match(received);
        if (match.kind === 'invalid') {
          counters.badFrames += 1;
          const detail = match.detail ? `, ${match.detail}` : '';
          unknownOutcome(match.reason, `bad reply (${match.reason}${detail}): ${toHex(received)}`);
          return;
        }
        const found = match.kind === 'frame' ? match : lineQuiet ? match.provisional : undefined;
        if (found) {
          accept(found);
          return;
        }
        if (received.length > maxReplyBytes) {
          counters.badFrames += 1;
          unknownOutcome('overrun', `no valid reply in ${received.length} bytes`);
        }
        // Otherwise keep listening: more bytes, or the reply timeout, decide.
      };

      const accept = (found: FrameAt<unknown>): void => {
        counters.junkBytesSkipped += found.skipped;
        if (found.consumed < received.length) {
          // Bytes after the reply belong to nobody: settle before the next request.
          counters.strayBytes += received.length - found.consumed;
          lineDirty = true;
        }
        succeed({
          frame: found.frame,
          raw: received.slice(found.skipped, found.consumed),
          elapsedMs: timers.now() - drainedAt,
        });
      };

      const onTimeout = (): void => {
        if (phase !== 'collecting') return;
        counters.timeouts += 1;
        if (received.length === 0) {
          unknownOutcome('timeout', 'no reply');
        } else {
          unknownOutcome('truncated', `no complete reply, got ${toHex(received)}`);
        }
      };

      exchange = {
        about: transaction.about,
        onData(chunk) {
          if (phase === 'done') return;
          received = concat(received, chunk);
          if (phase !== 'collecting') return;
          if (!transaction.expectsReply) {
            // Something answered a request that gets no reply: drop it, settle before the next.
            counters.strayBytes += chunk.length;
            lineDirty = true;
            return;
          }
          evaluate(false);
          if (transaction.replyLength === 'unknown') restartQuietTimer();
        },
        onPortLost() {
          if (phase === 'done') return;
          unknownOutcome('port-closed', 'the serial port closed while the request was on the wire');
        },
      };

      const restartQuietTimer = (): void => {
        if (phase !== 'collecting') return;
        if (quietTimer !== undefined) timers.clearTimeout(quietTimer);
        quietTimer = timers.setTimeout(() => {
          quietTimer = undefined;
          // Quiet after bytes: a provisional frame is now whole; with none, the timeout decides.
          evaluate(true);
        }, quietMs);
      };

      const onDrained = (): void => {
        if (phase !== 'writing') return;
        if (writeTimer !== undefined) timers.clearTimeout(writeTimer);
        writeTimer = undefined;
        drainedAt = timers.now();
        lastLineActivityAt = Math.max(lastLineActivityAt, drainedAt);
        phase = 'collecting';
        if (!transaction.expectsReply) {
          quietTimer = timers.setTimeout(() => succeed(undefined), quietMs);
          return;
        }
        const replyWire =
          transaction.replyLength === 'unknown' ? 0 : wireTimeMs(baudRate, transaction.replyLength);
        replyTimer = timers.setTimeout(onTimeout, transaction.timeoutMs + Math.ceil(replyWire));
        if (received.length === 0) return;
        evaluate(false);
        if (transaction.replyLength === 'unknown') restartQuietTimer();
      };

      const onWriteFailed = (error: unknown): void => {
        if (phase !== 'writing') return;
        const why = error instanceof Error ? error.message : String(error);
        if (error instanceof UncertainWriteError) {
          unknownOutcome('write-failed', `the write failed part-way (${why})`);
        } else {
          fail('not-sent', 'write-failed', `the request was not sent (${why}); safe to retry.`);
        }
      };

      writeTimer = timers.setTimeout(() => {
        writeTimer = undefined;
        if (phase === 'writing') unknownOutcome('write-stalled', `the write did not drain in ${writeTimeoutMs} ms`);
      }, writeTimeoutMs);

      tap('tx', transaction.bytes, transaction.about);
      let writing: Promise<void>;
      try {
        writing = current.write(transaction.bytes);
      } catch (error) {
        writing = Promise.reject(error);
      }
      writing.then(onDrained, onWriteFailed);
    });
  }

  // ---- public --------------------------------------------------------------------------------

  void connect();

  return {
    baudRate,
    get state() {
      return state;
    },
    async request<F>(transaction: ReplyTransaction<F>): Promise<Reply<F>> {
      const reply = await enqueue(transaction as Transaction<unknown>);
      if (!reply) throw new BusError('outcome-unknown', 'internal', `${transaction.label}: no reply object`);
      return reply as Reply<F>;
    },
    async send(transaction: NoReplyTransaction): Promise<void> {
      await enqueue(transaction);
    },
    whenOnline(timeoutMs = 10_000) {
      if (state === 'online') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = timers.setTimeout(() => {
          stateListeners.delete(listener);
          reject(offlineError(`waiting ${timeoutMs} ms for the port`));
        }, timeoutMs);
        const listener = (next: LinkState): void => {
          if (next !== 'online' && next !== 'closed') return;
          stateListeners.delete(listener);
          timers.clearTimeout(timer);
          if (next === 'online') resolve();
          else reject(offlineError('waiting for the port'));
        };
        stateListeners.add(listener);
      });
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onTraffic(listener) {
      trafficListeners.add(listener);
      return () => trafficListeners.delete(listener);
    },
    stats() {
      return { ...counters, state };
    },
    async close() {
      if (state === 'closed') return;
      setState('closed');
      if (reconnectTimer !== undefined) timers.clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      nextAttemptAt = undefined;
      for (const job of queue.drain()) {
        job.detachAbort();
        job.reject(offlineError(job.transaction.label));
      }
      // An open on the wire finishes properly rather than turning into outcome-unknown.
      await running;
      const current = port;
      detachPort?.();
      detachPort = undefined;
      port = undefined;
      await current?.close().catch(() => undefined);
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

