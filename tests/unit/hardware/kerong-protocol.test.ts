// Byte-exact vectors from docs/lock-protocols.md#kerong-kr-cu16, rejections, framing and properties
// for the Kerong KR-CU16.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoardSettings } from '../../../hardware/lock-bus';
import { fromHex, toHex } from '../../../hardware/protocols/bytes';
import {
  RCMD_STATUS_ALL,
  STX,
  createKerongCodec,
  decodeBaudReply,
  decodeStatusReply,
  decodeUnlockTimeReply,
  describeKerong,
  encodeBaudReply,
  encodeStatusReply,
  encodeUnlockTimeReply,
  kerongAddress,
  matchReply,
  matchRequest,
  openAll,
  openLock,
  readAllBoards,
  readStatus,
  readUnlockTime,
  setBaud,
  setUnlockTime,
  sumCheck,
  validateReply,
} from '../../../hardware/protocols/kerong-cu16';

const hex = fromHex;
function board(address: number, channels = 16, polarity: BoardSettings['polarity'] = 'closing'): BoardSettings {
  return { address, channels, statusByteOrder: 'last-byte-first-channels', polarity };
}
const b0 = board(0);

describe('Kerong requests: byte-exact vectors from the spec', () => {
  it.each([
    ['0x30 status of board 0', () => readStatus(0), '02 00 30 03 35'],
    ['0x31 open board 0 lock 3', () => openLock(0, 3), '02 02 31 03 38'],
    ['0x31 open board 1 lock 1', () => openLock(1, 1), '02 10 31 03 46'],
    ['0x32 status of all boards', () => readAllBoards([0, 1]), '02 F0 32 03 27'],
    ['0x33 open all of board 0', () => openAll(0), '02 00 33 03 38'],
    ['0x37 read unlock time', () => readUnlockTime(0), '02 00 37 03 3C'],
    ['0x40 baud 19200', () => setBaud(0, 19200), '02 00 40 01 03 46'],
  ])('%s', (_name, encode, expected) => {
    expect(toHex(encode().bytes)).toBe(expected);
  });

  it('0x37 set: 02 ADDR 37 DH DL 03 SUM, ×10 ms', () => {
    const bytes = setUnlockTime(0, 550).bytes;
    expect(toHex(bytes)).toBe(toHex(Uint8Array.from([0x02, 0x00, 0x37, 0x00, 0x37, 0x03, sumCheck([0x02, 0x00, 0x37, 0x00, 0x37, 0x03])])));
    expect(() => setUnlockTime(0, 555)).toThrow(RangeError);
  });

  it('ADDR = board << 4 | (lock - 1)', () => {
    expect(kerongAddress(0, 3)).toBe(0x02);
    expect(kerongAddress(9, 16)).toBe(0x9f);
    expect(() => kerongAddress(10, 1)).toThrow(RangeError);
    expect(() => kerongAddress(0, 17)).toThrow(RangeError);
    expect(() => openLock(0, 0)).toThrow(RangeError);
    expect(() => setBaud(0, 38400)).toThrow(RangeError);
  });

  it('SUM = low byte of the sum of every byte before it', () => {
    expect(sumCheck([0x02, 0xf0, 0x32, 0x03])).toBe(0x27);
  });

  it('describes what the transport needs to know', () => {
    expect(openLock(0, 3)).toMatchObject({ expectsReply: false, replyCount: 0, firesLock: true });
    expect(readStatus(0)).toMatchObject({ expectsReply: true, replyCount: 1, replyLength: 9, firesLock: false, replyFrom: [0] });
    expect(readAllBoards([0, 1, 2])).toMatchObject({ board: 'bus', replyCount: 3, replyLength: 9, replyCommand: RCMD_STATUS_ALL });
    expect(openAll(0)).toMatchObject({ expectsReply: true, firesLock: true });
    expect(setBaud(0, 9600).settleAfterMs).toBeGreaterThan(500); // "wait more than 500 ms"
    expect(setUnlockTime(0, 550).settleAfterMs).toBeGreaterThan(500);
    expect(readStatus(0).settleAfterMs).toBe(0);
  });
});

