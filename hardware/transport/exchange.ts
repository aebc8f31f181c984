// One transaction on the wire: write the request, watch it drain, collect the reply until the
// request's matcher (reply-framing.ts) calls it complete or garbage, or a timer runs out; then
// settle the caller's promise exactly once. Every outcome is counted and leaves the line state
// (line-state.ts) right for the next transaction.

import { BusError, type BusErrorKind } from '../lock-bus';
import { UncertainWriteError, type BytePort } from './byte-port';
import type { LineState } from './line-state';
import { concat, judgeReply, replyDeadlineMs, replyFrom, timedOut } from './reply-framing';
import type { TimerHandle, Timers } from './timers';
import type { TrafficEvent } from './traffic-tap';
import type { FrameAt, Reply, Transaction, TransactionAbout } from './transaction';
import type { TransportCounters } from './transport-stats';

/** The request on the wire, fed by the port's data listener. */
export interface Exchange {
  /** The transaction on the wire, for the traffic view. */
  readonly about: TransactionAbout | undefined;
  onData(chunk: Uint8Array): void;
  onPortLost(): void;
}

export interface ExchangeContext {
  timers: Timers;
  baudRate: number;
  /** Silence that ends a reply of unknown length (and a no-reply request). */
  quietMs: number;
  /** A write that has not drained by then counts as outcome-unknown. */
  writeTimeoutMs: number;
  /** Bytes without a frame before a reply is declared garbage. */
  maxReplyBytes: number;
  counters: TransportCounters;
  line: LineState;
  tap(direction: TrafficEvent['direction'], bytes: Uint8Array, about?: TransactionAbout): void;
  /** The exchange to feed with the port's bytes: this one from the write on, undefined once it ends. */
  listen(exchange: Exchange | undefined): void;
}

/** Writes `transaction` to `port`; resolves with its reply (undefined for a no-reply request). */
export function exchangeOn(
  context: ExchangeContext,
  port: BytePort,
  transaction: Transaction<unknown>,
): Promise<Reply<unknown> | undefined> {
  return new Promise((resolve, reject) => {
    new WireExchange(context, transaction, resolve, reject).start(port);
  });
}

/** An open that may have fired must not be resent blindly. */
function outcomeUnknownMessage(transaction: Transaction<unknown>, what: string): string {
  const advice =
    transaction.priority === 'high'
      ? ' The command may have been carried out: do not resend an open; check the door state.'
      : '';
  return `${what}.${advice}`;
}

// A class rather than a closure: a state machine whose steps call one another, each short.
class WireExchange implements Exchange {
  private received: Uint8Array = new Uint8Array(0);
  private phase: 'writing' | 'collecting' | 'done' = 'writing';
  private drainedAt: number;
  private writeTimer: TimerHandle | undefined;
  private replyTimer: TimerHandle | undefined;
  private quietTimer: TimerHandle | undefined;
  private readonly context: ExchangeContext;
  private readonly transaction: Transaction<unknown>;
  private readonly resolve: (reply: Reply<unknown> | undefined) => void;
  private readonly reject: (error: BusError) => void;
  get about(): TransactionAbout | undefined {
    return this.transaction.about;
  }

  constructor(
    context: ExchangeContext,
    transaction: Transaction<unknown>,
    resolve: (reply: Reply<unknown> | undefined) => void,
    reject: (error: BusError) => void,
  ) {
    this.context = context;
    this.transaction = transaction;
    this.resolve = resolve;
    this.reject = reject;
    this.drainedAt = context.timers.now();
  }

  start(port: BytePort): void {
    const { timers, writeTimeoutMs } = this.context;
    this.context.listen(this);
    this.writeTimer = timers.setTimeout(() => {
      this.writeTimer = undefined;
      if (this.phase === 'writing') this.unknownOutcome('write-stalled', `the write did not drain in ${writeTimeoutMs} ms`);
    }, writeTimeoutMs);
    this.context.tap('tx', this.transaction.bytes, this.transaction.about);
    let writing: Promise<void>;
    try {
      writing = port.write(this.transaction.bytes);
    } catch (error) {
      writing = Promise.reject(error);
    }
    writing.then(
      () => this.onDrained(),
      (error: unknown) => this.onWriteFailed(error),
    );
  }

  onData(chunk: Uint8Array): void {
    if (this.phase === 'done') return;
    this.received = concat(this.received, chunk);
    if (this.phase !== 'collecting') return;
    if (!this.transaction.expectsReply) {
      // Something answered a request that gets no reply: drop it, settle before the next.
      this.context.counters.strayBytes += chunk.length;
      this.context.line.dirty = true;
      return;
    }
    this.evaluate(false);
    if (this.transaction.replyLength === 'unknown') this.restartQuietTimer();
  }

