// The generic 锁控板 protocol ("0x8A / 0x80", XOR check), byte for byte as in
// docs/lock-protocols.md#generic-protocol. Pure functions: requests, replies (the simulator sends them),
// decoders and the framing the transport needs. Frames have no length field, no start/end marker
// and no sequence number, so the request decides what a valid reply looks like.

import type { BoardSettings, DoorReading, OpenReply } from '../lock-bus';
import { assertByteRange, at, toHex } from './bytes';
import {
  isOpenFromSignal,
  settingsOf,
  signalFromOpen,
  type Decoded,
  type FrameFound,
  type NoticeMatch,
  type ProtocolCodec,
  type ProtocolRequest,
  type ReadOptions,
  type RejectReason,
  type ReplyLength,
  type ReplyMatch,
} from './codec';

export const GENERIC_BAUD_RATE = 9600;

export const HEADER_OPEN = 0x8a;
export const HEADER_READ = 0x80;
export const HEADER_BITMAP = 0x90;
export const HEADER_HOLD_ON = 0x9a;
export const HEADER_HOLD_OFF = 0x9b;
export const HEADER_NOTICE = 0x82;
/** Fourth byte of open / hold requests. */
export const MARKER_OPEN = 0x11;
/** Fourth byte of read requests, and the byte before the check in a read-all reply. */
export const MARKER_READ = 0x33;
/** One-lock status bytes: 0x11 = signal set, 0x00 = clear (meaning depends on polarity). */
export const STATUS_SET = 0x11;
export const STATUS_CLEAR = 0x00;

/** Board addresses: DIP switches 1..31, "some documents say up to 32". */
export const MIN_BOARD = 1;
export const MAX_BOARD = 32;
/** Read-all replies seen: 3 status bytes (8 and 24 ch), 4 (32), 7 (50). Room for 64 channels. */
export const MAX_STATUS_BYTES = 8;
export const MAX_READ_ALL_LENGTH = 4 + MAX_STATUS_BYTES;
/** More bytes than this without any plausible reply header is noise, not a slow reply. */
export const MAX_JUNK_BYTES = 64;

/** "Open replies arrive about 500 ms after the request; allow at least 1.5 s." */
export const OPEN_REPLY_TIMEOUT_MS = 1500;
/** Not in the spec ("open all takes seconds"): an estimate per channel, to be tuned on real boards. */
export const OPEN_ALL_MS_PER_LOCK = 500;
/** Not in the spec: a read reply is ~7 ms on the wire; this leaves room for slow firmware and
 *  still fits the 500 ms poll period. */
export const READ_REPLY_TIMEOUT_MS = 300;

export type GenericRequestKind =
  | 'open'
  | 'open-all'
  | 'read-one'
  | 'read-all'
  | 'open-bitmap'
  | 'hold-on'
  | 'hold-off';

export interface GenericRequest extends ProtocolRequest<GenericRequestKind> {
  readonly protocol: 'generic';
  readonly board: number;
}

// ---------------------------------------------------------------------------------------------
// Check byte and request encoders

/** XOR of every byte: the check byte of a frame is xorCheck(every byte before it). */
export function xorCheck(bytes: ArrayLike<number>): number {
  let x = 0;
  for (let i = 0; i < bytes.length; i++) x ^= bytes[i] ?? 0;
  return x & 0xff;
}

/** The frame `body` followed by its check byte. */
export function withXorCheck(body: readonly number[]): Uint8Array {
  return Uint8Array.from([...body, xorCheck(body)]);
}

function assertBoard(board: number): void {
  assertByteRange('generic board address', board, MIN_BOARD, MAX_BOARD);
}

function assertLock(lock: number): void {
  // 0x00 on the wire means "all": one lock is 1..255.
  assertByteRange('generic lock (1-based)', lock, 1, 0xff);
}

