// Kerong KR-CU16 (also KU16 / DS16), byte for byte as in docs/lock-protocols.md#kerong-kr-cu16.
// Request `02 ADDR CMD [data] 03 SUM`, reply always 9 bytes `02 ADDR RCMD D1 D2 D3 D4 03 SUM`,
// SUM = low byte of the sum of every byte before it. ADDR = board << 4 | (lock - 1).
// An open (0x31) gets no reply: the driver confirms it by reading the board (0x30).

import type { BoardSettings, DoorReading } from '../lock-bus';
import { assertByteRange, at, toHex } from './bytes';
import {
  isOpenFromSignal,
  settingsOf,
  signalFromOpen,
  type Decoded,
  type FrameFound,
  type ProtocolCodec,
  type ProtocolRequest,
  type RejectReason,
  type ReplyMatch,
} from './codec';

export const KERONG_BAUD_RATE = 19200;
export const STX = 0x02;
export const ETX = 0x03;
/** Bus-wide ADDR (0x32 "status of all boards"). */
export const BUS_ADDRESS = 0xf0;

export const CMD_STATUS = 0x30;
export const CMD_OPEN = 0x31;
export const CMD_STATUS_ALL = 0x32;
export const CMD_OPEN_ALL = 0x33;
export const CMD_UNLOCK_TIME = 0x37;
export const CMD_BAUD = 0x40;
/** Reply commands (RCMD). */
export const RCMD_STATUS = 0x35;
export const RCMD_STATUS_ALL = 0x36;
export const RCMD_UNLOCK_TIME = 0x38;
export const RCMD_BAUD = 0x40;

export const REPLY_LENGTH = 9;
export const MIN_BOARD = 0;
export const MAX_BOARD = 9;
export const MAX_LOCKS = 16;
/** Unlock time unit: ×10 ms. */
export const UNLOCK_TIME_UNIT_MS = 10;
/** Baud codes of command 0x40. */
export const BAUD_CODES: ReadonlyMap<number, number> = new Map([
  [9600, 0],
  [19200, 1],
  [57600, 2],
  [115200, 3],
]);

/** Not in the spec: a 9-byte reply is < 5 ms at 19200; room for slow firmware within a 500 ms poll. */
export const READ_REPLY_TIMEOUT_MS = 300;
/** Not in the spec: each board of a bus-wide read needs its own slot on the line. */
export const STATUS_ALL_MS_PER_BOARD = 100;
/** Not in the spec: estimate per lock for "open all", to be tuned on real boards. */
export const OPEN_ALL_MS_PER_LOCK = 500;
/** "Wait more than 500 ms after any setting command (the board is saving)." */
export const SETTING_SETTLE_MS = 600;

export type KerongRequestKind =
  | 'status'
  | 'open'
  | 'status-all'
  | 'open-all'
  | 'unlock-time-read'
  | 'unlock-time-set'
  | 'baud-set';

export interface KerongRequest extends ProtocolRequest<KerongRequestKind> {
  readonly protocol: 'kerong-cu16';
  /** Boards whose reply is expected (the board itself, or every board of a bus-wide read). */
  readonly replyFrom: readonly number[];
  /** RCMD of the reply, when there is one. */
  readonly replyCommand?: number;
}

// ---------------------------------------------------------------------------------------------
// Check byte, address, request encoders

/** Low byte of the sum of every byte: the SUM of a frame is sumCheck(every byte before it). */
export function sumCheck(bytes: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < bytes.length; i++) s += bytes[i] ?? 0;
  return s & 0xff;
}

export function withSumCheck(body: readonly number[]): Uint8Array {
  return Uint8Array.from([...body, sumCheck(body)]);
}

function assertBoard(board: number): void {
  assertByteRange('Kerong board address', board, MIN_BOARD, MAX_BOARD);
}

function assertLock(lock: number): void {
  assertByteRange('Kerong lock (1-based)', lock, 1, MAX_LOCKS);
}

/** ADDR = board << 4 | (lock - 1). Board-wide commands use lock 1 (low nibble 0). */
export function kerongAddress(board: number, lock = 1): number {
  assertBoard(board);
  assertLock(lock);
  return (board << 4) | (lock - 1);
}

interface RequestShape {
  kind: KerongRequestKind;
  board: number | 'bus';
  lock?: number;
  body: number[];
  replyFrom: readonly number[];
  replyCommand?: number;
  timeoutMs: number;
  settleAfterMs?: number;
}

