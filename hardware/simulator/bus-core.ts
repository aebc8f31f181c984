// What the simulated bus and its protocol modules (generic-boards, kerong-boards) share: the
// boards and doors as the simulator knows them, and the services the bus offers a protocol.
// Its own module so the protocol modules need not import virtual-bus.ts, which imports them.

import type { BoardSettings } from '../lock-bus';
import type { Scheduler } from './scheduler';

/** rx: a frame the boards received; tx: bytes they sent (as sent: junk and corruption included);
 *  ignored: bytes a board dropped in silence (bad check, bad marker); fire: a lock was pulsed. */
export type BusLogKind = 'rx' | 'tx' | 'ignored' | 'fire';

/** One door as the simulator knows it: the truth, whatever the sensor says. */
export interface VirtualDoor {
  open: boolean;
  /** Fault: the lock fires but the door stays shut (stuck latch, something leaning on it). */
  jammed: boolean;
  /** Fault: the sensor reads "open" forever (broken switch or wire). */
  sensorStuckOpen: boolean;
  /** Kerong infrared: something lies in the compartment. */
  itemPresent: boolean;
  /** Generic 9A: output held on until 9B. */
  held: boolean;
}

export interface VirtualBoard {
  readonly settings: BoardSettings;
  offline: boolean;
  /** Index lock - 1. */
  readonly doors: VirtualDoor[];
  /** Kerong 0x37. */
  unlockTimeMs: number;
  /** Kerong 0x40 (the simulator records it; the line speed does not change). */
  baudCode: number;
}

/** What the protocol modules of the simulator get from the bus. */
export interface BusCore {
  readonly scheduler: Scheduler;
  /** Generic: how long an open's reply waits; the "fault open-reply" knob changes it. */
  openReplyDelayMs: number;
  readonly replyDelayMs: number;
  readonly openAllStepMs: number;
  readonly broadcastStaggerMs: number;
  readonly notifyChanges: boolean;
  /** The board at `address` if it is configured and online; otherwise the request meets silence. */
  onlineBoard(address: number): VirtualBoard | undefined;
  onlineBoards(): VirtualBoard[];
  /** Pulses the lock; the door springs open unless jammed or already open. */
  fireLock(board: VirtualBoard, lock: number): void;
  sensorOpen(board: VirtualBoard, lock: number): boolean;
  /** Sends a reply after `delayMs`, through the fault knobs and the line. */
  reply(bytes: Uint8Array, delayMs: number, meaning: string): void;
  schedule(callback: () => void, delayMs: number): void;
  record(kind: BusLogKind, bytes: Uint8Array, meaning: string): void;
}

/** The part of the simulator that speaks one protocol. */
export interface ProtocolBoards {
  /** Handles what is in the receive buffer; returns how many bytes were used up. */
  consume(buffer: Uint8Array): number;
  /** A sensor reading changed (for protocols that announce changes). */
  sensorChanged?(board: VirtualBoard, lock: number): void;
}