describe('Kerong replies: byte-exact vectors from the spec', () => {
  it('0x30 → 02 00 35 01 00 01 00 03 3C: lock 1 locked, item in 1', () => {
    const reply = hex('02 00 35 01 00 01 00 03 3C');
    const decoded = decodeStatusReply(reply, readStatus(0), b0);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value[0]).toEqual({ board: 0, lock: 1, open: false, itemPresent: true });
    expect(decoded.value[1]).toEqual({ board: 0, lock: 2, open: true, itemPresent: false });
    expect(decoded.value).toHaveLength(16);
    // and back: lock 1 shut with an item, every other door open
    const readings = decoded.value.map(({ lock, open, itemPresent }) => ({ lock, open, itemPresent }));
    expect(toHex(encodeStatusReply(0, readings, b0))).toBe('02 00 35 01 00 01 00 03 3C');
  });

  it('0x33 → 02 00 35 0F 00 01 00 03 4A', () => {
    const decoded = decodeStatusReply(hex('02 00 35 0F 00 01 00 03 4A'), openAll(0), b0);
    expect(decoded.ok && decoded.value.filter((r) => !r.open).map((r) => r.lock)).toEqual([1, 2, 3, 4]);
  });

  it('0x37 → 02 00 38 0F 00 00 37 03 83 (550 ms)', () => {
    expect(decodeUnlockTimeReply(hex('02 00 38 0F 00 00 37 03 83'), readUnlockTime(0))).toEqual({
      ok: true,
      value: { board: 0, unlockTimeMs: 550, data: [0x0f, 0x00, 0x00, 0x37] },
    });
    expect(toHex(encodeUnlockTimeReply(0, 550, [0x0f, 0x00]))).toBe('02 00 38 0F 00 00 37 03 83');
  });

  it('0x40 → 02 00 40 01 00 00 01 03 47', () => {
    expect(toHex(encodeBaudReply(0, 1))).toBe('02 00 40 01 00 00 01 03 47');
    expect(decodeBaudReply(hex('02 00 40 01 00 00 01 03 47'), setBaud(0, 19200))).toEqual({ ok: true, value: { board: 0, baudRate: 19200 } });
  });

  it('polarity is a setting ("may be reversed with NO/NC switches")', () => {
    const reversed = board(0, 16, 'opening');
    const decoded = decodeStatusReply(hex('02 00 35 01 00 01 00 03 3C'), readStatus(0), reversed);
    expect(decoded.ok && decoded.value[0]).toEqual({ board: 0, lock: 1, open: true, itemPresent: true });
  });

  it('only channels 1..settings.channels are reported', () => {
    const decoded = decodeStatusReply(hex('02 00 35 01 00 01 00 03 3C'), readStatus(0), board(0, 4));
    expect(decoded.ok && decoded.value.map((r) => r.lock)).toEqual([1, 2, 3, 4]);
  });

  it('0x32: each board answers RCMD 0x36 with its own address', () => {
    const boards = [board(0), board(3)];
    const req = readAllBoards([0, 3]);
    const r3 = encodeStatusReply(3, [{ lock: 2, open: false }], boards[1]!, RCMD_STATUS_ALL);
    expect(toHex(r3.subarray(0, 3))).toBe('02 30 36');
    const decoded = decodeStatusReply(r3, req, boards);
    expect(decoded.ok && decoded.value[0]).toMatchObject({ board: 3, lock: 1 });
  });
});

describe('Kerong decoders: every rejection reason', () => {
  it.each([
    ['wrong-length', hex('02 00 35 01 00 01 00 03')],
    ['wrong-header', hex('03 00 35 01 00 01 00 03 3D')],
    ['bad-check', hex('02 00 35 01 00 01 00 03 3D')],
    ['wrong-marker', hex('02 00 35 01 00 01 00 04 3D')],
    ['wrong-board', hex('02 10 35 01 00 01 00 03 4C')],
    ['wrong-command', hex('02 00 36 01 00 01 00 03 3D')],
  ])('%s', (reason, bytes) => {
    expect(decodeStatusReply(bytes, readStatus(0), b0)).toMatchObject({ ok: false, reason });
  });

  it('no-reply-expected for an open', () => {
    expect(validateReply(hex('02 00 35 01 00 01 00 03 3C'), openLock(0, 1))).toMatchObject({ ok: false, reason: 'no-reply-expected' });
    expect(matchReply(openLock(0, 1), hex('02 00 35 01 00 01 00 03 3C'))).toMatchObject({ kind: 'invalid', reason: 'no-reply-expected' });
  });

  it('a board not in the settings is wrong-board', () => {
    const req = readAllBoards([0, 5]);
    expect(decodeStatusReply(encodeStatusReply(5, [], board(5), RCMD_STATUS_ALL), req, [b0])).toMatchObject({ ok: false, reason: 'wrong-board' });
  });
});

