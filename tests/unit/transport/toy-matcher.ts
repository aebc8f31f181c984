// Matcher for the toy protocol of fake-port.ts, shaped like a codec's matchReply.

import type { FrameMatch, ReplyMatcher, ReplyTransaction } from '../../../hardware/transport/bus-transport';
import type { Priority } from '../../../hardware/transport/request-queue';
import { toyRequest, xor } from './fake-port';

export function toyMatcher(id: number, statusCount: number | 'unknown'): ReplyMatcher<Uint8Array> {
  return (buffer): FrameMatch<Uint8Array> => {
    const header = buffer.indexOf(0x5a);
    if (header < 0) return { kind: 'need-more' };
    const rest = buffer.subarray(header);
    if (statusCount === 'unknown') {
      if (rest.length < 3 || xor(rest.subarray(0, rest.length - 1)) !== rest[rest.length - 1]) {
        return { kind: 'need-more' };
      }
      return {
        kind: 'need-more',
        provisional: { frame: rest.slice(), consumed: buffer.length, skipped: header },
      };
    }
    const length = 3 + statusCount;
    if (rest.length < length) return { kind: 'need-more' };
    const frame = rest.slice(0, length);
    if (frame[1] !== id) return { kind: 'invalid', reason: 'wrong-board', consumed: header + length };
    if (xor(frame.subarray(0, length - 1)) !== frame[length - 1]) {
      return { kind: 'invalid', reason: 'bad-check', consumed: header + length };
    }
    return { kind: 'frame', frame, consumed: header + length, skipped: header };
  };
}

export function toyTransaction(
  id: number,
  options: { priority?: Priority; statusCount?: number | 'unknown'; timeoutMs?: number; signal?: AbortSignal } = {},
): ReplyTransaction<Uint8Array> {
  const statusCount = options.statusCount ?? 1;
  return {
    bytes: toyRequest(id),
    priority: options.priority ?? 'normal',
    label: `${options.priority === 'high' ? 'open' : 'read'} ${id}`,
    expectsReply: true,
    replyLength: statusCount === 'unknown' ? 'unknown' : 3 + statusCount,
    match: toyMatcher(id, statusCount),
    timeoutMs: options.timeoutMs ?? 200,
    signal: options.signal,
  };
}
