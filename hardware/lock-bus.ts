// The one interface the cabinet core uses to drive lock-control boards, whatever the protocol
// or the wire. Implemented by hardware/boards/ over a protocol (hardware/protocols/) and a
// transport (hardware/transport/). See docs/lock-protocols.md.

export type ProtocolName = 'generic' | 'kerong-cu16';

/** Order of the status bytes in a generic read-all reply (docs/lock-protocols.md#read-all-reply-and-status-bytes: disputed). */
export type StatusByteOrder = 'last-byte-first-channels' | 'first-byte-first-channels';

/**
 * Feedback polarity: with 'closing' feedback a set bit / 0x11 means closed (door shut);
 * with 'opening' feedback it means open.
 */
export type FeedbackPolarity = 'closing' | 'opening';

/** Per-board settings: where sources disagree, it is a setting, never a guess baked into code. */
export interface BoardSettings {
  /** DIP address on the bus: generic 1..31(32), Kerong 0..9. */
  address: number;
  /** Number of locks (channels) wired on this board. */
  channels: number;
  /** Generic only: status bytes in a read-all reply; default ceil(channels / 8). */
  statusBytes?: number;
  statusByteOrder: StatusByteOrder;
  polarity: FeedbackPolarity;
}

/** One door sensor reading. `lock` is 1-based, as on the wire. */
export interface DoorReading {
  board: number;
  lock: number;
  open: boolean;
  /** Kerong infrared "item present", where the board has it. */
  itemPresent?: boolean;
}

/** What the board said after an open pulse: one sensor reading ~500 ms later, NOT proof of opening. */
export interface OpenReply {
  board: number;
  lock: number;
  /** The board's reading of the door after the pulse, where the protocol replies to an open. */
  reading?: DoorReading;
}

/**
 * Why a bus call failed, and what the caller may safely do next.
 * - 'not-sent': the request provably never left the host; safe to retry.
 * - 'outcome-unknown': the request left the host and no valid reply came; an open MAY have
 *   happened. Never resend an open after this.
 * - 'offline': the port is gone (USB pulled) or not open; nothing was sent.
 */
export type BusErrorKind = 'not-sent' | 'outcome-unknown' | 'offline';

export class BusError extends Error {
  readonly kind: BusErrorKind;
  /** Extra detail for logs: 'timeout', 'bad-check', 'wrong-board', ... */
  readonly reason: string;
  constructor(kind: BusErrorKind, reason: string, message: string) {
    super(message);
    this.name = 'BusError';
    this.kind = kind;
    this.reason = reason;
  }
  get retrySafe(): boolean {
    return this.kind !== 'outcome-unknown';
  }
}

/** readAll when some boards answered and some did not: the readings that did come, and why not. */
export class PartialReadError extends BusError {
  readonly readings: DoorReading[];
  readonly failures: ReadonlyArray<{ board: number; error: BusError }>;
  constructor(readings: DoorReading[], failures: ReadonlyArray<{ board: number; error: BusError }>) {
    const first = failures[0]!.error;
    const boards = failures.map((f) => f.board).join(', ');
    super(first.kind, first.reason, `board(s) ${boards} did not answer a read: ${first.message}`);
    this.name = 'PartialReadError';
    this.readings = readings;
    this.failures = failures;
  }
}

export interface LockBus {
  readonly protocol: ProtocolName;
  /** Fire one lock. Never retried internally once the request may have left the host. */
  openLock(board: number, lock: number): Promise<OpenReply>;
  /** Open every lock of one board (protocol's "open all"). */
  openAll(board: number): Promise<void>;
  /** Read every door of one board. */
  readBoard(board: number): Promise<DoorReading[]>;
  /** Read every door of every configured board; PartialReadError carries the readings that did come. */
  readAll(): Promise<DoorReading[]>;
  close(): Promise<void>;
}