function request(
  kind: GenericRequestKind,
  board: number,
  body: number[],
  reply: { length: ReplyLength; timeoutMs: number } | null,
  lock?: number,
): GenericRequest {
  return {
    protocol: 'generic',
    kind,
    board,
    ...(lock === undefined ? {} : { lock }),
    bytes: withXorCheck(body),
    expectsReply: reply !== null,
    replyCount: reply === null ? 0 : 1,
    replyLength: reply === null ? 0 : reply.length,
    replyTimeoutMs: reply === null ? 0 : reply.timeoutMs,
    firesLock: kind === 'open' || kind === 'open-all' || kind === 'open-bitmap' || kind === 'hold-on',
    settleAfterMs: 0,
  };
}

/** `8A BB CC 11 X`; the reply `8A BB CC SS X` comes ~500 ms later. */
export function openLock(board: number, lock: number): GenericRequest {
  assertBoard(board);
  assertLock(lock);
  return request('open', board, [HEADER_OPEN, board, lock, MARKER_OPEN], { length: 5, timeoutMs: OPEN_REPLY_TIMEOUT_MS }, lock);
}

/** `8A BB 00 11 X`: the board opens its locks one after another, then answers `8A BB 00 11 X`. */
export function openAll(board: number, channels = 50): GenericRequest {
  assertBoard(board);
  const timeoutMs = OPEN_REPLY_TIMEOUT_MS + channels * OPEN_ALL_MS_PER_LOCK;
  return request('open-all', board, [HEADER_OPEN, board, 0x00, MARKER_OPEN], { length: 5, timeoutMs });
}

/** `80 BB CC 33 X` → `80 BB CC SS X`. */
export function readLock(board: number, lock: number): GenericRequest {
  assertBoard(board);
  assertLock(lock);
  return request('read-one', board, [HEADER_READ, board, lock, MARKER_READ], { length: 5, timeoutMs: READ_REPLY_TIMEOUT_MS }, lock);
}

/**
 * `80 BB 00 33 X` → `80 BB Sn .. S1 33 X`. The reply's length is not in the frame: give the
 * board's count of status bytes (statusBytesFor(settings)), or 'unknown' for quiet-time framing.
 */
export function readAll(board: number, statusBytes: number | 'unknown'): GenericRequest {
  assertBoard(board);
  if (statusBytes !== 'unknown') assertByteRange('status bytes', statusBytes, 1, MAX_STATUS_BYTES);
  const length = statusBytes === 'unknown' ? 'unknown' : 4 + statusBytes;
  return request('read-all', board, [HEADER_READ, board, 0x00, MARKER_READ], { length, timeoutMs: READ_REPLY_TIMEOUT_MS });
}

/**
 * `90 BB S1 S2 S3 X`: open several locks. The bytes are passed as they go on the wire — the
 * spec gives no bit layout beyond the example `90 01 02 02 02 93`. No reply on documented boards.
 */
export function openBitmap(board: number, bitmap: readonly [number, number, number]): GenericRequest {
  assertBoard(board);
  for (const b of bitmap) assertByteRange('bitmap byte', b, 0, 0xff);
  return request('open-bitmap', board, [HEADER_BITMAP, board, ...bitmap], null);
}

/** `9A BB CC 11 X`: output held on. Reply not documented, so none is awaited. */
export function holdOn(board: number, lock: number): GenericRequest {
  assertBoard(board);
  assertLock(lock);
  return request('hold-on', board, [HEADER_HOLD_ON, board, lock, MARKER_OPEN], null, lock);
}

/** `9B BB CC 11 X`: output held off. Reply not documented, so none is awaited. */
export function holdOff(board: number, lock: number): GenericRequest {
  assertBoard(board);
  assertLock(lock);
  return request('hold-off', board, [HEADER_HOLD_OFF, board, lock, MARKER_OPEN], null, lock);
}

// ---------------------------------------------------------------------------------------------
// Status bytes

/** Status bytes in this board's read-all reply: the setting, else one per 8 channels. */
export function statusBytesFor(settings: BoardSettings): number {
  return settings.statusBytes ?? Math.max(1, Math.ceil(settings.channels / 8));
}

