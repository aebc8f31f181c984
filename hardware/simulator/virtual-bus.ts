// Virtual lock-control boards on one RS-485 bus, speaking the real protocols byte for byte.
// Host bytes go in with receive() in any chunking; replies come out through onTransmit listeners.
// Clock, timers and randomness are injected so tests run a 500 ms open in no real time.
// Fault knobs reproduce what real buses do (lock-protocols.md §A "learned the hard way").

import type { BoardSettings, ProtocolName } from '../lock-bus';
import { toHex } from '../protocols/bytes';
import { GENERIC_BAUD_RATE } from '../protocols/generic';
import { KERONG_BAUD_RATE } from '../protocols/kerong-cu16';
import { createGenericBoards } from './generic-boards';
import { createKerongBoards } from './kerong-boards';
import type { BusCore, BusLogKind, ProtocolBoards, VirtualBoard, VirtualDoor } from './bus-core';
import { systemScheduler, type Scheduler, type TimerHandle } from './scheduler';

export type { BusLogKind, VirtualDoor } from './bus-core';

export type DoorChangeCause = 'command' | 'hand' | 'forced';

export interface DoorChange {
  board: number;
  lock: number;
  open: boolean;
  /** 'command': the lock fired and the door sprang open; 'hand': a resident closed it;
   *  'forced': opened without a command (forceOpen). */
  cause: DoorChangeCause;
  at: number;
}

export interface LockFired {
  board: number;
  lock: number;
  at: number;
}

export interface BusLogEntry {
  at: number;
  kind: BusLogKind;
  hex: string;
  meaning: string;
}

export interface SplitReplies {
  /** Bursts per reply (USB–RS-485 adapters deliver one reply in several). */
  parts: number;
  /** Gap between bursts, ms. */
  gapMs: number;
}

export interface VirtualBusOptions {
  protocol: ProtocolName;
  boards: readonly BoardSettings[];
  scheduler?: Scheduler;
  /** Uniform in [0, 1): picks which byte a corruption hits and how. */
  random?: () => number;
  /** Generic: delay of the reply to an open (spec: about 500 ms). Reported for benchmarks. */
  openReplyDelayMs?: number;
  /** Delay of other replies: the board's processing time (not in the spec). Default 2 ms. */
  replyDelayMs?: number;
  /** "Open all": time between two locks (not in the spec). Default 200 ms. */
  openAllStepMs?: number;
  /** Kerong 0x32: time between two boards' replies, so they do not collide. Default 15 ms. */
  broadcastStaggerMs?: number;
  /** Line speed for pacing; default the protocol's factory speed. */
  baudRate?: number;
  /** Pace bytes at the real line speed, both ways (byte time = 10 bits / baud). */
  pace?: boolean;
  /** Generic: send `82 BB CC SS X` on every sensor change (some firmware only). */
  notifyChanges?: boolean;
  /** Kerong: initial unlock time. Default 550 ms (the spec's example). */
  unlockTimeMs?: number;
}

export interface BusFaults {
  offlineBoards: number[];
  junkBeforeReplies: string | null;
  splitReplies: SplitReplies | null;
  corruptNextReplies: number;
  pace: boolean;
}

export interface BusStatus {
  protocol: ProtocolName;
  baudRate: number;
  faults: BusFaults;
  boards: Array<{ address: number; channels: number; offline: boolean; doors: Array<VirtualDoor & { lock: number; sensorOpen: boolean }> }>;
}

export interface VirtualBus {
  readonly protocol: ProtocolName;
  readonly boards: readonly BoardSettings[];
  readonly baudRate: number;
  /** Generic: how long after an open its reply is sent. Benchmarks subtract it. */
  readonly openReplyDelayMs: number;
  /** How long after any other request its reply is sent (the board's processing time). */
  readonly replyDelayMs: number;
  /** Wire time of one byte at `baudRate`, ms (10 bits per byte, 8N1). */
  readonly byteTimeMs: number;

  /** Bytes from the host, in any chunking. */
  receive(bytes: Uint8Array): void;
  onTransmit(listener: (chunk: Uint8Array) => void): () => void;
  onDoorChange(listener: (change: DoorChange) => void): () => void;
  onLockFired(listener: (fired: LockFired) => void): () => void;

