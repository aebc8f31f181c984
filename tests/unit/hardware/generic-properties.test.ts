// Property tests for the generic protocol: round trips, chunking, and what one corrupted byte can do.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoardSettings } from '../../../hardware/lock-bus';
import { fromHex, toHex } from '../../../hardware/protocols/bytes';
import {
  HEADER_OPEN,
  HEADER_READ,
  MAX_STATUS_BYTES,
  decodeOpenReply,
  decodeReadAllReply,
  decodeReadOneReply,
  encodeOpenReply,
  encodeReadAllReply,
  encodeReadOneReply,
  matchReply,
  matchRequest,
  openAll,
  openLock,
  readAll,
  readLock,
  statusBytesFor,
  validateReply,
  xorCheck,
  type GenericRequest,
} from '../../../hardware/protocols/generic';

const settingsArb: fc.Arbitrary<BoardSettings> = fc
  .record({
    address: fc.integer({ min: 1, max: 32 }),
    channels: fc.integer({ min: 1, max: MAX_STATUS_BYTES * 8 }),
    extraStatusBytes: fc.integer({ min: 0, max: 3 }),
    explicitCount: fc.boolean(),
    statusByteOrder: fc.constantFrom('last-byte-first-channels' as const, 'first-byte-first-channels' as const),
    polarity: fc.constantFrom('closing' as const, 'opening' as const),
  })
  .map(({ extraStatusBytes, explicitCount, ...s }) => {
    const minimum = Math.ceil(s.channels / 8);
    return explicitCount ? { ...s, statusBytes: Math.min(MAX_STATUS_BYTES, minimum + extraStatusBytes) } : s;
  });

/** A board and the open/shut state of each of its doors. */
const boardStateArb = settingsArb.chain((settings) =>
  fc.array(fc.boolean(), { minLength: settings.channels, maxLength: settings.channels }).map((open) => ({ settings, open })),
);

/** Junk the way boards send it: never containing the reply headers (FA FD 99 99 style). */
const junkArb = fc.uint8Array({ maxLength: 8 }).map((bytes) => bytes.filter((b) => b !== HEADER_OPEN && b !== HEADER_READ));

/** Any set of cut points: the reply delivered in bursts. */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

/** Feeds bursts to matchReply the way a transport does, until it decides. */
function frameBursts(req: GenericRequest, settings: BoardSettings, bursts: Uint8Array[]) {
  let buffer = new Uint8Array(0);
  for (const burst of bursts) {
    const merged = new Uint8Array(buffer.length + burst.length);
    merged.set(buffer);
    merged.set(burst, buffer.length);
    buffer = merged;
    const m = matchReply(req, settings, buffer);
    if (m.kind !== 'need-more') return m;
  }
  return matchReply(req, settings, buffer);
}