/** Index in the status bytes (as on the wire) of the byte holding channel `lock`. */
function statusByteIndex(lock: number, count: number, order: BoardSettings['statusByteOrder']): number {
  const group = Math.floor((lock - 1) / 8);
  return order === 'last-byte-first-channels' ? count - 1 - group : group;
}

/** Status bytes for a read-all reply; `isOpen(lock)` for 1..settings.channels. */
export function packStatusBytes(isOpen: (lock: number) => boolean, settings: BoardSettings): Uint8Array {
  const count = statusBytesFor(settings);
  if (settings.channels > count * 8) {
    throw new RangeError(`${settings.channels} channels do not fit in ${count} status bytes`);
  }
  const out = new Uint8Array(count);
  for (let lock = 1; lock <= settings.channels; lock++) {
    if (!signalFromOpen(isOpen(lock), settings.polarity)) continue;
    const i = statusByteIndex(lock, count, settings.statusByteOrder);
    out[i] = at(out, i) | (1 << ((lock - 1) % 8));
  }
  return out;
}

/** Door readings of channels 1..settings.channels from the status bytes as on the wire. */
export function unpackStatusBytes(status: Uint8Array, board: number, settings: BoardSettings): DoorReading[] {
  const readings: DoorReading[] = [];
  for (let lock = 1; lock <= settings.channels; lock++) {
    const byte = at(status, statusByteIndex(lock, status.length, settings.statusByteOrder));
    const set = (byte >> ((lock - 1) % 8)) & 1;
    readings.push({ board, lock, open: isOpenFromSignal(set === 1, settings.polarity) });
  }
  return readings;
}

function statusByteFor(open: boolean, settings: BoardSettings): number {
  return signalFromOpen(open, settings.polarity) ? STATUS_SET : STATUS_CLEAR;
}

// ---------------------------------------------------------------------------------------------
// Reply encoders (what a board sends; used by the simulator and the tests)

/** `8A BB CC SS X`: the board's reading of the door ~500 ms after the pulse. */
export function encodeOpenReply(board: number, lock: number, open: boolean, settings: BoardSettings): Uint8Array {
  return withXorCheck([HEADER_OPEN, board, lock, statusByteFor(open, settings)]);
}

/** `8A BB 00 11 X`, as in the spec's example `8A 01 00 11 9A`. */
export function encodeOpenAllReply(board: number): Uint8Array {
  return withXorCheck([HEADER_OPEN, board, 0x00, STATUS_SET]);
}

/** `80 BB CC SS X`. */
export function encodeReadOneReply(board: number, lock: number, open: boolean, settings: BoardSettings): Uint8Array {
  return withXorCheck([HEADER_READ, board, lock, statusByteFor(open, settings)]);
}

/** `80 BB Sn .. S1 33 X`, status bytes per settings (count, order, polarity). Unlisted locks are shut. */
export function encodeReadAllReply(
  board: number,
  readings: ReadonlyArray<Pick<DoorReading, 'lock' | 'open'>>,
  settings: BoardSettings,
): Uint8Array {
  const open = new Set(readings.filter((r) => r.open).map((r) => r.lock));
  const status = packStatusBytes((lock) => open.has(lock), settings);
  return withXorCheck([HEADER_READ, board, ...status, MARKER_READ]);
}

/** `82 BB CC SS X`: unsolicited change, sent by some firmware only. */
export function encodeChangeNotice(board: number, lock: number, open: boolean, settings: BoardSettings): Uint8Array {
  return withXorCheck([HEADER_NOTICE, board, lock, statusByteFor(open, settings)]);
}

// ---------------------------------------------------------------------------------------------
// Reply validation and decoders

function replyHeader(kind: GenericRequestKind): number | null {
  if (kind === 'open' || kind === 'open-all') return HEADER_OPEN;
  if (kind === 'read-one' || kind === 'read-all') return HEADER_READ;
  return null;
}

