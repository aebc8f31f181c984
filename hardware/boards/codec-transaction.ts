// A codec's request as a transport transaction: the bridge between protocols/ (what bytes, what
// reply) and transport/ (when, how long, framed how). Opens go ahead of polls.

import type { ProtocolCodec, ProtocolRequest } from '../protocols/codec';
import type { Transaction } from '../transport/bus-transport';

export interface TransactionTiming {
  /** Overrides the codec's reply timeout (e.g. a shorter read timeout for a fast poll). */
  timeoutMs?: number;
}

export function codecTransaction(
  codec: ProtocolCodec,
  request: ProtocolRequest,
  timing: TransactionTiming = {},
): Transaction<Uint8Array> {
  if (request.replyCount > 1) {
    // One transaction completes on one frame; bus-wide reads (Kerong 0x32) are read board by board.
    throw new RangeError(`${request.kind}: requests answered by ${request.replyCount} frames are not supported`);
  }
  const base = {
    bytes: request.bytes,
    priority: request.firesLock ? ('high' as const) : ('normal' as const),
    label: codec.describe(request.bytes),
    holdAfterMs: settleAfterMs(request),
    about: { kind: request.kind, board: request.board, ...(request.lock === undefined ? {} : { lock: request.lock }), firesLock: request.firesLock },
  };
  if (!request.expectsReply) return { ...base, expectsReply: false };
  return {
    ...base,
    expectsReply: true,
    replyLength: request.replyLength,
    match: (buffer) => codec.matchReply(request, buffer),
    timeoutMs: timing.timeoutMs ?? request.replyTimeoutMs,
  };
}

/** Both codecs set settleAfterMs on their requests; ProtocolRequest does not declare it (yet). */
function settleAfterMs(request: ProtocolRequest): number {
  const value = (request as { settleAfterMs?: unknown }).settleAfterMs;
  return typeof value === 'number' ? value : 0;
}
