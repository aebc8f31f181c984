// Virtual lock-control boards on one RS-485 bus, speaking the real protocols byte for byte.
// Host bytes go in with receive() in any chunking; replies come out through onTransmit listeners.
// Clock, timers and randomness are injected so tests run a 500 ms open in no real time.
// Fault knobs reproduce what real buses do (docs/lock-protocols.md#field-quirks).
//
// The parts: virtual-boards.ts (boards, doors, sensors, locks firing), bus-wire.ts (pacing and the
// reply fault knobs), bus-clock.ts (due times and ordered lines), bus-log.ts, and one protocol
// module (generic-boards.ts or kerong-boards.ts) that reads requests and answers them through
// BusCore (bus-core.ts). This file wires them together and is what callers import.

import type { BoardSettings, ProtocolName } from '../lock-bus';
import { GENERIC_BAUD_RATE } from '../protocols/generic';
import { KERONG_BAUD_RATE } from '../protocols/kerong-cu16';
import type { BusCore, ProtocolBoards, VirtualDoor } from './bus-core';
import { createBusClock } from './bus-clock';
import { createBusLog, type BusLogEntry } from './bus-log';
import { createBusWire, type PendingReplyFault, type ReplyFault, type SplitReplies } from './bus-wire';
import { createGenericBoards } from './generic-boards';
import { createKerongBoards } from './kerong-boards';
import { createListeners } from './listeners';
import { systemScheduler, type Scheduler } from './scheduler';
import { createVirtualBoards, type DoorChange, type LockFired } from './virtual-boards';

export type { BusLogKind, VirtualDoor } from './bus-core';
export type { BusLogEntry } from './bus-log';
export { REPLY_FAULTS, splitInto, type ReplyFault, type SplitReplies } from './bus-wire';
export type { DoorChange, DoorChangeCause, LockFired } from './virtual-boards';

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
  replyFaults: Partial<Record<ReplyFault, PendingReplyFault>>;
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
  /** Generic: change it while running (e.g. a short reply for most tests, the real 500 ms for one). */
  setOpenReplyDelay(ms: number): void;
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
  /** The next `count` replies (or replies to opens only) are swallowed, cut short or readdressed. */
  faultNextReplies(fault: ReplyFault, count: number, opensOnly?: boolean): void;
  setPacing(pace: boolean): void;

  /** Cancels every pending timer (replies in flight are dropped). */
  dispose(): void;
}

/** A board's receive buffer never holds more than this: older bytes are noise by then. */
const MAX_RX_BUFFER = 256;

export function createVirtualBus(options: VirtualBusOptions): VirtualBus {
  const scheduler = options.scheduler ?? systemScheduler;
  const baudRate = options.baudRate ?? (options.protocol === 'generic' ? GENERIC_BAUD_RATE : KERONG_BAUD_RATE);
  const byteTimeMs = 10_000 / baudRate;
  const clock = createBusClock(scheduler);
  const log = createBusLog(() => scheduler.now());
  const transmitListeners = createListeners<Uint8Array>();
  const doorListeners = createListeners<DoorChange>();
  const fireListeners = createListeners<LockFired>();

  const boards = createVirtualBoards({
    boards: options.boards,
    unlockTimeMs: options.unlockTimeMs ?? 550,
    now: () => scheduler.now(),
    record: log.record,
    doorChanged: doorListeners.emit,
    lockFired: fireListeners.emit,
    sensorChanged: (board, lock) => protocolBoards.sensorChanged?.(board, lock),
  });
  const wire = createBusWire({
    clock,
    random: options.random ?? Math.random,
    byteTimeMs,
    pace: options.pace ?? false,
    record: log.record,
    toBoards: (bytes) => readRequests(bytes),
    toHost: transmitListeners.emit,
  });

  const core: BusCore = {
    scheduler,
    openReplyDelayMs: options.openReplyDelayMs ?? 500,
    replyDelayMs: options.replyDelayMs ?? 2,
    openAllStepMs: options.openAllStepMs ?? 200,
    broadcastStaggerMs: options.broadcastStaggerMs ?? 15,
    notifyChanges: options.notifyChanges ?? false,
    onlineBoard: boards.onlineBoard,
    onlineBoards: boards.onlineBoards,
    fireLock: boards.fireLock,
    sensorOpen: boards.sensorOpen,
    reply: (bytes, delayMs, meaning) => clock.schedule(() => wire.transmit(bytes, meaning), delayMs),
    schedule: clock.schedule,
    record: log.record,
  };
  const protocolBoards: ProtocolBoards = options.protocol === 'generic' ? createGenericBoards(core) : createKerongBoards(core);
  const readRequests = createRequestReader(protocolBoards);

  return {
    protocol: options.protocol,
    boards: options.boards,
    baudRate,
    get openReplyDelayMs() {
      return core.openReplyDelayMs;
    },
    setOpenReplyDelay: (ms) => {
      if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError('the open reply delay must be a number of ms ≥ 0');
      core.openReplyDelayMs = ms;
    },
    replyDelayMs: core.replyDelayMs,
    byteTimeMs,

    receive: wire.receive,
    onTransmit: transmitListeners.add,
    onDoorChange: doorListeners.add,
    onLockFired: fireListeners.add,

    log: log.entries,
    clearLog: log.clear,
    door: boards.door,
    sensorOpen: boards.sensorOpenAt,
    status: () => ({
      protocol: options.protocol,
      baudRate,
      faults: { offlineBoards: boards.offlineAddresses(), ...wire.faults() },
      boards: boards.status(),
    }),

    closeDoor: boards.closeDoor,
    forceOpen: boards.forceOpen,
    setItemPresent: boards.setItemPresent,

    setOffline: boards.setOffline,
    setJammed: boards.setJammed,
    setSensorStuckOpen: boards.setSensorStuckOpen,
    setJunkBeforeReplies: wire.setJunkBeforeReplies,
    setSplitReplies: wire.setSplitReplies,
    corruptNextReplies: wire.corruptNextReplies,
    faultNextReplies: (fault, count, opensOnly = false) => wire.faultNextReplies(fault, count, opensOnly),
    setPacing: wire.setPacing,

    dispose: () => {
      clock.dispose();
      transmitListeners.clear();
      doorListeners.clear();
      fireListeners.clear();
    },
  };
}

/** The boards' receive buffer: host bytes in, requests handed to the protocol as they complete. */
function createRequestReader(protocolBoards: ProtocolBoards): (bytes: Uint8Array) => void {
  let rxBuffer = new Uint8Array(0);
  return (bytes) => {
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
}