describe('Kerong matchReply', () => {
  it('skips junk, waits for bursts, completes on the 9th byte', () => {
    const wire = hex('FA FD 99 99 02 00 35 01 00 01 00 03 3C');
    for (let n = 0; n < wire.length; n++) expect(matchReply(readStatus(0), wire.subarray(0, n)).kind).toBe('need-more');
    const m = matchReply(readStatus(0), wire);
    expect(m).toMatchObject({ kind: 'frame', consumed: 13, skipped: 4 });
  });

  it('a junk STX does not hide the real frame', () => {
    expect(matchReply(readStatus(0), hex('02 FF 02 00 35 01 00 01 00 03 3C'))).toMatchObject({ kind: 'frame', skipped: 2 });
  });

  it('bus-wide read: one frame per call, the rest stays for the next', () => {
    const boards = [board(0), board(1)];
    const req = readAllBoards([0, 1]);
    const wire = Uint8Array.from([
      ...encodeStatusReply(0, [], boards[0]!, RCMD_STATUS_ALL),
      ...encodeStatusReply(1, [{ lock: 1, open: true }], boards[1]!, RCMD_STATUS_ALL),
    ]);
    const first = matchReply(req, wire);
    expect(first).toMatchObject({ kind: 'frame', consumed: 9 });
    const second = matchReply(req, wire.subarray(9));
    expect(second).toMatchObject({ kind: 'frame', consumed: 9 });
    if (second.kind !== 'frame') return;
    const decoded = decodeStatusReply(second.frame, req, boards);
    expect(decoded.ok && decoded.value[0]).toEqual({ board: 1, lock: 1, open: true, itemPresent: false });
  });

  it('reports a damaged reply once complete', () => {
    expect(matchReply(readStatus(0), hex('02 00 35 01 00 01 00 03 3D'))).toMatchObject({ kind: 'invalid', reason: 'bad-check' });
    expect(matchReply(readStatus(0), new Uint8Array(65).fill(0x99))).toMatchObject({ kind: 'invalid', reason: 'no-header' });
  });
});

describe('Kerong requests as the boards see them', () => {
  it.each([
    ['02 00 30 03 35', { kind: 'status', board: 0 }],
    ['02 02 31 03 38', { kind: 'open', board: 0, lock: 3 }],
    ['02 10 31 03 46', { kind: 'open', board: 1, lock: 1 }],
    ['02 F0 32 03 27', { kind: 'status-all', address: 0xf0 }],
    ['02 00 33 03 38', { kind: 'open-all', board: 0 }],
    ['02 00 37 03 3C', { kind: 'unlock-time-read', board: 0 }],
    ['02 00 40 01 03 46', { kind: 'baud-set', board: 0, code: 1 }],
  ])('%s', (bytes, request) => {
    expect(matchRequest(hex(bytes))).toMatchObject({ kind: 'request', request, consumed: hex(bytes).length });
  });

  it('0x37 with data is a set', () => {
    const set = setUnlockTime(2, 1000).bytes;
    expect(matchRequest(set)).toMatchObject({ kind: 'request', request: { kind: 'unlock-time-set', board: 2, unlockTimeMs: 1000 } });
  });

  it('bad check is rejected consuming only STX', () => {
    expect(matchRequest(hex('02 00 30 03 36'))).toMatchObject({ kind: 'rejected', reason: 'bad-check', consumed: 1 });
    expect(matchRequest(hex('99 02 00'))).toEqual({ kind: 'need-more', skipped: 1 });
  });

  it('descriptions', () => {
    expect(describeKerong(hex('02 02 31 03 38'))).toBe('open board 0 lock 3');
    expect(describeKerong(hex('02 00 35 01 00 01 00 03 3C'), 'board')).toBe('status reply board 0: locks 01 00, items 01 00');
    expect(describeKerong(hex('02 00 38 0F 00 00 37 03 83'), 'board')).toBe('unlock time reply board 0: 550 ms');
  });
});