function request(shape: RequestShape): KerongRequest {
  const replies = shape.replyCommand === undefined ? 0 : shape.replyFrom.length;
  return {
    protocol: 'kerong-cu16',
    kind: shape.kind,
    board: shape.board,
    ...(shape.lock === undefined ? {} : { lock: shape.lock }),
    bytes: withSumCheck(shape.body),
    expectsReply: replies > 0,
    replyCount: replies,
    replyLength: replies > 0 ? REPLY_LENGTH : 0,
    replyTimeoutMs: replies > 0 ? shape.timeoutMs : 0,
    firesLock: shape.kind === 'open' || shape.kind === 'open-all',
    settleAfterMs: shape.settleAfterMs ?? 0,
    replyFrom: shape.replyCommand === undefined ? [] : shape.replyFrom,
    ...(shape.replyCommand === undefined ? {} : { replyCommand: shape.replyCommand }),
  };
}

/** 0x30 `02 ADDR 30 03 SUM` → RCMD 0x35 with the board's locks and infrared bits. */
export function readStatus(board: number): KerongRequest {
  const body = [STX, kerongAddress(board), CMD_STATUS, ETX];
  return request({ kind: 'status', board, body, replyFrom: [board], replyCommand: RCMD_STATUS, timeoutMs: READ_REPLY_TIMEOUT_MS });
}

/** 0x31 `02 ADDR 31 03 SUM`: no reply — poll 0x30 to see what happened. */
export function openLock(board: number, lock: number): KerongRequest {
  const body = [STX, kerongAddress(board, lock), CMD_OPEN, ETX];
  return request({ kind: 'open', board, lock, body, replyFrom: [], timeoutMs: 0 });
}

/** 0x32 `02 F0 32 03 27`: every board answers with RCMD 0x36. `boards`: the ones expected to. */
export function readAllBoards(boards: readonly number[]): KerongRequest {
  boards.forEach(assertBoard);
  const body = [STX, BUS_ADDRESS, CMD_STATUS_ALL, ETX];
  return request({
    kind: 'status-all',
    board: 'bus',
    body,
    replyFrom: boards,
    replyCommand: RCMD_STATUS_ALL,
    timeoutMs: READ_REPLY_TIMEOUT_MS + boards.length * STATUS_ALL_MS_PER_BOARD,
  });
}

/** 0x33 `02 ADDR 33 03 SUM` → RCMD 0x35 once the locks are fired. */
export function openAll(board: number, channels = MAX_LOCKS): KerongRequest {
  const body = [STX, kerongAddress(board), CMD_OPEN_ALL, ETX];
  return request({
    kind: 'open-all',
    board,
    body,
    replyFrom: [board],
    replyCommand: RCMD_STATUS,
    timeoutMs: 1500 + channels * OPEN_ALL_MS_PER_LOCK,
  });
}

/** 0x37 `02 ADDR 37 03 SUM` → RCMD 0x38, unlock time in D3 D4 (×10 ms). */
export function readUnlockTime(board: number): KerongRequest {
  const body = [STX, kerongAddress(board), CMD_UNLOCK_TIME, ETX];
  return request({ kind: 'unlock-time-read', board, body, replyFrom: [board], replyCommand: RCMD_UNLOCK_TIME, timeoutMs: READ_REPLY_TIMEOUT_MS });
}

/**
 * 0x37 `02 ADDR 37 DH DL 03 SUM`, time ×10 ms. The spec shows only the read's reply; the set is
 * assumed to answer the same RCMD 0x38 (a missing reply to a setting is harmless: nothing opens).
 */
export function setUnlockTime(board: number, unlockTimeMs: number): KerongRequest {
  if (!Number.isInteger(unlockTimeMs / UNLOCK_TIME_UNIT_MS)) throw new RangeError('unlock time is in steps of 10 ms');
  const units = unlockTimeMs / UNLOCK_TIME_UNIT_MS;
  assertByteRange('unlock time (×10 ms)', units, 0, 0xffff);
  const body = [STX, kerongAddress(board), CMD_UNLOCK_TIME, units >> 8, units & 0xff, ETX];
  return request({
    kind: 'unlock-time-set',
    board,
    body,
    replyFrom: [board],
    replyCommand: RCMD_UNLOCK_TIME,
    timeoutMs: READ_REPLY_TIMEOUT_MS,
    settleAfterMs: SETTING_SETTLE_MS,
  });
}

