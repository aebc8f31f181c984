// Byte-exact vectors from docs/lock-protocols.md#generic-protocol, every rejection reason, junk and
// split bursts for the generic 0x8A/0x80 protocol.
import { describe, expect, it } from 'vitest';
import type { BoardSettings } from '../../../hardware/lock-bus';
import { fromHex, toHex } from '../../../hardware/protocols/bytes';
import type { ReplyMatch } from '../../../hardware/protocols/codec';
import {
  createGenericCodec,
  decodeChangeNotice,
  decodeDoors,
  decodeOpenReply,
  decodeReadAllReply,
  decodeReadOneReply,
  describeGeneric,
  encodeChangeNotice,
  encodeOpenAllReply,
  encodeOpenReply,
  encodeReadAllReply,
  encodeReadOneReply,
  holdOff,
  holdOn,
  matchChangeNotice,
  matchReply,
  matchRequest,
  openAll,
  openBitmap,
  openLock,
  readAll,
  readLock,
  statusBytesFor,
  statusBytesOf,
  xorCheck,
} from '../../../hardware/protocols/generic';

const hex = fromHex;

function board(address: number, channels: number, extra: Partial<BoardSettings> = {}): BoardSettings {
  return { address, channels, statusByteOrder: 'last-byte-first-channels', polarity: 'closing', ...extra };
}

const eightCh3 = board(1, 8, { statusBytes: 3 }); // the real 8-channel board that answered with 3 status bytes
const b24 = board(1, 24);

function frameOf(m: ReplyMatch): string {
  if (m.kind !== 'frame') throw new Error(`expected a frame, got ${JSON.stringify(m)}`);
  return toHex(m.frame);
}

describe('generic requests: byte-exact vectors from the spec', () => {
  it.each([
    ['open one lock', () => openLock(1, 1), '8A 01 01 11 9B'],
    ['open all locks of a board', () => openAll(1), '8A 01 00 11 9A'],
    ['read one lock', () => readLock(1, 1), '80 01 01 33 B3'],
    ['read all locks', () => readAll(1, 3), '80 01 00 33 B2'],
    ['open several (bitmap)', () => openBitmap(1, [0x02, 0x02, 0x02]), '90 01 02 02 02 93'],
    ['output held on', () => holdOn(1, 1), '9A 01 01 11 8B'],
    ['output held off', () => holdOff(1, 1), '9B 01 01 11 8A'],
  ])('%s', (_name, encode, expected) => {
    expect(toHex(encode().bytes)).toBe(expected);
  });

  it('describes what the transport needs to know', () => {
    expect(openLock(1, 1)).toMatchObject({ kind: 'open', board: 1, lock: 1, expectsReply: true, replyCount: 1, replyLength: 5, firesLock: true });
    expect(openLock(1, 1).replyTimeoutMs).toBeGreaterThanOrEqual(1500); // "allow at least 1.5 s"
    expect(readAll(1, 3)).toMatchObject({ kind: 'read-all', expectsReply: true, replyLength: 7, firesLock: false });
    expect(readAll(1, 'unknown').replyLength).toBe('unknown');
    expect(openBitmap(1, [2, 2, 2])).toMatchObject({ expectsReply: false, replyCount: 0, firesLock: true });
    expect(holdOn(1, 1).expectsReply).toBe(false);
    expect(holdOff(1, 1)).toMatchObject({ expectsReply: false, firesLock: false });
  });

  it('check byte = XOR of every byte before it', () => {
    expect(xorCheck([0x8a, 0x01, 0x01, 0x11])).toBe(0x9b);
    expect(xorCheck([])).toBe(0);
  });

  it('refuses what the wire cannot say', () => {
    expect(() => openLock(0, 1)).toThrow(RangeError);
    expect(() => openLock(33, 1)).toThrow(RangeError);
    expect(() => openLock(1, 0)).toThrow(RangeError); // 0 means "all": use openAll
    expect(() => readLock(1, 256)).toThrow(RangeError);
    expect(() => readAll(1, 0)).toThrow(RangeError);
    expect(() => openBitmap(1, [256, 0, 0])).toThrow(RangeError);
  });

  it('32 is accepted ("some documents say up to 32")', () => {
    expect(toHex(openLock(32, 1).bytes)).toBe('8A 20 01 11 BA');
  });
});