function reject(reason: RejectReason, detail?: string): { ok: false; reason: RejectReason; detail?: string } {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

const VALID: Decoded<true> = { ok: true, value: true };

/** A 5-byte reply `HH BB CC SS X` (open, open-all, read-one). Check before board: a corrupted
 *  byte is reported as corruption, a well-formed frame from elsewhere as what it is. */
function validateFixedReply(bytes: Uint8Array, req: GenericRequest): Decoded<true> {
  if (bytes.length !== 5) return reject('wrong-length', `expected 5 bytes, got ${bytes.length}`);
  if (bytes[0] !== replyHeader(req.kind)) return reject('wrong-header');
  if (xorCheck(bytes.subarray(0, 4)) !== bytes[4]) return reject('bad-check');
  if (bytes[1] !== req.board) return reject('wrong-board', `expected board ${req.board}, got ${at(bytes, 1)}`);
  if (bytes[2] !== (req.lock ?? 0)) return reject('wrong-lock', `expected lock ${req.lock ?? 0}, got ${at(bytes, 2)}`);
  // The spec shows only 0x11 in open-all replies and says nothing of their meaning: accept any.
  if (req.kind !== 'open-all' && bytes[3] !== STATUS_SET && bytes[3] !== STATUS_CLEAR) {
    return reject('bad-status', `status byte ${toHex([at(bytes, 3)])} is neither 00 nor 11`);
  }
  return VALID;
}

/** `80 BB Sn .. S1 33 X` of any length ≥ 5; the expected length is checked when the request knows it. */
function validateReadAllReply(bytes: Uint8Array, req: GenericRequest, settings: BoardSettings): Decoded<true> {
  const n = bytes.length;
  if (n < 5) return reject('wrong-length', `a read-all reply has at least 5 bytes, got ${n}`);
  if (bytes[0] !== HEADER_READ) return reject('wrong-header');
  // Marker before check: a misframed reply (wrong count of status bytes) says so.
  if (bytes[n - 2] !== MARKER_READ) {
    return reject('wrong-marker', 'no 33 before the check byte: truncated, or the board sends more status bytes than configured (statusBytes)');
  }
  if (xorCheck(bytes.subarray(0, n - 1)) !== bytes[n - 1]) return reject('bad-check');
  if (bytes[1] !== req.board) return reject('wrong-board', `expected board ${req.board}, got ${at(bytes, 1)}`);
  if (typeof req.replyLength === 'number' && n !== req.replyLength) {
    return reject('wrong-length', `board sent ${n - 4} status bytes, settings expect ${req.replyLength - 4}`);
  }
  if ((n - 4) * 8 < settings.channels) {
    return reject('wrong-length', `${n - 4} status bytes cannot hold ${settings.channels} channels`);
  }
  return VALID;
}

/** Validates a complete reply to `req`. */
export function validateReply(bytes: Uint8Array, req: GenericRequest, settings: BoardSettings): Decoded<true> {
  if (!req.expectsReply) return reject('no-reply-expected');
  return req.kind === 'read-all' ? validateReadAllReply(bytes, req, settings) : validateFixedReply(bytes, req);
}

/** The reply to an open (`8A BB CC SS X`) or open-all (`8A BB 00 11 X`; lock 0, no reading). */
export function decodeOpenReply(bytes: Uint8Array, req: GenericRequest, settings: BoardSettings): Decoded<OpenReply> {
  if (req.kind !== 'open' && req.kind !== 'open-all') return reject('no-reply-expected', `${req.kind} is not an open`);
  const v = validateReply(bytes, req, settings);
  if (!v.ok) return v;
  if (req.kind === 'open-all') return { ok: true, value: { board: req.board, lock: 0 } };
  const lock = at(bytes, 2);
  const open = isOpenFromSignal(bytes[3] === STATUS_SET, settings.polarity);
  return { ok: true, value: { board: req.board, lock, reading: { board: req.board, lock, open } } };
}

/** `80 BB CC SS X` → one reading. */
export function decodeReadOneReply(bytes: Uint8Array, req: GenericRequest, settings: BoardSettings): Decoded<DoorReading> {
  if (req.kind !== 'read-one') return reject('no-reply-expected', `${req.kind} is not a read-one`);
  const v = validateReply(bytes, req, settings);
  if (!v.ok) return v;
  return { ok: true, value: { board: req.board, lock: at(bytes, 2), open: isOpenFromSignal(bytes[3] === STATUS_SET, settings.polarity) } };
}

/** `80 BB Sn .. S1 33 X` → readings of channels 1..settings.channels. */
export function decodeReadAllReply(bytes: Uint8Array, req: GenericRequest, settings: BoardSettings): Decoded<DoorReading[]> {
  if (req.kind !== 'read-all') return reject('no-reply-expected', `${req.kind} is not a read-all`);
  const v = validateReply(bytes, req, settings);
  if (!v.ok) return v;
  return { ok: true, value: unpackStatusBytes(bytes.subarray(2, bytes.length - 2), req.board, settings) };
}

/** Readings from a read-one or read-all reply. */
export function decodeDoors(bytes: Uint8Array, req: GenericRequest, settings: BoardSettings): Decoded<DoorReading[]> {
  if (req.kind === 'read-one') {
    const one = decodeReadOneReply(bytes, req, settings);
    return one.ok ? { ok: true, value: [one.value] } : one;
  }
  return decodeReadAllReply(bytes, req, settings);
}

/** Status bytes in a read-all reply frame (its length − 4): how to learn a board's real count. */
export function statusBytesOf(readAllReply: Uint8Array): number {
  return readAllReply.length - 4;
}

// ---------------------------------------------------------------------------------------------
// Framing for the transport

/** Could the bytes from `start` still become the reply to `req`? (header already matched) */
function prefixConsistent(buffer: Uint8Array, start: number, req: GenericRequest): boolean {
  if (start + 1 < buffer.length && buffer[start + 1] !== req.board) return false;
  if (req.kind !== 'read-all' && start + 2 < buffer.length && buffer[start + 2] !== (req.lock ?? 0)) return false;
  return true;
}

function found(buffer: Uint8Array, start: number, length: number): FrameFound {
  return { frame: buffer.slice(start, start + length), consumed: start + length, skipped: start };
}

/**
 * Finds the reply to `req` in everything received since it was sent. Skips junk before the header
 * (e.g. FA FD 99 99), completes as soon as a complete valid frame is in, and validates header,
 * board, lock, marker, length and check — a truncated frame can pass a one-byte XOR by chance.
 *
 * A complete candidate that starts like our reply (header, board, lock) but fails validation
 * claims its bytes: no frame found inside it is accepted. It is our reply, damaged or misframed,
 * and a valid-looking frame hiding in it (a status byte 0x80 followed by the board number...)
 * would be a wrong answer; reporting "invalid" only costs a retry of the read.
 */
export function matchReply(req: GenericRequest, settings: BoardSettings, buffer: Uint8Array): ReplyMatch {
  const header = replyHeader(req.kind);
  if (!req.expectsReply || header === null) return { kind: 'invalid', reason: 'no-reply-expected', consumed: 0 };
  let firstInvalid: { reason: RejectReason; detail?: string } | undefined;
  let claimedUntil = 0;
  for (let start = 0; start < buffer.length; start++) {
    if (buffer[start] !== header || start < claimedUntil) continue;
    const available = buffer.length - start;
    if (req.replyLength === 'unknown') {
      const outcome = matchUnknownLength(req, settings, buffer, start);
      if (outcome === 'not-here') continue;
      if (outcome.kind === 'invalid') {
        firstInvalid ??= failure(outcome);
        claimedUntil = start + MAX_READ_ALL_LENGTH;
        continue;
      }
      return outcome;
    }
    const length = req.replyLength;
    const consistent = prefixConsistent(buffer, start, req);
    if (available < length) {
      // The earliest plausible frame is still arriving (split bursts): wait for it.
      if (consistent) return { kind: 'need-more' };
      continue;
    }
    const v = validateReply(buffer.subarray(start, start + length), req, settings);
    if (v.ok) return { kind: 'frame', ...found(buffer, start, length) };
    firstInvalid ??= req.kind === 'read-all' ? diagnoseReadAll(buffer.subarray(start), req, settings, v) : failure(v);
    if (consistent) claimedUntil = start + (req.kind === 'read-all' ? Math.max(length, MAX_READ_ALL_LENGTH) : length);
  }
  if (firstInvalid) return { kind: 'invalid', ...firstInvalid, consumed: buffer.length };
  if (buffer.length > MAX_JUNK_BYTES) return { kind: 'invalid', reason: 'no-header', consumed: buffer.length };
  return { kind: 'need-more' };
}

function failure(v: { reason: RejectReason; detail?: string }): { reason: RejectReason; detail?: string } {
  return v.detail === undefined ? { reason: v.reason } : { reason: v.reason, detail: v.detail };
}

/** A read-all reply of the wrong length tells more than "wrong marker": say how many bytes came. */
function diagnoseReadAll(
  from: Uint8Array,
  req: GenericRequest,
  settings: BoardSettings,
  failed: { reason: RejectReason; detail?: string },
): { reason: RejectReason; detail?: string } {
  const anyLength: GenericRequest = { ...req, replyLength: 'unknown' };
  // Any count of status bytes: the point is to say how many came.
  const anyCapacity: BoardSettings = { ...settings, channels: 1 };
  for (let n = 5; n <= Math.min(from.length, MAX_READ_ALL_LENGTH); n++) {
    if (n !== req.replyLength && validateReadAllReply(from.subarray(0, n), anyLength, anyCapacity).ok) {
      return { reason: 'wrong-length', detail: `board sent ${n - 4} status bytes, settings expect ${Number(req.replyLength) - 4}` };
    }
  }
  return failure(failed);
}

/**
 * Read-all with no known length. Every valid frame that ends exactly at the end of the buffer is
 * a provisional answer, taken only once the line is quiet. Caveat, shown by the unit tests: a
 * shorter valid frame can hide inside a longer one, so one corrupted byte can turn a reply into a
 * different valid one. Known lengths (from settings) do not have this weakness: prefer them.
 */
function matchUnknownLength(
  req: GenericRequest,
  settings: BoardSettings,
  buffer: Uint8Array,
  start: number,
): ReplyMatch | 'not-here' {
  if (!prefixConsistent(buffer, start, req)) return 'not-here';
  const available = buffer.length - start;
  let longest = 0;
  for (let n = 5; n <= Math.min(available, MAX_READ_ALL_LENGTH); n++) {
    if (validateReadAllReply(buffer.subarray(start, start + n), req, settings).ok) longest = n;
  }
  if (available >= MAX_READ_ALL_LENGTH) {
    if (longest > 0) return { kind: 'frame', ...found(buffer, start, longest) };
    const v = validateReadAllReply(buffer.subarray(start, start + MAX_READ_ALL_LENGTH), req, settings);
    return { kind: 'invalid', reason: v.ok ? 'wrong-length' : v.reason, consumed: buffer.length };
  }
  if (longest > 0 && start + longest === buffer.length) {
    return { kind: 'need-more', provisional: found(buffer, start, longest) };
  }
  return { kind: 'need-more' };
}

/**
 * Finds an unsolicited `82 BB CC SS X` in bytes received while no request is pending. `settingsOf`
 * gives the polarity of the sending board (undefined: not on this bus).
 */
export function matchChangeNotice(
  buffer: Uint8Array,
  settingsFor: (board: number) => BoardSettings | undefined,
): NoticeMatch {
  const start = buffer.indexOf(HEADER_NOTICE);
  if (start < 0) return { kind: 'none' };
  if (buffer.length - start < 5) return { kind: 'need-more' };
  const decoded = decodeChangeNotice(buffer.subarray(start, start + 5), settingsFor);
  if (!decoded.ok) return { kind: 'invalid', reason: decoded.reason, consumed: start + 1 };
  return { kind: 'notice', reading: decoded.value, consumed: start + 5 };
}

/** `82 BB CC SS X` → the reading it reports. */
export function decodeChangeNotice(
  bytes: Uint8Array,
  settingsFor: (board: number) => BoardSettings | undefined,
): Decoded<DoorReading> {
  if (bytes.length !== 5) return reject('wrong-length');
  if (bytes[0] !== HEADER_NOTICE) return reject('wrong-header');
  if (xorCheck(bytes.subarray(0, 4)) !== bytes[4]) return reject('bad-check');
  const board = at(bytes, 1);
  const settings = settingsFor(board);
  if (!settings) return reject('wrong-board', `board ${board} is not on this bus`);
  const lock = at(bytes, 2);
  if (lock < 1 || lock > settings.channels) return reject('wrong-lock', `board ${board} has no lock ${lock}`);
  if (bytes[3] !== STATUS_SET && bytes[3] !== STATUS_CLEAR) return reject('bad-status');
  return { ok: true, value: { board, lock, open: isOpenFromSignal(bytes[3] === STATUS_SET, settings.polarity) } };
}

// ---------------------------------------------------------------------------------------------
// Requests as a board sees them (the simulator)

export type ParsedGenericRequest =
  | { readonly kind: 'open' | 'read-one' | 'hold-on' | 'hold-off'; readonly board: number; readonly lock: number }
  | { readonly kind: 'open-all' | 'read-all'; readonly board: number }
  | { readonly kind: 'open-bitmap'; readonly board: number; readonly bitmap: readonly [number, number, number] };

export type RequestMatch =
  | { readonly kind: 'need-more'; readonly skipped: number }
  | { readonly kind: 'request'; readonly request: ParsedGenericRequest; readonly frame: Uint8Array; readonly consumed: number }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly frame: Uint8Array; readonly consumed: number };