  log(): readonly BusLogEntry[];
  clearLog(): void;
  door(board: number, lock: number): Readonly<VirtualDoor>;
  /** What the sensor reports (a stuck sensor says open whatever the door does). */
  sensorOpen(board: number, lock: number): boolean;
  status(): BusStatus;

  // A resident's hands
  closeDoor(board: number, lock: number): void;
  /** The door is opened without a command (pried, or the latch gave way). */
  forceOpen(board: number, lock: number): void;
  setItemPresent(board: number, lock: number, present: boolean): void;

  // Fault knobs
  setOffline(board: number, offline: boolean): void;
  setJammed(board: number, lock: number, jammed: boolean): void;
  setSensorStuckOpen(board: number, lock: number, stuck: boolean): void;
  /** Bytes sent before every reply (seen: FA FD 99 99); null for none. */
  setJunkBeforeReplies(junk: Uint8Array | null): void;
  setSplitReplies(split: SplitReplies | null): void;
  /** The next `count` replies get one byte changed (random position, random non-zero XOR). */
  corruptNextReplies(count: number): void;
  setPacing(pace: boolean): void;

  /** Cancels every pending timer (replies in flight are dropped). */
  dispose(): void;
}

const MAX_LOG = 10_000;
/** A board's receive buffer never holds more than this: older bytes are noise by then. */
const MAX_RX_BUFFER = 256;