describe('generic replies: byte-exact vectors from the spec', () => {
  it('open reply 8A BB CC SS X (closing feedback: 11 = shut, 00 = open)', () => {
    expect(toHex(encodeOpenReply(1, 1, false, b24))).toBe('8A 01 01 11 9B');
    expect(toHex(encodeOpenReply(1, 1, true, b24))).toBe('8A 01 01 00 8A');
    const r = decodeOpenReply(hex('8A 01 01 00 8A'), openLock(1, 1), b24);
    expect(r).toEqual({ ok: true, value: { board: 1, lock: 1, reading: { board: 1, lock: 1, open: true } } });
  });

  it('open-all reply 8A 01 00 11 9A', () => {
    expect(toHex(encodeOpenAllReply(1))).toBe('8A 01 00 11 9A');
    expect(decodeOpenReply(hex('8A 01 00 11 9A'), openAll(1), b24)).toEqual({ ok: true, value: { board: 1, lock: 0 } });
  });

  it('read one: 80 01 01 11 91 and 80 01 01 00 80', () => {
    expect(toHex(encodeReadOneReply(1, 1, false, b24))).toBe('80 01 01 11 91');
    expect(toHex(encodeReadOneReply(1, 1, true, b24))).toBe('80 01 01 00 80');
    expect(decodeReadOneReply(hex('80 01 01 11 91'), readLock(1, 1), b24)).toEqual({ ok: true, value: { board: 1, lock: 1, open: false } });
    expect(decodeReadOneReply(hex('80 01 01 00 80'), readLock(1, 1), b24)).toEqual({ ok: true, value: { board: 1, lock: 1, open: true } });
  });

  it('opening feedback reverses the meaning', () => {
    const opening = board(1, 24, { polarity: 'opening' });
    expect(decodeReadOneReply(hex('80 01 01 11 91'), readLock(1, 1), opening)).toMatchObject({ ok: true, value: { open: true } });
    expect(toHex(encodeReadOneReply(1, 1, true, opening))).toBe('80 01 01 11 91');
  });

  it('read all: the real 8-channel board answered with 3 status bytes', () => {
    const req = readAll(1, statusBytesFor(eightCh3));
    expect(toHex(req.bytes)).toBe('80 01 00 33 B2');
    expect(req.replyLength).toBe(7);
    const reply = hex('80 01 00 00 00 33 B2');
    const all = board(1, 8, { statusBytes: 3, polarity: 'opening' }); // bits clear = shut
    const decoded = decodeReadAllReply(reply, req, all);
    expect(decoded.ok && decoded.value).toHaveLength(8);
    expect(decoded.ok && decoded.value.every((r) => !r.open)).toBe(true);
    expect(statusBytesOf(reply)).toBe(3);
  });

  it('read all: "door 2 reports" 80 01 00 00 02 33 B0, channels 1–8 in the last byte (default)', () => {
    const opening = board(1, 24, { polarity: 'opening' });
    const decoded = decodeReadAllReply(hex('80 01 00 00 02 33 B0'), readAll(1, 3), opening);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.filter((r) => r.open).map((r) => r.lock)).toEqual([2]);
    expect(toHex(encodeReadAllReply(1, [{ lock: 2, open: true }], opening))).toBe('80 01 00 00 02 33 B0');
  });

  it('read all: status byte order is a setting (first byte = channels 1–8)', () => {
    const first = board(1, 24, { polarity: 'opening', statusByteOrder: 'first-byte-first-channels' });
    const decoded = decodeReadAllReply(hex('80 01 00 00 02 33 B0'), readAll(1, 3), first);
    expect(decoded.ok && decoded.value.filter((r) => r.open).map((r) => r.lock)).toEqual([18]);
    expect(toHex(encodeReadAllReply(1, [{ lock: 2, open: true }], first))).toBe('80 01 02 00 00 33 B0');
  });

  it('read all: only channels 1..settings.channels are reported, bits LSB first', () => {
    const ten = board(3, 10, { polarity: 'opening' });
    const reply = encodeReadAllReply(3, [{ lock: 1, open: true }, { lock: 9, open: true }, { lock: 10, open: true }], ten);
    expect(toHex(reply)).toBe(toHex(Uint8Array.from([0x80, 3, 0x03, 0x01, 0x33, xorCheck([0x80, 3, 0x03, 0x01, 0x33])])));
    const decoded = decodeReadAllReply(reply, readAll(3, 2), ten);
    expect(decoded.ok && decoded.value.map((r) => r.lock)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(decoded.ok && decoded.value.filter((r) => r.open).map((r) => r.lock)).toEqual([1, 9, 10]);
  });

  it('unsolicited change 82 01 05 00 86', () => {
    expect(toHex(encodeChangeNotice(1, 5, true, b24))).toBe('82 01 05 00 86');
    expect(decodeChangeNotice(hex('82 01 05 00 86'), () => b24)).toEqual({ ok: true, value: { board: 1, lock: 5, open: true } });
    expect(decodeChangeNotice(hex('82 01 05 00 86'), () => undefined)).toMatchObject({ ok: false, reason: 'wrong-board' });
    expect(decodeChangeNotice(hex('82 01 05 00 87'), () => b24)).toMatchObject({ ok: false, reason: 'bad-check' });
    expect(decodeChangeNotice(hex('82 01 19 00 9A'), () => b24)).toMatchObject({ ok: false, reason: 'wrong-lock' });
    expect(matchChangeNotice(hex('FA FD 82 01 05 00 86'), () => b24)).toEqual({ kind: 'notice', reading: { board: 1, lock: 5, open: true }, consumed: 7 });
    expect(matchChangeNotice(hex('82 01 05'), () => b24)).toEqual({ kind: 'need-more' });
    expect(matchChangeNotice(hex('FA FD 99 99'), () => b24)).toEqual({ kind: 'none' });
  });
});