const REQUEST_LENGTH: ReadonlyMap<number, number> = new Map([
  [HEADER_OPEN, 5],
  [HEADER_READ, 5],
  [HEADER_BITMAP, 6],
  [HEADER_HOLD_ON, 5],
  [HEADER_HOLD_OFF, 5],
]);

/**
 * Finds the next request in what a board received. Bytes before a request header are skipped; a
 * frame with a bad check or marker is rejected and only its header byte consumed, so a real frame
 * that starts inside it is still found.
 */
export function matchRequest(buffer: Uint8Array): RequestMatch {
  let start = 0;
  while (start < buffer.length && !REQUEST_LENGTH.has(at(buffer, start))) start++;
  if (start === buffer.length) return { kind: 'need-more', skipped: start };
  const header = at(buffer, start);
  const length = REQUEST_LENGTH.get(header) ?? 5;
  if (buffer.length - start < length) return { kind: 'need-more', skipped: start };
  const frame = buffer.slice(start, start + length);
  const rejected = (reason: RejectReason): RequestMatch => ({ kind: 'rejected', reason, frame, consumed: start + 1 });
  if (xorCheck(frame.subarray(0, length - 1)) !== frame[length - 1]) return rejected('bad-check');
  const board = at(frame, 1);
  const third = at(frame, 2);
  const consumed = start + length;
  const ok = (request: ParsedGenericRequest): RequestMatch => ({ kind: 'request', request, frame, consumed });
  if (header === HEADER_BITMAP) return ok({ kind: 'open-bitmap', board, bitmap: [third, at(frame, 3), at(frame, 4)] });
  const marker = header === HEADER_READ ? MARKER_READ : MARKER_OPEN;
  if (frame[3] !== marker) return rejected('wrong-marker');
  if (header === HEADER_OPEN) return ok(third === 0 ? { kind: 'open-all', board } : { kind: 'open', board, lock: third });
  if (header === HEADER_READ) return ok(third === 0 ? { kind: 'read-all', board } : { kind: 'read-one', board, lock: third });
  return ok({ kind: header === HEADER_HOLD_ON ? 'hold-on' : 'hold-off', board, lock: third });
}

