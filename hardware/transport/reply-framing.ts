// The rules for reading a reply out of the bytes received since a request went out: when it is
// complete, when it is garbage, what is junk before it and stray after it. Pure functions: the
// exchange (exchange.ts) owns the timers and the counters.

import { toHex } from '../protocols/bytes';
import { wireTimeMs } from './line-timing';
import type { FrameAt, FrameMatch, Reply, ReplyTransaction } from './transaction';

/** Why a request got no usable reply: `reason` for BusError, `what` for people. */
export interface Failure {
  reason: string;
  what: string;
}

export type ReplyVerdict<F> =
  | { kind: 'wait' }
  | ({ kind: 'bad' } & Failure)
  | { kind: 'complete'; found: FrameAt<F> };

/**
 * What the matcher's `result` for everything `received` means. `lineQuiet`: the line has been
 * quiet long enough for a length-unknown reply to be taken as whole. More than `maxReplyBytes`
 * without a frame is garbage; otherwise keep listening (more bytes, or the reply timeout, decide).
 */
export function judgeReply<F>(
  received: Uint8Array,
  result: FrameMatch<F>,
  lineQuiet: boolean,
  maxReplyBytes: number,
): ReplyVerdict<F> {
  if (result.kind === 'invalid') {
    const detail = result.detail ? `, ${result.detail}` : '';
    return { kind: 'bad', reason: result.reason, what: `bad reply (${result.reason}${detail}): ${toHex(received)}` };
  }
  const found = result.kind === 'frame' ? result : lineQuiet ? result.provisional : undefined;
  if (found) return { kind: 'complete', found };
  if (received.length > maxReplyBytes) {
    return { kind: 'bad', reason: 'overrun', what: `no valid reply in ${received.length} bytes` };
  }
  return { kind: 'wait' };
}

/** The reply `found` in `received`, and how many bytes after it belong to nobody. */
export function replyFrom<F>(received: Uint8Array, found: FrameAt<F>, elapsedMs: number): { reply: Reply<F>; strayBytes: number } {
  return {
    reply: { frame: found.frame, raw: received.slice(found.skipped, found.consumed), elapsedMs },
    strayBytes: Math.max(0, received.length - found.consumed),
  };
}

/** The reply timer ran out with `received` collected. */
export function timedOut(received: Uint8Array): Failure {
  return received.length === 0
    ? { reason: 'timeout', what: 'no reply' }
    : { reason: 'truncated', what: `no complete reply, got ${toHex(received)}` };
}

/** From the request drained to giving up on its reply: the timeout plus the reply's wire time. */
export function replyDeadlineMs(transaction: ReplyTransaction<unknown>, baudRate: number): number {
  const replyWire = transaction.replyLength === 'unknown' ? 0 : wireTimeMs(baudRate, transaction.replyLength);
  return transaction.timeoutMs + Math.ceil(replyWire);
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