/** 0x40 `02 ADDR 40 D 03 SUM` → `02 ADDR 40 D 00 00 D 03 SUM`. Baud 9600 / 19200 / 57600 / 115200. */
export function setBaud(board: number, baudRate: number): KerongRequest {
  const code = BAUD_CODES.get(baudRate);
  if (code === undefined) throw new RangeError(`Kerong boards know 9600, 19200, 57600, 115200 baud, not ${baudRate}`);
  const body = [STX, kerongAddress(board), CMD_BAUD, code, ETX];
  return request({
    kind: 'baud-set',
    board,
    body,
    replyFrom: [board],
    replyCommand: RCMD_BAUD,
    timeoutMs: READ_REPLY_TIMEOUT_MS,
    settleAfterMs: SETTING_SETTLE_MS,
  });
}

// ---------------------------------------------------------------------------------------------
// Reply encoders (the simulator and the tests)

export type KerongReading = Pick<DoorReading, 'lock' | 'open' | 'itemPresent'>;

/** `02 ADDR RCMD D1 D2 D3 D4 03 SUM` with arbitrary data. */
export function encodeReply(board: number, rcmd: number, data: readonly [number, number, number, number]): Uint8Array {
  return withSumCheck([STX, kerongAddress(board), rcmd, ...data, ETX]);
}

/** D1 D2 (lock bits, per polarity) and D3 D4 (infrared "item present" bits) of a status reply. */
export function packStatusData(
  readings: readonly KerongReading[],
  settings: BoardSettings,
): [number, number, number, number] {
  let locks = 0;
  let items = 0;
  const byLock = new Map(readings.map((r) => [r.lock, r]));
  for (let lock = 1; lock <= Math.min(settings.channels, MAX_LOCKS); lock++) {
    const r = byLock.get(lock);
    if (signalFromOpen(r?.open ?? false, settings.polarity)) locks |= 1 << (lock - 1);
    if (r?.itemPresent) items |= 1 << (lock - 1);
  }
  return [locks & 0xff, locks >> 8, items & 0xff, items >> 8];
}

/** Status reply: RCMD 0x35 (to 0x30 and 0x33) or 0x36 (to the bus-wide 0x32). Unlisted locks are shut. */
export function encodeStatusReply(
  board: number,
  readings: readonly KerongReading[],
  settings: BoardSettings,
  rcmd: typeof RCMD_STATUS | typeof RCMD_STATUS_ALL = RCMD_STATUS,
): Uint8Array {
  return encodeReply(board, rcmd, packStatusData(readings, settings));
}

/** RCMD 0x38: the spec's example `02 00 38 0F 00 00 37 03 83` (550 ms) has D3 D4 = time; D1 D2 are
 *  not explained, so the caller passes them (the simulator sends the lock bits, as 0x33 does). */
export function encodeUnlockTimeReply(board: number, unlockTimeMs: number, d1d2: readonly [number, number] = [0, 0]): Uint8Array {
  const units = Math.round(unlockTimeMs / UNLOCK_TIME_UNIT_MS);
  return encodeReply(board, RCMD_UNLOCK_TIME, [d1d2[0], d1d2[1], units >> 8, units & 0xff]);
}

/** RCMD 0x40, as in the spec's `02 00 40 01 00 00 01 03 47`. */
export function encodeBaudReply(board: number, code: number): Uint8Array {
  return encodeReply(board, RCMD_BAUD, [code, 0, 0, code]);
}

// ---------------------------------------------------------------------------------------------
// Validation and decoders

/** Board settings given as one board, or all boards of the bus (needed for bus-wide replies). */
export type SettingsSource = BoardSettings | readonly BoardSettings[];

function lookup(source: SettingsSource, board: number): BoardSettings | undefined {
  return Array.isArray(source)
    ? (source as readonly BoardSettings[]).find((b) => b.address === board)
    : (source as BoardSettings).address === board
      ? (source as BoardSettings)
      : undefined;
}