// ---------------------------------------------------------------------------------------------
// Logs

/** Meaning of a generic frame for logs. `from` matters: `8A 01 01 11 9B` is both an open request
 *  and a reply reading 0x11. */
export function describeGeneric(bytes: Uint8Array, from: 'host' | 'board' = 'host'): string {
  const hex = toHex(bytes);
  if (bytes.length < 5 || xorCheck(bytes.subarray(0, bytes.length - 1)) !== bytes[bytes.length - 1]) {
    return `unrecognised (${hex})`;
  }
  const [h, b, c, s] = [at(bytes, 0), at(bytes, 1), at(bytes, 2), at(bytes, 3)];
  if (from === 'host') {
    const parsed = matchRequest(bytes);
    if (parsed.kind !== 'request' || parsed.consumed !== bytes.length) return `unrecognised request (${hex})`;
    const r = parsed.request;
    switch (r.kind) {
      case 'open': return `open board ${r.board} lock ${r.lock}`;
      case 'open-all': return `open all locks of board ${r.board}`;
      case 'read-one': return `read board ${r.board} lock ${r.lock}`;
      case 'read-all': return `read all locks of board ${r.board}`;
      case 'open-bitmap': return `open bitmap board ${r.board}: ${toHex(r.bitmap)}`;
      case 'hold-on': return `hold on board ${r.board} lock ${r.lock}`;
      case 'hold-off': return `hold off board ${r.board} lock ${r.lock}`;
    }
  }
  const status = (v: number): string => (v === STATUS_SET ? '11 (signal set)' : v === STATUS_CLEAR ? '00 (signal clear)' : toHex([v]));
  if (h === HEADER_OPEN && bytes.length === 5) {
    return c === 0 ? `open-all reply board ${b}` : `open reply board ${b} lock ${c}: ${status(s)}`;
  }
  if (h === HEADER_READ && bytes.length === 5 && s !== MARKER_READ) return `read reply board ${b} lock ${c}: ${status(s)}`;
  if (h === HEADER_READ && bytes[bytes.length - 2] === MARKER_READ) {
    return `read-all reply board ${b}: status ${toHex(bytes.subarray(2, bytes.length - 2))}`;
  }
  if (h === HEADER_NOTICE && bytes.length === 5) return `change notice board ${b} lock ${c}: ${status(s)}`;
  return `unrecognised reply (${hex})`;
}

