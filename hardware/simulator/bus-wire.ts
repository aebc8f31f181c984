// The wire between the host and the boards. Bytes cross it at the line speed when pacing is on
// (byte time = 10 bits / baud), in order both ways; the boards' replies pass the fault knobs
// first: junk before them, one byte corrupted, split into bursts.

import { toHex } from '../protocols/bytes';
import type { BusLogKind } from './bus-core';
import type { BusClock } from './bus-clock';

export interface SplitReplies {
  /** Bursts per reply (USB–RS-485 adapters deliver one reply in several). */
  parts: number;
  /** Gap between bursts, ms. */
  gapMs: number;
}

/** The knobs' settings, as the bus status reports them. */
export interface WireFaults {
  junkBeforeReplies: string | null;
  splitReplies: SplitReplies | null;
  corruptNextReplies: number;
  pace: boolean;
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
  setPacing(pace: boolean): void;
}

export function createBusWire(options: BusWireOptions): BusWire {
  const { clock, byteTimeMs } = options;
  let pace = options.pace;
  let junk: Uint8Array | null = null;
  let split: SplitReplies | null = null;
  let corruptRemaining = 0;
  let rxLineFreeAt = 0;
  let txLineFreeAt = 0;
  const txLine = clock.line(options.toHost);
  // The boards see the host's bytes once they have crossed the wire (pacing), in order.
  const rxLine = clock.line(options.toBoards);

  const transmit = (reply: Uint8Array, meaning: string): void => {
    const bytes = reply.slice();
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
    setPacing: (on) => {
      pace = on;
    },
  };
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