describe('generic decoders: every rejection reason', () => {
  const open = openLock(1, 1);
  const read = readLock(1, 1);
  const all = readAll(1, 3);
  it.each([
    ['wrong-length', () => decodeOpenReply(hex('8A 01 01 11'), open, b24)],
    ['wrong-header', () => decodeOpenReply(hex('80 01 01 11 91'), open, b24)],
    ['bad-check', () => decodeOpenReply(hex('8A 01 01 11 9C'), open, b24)],
    ['wrong-board', () => decodeOpenReply(hex('8A 02 01 11 98'), open, b24)],
    ['wrong-lock', () => decodeOpenReply(hex('8A 01 02 11 98'), open, b24)],
    ['bad-status', () => decodeReadOneReply(hex('80 01 01 22 A2'), read, b24)],
    ['wrong-header', () => decodeReadAllReply(hex('8A 01 00 00 00 33 B8'), all, b24)],
    ['wrong-marker', () => decodeReadAllReply(hex('80 01 00 00 00 34 B5'), all, b24)],
    ['wrong-length', () => decodeReadAllReply(hex('80 01 00 00 33 B2'), all, b24)],
    ['wrong-length', () => decodeReadAllReply(hex('80 01 00 33 B2'), readAll(1, 'unknown'), b24)], // 1 byte cannot hold 24 channels
    ['bad-check', () => decodeReadAllReply(hex('80 01 00 00 00 33 B3'), all, b24)],
    ['wrong-board', () => decodeReadAllReply(hex('80 02 00 00 00 33 B1'), all, b24)],
    ['no-reply-expected', () => decodeOpenReply(hex('8A 01 01 11 9B'), read, b24)],
    ['no-reply-expected', () => decodeReadAllReply(hex('8A 01 01 11 9B'), read, b24)],
  ])('%s', (reason, decode) => {
    expect(decode()).toMatchObject({ ok: false, reason });
  });

  it('decodeDoors reads one lock or all', () => {
    expect(decodeDoors(hex('80 01 01 11 91'), read, b24)).toEqual({ ok: true, value: [{ board: 1, lock: 1, open: false }] });
    expect(decodeDoors(hex('80 01 00 00 00 33 B2'), all, b24)).toMatchObject({ ok: true });
  });
});

