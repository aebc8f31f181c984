// What a caller hands the bus transport (a transaction: bytes, priority, how to recognise the
// reply) and what it gets back. Re-exported by bus-transport.ts, which is where callers import it.

import type { Priority } from './request-queue';

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
