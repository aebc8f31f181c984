// The protocol-neutral view of a board protocol, so the transport (framing, timeouts) and the board
// driver work unchanged over the generic 0x8A/0x80 protocol and the Kerong KR-CU16.
// Everything here is pure: bytes in, values out. No I/O, no clock.

import type { BoardSettings, DoorReading, OpenReply, ProtocolName } from '../lock-bus';

/**
 * How many bytes the reply to a request will have. A number when the request and the board
 * settings say so (the transport completes on the first valid frame of that length); 'unknown'
 * when they cannot (the transport must fall back to a quiet-time rule, see ReplyMatch.provisional).
 */
export type ReplyLength = number | 'unknown';

/** Why a frame was rejected. Same words for both protocols, so logs and BusError.reason agree. */
export type RejectReason =
  | 'wrong-header' // first byte is not the header the request expects
  | 'wrong-board' // another board's address (or a corrupted one)
  | 'wrong-lock' // another channel than the one asked about
  | 'wrong-command' // Kerong: RCMD is not the answer to this CMD
  | 'wrong-marker' // fixed byte (generic 0x33 / Kerong ETX 0x03) is wrong: truncated or shifted frame
  | 'wrong-length' // not the length this request's reply has, or too short to hold every channel
  | 'bad-check' // XOR / SUM byte does not match
  | 'bad-status' // generic: a one-lock status byte that is neither 0x00 nor 0x11
  | 'no-header' // a long run of bytes without any plausible header: noise, not a late reply
  | 'no-reply-expected'; // asked to match a reply for a request that has none

/** Result of a decoder: a value, or why the bytes are not a valid answer. Never throws. */
export type Decoded<T> =
  | { ok: true; value: T }
  | { ok: false; reason: RejectReason; detail?: string };

/** A request, encoded and described well enough for a transport that knows no protocol. */
export interface ProtocolRequest<K extends string = string> {
  readonly protocol: ProtocolName;
  /** What the request does, in the protocol's own words (e.g. 'open', 'read-all', 'status'). */
  readonly kind: K;
  /** Board address, or 'bus' for a bus-wide request (Kerong 0x32) that every board answers. */
  readonly board: number | 'bus';
  /** 1-based lock, for requests about one lock. */
  readonly lock?: number;
  /** The exact bytes to put on the wire. */
  readonly bytes: Uint8Array;
  /** False when the protocol documents no reply: the transport sends and returns. */
  readonly expectsReply: boolean;
  /** Frames to collect: 0 without a reply, 1 usually, the number of boards for a bus-wide read. */
  readonly replyCount: number;
  /** Bytes per reply frame; 'unknown' means quiet-time framing (generic read-all only). */
  readonly replyLength: ReplyLength;
  /** How long a healthy board may take to answer, from the spec (open: "allow at least 1.5 s"). */
  readonly replyTimeoutMs: number;
  /**
   * True when the request may fire a lock. Once such a request may have left the host it must
   * never be resent (docs/lock-protocols.md#never-resend-an-open: nothing identifies the transaction).
   */
  readonly firesLock: boolean;
  /** Idle time the bus owes the board after this transaction (Kerong settings: "wait more than
   *  500 ms, the board is saving"). 0 for most requests. */
  readonly settleAfterMs: number;
}

/** A complete frame found in the receive buffer. */
export interface FrameFound {
  readonly frame: Uint8Array;
  /** Bytes of the buffer used up, junk before the frame included. */
  readonly consumed: number;
  /** Junk bytes skipped before the frame's header (seen in the field: FA FD 99 99). */
  readonly skipped: number;
}

/**
 * What the receive buffer holds so far for one request.
 * - need-more: no complete valid frame yet. With a length-unknown request, `provisional` is the
 *   valid frame that ends exactly at the end of the buffer, if any: take it once the line has
 *   been quiet long enough; drop it if more bytes arrive (call again).
 * - frame: a complete, fully validated reply. Completes as soon as the last byte is in.
 * - invalid: the reply is there but wrong; wait for quiet, flush, and report the reason.
 */
