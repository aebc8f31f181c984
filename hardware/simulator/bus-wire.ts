// The wire between the host and the boards. Bytes cross it at the line speed when pacing is on
// (byte time = 10 bits / baud), in order both ways; the boards' replies pass the fault knobs
// first: junk before them, one byte corrupted, split into bursts; and the next replies swallowed,
// cut short or sent with another board's address (all of them, or open replies only).

import { toHex } from '../protocols/bytes';
import type { BusLogKind } from './bus-core';
import type { BusClock } from './bus-clock';

export interface SplitReplies {
  /** Bursts per reply (USB–RS-485 adapters deliver one reply in several). */
  parts: number;
  /** Gap between bursts, ms. */
  gapMs: number;
}

/** What happens to the next replies: never sent, only their first half sent, or (generic frames)
 *  sent with the next board's address and a matching check byte, so only the address betrays it. */
export type ReplyFault = 'swallow' | 'partial' | 'wrong-address';
export const REPLY_FAULTS: readonly ReplyFault[] = ['swallow', 'partial', 'wrong-address'];

export interface PendingReplyFault {
  count: number;
  /** Only replies to opens count down (the polls between them pass untouched). */
  opensOnly: boolean;
}

/** The knobs' settings, as the bus status reports them. */
export interface WireFaults {
  junkBeforeReplies: string | null;
  splitReplies: SplitReplies | null;
  corruptNextReplies: number;
  pace: boolean;
  replyFaults: Partial<Record<ReplyFault, PendingReplyFault>>;
}

export interface BusWireOptions {
  clock: BusClock;
  /** Uniform in [0, 1): picks which byte a corruption hits and how. */
  random: () => number;
  byteTimeMs: number;
  pace: boolean;
  record(kind: BusLogKind, bytes: Uint8Array, meaning: string): void;
  /** The host's bytes, once they have crossed the wire. */
  toBoards(bytes: Uint8Array): void;
  /** The boards' bytes, as they arrive at the host. */
  toHost(chunk: Uint8Array): void;
}

export interface BusWire {
  /** Bytes from the host, in any chunking. */
  receive(bytes: Uint8Array): void;
  /** Puts a reply on the line now (the clock's cursor), after the faults. */
  transmit(reply: Uint8Array, meaning: string): void;
  faults(): WireFaults;
  setJunkBeforeReplies(junk: Uint8Array | null): void;
  setSplitReplies(split: SplitReplies | null): void;
  corruptNextReplies(count: number): void;
  /** The next `count` replies (or replies to opens) meet `fault`; count 0 clears it. */
  faultNextReplies(fault: ReplyFault, count: number, opensOnly: boolean): void;
  setPacing(pace: boolean): void;
}

/** The meaning the protocol modules give an open's reply (generic-boards.ts). */
const isOpenReply = (meaning: string): boolean => meaning.startsWith('open reply');