describe('generic matchReply: framing for the transport', () => {
  it('completes on the first complete valid frame', () => {
    const m = matchReply(openLock(1, 1), b24, hex('8A 01 01 00 8A'));
    expect(m).toMatchObject({ kind: 'frame', consumed: 5, skipped: 0 });
    expect(frameOf(m)).toBe('8A 01 01 00 8A');
  });

  it('skips junk before the header (seen: FA FD 99 99)', () => {
    const m = matchReply(readAll(1, 3), b24, hex('FA FD 99 99 80 01 00 00 02 33 B0'));
    expect(m).toMatchObject({ kind: 'frame', consumed: 11, skipped: 4 });
    expect(frameOf(m)).toBe('80 01 00 00 02 33 B0');
  });

  it('waits for split bursts: need-more, then the frame', () => {
    const req = readAll(1, 3);
    const bytes = hex('FA FD 99 99 80 01 00 00 02 33 B0');
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(matchReply(req, b24, bytes.subarray(0, cut)).kind).toBe('need-more');
    }
    expect(matchReply(req, b24, bytes).kind).toBe('frame');
  });

  it('leaves bytes after the frame for later (consumed stops at the frame)', () => {
    const m = matchReply(readLock(1, 1), b24, hex('80 01 01 11 91 FF FF'));
    expect(m).toMatchObject({ kind: 'frame', consumed: 5 });
  });

  it('a junk byte equal to the header does not hide the real frame', () => {
    expect(frameOf(matchReply(readLock(1, 1), b24, hex('80 FD 80 01 01 11 91')))).toBe('80 01 01 11 91');
    // junk that looks like the start of a reply, then the real one
    expect(matchReply(readLock(1, 1), b24, hex('80 01 80 01 01')).kind).toBe('need-more');
    expect(frameOf(matchReply(readLock(1, 1), b24, hex('80 01 80 01 01 11 91')))).toBe('80 01 01 11 91');
  });

  it.each([
    ['bad-check', openLock(1, 1), '8A 01 01 00 8B'],
    ['wrong-board', openLock(1, 1), '8A 02 01 00 89'],
    ['wrong-lock', readLock(1, 1), '80 01 02 11 92'],
    ['bad-status', readLock(1, 1), '80 01 01 22 A2'],
    ['wrong-marker', readAll(1, 3), '80 01 00 00 00 34 B5'],
  ])('reports %s once the reply is complete', (reason, req, bytes) => {
    const m = matchReply(req, b24, hex(bytes));
    expect(m).toMatchObject({ kind: 'invalid', reason, consumed: hex(bytes).length });
  });

  it('a read-all reply longer or shorter than configured is reported as wrong-length when visible', () => {
    // settings say 3 status bytes, board sent 1 (and the frame is followed by more bytes)
    const m = matchReply(readAll(1, 3), b24, hex('80 01 00 33 B2 00 00'));
    expect(m).toMatchObject({ kind: 'invalid', reason: 'wrong-length' });
    // settings say 1 (default for 8 channels), the real board sends 3
    const eight = board(1, 8);
    const req = readAll(1, statusBytesFor(eight));
    // seen whole: the diagnosis names the real count
    expect(matchReply(req, eight, hex('80 01 00 00 00 33 B2'))).toMatchObject({
      kind: 'invalid',
      reason: 'wrong-length',
      detail: 'board sent 3 status bytes, settings expect 1',
    });
    // seen as soon as the expected 5 bytes are in: a wrong marker
    expect(matchReply(req, eight, hex('80 01 00 00 00'))).toMatchObject({ kind: 'invalid', reason: 'wrong-marker' });
  });

  it('unknown length: a provisional frame for the quiet-time rule, never a final one before the line is quiet', () => {
    const req = readAll(1, 'unknown');
    expect(matchReply(req, eightCh3, hex('FA 80 01 00 00'))).toEqual({ kind: 'need-more' });
    const m = matchReply(req, eightCh3, hex('FA 80 01 00 00 00 33 B2'));
    expect(m.kind).toBe('need-more');
    expect(m.kind === 'need-more' && m.provisional && toHex(m.provisional.frame)).toBe('80 01 00 00 00 33 B2');
    expect(m.kind === 'need-more' && m.provisional).toMatchObject({ consumed: 8, skipped: 1 });
    // trailing bytes after a valid frame: no provisional (something else is going on)
    const trailing = matchReply(req, eightCh3, hex('80 01 00 00 00 33 B2 00'));
    expect(trailing).toEqual({ kind: 'need-more' });
  });

  it('unknown length: a buffer longer than any read-all reply is decided', () => {
    const req = readAll(1, 'unknown');
    expect(matchReply(req, eightCh3, hex('80 01 00 00 00 33 B2 00 00 00 00 00 00')).kind).toBe('frame');
    expect(matchReply(req, eightCh3, hex('80 01 00 00 00 00 00 00 00 00 00 00 00'))).toMatchObject({ kind: 'invalid' });
  });

  it('noise with no header at all ends as no-header', () => {
    expect(matchReply(readLock(1, 1), b24, new Uint8Array(64).fill(0x99)).kind).toBe('need-more');
    expect(matchReply(readLock(1, 1), b24, new Uint8Array(65).fill(0x99))).toMatchObject({ kind: 'invalid', reason: 'no-header' });
  });

  it('no reply is matched for a request without one', () => {
    expect(matchReply(openBitmap(1, [2, 2, 2]), b24, hex('90 01 02 02 02 93'))).toMatchObject({ kind: 'invalid', reason: 'no-reply-expected' });
  });
});

