// The framing rules on their own (hardware/transport/reply-framing.ts): no port, no timers.

import { describe, expect, it } from 'vitest';
import { concat, judgeReply, replyDeadlineMs, replyFrom, timedOut } from '../../../hardware/transport/reply-framing';
import type { FrameMatch } from '../../../hardware/transport/transaction';
import { toyTransaction } from './toy-matcher';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('judgeReply', () => {
  const received = bytes(0xff, 0x5a, 0x01, 0x00, 0x5b);
  const frame: FrameMatch<Uint8Array> = { kind: 'frame', frame: received.slice(1), consumed: 5, skipped: 1 };

  it('takes a complete frame at once, quiet or not', () => {
    expect(judgeReply(received, frame, false, 512)).toEqual({ kind: 'complete', found: frame });
  });

  it('takes a provisional frame only once the line is quiet', () => {
    const provisional: FrameMatch<Uint8Array> = { kind: 'need-more', provisional: { frame: received, consumed: 5, skipped: 0 } };
    expect(judgeReply(received, provisional, false, 512)).toEqual({ kind: 'wait' });
    expect(judgeReply(received, provisional, true, 512)).toEqual({ kind: 'complete', found: provisional.provisional });
  });

  it('calls an invalid frame bad, with the reason, the detail and the bytes', () => {
    const verdict = judgeReply(received, { kind: 'invalid', reason: 'bad-check', detail: 'xor 5B ≠ 5C', consumed: 5 }, false, 512);
    expect(verdict).toEqual({ kind: 'bad', reason: 'bad-check', what: 'bad reply (bad-check, xor 5B ≠ 5C): FF 5A 01 00 5B' });
  });

  it('gives up on more than maxReplyBytes without a frame', () => {
    expect(judgeReply(received, { kind: 'need-more' }, false, 5)).toEqual({ kind: 'wait' });
    expect(judgeReply(received, { kind: 'need-more' }, false, 4)).toEqual({ kind: 'bad', reason: 'overrun', what: 'no valid reply in 5 bytes' });
  });
});

describe('replyFrom', () => {
  it('keeps the frame bytes without the junk before them, and counts the bytes after them as stray', () => {
    const received = bytes(0xff, 0x5a, 0x01, 0x00, 0x5b, 0xee, 0xee);
    const { reply, strayBytes } = replyFrom(received, { frame: 'f', consumed: 5, skipped: 1 }, 12.5);
    expect(reply).toEqual({ frame: 'f', raw: bytes(0x5a, 0x01, 0x00, 0x5b), elapsedMs: 12.5 });
    expect(strayBytes).toBe(2);
  });
});

describe('timeouts', () => {
  it('tells silence from a truncated reply', () => {
    expect(timedOut(new Uint8Array(0))).toEqual({ reason: 'timeout', what: 'no reply' });
    expect(timedOut(bytes(0x5a, 0x01))).toEqual({ reason: 'truncated', what: 'no complete reply, got 5A 01' });
  });

  it('waits the timeout plus the wire time of a reply of known length (rounded up), the bare timeout otherwise', () => {
    // 4 bytes at 9600 baud 8N1: 4.17 ms → 5 ms.
    expect(replyDeadlineMs(toyTransaction(1, { statusCount: 1, timeoutMs: 100 }), 9600)).toBe(105);
    expect(replyDeadlineMs(toyTransaction(1, { statusCount: 'unknown', timeoutMs: 100 }), 9600)).toBe(100);
  });
});

it('concat joins two chunks', () => {
  expect(concat(bytes(1, 2), bytes(3))).toEqual(bytes(1, 2, 3));
});