export function createVirtualBus(options: VirtualBusOptions): VirtualBus {
  const scheduler = options.scheduler ?? systemScheduler;
  const random = options.random ?? Math.random;
  const baudRate = options.baudRate ?? (options.protocol === 'generic' ? GENERIC_BAUD_RATE : KERONG_BAUD_RATE);
  const byteTimeMs = 10_000 / baudRate;

  const boards = new Map<number, VirtualBoard>();
  for (const settings of options.boards) {
    if (boards.has(settings.address)) throw new Error(`board ${settings.address} is configured twice`);
    boards.set(settings.address, {
      settings,
      offline: false,
      doors: Array.from({ length: settings.channels }, () => ({ open: false, jammed: false, sensorStuckOpen: false, itemPresent: false, held: false })),
      unlockTimeMs: options.unlockTimeMs ?? 550,
      baudCode: 1,
    });
  }

  const transmitListeners = new Set<(chunk: Uint8Array) => void>();
  const doorListeners = new Set<(change: DoorChange) => void>();
  const fireListeners = new Set<(fired: LockFired) => void>();
  const timers = new Set<TimerHandle>();
  let logEntries: BusLogEntry[] = [];
  let rxBuffer = new Uint8Array(0);
  let rxLineFreeAt = 0;
  let txLineFreeAt = 0;
  let pace = options.pace ?? false;
  let junk: Uint8Array | null = null;
  let split: SplitReplies | null = null;
  let corruptRemaining = 0;

  // The time the running callback was due. Delays chain from it, not from when a late timer ran,
  // so timer lateness does not pile up along "request crossed the wire → reply → each byte".
  let dueNow: number | undefined;

  /** Runs `callback` at `due`, never before it (a system timer may fire ~1 ms early). */
  const scheduleAt = (due: number, callback: () => void, rearmed = false): void => {
    const handle = scheduler.setTimeout(() => {
      timers.delete(handle);
      // Once only: with a clock that does not move while timers run, do not loop.
      if (!rearmed && scheduler.now() < due) return scheduleAt(due, callback, true);
      const outer = dueNow;
      dueNow = due;
      try {
        callback();
      } finally {
        dueNow = outer;
      }
    }, due - scheduler.now());
    timers.add(handle);
  };

  const schedule = (callback: () => void, delayMs: number): void =>
    scheduleAt((dueNow ?? scheduler.now()) + Math.max(0, delayMs), callback);

  /**
   * One direction of the line: items come out in the order they went in, each at or after its
   * time. One timer per item would not do: Node's timers of different fractional durations can
   * fire out of order, which put a reply's check byte before its status bytes.
   */
  const createLine = <T>(deliver: (item: T) => void) => {
    const queue: Array<{ at: number; item: T }> = [];
    let armed = false;
    const run = (): void => {
      armed = false;
      const until = Math.max(scheduler.now(), dueNow ?? Number.NEGATIVE_INFINITY);
      const outer = dueNow;
      try {
        for (let head = queue[0]; head && head.at <= until; head = queue[0]) {
          queue.shift();
          dueNow = head.at;
          deliver(head.item);
        }
      } finally {
        dueNow = outer;
      }
      arm();
    };
    const arm = (): void => {
      const head = queue[0];
      if (armed || !head) return;
      armed = true;
      scheduleAt(head.at, run);
    };
    return {
      push(at: number, item: T): void {
        queue.push({ at, item });
        arm();
      },
      clear(): void {
        queue.length = 0;
      },
    };
  };

  const record = (kind: BusLogKind, bytes: Uint8Array, meaning: string): void => {
    logEntries.push({ at: scheduler.now(), kind, hex: toHex(bytes), meaning });
    if (logEntries.length > MAX_LOG) logEntries = logEntries.slice(-MAX_LOG / 2);
  };

  const boardAt = (address: number): VirtualBoard => {
    const b = boards.get(address);
    if (!b) throw new RangeError(`no simulated board ${address}`);
    return b;
  };
  const doorAt = (address: number, lock: number): VirtualDoor => {
    const d = boardAt(address).doors[lock - 1];
    if (!d) throw new RangeError(`board ${address} has no lock ${lock}`);
    return d;
  };

  const sensorOpen = (board: VirtualBoard, lock: number): boolean => {
    const d = board.doors[lock - 1];
    return d ? d.open || d.sensorStuckOpen : false;
  };

  const setDoor = (board: VirtualBoard, lock: number, open: boolean, cause: DoorChangeCause): void => {
    const d = board.doors[lock - 1];
    if (!d || d.open === open) return;
    const sensorBefore = sensorOpen(board, lock);
    d.open = open;
    const change: DoorChange = { board: board.settings.address, lock, open, cause, at: scheduler.now() };
    for (const l of doorListeners) l(change);
    if (sensorOpen(board, lock) !== sensorBefore) protocolBoards.sensorChanged?.(board, lock);
  };

  const emitNow = (chunk: Uint8Array): void => {
    for (const l of transmitListeners) l(chunk);
  };
  const txLine = createLine(emitNow);

  /** Puts bytes on the line after the faults: junk first, one corrupted byte, bursts, pacing. */
  const transmit = (reply: Uint8Array, meaning: string): void => {
    const bytes = reply.slice();
    if (corruptRemaining > 0 && bytes.length > 0) {
      corruptRemaining--;
      const index = Math.min(bytes.length - 1, Math.floor(random() * bytes.length));
      const mask = 1 + Math.min(254, Math.floor(random() * 255));
      bytes[index] = (bytes[index] ?? 0) ^ mask;
      meaning += ` [corrupted byte ${index}]`;
    }
    const wire = junk ? Uint8Array.from([...junk, ...bytes]) : bytes;
    record('tx', wire, meaning);
    const parts = split ? splitInto(wire, split.parts) : [wire];
    let t = Math.max(dueNow ?? scheduler.now(), txLineFreeAt);
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

  const core: BusCore = {
    scheduler,
    openReplyDelayMs: options.openReplyDelayMs ?? 500,
    replyDelayMs: options.replyDelayMs ?? 2,
    openAllStepMs: options.openAllStepMs ?? 200,
    broadcastStaggerMs: options.broadcastStaggerMs ?? 15,
    notifyChanges: options.notifyChanges ?? false,
    onlineBoard: (address) => {
      const b = boards.get(address);
      return b && !b.offline ? b : undefined;
    },
    onlineBoards: () => [...boards.values()].filter((b) => !b.offline),
    fireLock: (board, lock) => {
      const d = board.doors[lock - 1];
      if (!d) return;
      const fired: LockFired = { board: board.settings.address, lock, at: scheduler.now() };
      record('fire', new Uint8Array(0), `lock fired: board ${fired.board} lock ${lock}${d.jammed ? ' (jammed: door stays shut)' : ''}`);
      for (const l of fireListeners) l(fired);
      if (!d.jammed) setDoor(board, lock, true, 'command');
    },
    sensorOpen,
    reply: (bytes, delayMs, meaning) => schedule(() => transmit(bytes, meaning), delayMs),
    schedule,
    record,
  };

  const protocolBoards: ProtocolBoards = options.protocol === 'generic' ? createGenericBoards(core) : createKerongBoards(core);

  const process = (bytes: Uint8Array): void => {
    const merged = new Uint8Array(rxBuffer.length + bytes.length);
    merged.set(rxBuffer);
    merged.set(bytes, rxBuffer.length);
    let buffer = merged;
    for (;;) {
      const used = protocolBoards.consume(buffer);
      if (used === 0) break;
      buffer = buffer.subarray(used);
    }
    rxBuffer = buffer.length > MAX_RX_BUFFER ? buffer.slice(-MAX_RX_BUFFER) : buffer.slice();
  };
  // The boards see the host's bytes once they have crossed the wire (pacing), in order.
  const rxLine = createLine(process);

  return {
    protocol: options.protocol,
    boards: options.boards,
    baudRate,
    openReplyDelayMs: core.openReplyDelayMs,
    replyDelayMs: core.replyDelayMs,
    byteTimeMs,

    receive: (bytes) => {
      if (!pace) return process(bytes.slice());
      rxLineFreeAt = Math.max(scheduler.now(), rxLineFreeAt) + bytes.length * byteTimeMs;
      const copy = bytes.slice();
      rxLine.push(rxLineFreeAt, copy);
    },
    onTransmit: (listener) => {
      transmitListeners.add(listener);
      return () => transmitListeners.delete(listener);
    },
    onDoorChange: (listener) => {
      doorListeners.add(listener);
      return () => doorListeners.delete(listener);
    },
    onLockFired: (listener) => {
      fireListeners.add(listener);
      return () => fireListeners.delete(listener);
    },

    log: () => logEntries.slice(),
    clearLog: () => {
      logEntries = [];
    },
    door: (board, lock) => ({ ...doorAt(board, lock) }),
    sensorOpen: (board, lock) => {
      doorAt(board, lock);
      return sensorOpen(boardAt(board), lock);
    },
    status: () => ({
      protocol: options.protocol,
      baudRate,
      faults: {
        offlineBoards: [...boards.values()].filter((b) => b.offline).map((b) => b.settings.address),
        junkBeforeReplies: junk ? toHex(junk) : null,
        splitReplies: split,
        corruptNextReplies: corruptRemaining,
        pace,
      },
      boards: [...boards.values()].map((b) => ({
        address: b.settings.address,
        channels: b.settings.channels,
        offline: b.offline,
        doors: b.doors.map((d, i) => ({ ...d, lock: i + 1, sensorOpen: sensorOpen(b, i + 1) })),
      })),
    }),

    closeDoor: (board, lock) => {
      doorAt(board, lock);
      setDoor(boardAt(board), lock, false, 'hand');
    },
    forceOpen: (board, lock) => {
      doorAt(board, lock);
      setDoor(boardAt(board), lock, true, 'forced');
    },
    setItemPresent: (board, lock, present) => {
      doorAt(board, lock).itemPresent = present;
    },

    setOffline: (board, offline) => {
      boardAt(board).offline = offline;
    },
    setJammed: (board, lock, jammed) => {
      doorAt(board, lock).jammed = jammed;
    },
    setSensorStuckOpen: (board, lock, stuck) => {
      const b = boardAt(board);
      const before = sensorOpen(b, lock);
      doorAt(board, lock).sensorStuckOpen = stuck;
      if (sensorOpen(b, lock) !== before) protocolBoards.sensorChanged?.(b, lock);
    },
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

    dispose: () => {
      for (const t of timers) scheduler.clearTimeout(t);
      timers.clear();
      txLine.clear();
      rxLine.clear();
      transmitListeners.clear();
      doorListeners.clear();
      fireListeners.clear();
    },
  };
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