export type ReplyMatch =
  | { readonly kind: 'need-more'; readonly provisional?: FrameFound }
  | ({ readonly kind: 'frame' } & FrameFound)
  | {
      readonly kind: 'invalid';
      readonly reason: RejectReason;
      readonly detail?: string;
      readonly consumed: number;
    };

/** An unsolicited frame (generic `82 BB CC SS X`) found in the idle receive buffer. */
export type NoticeMatch =
  | { readonly kind: 'none' } // no notice header in the buffer: treat it as junk
  | { readonly kind: 'need-more' }
  | { readonly kind: 'notice'; readonly reading: DoorReading; readonly consumed: number }
  | { readonly kind: 'invalid'; readonly reason: RejectReason; readonly consumed: number };

export interface ReadOptions {
  /**
   * 'settings' (default): expect the reply length the board settings give.
   * 'unknown': do not assume it (generic read-all only), e.g. to discover a board's real count of
   * status bytes — a real 8-channel board answered with 3 (docs/lock-protocols.md#read-all-reply-and-status-bytes).
   */
  readonly replyLength?: 'settings' | 'unknown';
}

/**
 * One board protocol, bound to the settings of the boards on one bus. Encoders throw RangeError on
 * arguments the protocol cannot express (a bug in the caller); decoders never throw.
 */
export interface ProtocolCodec<R extends ProtocolRequest = ProtocolRequest> {
  readonly name: ProtocolName;
  /** Factory line speed (generic 9600, Kerong 19200), 8N1. */
  readonly defaultBaudRate: number;
  readonly boards: readonly BoardSettings[];
  /**
   * True when the board answers an open (generic: one sensor reading ~500 ms later). False when
   * it does not (Kerong 0x31): the driver confirms by reading the board.
   */
  readonly openReplies: boolean;
  encodeOpen(board: number, lock: number): R;
  encodeOpenAll(board: number): R;
  encodeReadBoard(board: number, options?: ReadOptions): R;
  /** One request every board answers (Kerong 0x32). Absent where the protocol has none. */
  encodeReadAllBoards?(): R;
  /** Framing for the transport: call with everything received since the request was sent. */
  matchReply(request: R, buffer: Uint8Array): ReplyMatch;
  /** Door readings from one reply frame of a read request (for Kerong 0x32, one board's frame). */
  decodeDoors(request: R, frame: Uint8Array): Decoded<DoorReading[]>;
  /** The open's outcome: from the reply frame, or (no reply in this protocol) `undefined`. */
  decodeOpenReply(request: R, frame: Uint8Array | undefined): Decoded<OpenReply>;
  /** Unsolicited change notices, where some firmware sends them. */
  matchNotice?(buffer: Uint8Array): NoticeMatch;
  /**
   * Human-readable meaning of a frame for logs: "open board 1 lock 1". `from` says who sent it:
   * some frames read differently as request and as reply (generic `8A 01 01 11 9B`).
   */
  describe(bytes: Uint8Array, from?: 'host' | 'board'): string;
}

/** Settings of `board`, or a RangeError naming the configured boards. */
export function settingsOf(boards: readonly BoardSettings[], board: number): BoardSettings {
  const found = boards.find((b) => b.address === board);
  if (!found) {
    const known = boards.map((b) => b.address).join(', ') || 'none';
    throw new RangeError(`board ${board} is not configured on this bus (configured: ${known})`);
  }
  return found;
}

/** Door open from a raw "bit set / 0x11" signal, given how the switch is wired. */
export function isOpenFromSignal(signalSet: boolean, polarity: BoardSettings['polarity']): boolean {
  // Closing feedback: the switch is made when the door is shut, so a set signal means closed.
  return polarity === 'closing' ? !signalSet : signalSet;
}

/** The raw signal a sensor gives for a door state (inverse of isOpenFromSignal). */
export function signalFromOpen(open: boolean, polarity: BoardSettings['polarity']): boolean {
  return polarity === 'closing' ? !open : open;
}