describe('generic protocol properties', () => {
  it('every frame XORs to zero, check byte included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 255 }), (board, lock) => {
        for (const req of [openLock(board, lock), readLock(board, lock), openAll(board), readAll(board, 3)]) {
          expect(xorCheck(req.bytes)).toBe(0);
        }
      }),
    );
  });

  it('read-all round trip: readings → reply bytes (junk, any bursts) → the same readings', () => {
    fc.assert(
      fc.property(boardStateArb, junkArb, fc.array(fc.nat(), { maxLength: 6 }), ({ settings, open }, junk, cuts) => {
        const board = settings.address;
        const readings = open.map((o, i) => ({ board, lock: i + 1, open: o }));
        const reply = encodeReadAllReply(board, readings, settings);
        expect(reply.length).toBe(4 + statusBytesFor(settings));
        const req = readAll(board, statusBytesFor(settings));
        const wire = Uint8Array.from([...junk, ...reply]);
        const m = frameBursts(req, settings, chunks(wire, cuts));
        expect(m).toMatchObject({ kind: 'frame', consumed: wire.length, skipped: junk.length });
        if (m.kind !== 'frame') return;
        expect(decodeReadAllReply(m.frame, req, settings)).toEqual({ ok: true, value: readings });
      }),
    );
  });

  it('read-one and open round trips', () => {
    fc.assert(
      fc.property(settingsArb, fc.integer({ min: 1, max: 255 }), fc.boolean(), (settings, lock, open) => {
        const board = settings.address;
        const read = readLock(board, lock);
        expect(decodeReadOneReply(encodeReadOneReply(board, lock, open, settings), read, settings)).toEqual({
          ok: true,
          value: { board, lock, open },
        });
        const o = openLock(board, lock);
        expect(decodeOpenReply(encodeOpenReply(board, lock, open, settings), o, settings)).toEqual({
          ok: true,
          value: { board, lock, reading: { board, lock, open } },
        });
      }),
    );
  });

  it('a reply is complete exactly when its last byte is in: every shorter prefix needs more', () => {
    fc.assert(
      fc.property(boardStateArb, junkArb, ({ settings, open }, junk) => {
        const board = settings.address;
        const reply = encodeReadAllReply(board, open.map((o, i) => ({ lock: i + 1, open: o })), settings);
        const wire = Uint8Array.from([...junk, ...reply]);
        const req = readAll(board, statusBytesFor(settings));
        for (let n = 0; n < wire.length; n++) expect(matchReply(req, settings, wire.subarray(0, n)).kind).toBe('need-more');
        expect(matchReply(req, settings, wire).kind).toBe('frame');
      }),
    );
  });

  // One changed byte always breaks the XOR: the check byte is the XOR of the bytes before it,
  // so changing one of those changes their XOR and no longer equals the (unchanged) check byte,
  // and changing the check byte itself makes it differ from the (unchanged) XOR. Hence no single
  // corrupted byte of a valid reply can decode as a valid reply — the same one or another one.
  it('no single corrupted byte of a valid reply decodes as a valid reply for the same request', () => {
    const casesArb = boardStateArb.chain(({ settings, open }) =>
      fc.record({
        settings: fc.constant(settings),
        open: fc.constant(open),
        lock: fc.integer({ min: 1, max: settings.channels }),
        kind: fc.constantFrom('open' as const, 'read-one' as const, 'read-all' as const),
        position: fc.nat(),
        mask: fc.integer({ min: 1, max: 255 }),
      }),
    );
    fc.assert(
      fc.property(casesArb, ({ settings, open, lock, kind, position, mask }) => {
        const board = settings.address;
        const doorOpen = open[lock - 1] ?? false;
        const [req, reply] =
          kind === 'open'
            ? [openLock(board, lock), encodeOpenReply(board, lock, doorOpen, settings)]
            : kind === 'read-one'
              ? [readLock(board, lock), encodeReadOneReply(board, lock, doorOpen, settings)]
              : [readAll(board, statusBytesFor(settings)), encodeReadAllReply(board, open.map((o, i) => ({ lock: i + 1, open: o })), settings)];
        expect(validateReply(reply, req, settings).ok).toBe(true);
        const corrupted = reply.slice();
        const i = position % corrupted.length;
        corrupted[i] = (corrupted[i] ?? 0) ^ mask;
        expect(validateReply(corrupted, req, settings).ok).toBe(false);
        // and the framing never makes a frame of it (the transport waits, then reports)
        expect(matchReply(req, settings, corrupted).kind).not.toBe('frame');
      }),
      { numRuns: 2000 },
    );
  });

  it('unknown length is weaker: a shorter valid frame can hide inside a longer one', () => {
    // 80 01 81 80 01 00 33 B2 is a valid 4-status-byte reply AND ends with 80 01 00 33 B2, a valid
    // 1-status-byte reply. Corrupt the first header and quiet-time framing offers the inner one —
    // a different valid reply. With the length known from settings this cannot happen.
    const settings: BoardSettings = { address: 1, channels: 8, statusByteOrder: 'last-byte-first-channels', polarity: 'closing' };
    const reply = fromHex('80 01 81 80 01 00 33 B2');
    const unknown = readAll(1, 'unknown');
    expect(validateReply(reply, unknown, settings).ok).toBe(true);
    const corrupted = reply.slice();
    corrupted[0] = 0x00;
    const m = matchReply(unknown, settings, corrupted);
    expect(m.kind === 'need-more' && m.provisional && toHex(m.provisional.frame)).toBe('80 01 00 33 B2');
    // known length: the same corruption is never a frame
    expect(matchReply(readAll(1, 4), settings, corrupted).kind).not.toBe('frame');
    // and a misframed reply (4 status bytes where 1 is configured) does not yield the inner frame
    expect(matchReply(readAll(1, 1), settings, reply)).toMatchObject({ kind: 'invalid', reason: 'wrong-length' });
  });

  it('every request parses back on the board side, whatever junk comes before it', () => {
    const reqArb = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 255 })).map(([b, l]) => openLock(b, l)),
      fc.tuple(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 255 })).map(([b, l]) => readLock(b, l)),
      fc.integer({ min: 1, max: 32 }).map((b) => openAll(b)),
      fc.integer({ min: 1, max: 32 }).map((b) => readAll(b, 3)),
    );
    const boardJunk = fc.uint8Array({ maxLength: 6 }).map((j) => j.filter((b) => ![0x8a, 0x80, 0x90, 0x9a, 0x9b].includes(b)));
    fc.assert(
      fc.property(reqArb, boardJunk, (req, junk) => {
        const m = matchRequest(Uint8Array.from([...junk, ...req.bytes]));
        expect(m.kind).toBe('request');
        if (m.kind !== 'request') return;
        expect(m.request.kind).toBe(req.kind);
        expect(m.request.board).toBe(req.board);
        if ('lock' in m.request) expect(m.request.lock).toBe(req.lock);
        expect(toHex(m.frame)).toBe(toHex(req.bytes));
      }),
    );
  });
});