  onPortLost(): void {
    if (this.phase === 'done') return;
    this.unknownOutcome('port-closed', 'the serial port closed while the request was on the wire');
  }

  private onDrained(): void {
    if (this.phase !== 'writing') return;
    const { timers, line, quietMs, baudRate } = this.context;
    if (this.writeTimer !== undefined) timers.clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.drainedAt = timers.now();
    line.lastActivityAt = Math.max(line.lastActivityAt, this.drainedAt);
    this.phase = 'collecting';
    const transaction = this.transaction;
    if (!transaction.expectsReply) {
      this.quietTimer = timers.setTimeout(() => this.succeed(undefined), quietMs);
      return;
    }
    this.replyTimer = timers.setTimeout(() => this.onTimeout(), replyDeadlineMs(transaction, baudRate));
    if (this.received.length === 0) return;
    this.evaluate(false);
    if (transaction.replyLength === 'unknown') this.restartQuietTimer();
  }

  private onWriteFailed(error: unknown): void {
    if (this.phase !== 'writing') return;
    const why = error instanceof Error ? error.message : String(error);
    if (error instanceof UncertainWriteError) {
      this.unknownOutcome('write-failed', `the write failed part-way (${why})`);
    } else {
      this.fail('not-sent', 'write-failed', `the request was not sent (${why}); safe to retry.`);
    }
  }

  /** Ask the matcher; `lineQuiet` when a length-unknown reply may now be taken as whole. */
  private evaluate(lineQuiet: boolean): void {
    if (this.phase !== 'collecting' || !this.transaction.expectsReply) return;
    const match = this.transaction.match(this.received);
    const verdict = judgeReply(this.received, match, lineQuiet, this.context.maxReplyBytes);
    if (verdict.kind === 'bad') {
      this.context.counters.badFrames += 1;
      this.unknownOutcome(verdict.reason, verdict.what);
    } else if (verdict.kind === 'complete') {
      this.accept(verdict.found);
    }
  }

  private accept(found: FrameAt<unknown>): void {
    const { counters, line, timers } = this.context;
    counters.junkBytesSkipped += found.skipped;
    const { reply, strayBytes } = replyFrom(this.received, found, timers.now() - this.drainedAt);
    if (strayBytes > 0) {
      // Bytes after the reply belong to nobody: settle before the next request.
      counters.strayBytes += strayBytes;
      line.dirty = true;
    }
    this.succeed(reply);
  }

  private onTimeout(): void {
    if (this.phase !== 'collecting') return;
    this.context.counters.timeouts += 1;
    const { reason, what } = timedOut(this.received);
    this.unknownOutcome(reason, what);
  }

  private restartQuietTimer(): void {
    if (this.phase !== 'collecting') return;
    const { timers, quietMs } = this.context;
    if (this.quietTimer !== undefined) timers.clearTimeout(this.quietTimer);
    this.quietTimer = timers.setTimeout(() => {
      this.quietTimer = undefined;
      // Quiet after bytes: a provisional frame is now whole; with none, the timeout decides.
      this.evaluate(true);
    }, quietMs);
  }

  private unknownOutcome(reason: string, what: string): void {
    this.fail('outcome-unknown', reason, outcomeUnknownMessage(this.transaction, what));
  }

  private fail(kind: BusErrorKind, reason: string, message: string): void {
    if (!this.end()) return;
    const { counters, line } = this.context;
    const label = this.transaction.label;
    if (kind !== 'not-sent') line.dirty = true;
    if (kind === 'not-sent') counters.notSent += 1;
    counters.lastError = `${label}: ${message}`;
    this.reject(new BusError(kind, reason, `${label}: ${message}`));
  }

  private succeed(reply: Reply<unknown> | undefined): void {
    if (!this.end()) return;
    this.context.counters.completed += 1;
    this.resolve(reply);
  }

  /** Ends the exchange once: timers stopped, line activity and idle time recorded. */
  private end(): boolean {
    if (this.phase === 'done') return false;
    this.phase = 'done';
    const { timers, line } = this.context;
    for (const timer of [this.writeTimer, this.replyTimer, this.quietTimer]) {
      if (timer !== undefined) timers.clearTimeout(timer);
    }
    this.context.listen(undefined);
    line.lastActivityAt = Math.max(line.lastActivityAt, timers.now());
    line.idleUntil = timers.now() + (this.transaction.holdAfterMs ?? 0);
    return true;
  }
}