// ---------------------------------------------------------------------------------------------
// The codec

export type GenericCodec = ProtocolCodec<GenericRequest> & {
  matchNotice(buffer: Uint8Array): NoticeMatch;
};

/** The generic protocol bound to the boards of one bus. */
export function createGenericCodec(boards: readonly BoardSettings[]): GenericCodec {
  const settings = (board: number): BoardSettings => settingsOf(boards, board);
  return {
    name: 'generic',
    defaultBaudRate: GENERIC_BAUD_RATE,
    boards,
    openReplies: true,
    encodeOpen: (board, lock) => {
      const s = settings(board);
      if (lock > s.channels) throw new RangeError(`board ${board} has ${s.channels} channels, no lock ${lock}`);
      return openLock(board, lock);
    },
    encodeOpenAll: (board) => openAll(board, settings(board).channels),
    encodeReadBoard: (board, options?: ReadOptions) =>
      readAll(board, options?.replyLength === 'unknown' ? 'unknown' : statusBytesFor(settings(board))),
    matchReply: (req, buffer) => matchReply(req, settings(req.board), buffer),
    decodeDoors: (req, frame) => decodeDoors(frame, req, settings(req.board)),
    decodeOpenReply: (req, frame) =>
      frame === undefined ? reject('wrong-length', 'the generic protocol answers every open') : decodeOpenReply(frame, req, settings(req.board)),
    matchNotice: (buffer) => matchChangeNotice(buffer, (board) => boards.find((b) => b.address === board)),
    describe: (bytes, from) => describeGeneric(bytes, from),
  };
}