function reject(reason: RejectReason, detail?: string): { ok: false; reason: RejectReason; detail?: string } {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

/** Validates a complete 9-byte reply to `req`; the value is the answering board. */
export function validateReply(bytes: Uint8Array, req: KerongRequest): Decoded<number> {
  if (!req.expectsReply || req.replyCommand === undefined) return reject('no-reply-expected');
  if (bytes.length !== REPLY_LENGTH) return reject('wrong-length', `expected 9 bytes, got ${bytes.length}`);
  if (bytes[0] !== STX) return reject('wrong-header');
  if (sumCheck(bytes.subarray(0, 8)) !== bytes[8]) return reject('bad-check');
  if (bytes[7] !== ETX) return reject('wrong-marker', 'no ETX 03 before SUM');
  // The reply's low nibble is 0 in every example; only the board nibble is checked.
  const board = at(bytes, 1) >> 4;
  if (!req.replyFrom.includes(board)) return reject('wrong-board', `expected board ${req.replyFrom.join('/')}, got ${board}`);
  if (bytes[2] !== req.replyCommand) {
    return reject('wrong-command', `expected RCMD ${toHex([req.replyCommand])}, got ${toHex([at(bytes, 2)])}`);
  }
  return { ok: true, value: board };
}

/** Readings (with infrared itemPresent) from a status reply (RCMD 0x35 / 0x36). */
export function decodeStatusReply(bytes: Uint8Array, req: KerongRequest, settings: SettingsSource): Decoded<DoorReading[]> {
  if (req.kind !== 'status' && req.kind !== 'status-all' && req.kind !== 'open-all') {
    return reject('no-reply-expected', `${req.kind} has no status reply`);
  }
  const v = validateReply(bytes, req);
  if (!v.ok) return v;
  const board = v.value;
  const s = lookup(settings, board);
  if (!s) return reject('wrong-board', `board ${board} is not configured`);
  const locks = at(bytes, 3) | (at(bytes, 4) << 8);
  const items = at(bytes, 5) | (at(bytes, 6) << 8);
  const readings: DoorReading[] = [];
  for (let lock = 1; lock <= Math.min(s.channels, MAX_LOCKS); lock++) {
    const bit = 1 << (lock - 1);
    readings.push({ board, lock, open: isOpenFromSignal((locks & bit) !== 0, s.polarity), itemPresent: (items & bit) !== 0 });
  }
  return { ok: true, value: readings };
}

export interface UnlockTime {
  board: number;
  unlockTimeMs: number;
  /** The reply's D1..D4 as sent (D1 D2 unexplained by the spec). */
  data: readonly [number, number, number, number];
}

export function decodeUnlockTimeReply(bytes: Uint8Array, req: KerongRequest): Decoded<UnlockTime> {
  const v = validateReply(bytes, req);
  if (!v.ok) return v;
  const data = [at(bytes, 3), at(bytes, 4), at(bytes, 5), at(bytes, 6)] as const;
  return { ok: true, value: { board: v.value, unlockTimeMs: ((data[2] << 8) | data[3]) * UNLOCK_TIME_UNIT_MS, data } };
}

export function decodeBaudReply(bytes: Uint8Array, req: KerongRequest): Decoded<{ board: number; baudRate: number }> {
  const v = validateReply(bytes, req);
  if (!v.ok) return v;
  const code = at(bytes, 3);
  const baudRate = [...BAUD_CODES].find(([, c]) => c === code)?.[0];
  if (baudRate === undefined) return reject('bad-status', `unknown baud code ${code}`);
  return { ok: true, value: { board: v.value, baudRate } };
}

// ---------------------------------------------------------------------------------------------
// Framing for the transport

function prefixConsistent(buffer: Uint8Array, start: number, req: KerongRequest): boolean {
  if (start + 1 < buffer.length && !req.replyFrom.includes(at(buffer, start + 1) >> 4)) return false;
  if (start + 2 < buffer.length && buffer[start + 2] !== req.replyCommand) return false;
  return true;
}

function found(buffer: Uint8Array, start: number): FrameFound {
  return { frame: buffer.slice(start, start + REPLY_LENGTH), consumed: start + REPLY_LENGTH, skipped: start };
}

/** More bytes than this without a plausible reply is noise, not a slow reply. */
export const MAX_JUNK_BYTES = 64;

/**
 * Finds the next reply to `req` in the receive buffer: skips junk before STX, completes on the
 * first complete valid 9-byte frame. A damaged frame that starts like the reply claims its bytes. For a bus-wide read, call again on the rest of the buffer
 * (after `consumed`) for the next board's frame.
 */
export function matchReply(req: KerongRequest, buffer: Uint8Array): ReplyMatch {
  if (!req.expectsReply) return { kind: 'invalid', reason: 'no-reply-expected', consumed: 0 };
  let firstInvalid: { reason: RejectReason; detail?: string } | undefined;
  let claimedUntil = 0;
  for (let start = 0; start < buffer.length; start++) {
    if (buffer[start] !== STX || start < claimedUntil) continue;
    const consistent = prefixConsistent(buffer, start, req);
    if (buffer.length - start < REPLY_LENGTH) {
      if (consistent) return { kind: 'need-more' };
      continue;
    }
    const v = validateReply(buffer.subarray(start, start + REPLY_LENGTH), req);
    if (v.ok) return { kind: 'frame', ...found(buffer, start) };
    firstInvalid ??= v.detail === undefined ? { reason: v.reason } : { reason: v.reason, detail: v.detail };
    // Our reply, damaged: nothing found inside it is trusted (see generic.ts matchReply).
    if (consistent) claimedUntil = start + REPLY_LENGTH;
  }
  if (firstInvalid) return { kind: 'invalid', ...firstInvalid, consumed: buffer.length };
  if (buffer.length > MAX_JUNK_BYTES) return { kind: 'invalid', reason: 'no-header', consumed: buffer.length };
  return { kind: 'need-more' };
}

// ---------------------------------------------------------------------------------------------
// Requests as a board sees them (the simulator)

export type ParsedKerongRequest =
  | { readonly kind: 'status' | 'open-all' | 'unlock-time-read'; readonly address: number; readonly board: number }
  | { readonly kind: 'open'; readonly address: number; readonly board: number; readonly lock: number }
  | { readonly kind: 'status-all'; readonly address: number }
  | { readonly kind: 'unlock-time-set'; readonly address: number; readonly board: number; readonly unlockTimeMs: number }
  | { readonly kind: 'baud-set'; readonly address: number; readonly board: number; readonly code: number }
  | { readonly kind: 'other'; readonly address: number; readonly board: number; readonly command: number };

export type KerongRequestMatch =
  | { readonly kind: 'need-more'; readonly skipped: number }
  | { readonly kind: 'request'; readonly request: ParsedKerongRequest; readonly frame: Uint8Array; readonly consumed: number }
  | { readonly kind: 'rejected'; readonly reason: RejectReason; readonly frame: Uint8Array; readonly consumed: number };

function validRequestFrame(frame: Uint8Array): boolean {
  const n = frame.length;
  return frame[n - 2] === ETX && sumCheck(frame.subarray(0, n - 1)) === frame[n - 1];
}

/**
 * Finds the next request in what a board received. 0x37 is 5 bytes (read) or 7 (set): the 5-byte
 * reading wins when it is a valid frame. A bad frame is rejected and only its STX consumed.
 */
export function matchRequest(buffer: Uint8Array): KerongRequestMatch {
  let start = 0;
  while (start < buffer.length && buffer[start] !== STX) start++;
  const available = buffer.length - start;
  if (available < 3) return { kind: 'need-more', skipped: start };
  const address = at(buffer, start + 1);
  const command = at(buffer, start + 2);
  const lengths = command === CMD_UNLOCK_TIME ? [5, 7] : command === CMD_BAUD || command === 0x39 ? [6] : [5];
  let lastFrame: Uint8Array | undefined;
  for (const length of lengths) {
    if (available < length) return { kind: 'need-more', skipped: start };
    const frame = buffer.slice(start, start + length);
    lastFrame = frame;
    if (!validRequestFrame(frame)) continue;
    return { kind: 'request', request: parseRequest(frame, address, command), frame, consumed: start + length };
  }
  const frame = lastFrame ?? buffer.slice(start, start + 5);
  const reason: RejectReason = frame[frame.length - 2] === ETX ? 'bad-check' : 'wrong-marker';
  return { kind: 'rejected', reason, frame, consumed: start + 1 };
}

function parseRequest(frame: Uint8Array, address: number, command: number): ParsedKerongRequest {
  const board = address >> 4;
  if (command === CMD_STATUS_ALL) return { kind: 'status-all', address };
  if (command === CMD_STATUS) return { kind: 'status', address, board };
  if (command === CMD_OPEN) return { kind: 'open', address, board, lock: (address & 0x0f) + 1 };
  if (command === CMD_OPEN_ALL) return { kind: 'open-all', address, board };
  if (command === CMD_UNLOCK_TIME && frame.length === 5) return { kind: 'unlock-time-read', address, board };
  if (command === CMD_UNLOCK_TIME) {
    return { kind: 'unlock-time-set', address, board, unlockTimeMs: ((at(frame, 3) << 8) | at(frame, 4)) * UNLOCK_TIME_UNIT_MS };
  }
  if (command === CMD_BAUD) return { kind: 'baud-set', address, board, code: at(frame, 3) };
  return { kind: 'other', address, board, command };
}

// ---------------------------------------------------------------------------------------------
// Logs

export function describeKerong(bytes: Uint8Array, from: 'host' | 'board' = 'host'): string {
  const hex = toHex(bytes);
  if (from === 'host') {
    const m = matchRequest(bytes);
    if (m.kind !== 'request' || m.consumed !== bytes.length) return `unrecognised request (${hex})`;
    const r = m.request;
    switch (r.kind) {
      case 'status': return `status of board ${r.board}`;
      case 'open': return `open board ${r.board} lock ${r.lock}`;
      case 'status-all': return 'status of all boards';
      case 'open-all': return `open all locks of board ${r.board}`;
      case 'unlock-time-read': return `read unlock time of board ${r.board}`;
      case 'unlock-time-set': return `set unlock time of board ${r.board} to ${r.unlockTimeMs} ms`;
      case 'baud-set': return `set baud code ${r.code} on board ${r.board}`;
      case 'other': return `command ${toHex([r.command])} to board ${r.board}`;
    }
  }
  if (bytes.length !== REPLY_LENGTH || bytes[0] !== STX || bytes[7] !== ETX || sumCheck(bytes.subarray(0, 8)) !== bytes[8]) {
    return `unrecognised reply (${hex})`;
  }
  const board = at(bytes, 1) >> 4;
  const data = toHex(bytes.subarray(3, 7));
  switch (bytes[2]) {
    case RCMD_STATUS: return `status reply board ${board}: locks ${toHex(bytes.subarray(3, 5))}, items ${toHex(bytes.subarray(5, 7))}`;
    case RCMD_STATUS_ALL: return `bus-wide status reply board ${board}: locks ${toHex(bytes.subarray(3, 5))}, items ${toHex(bytes.subarray(5, 7))}`;
    case RCMD_UNLOCK_TIME: return `unlock time reply board ${board}: ${((at(bytes, 5) << 8) | at(bytes, 6)) * UNLOCK_TIME_UNIT_MS} ms`;
    case RCMD_BAUD: return `baud reply board ${board}: ${data}`;
    default: return `reply ${toHex([at(bytes, 2)])} board ${board}: ${data}`;
  }
}

// ---------------------------------------------------------------------------------------------
// The codec

export type KerongCodec = ProtocolCodec<KerongRequest>;

/** The Kerong KR-CU16 protocol bound to the boards of one bus. */
export function createKerongCodec(boards: readonly BoardSettings[]): KerongCodec {
  const settings = (board: number): BoardSettings => settingsOf(boards, board);
  return {
    name: 'kerong-cu16',
    defaultBaudRate: KERONG_BAUD_RATE,
    boards,
    openReplies: false,
    encodeOpen: (board, lock) => {
      const s = settings(board);
      if (lock > s.channels) throw new RangeError(`board ${board} has ${s.channels} channels, no lock ${lock}`);
      return openLock(board, lock);
    },
    encodeOpenAll: (board) => openAll(board, settings(board).channels),
    encodeReadBoard: (board) => {
      settings(board);
      return readStatus(board);
    },
    encodeReadAllBoards: () => readAllBoards(boards.map((b) => b.address)),
    matchReply: (req, buffer) => matchReply(req, buffer),
    decodeDoors: (req, frame) => decodeStatusReply(frame, req, boards),
    decodeOpenReply: (req, frame) => {
      if (req.kind !== 'open' && req.kind !== 'open-all') return reject('no-reply-expected', `${req.kind} is not an open`);
      if (req.kind === 'open') {
        // 0x31 has no reply: the open's outcome is whatever the next status read shows.
        if (frame !== undefined) return reject('no-reply-expected', 'Kerong 0x31 has no reply');
        return { ok: true, value: { board: Number(req.board), lock: req.lock ?? 0 } };
      }
      if (frame === undefined) return reject('wrong-length', 'open-all is answered with a status frame');
      const doors = decodeStatusReply(frame, req, boards);
      return doors.ok ? { ok: true, value: { board: Number(req.board), lock: 0 } } : doors;
    },
    describe: (bytes, from) => describeKerong(bytes, from),
  };
}