describe('Kerong codec', () => {
  const codec = createKerongCodec([b0, board(1, 8)]);
  it('opens without a reply; the driver polls', () => {
    expect(codec).toMatchObject({ name: 'kerong-cu16', defaultBaudRate: 19200, openReplies: false });
    const open = codec.encodeOpen(1, 1);
    expect(toHex(open.bytes)).toBe('02 10 31 03 46');
    expect(codec.decodeOpenReply(open, undefined)).toEqual({ ok: true, value: { board: 1, lock: 1 } });
    expect(() => codec.encodeOpen(1, 9)).toThrow(/no lock 9/);
    expect(() => codec.encodeReadBoard(7)).toThrow(/not configured/);
    expect(codec.encodeReadAllBoards?.()).toMatchObject({ replyCount: 2, replyFrom: [0, 1] });
    const read = codec.encodeReadBoard(1);
    const doors = codec.decodeDoors(read, encodeStatusReply(1, [{ lock: 8, open: true, itemPresent: true }], board(1, 8)));
    expect(doors.ok && doors.value.filter((d) => d.open)).toEqual([{ board: 1, lock: 8, open: true, itemPresent: true }]);
    const all = codec.encodeOpenAll(0);
    expect(codec.decodeOpenReply(all, hex('02 00 35 0F 00 01 00 03 4A'))).toEqual({ ok: true, value: { board: 0, lock: 0 } });
  });
});

describe('Kerong properties', () => {
  const stateArb = fc
    .record({ address: fc.integer({ min: 0, max: 9 }), channels: fc.integer({ min: 1, max: 16 }), polarity: fc.constantFrom('closing' as const, 'opening' as const) })
    .chain((s) =>
      fc.record({
        settings: fc.constant<BoardSettings>({ ...s, statusByteOrder: 'last-byte-first-channels' }),
        doors: fc.array(fc.record({ open: fc.boolean(), itemPresent: fc.boolean() }), { minLength: s.channels, maxLength: s.channels }),
      }),
    );
  const junkArb = fc.uint8Array({ maxLength: 8 }).map((j) => j.filter((b) => b !== STX));

  it('status round trip: readings → reply (junk, bursts) → the same readings', () => {
    fc.assert(
      fc.property(stateArb, junkArb, fc.nat(), ({ settings, doors }, junk, cut) => {
        const b = settings.address;
        const readings = doors.map((d, i) => ({ board: b, lock: i + 1, open: d.open, itemPresent: d.itemPresent }));
        const wire = Uint8Array.from([...junk, ...encodeStatusReply(b, readings, settings)]);
        const req = readStatus(b);
        const at = cut % wire.length;
        expect(matchReply(req, wire.subarray(0, at)).kind).toBe('need-more');
        const m = matchReply(req, wire);
        expect(m).toMatchObject({ kind: 'frame', skipped: junk.length });
        if (m.kind !== 'frame') return;
        expect(decodeStatusReply(m.frame, req, settings)).toEqual({ ok: true, value: readings });
      }),
    );
  });

  // One changed byte changes the sum by a non-zero amount below 256, so the low byte of the sum no
  // longer equals the (unchanged) SUM byte; a changed SUM byte no longer equals the sum.
  it('no single corrupted byte of a valid reply decodes as a valid reply for the same request', () => {
    fc.assert(
      fc.property(stateArb, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ settings, doors }, position, mask) => {
        const b = settings.address;
        const reply = encodeStatusReply(b, doors.map((d, i) => ({ lock: i + 1, ...d })), settings);
        const corrupted = reply.slice();
        const i = position % corrupted.length;
        corrupted[i] = (corrupted[i] ?? 0) ^ mask;
        expect(validateReply(corrupted, readStatus(b)).ok).toBe(false);
        expect(matchReply(readStatus(b), corrupted).kind).not.toBe('frame');
      }),
      { numRuns: 1000 },
    );
  });

  it('every request parses back on the board side', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 6553 }), (b, lock, time) => {
        expect(matchRequest(openLock(b, lock).bytes)).toMatchObject({ kind: 'request', request: { kind: 'open', board: b, lock } });
        expect(matchRequest(readStatus(b).bytes)).toMatchObject({ kind: 'request', request: { kind: 'status', board: b } });
        const set = matchRequest(setUnlockTime(b, time * 10).bytes);
        // a 7-byte set whose first 5 bytes also form a valid read is read as the read (documented)
        if (set.kind === 'request' && set.request.kind === 'unlock-time-set') expect(set.request.unlockTimeMs).toBe(time * 10);
      }),
    );
  });
});