describe('generic requests as the boards see them', () => {
  it.each([
    ['8A 01 01 11 9B', { kind: 'open', board: 1, lock: 1 }],
    ['8A 01 00 11 9A', { kind: 'open-all', board: 1 }],
    ['80 01 01 33 B3', { kind: 'read-one', board: 1, lock: 1 }],
    ['80 01 00 33 B2', { kind: 'read-all', board: 1 }],
    ['90 01 02 02 02 93', { kind: 'open-bitmap', board: 1, bitmap: [2, 2, 2] }],
    ['9A 01 01 11 8B', { kind: 'hold-on', board: 1, lock: 1 }],
    ['9B 01 01 11 8A', { kind: 'hold-off', board: 1, lock: 1 }],
  ])('%s', (bytes, request) => {
    const m = matchRequest(hex(bytes));
    expect(m).toMatchObject({ kind: 'request', request, consumed: hex(bytes).length });
  });

  it('skips junk, waits for the rest, rejects a bad check consuming only the header', () => {
    expect(matchRequest(hex('00 FF 8A 01'))).toEqual({ kind: 'need-more', skipped: 2 });
    expect(matchRequest(hex('8A 01 01 11 9C'))).toMatchObject({ kind: 'rejected', reason: 'bad-check', consumed: 1 });
    expect(matchRequest(hex('80 01 01 34 B4'))).toMatchObject({ kind: 'rejected', reason: 'wrong-marker', consumed: 1 });
  });
});

describe('generic descriptions for logs', () => {
  it('names requests and replies', () => {
    expect(describeGeneric(hex('8A 01 01 11 9B'))).toBe('open board 1 lock 1');
    expect(describeGeneric(hex('8A 01 01 11 9B'), 'board')).toBe('open reply board 1 lock 1: 11 (signal set)');
    expect(describeGeneric(hex('80 01 00 00 02 33 B0'), 'board')).toBe('read-all reply board 1: status 00 00 02');
    expect(describeGeneric(hex('82 01 05 00 86'), 'board')).toBe('change notice board 1 lock 5: 00 (signal clear)');
    expect(describeGeneric(hex('8A 01 01 11 9C'))).toMatch(/unrecognised/);
  });
});

describe('generic codec', () => {
  const codec = createGenericCodec([b24, board(2, 8, { statusBytes: 3 })]);
  it('binds the settings of each board', () => {
    expect(codec).toMatchObject({ name: 'generic', defaultBaudRate: 9600, openReplies: true });
    expect(codec.encodeReadBoard(1).replyLength).toBe(7);
    expect(codec.encodeReadBoard(2).replyLength).toBe(7);
    expect(codec.encodeReadBoard(2, { replyLength: 'unknown' }).replyLength).toBe('unknown');
    expect(codec.encodeReadAllBoards).toBeUndefined();
    expect(() => codec.encodeOpen(3, 1)).toThrow(/not configured/);
    expect(() => codec.encodeOpen(2, 9)).toThrow(/no lock 9/);
    expect(codec.encodeOpenAll(1).replyTimeoutMs).toBeGreaterThan(openLock(1, 1).replyTimeoutMs);
  });

  it('frames and decodes through the neutral interface', () => {
    const req = codec.encodeOpen(1, 2);
    const m = codec.matchReply(req, hex('FA FD 99 99 8A 01 02 00 89'));
    expect(m.kind).toBe('frame');
    if (m.kind !== 'frame') return;
    expect(codec.decodeOpenReply(req, m.frame)).toEqual({ ok: true, value: { board: 1, lock: 2, reading: { board: 1, lock: 2, open: true } } });
    expect(codec.decodeOpenReply(req, undefined)).toMatchObject({ ok: false });
    const read = codec.encodeReadBoard(1);
    const doors = codec.decodeDoors(read, encodeReadAllReply(1, [{ lock: 24, open: true }], b24));
    expect(doors.ok && doors.value.filter((d) => d.open).map((d) => d.lock)).toEqual([24]);
    expect(codec.matchNotice(hex('82 01 05 00 86'))).toMatchObject({ kind: 'notice' });
    expect(codec.describe(req.bytes)).toBe('open board 1 lock 2');
  });
});