export function createBusWire(options: BusWireOptions): BusWire {
  const { clock, byteTimeMs } = options;
  let pace = options.pace;
  let junk: Uint8Array | null = null;
  let split: SplitReplies | null = null;
  let corruptRemaining = 0;
  const replyFaults = new Map<ReplyFault, PendingReplyFault>();
  let rxLineFreeAt = 0;
  let txLineFreeAt = 0;
  const txLine = clock.line(options.toHost);
  // The boards see the host's bytes once they have crossed the wire (pacing), in order.
  const rxLine = clock.line(options.toBoards);

  /** The first pending reply fault that applies to this reply, counted down. */
  const takeReplyFault = (meaning: string): ReplyFault | undefined => {
    for (const [fault, pending] of replyFaults) {
      if (pending.opensOnly && !isOpenReply(meaning)) continue;
      if (--pending.count <= 0) replyFaults.delete(fault);
      return fault;
    }
    return undefined;
  };

  const transmit = (reply: Uint8Array, meaning: string): void => {
    const fault = takeReplyFault(meaning);
    if (fault === 'swallow') return options.record('ignored', reply, `${meaning} [swallowed]`);
    let bytes = reply.slice();
    if (fault === 'partial') {
      bytes = bytes.slice(0, Math.max(1, Math.floor(bytes.length / 2)));
      meaning += ' [partial]';
    } else if (fault === 'wrong-address') {
      readdress(bytes);
      meaning += ` [wrong address ${bytes[1] ?? 0}]`;
    }
    if (corruptRemaining > 0 && bytes.length > 0) {
      corruptRemaining--;
      meaning += ` [corrupted byte ${corruptOneByte(bytes, options.random)}]`;
    }
    const wire = junk ? Uint8Array.from([...junk, ...bytes]) : bytes;
    options.record('tx', wire, meaning);
    const parts = split ? splitInto(wire, split.parts) : [wire];
    let t = Math.max(clock.cursor(), txLineFreeAt);
    parts.forEach((part, k) => {
      if (k > 0 && split) t += split.gapMs;
      if (pace) {
        for (const byte of part) {
          t += byteTimeMs;
          txLine.push(t, Uint8Array.of(byte));
        }
      } else {
        txLine.push(t, part);
      }
    });
    txLineFreeAt = t;
  };

  return {
    receive: (bytes) => {
      if (!pace) return options.toBoards(bytes.slice());
      rxLineFreeAt = Math.max(clock.now(), rxLineFreeAt) + bytes.length * byteTimeMs;
      rxLine.push(rxLineFreeAt, bytes.slice());
    },
    transmit,
    faults: () => ({
      junkBeforeReplies: junk ? toHex(junk) : null,
      splitReplies: split,
      corruptNextReplies: corruptRemaining,
      pace,
      replyFaults: Object.fromEntries([...replyFaults].map(([k, v]) => [k, { ...v }])),
    }),
    setJunkBeforeReplies: (bytes) => {
      junk = bytes && bytes.length > 0 ? bytes.slice() : null;
    },
    setSplitReplies: (s) => {
      if (s && (!Number.isInteger(s.parts) || s.parts < 1 || s.gapMs < 0)) throw new RangeError('split needs parts ≥ 1 and gapMs ≥ 0');
      split = s;
    },
    corruptNextReplies: (count) => {
      corruptRemaining = Math.max(0, Math.floor(count));
    },
    faultNextReplies: (fault, count, opensOnly) => {
      const n = Math.max(0, Math.floor(count));
      if (n === 0) replyFaults.delete(fault);
      else replyFaults.set(fault, { count: n, opensOnly });
    },
    setPacing: (on) => {
      pace = on;
    },
  };
}

/**
 * A generic frame (`HH BB … X`, X the XOR of the rest) in place as if board BB+1 had sent it: a
 * valid frame from the wrong board, which the host must refuse by its address alone.
 */
export function readdress(bytes: Uint8Array): void {
  if (bytes.length < 3) return;
  const from = bytes[1] ?? 0;
  const to = (from % 32) + 1;
  bytes[1] = to;
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ from ^ to;
}

/** Changes one byte of `bytes` in place (random position, random non-zero XOR); returns its index. */
export function corruptOneByte(bytes: Uint8Array, random: () => number): number {
  const index = Math.min(bytes.length - 1, Math.floor(random() * bytes.length));
  const mask = 1 + Math.min(254, Math.floor(random() * 255));
  bytes[index] = (bytes[index] ?? 0) ^ mask;
  return index;
}

/** `bytes` in `parts` bursts of near-equal size (never an empty burst). */
export function splitInto(bytes: Uint8Array, parts: number): Uint8Array[] {
  const n = Math.max(1, Math.min(parts, bytes.length));
  const out: Uint8Array[] = [];
  let from = 0;
  for (let k = 0; k < n; k++) {
    const to = Math.round(((k + 1) * bytes.length) / n);
    out.push(bytes.slice(from, to));
    from = to;
  }
  return out;
}
