// The simulated boards: byte-for-byte replies, timing, silence, fault knobs, the BytePort view.
import { describe, expect, it } from 'vitest';
import type { BoardSettings } from '../../../hardware/lock-bus';
import { fromHex, toHex } from '../../../hardware/protocols/bytes';
import type { ProtocolCodec, ProtocolRequest } from '../../../hardware/protocols/codec';
import * as generic from '../../../hardware/protocols/generic';
import * as kerong from '../../../hardware/protocols/kerong-cu16';
import { createManualScheduler, type ManualScheduler } from '../../../hardware/simulator/scheduler';
import { createSimulatorPort } from '../../../hardware/simulator/simulator-port';
import { createVirtualBus, splitInto, type DoorChange, type VirtualBusOptions } from '../../../hardware/simulator/virtual-bus';

const hex = fromHex;

function board(address: number, channels: number, extra: Partial<BoardSettings> = {}): BoardSettings {
  return { address, channels, statusByteOrder: 'last-byte-first-channels', polarity: 'closing', ...extra };
}

/** A bus on a manual clock, with everything it transmits collected. */
function setup(options: Partial<VirtualBusOptions> & Pick<VirtualBusOptions, 'protocol' | 'boards'>) {
  const clock = createManualScheduler();
  let seed = 0.37;
  const random = () => (seed = (seed * 9301 + 0.49297) % 1); // deterministic
  const bus = createVirtualBus({ scheduler: clock, random, ...options });
  const chunks: Array<{ at: number; bytes: string }> = [];
  bus.onTransmit((c) => chunks.push({ at: clock.now(), bytes: toHex(c) }));
  const changes: DoorChange[] = [];
  bus.onDoorChange((c) => changes.push(c));
  const sent = () => toHex(hex(chunks.map((c) => c.bytes).join(' ')));
  return { clock, bus, chunks, changes, sent };
}

/** One transaction through a SimulatorPort with a codec: what the transport will do. */
async function transact<R extends ProtocolRequest>(codec: ProtocolCodec<R>, clock: ManualScheduler, port: ReturnType<typeof createSimulatorPort>, req: R, waitMs: number) {
  let buffer = new Uint8Array(0);
  const off = port.onData((c) => {
    const merged = new Uint8Array(buffer.length + c.length);
    merged.set(buffer);
    merged.set(c, buffer.length);
    buffer = merged;
  });
  await port.write(req.bytes);
  let match = codec.matchReply(req, buffer);
  for (let t = 0; t < waitMs && match.kind === 'need-more'; t++) {
    clock.advance(1);
    match = codec.matchReply(req, buffer);
  }
  off();
  return match;
}

const b1 = board(1, 24);

describe('virtual generic boards', () => {
  it('an open fires the lock, the door springs open, the reply comes 500 ms later', () => {
    const { clock, bus, changes, sent } = setup({ protocol: 'generic', boards: [b1] });
    const fired: number[] = [];
    bus.onLockFired((f) => fired.push(f.lock));
    bus.receive(hex('8A 01 01 11 9B'));
    expect(fired).toEqual([1]);
    expect(changes).toEqual([{ board: 1, lock: 1, open: true, cause: 'command', at: 0 }]);
    expect(bus.door(1, 1).open).toBe(true);
    clock.advance(499);
    expect(sent()).toBe('');
    clock.advance(1);
    expect(sent()).toBe('8A 01 01 00 8A'); // reads open (closing feedback: 00)
    expect(bus.openReplyDelayMs).toBe(500);
    const rx = bus.log().find((e) => e.kind === 'rx');
    expect(rx).toMatchObject({ at: 0, hex: '8A 01 01 11 9B', meaning: 'open board 1 lock 1' });
  });

  it('open reply delay is configurable', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1], openReplyDelayMs: 20 });
    bus.receive(hex('8A 01 01 11 9B'));
    clock.advance(20);
    expect(sent()).toBe('8A 01 01 00 8A');
  });

  it('reads one lock and all locks byte for byte', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1] });
    bus.forceOpen(1, 2);
    bus.receive(hex('80 01 02 33 B0'));
    clock.advance(5);
    expect(sent()).toBe('80 01 02 00 83');
    bus.receive(hex('80 01 00 33 B2'));
    clock.advance(5);
    // closing feedback: every shut door's bit is set, door 2's is clear
    expect(sent()).toBe(`80 01 02 00 83 ${toHex(generic.encodeReadAllReply(1, [{ lock: 2, open: true }], b1))}`);
  });

  it('accepts requests in any chunking, junk included', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1] });
    for (const byte of hex('00 FF 80 01 01 33 B3')) bus.receive(Uint8Array.of(byte));
    clock.advance(5);
    expect(sent()).toBe('80 01 01 11 91');
  });

  it('is silent on a bad check byte and on another board address', () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'generic', boards: [b1] });
    bus.receive(hex('8A 01 01 11 9C'));
    bus.receive(hex('8A 02 01 11 98'));
    clock.advance(2000);
    expect(sent()).toBe('');
    expect(changes).toEqual([]);
    expect(bus.log().map((e) => e.kind)).toEqual(['ignored', 'rx']);
    expect(bus.log()[1]?.meaning).toMatch(/no board 2 online: silent/);
  });

  it('a truncated request does not swallow the next one', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1] });
    bus.receive(hex('8A 01'));
    bus.receive(hex('80 01 01 33 B3'));
    clock.advance(5);
    expect(sent()).toBe('80 01 01 11 91');
  });

  it('open all: one lock after another, then 8A BB 00 11 X', () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'generic', boards: [board(1, 4)], openAllStepMs: 100 });
    bus.receive(hex('8A 01 00 11 9A'));
    clock.advance(350);
    expect(changes.map((c) => [c.lock, c.at])).toEqual([[1, 0], [2, 100], [3, 200], [4, 300]]);
    expect(sent()).toBe('');
    clock.advance(500);
    expect(sent()).toBe('8A 01 00 11 9A');
  });

  it('bitmap opens S1 = channels 1–8 and answers nothing', () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'generic', boards: [b1] });
    bus.receive(hex('90 01 02 02 02 93'));
    clock.advance(2000);
    expect(changes.map((c) => c.lock)).toEqual([2, 10, 18]);
    expect(sent()).toBe('');
  });

  it('hands: close a door, force one open', () => {
    const { bus, changes } = setup({ protocol: 'generic', boards: [b1] });
    bus.forceOpen(1, 3);
    bus.closeDoor(1, 3);
    bus.closeDoor(1, 3); // already shut: no event
    expect(changes.map((c) => [c.lock, c.open, c.cause])).toEqual([[3, true, 'forced'], [3, false, 'hand']]);
  });

  it('fault: offline board answers nothing and fires nothing', () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'generic', boards: [b1] });
    bus.setOffline(1, true);
    bus.receive(hex('8A 01 01 11 9B'));
    clock.advance(2000);
    expect(sent()).toBe('');
    expect(changes).toEqual([]);
    bus.setOffline(1, false);
    bus.receive(hex('80 01 01 33 B3'));
    clock.advance(5);
    expect(sent()).toBe('80 01 01 11 91');
  });

  it('fault: jammed door — the lock fires, the door stays shut, the reply says so', () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'generic', boards: [b1] });
    const fired: number[] = [];
    bus.onLockFired((f) => fired.push(f.lock));
    bus.setJammed(1, 1, true);
    bus.receive(hex('8A 01 01 11 9B'));
    clock.advance(500);
    expect(fired).toEqual([1]);
    expect(changes).toEqual([]);
    expect(sent()).toBe('8A 01 01 11 9B'); // reads shut
  });

  it('fault: a sensor stuck open reads open forever, and an open still fires the lock', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1] });
    const fired: number[] = [];
    bus.onLockFired((f) => fired.push(f.lock));
    bus.setSensorStuckOpen(1, 1, true);
    bus.receive(hex('80 01 01 33 B3'));
    clock.advance(5);
    expect(sent()).toBe('80 01 01 00 80');
    bus.receive(hex('8A 01 01 11 9B'));
    expect(fired).toEqual([1]);
    expect(bus.door(1, 1).open).toBe(true);
    bus.closeDoor(1, 1);
    expect(bus.sensorOpen(1, 1)).toBe(true);
  });

  it('fault: junk before replies, and the codec still finds the reply', async () => {
    const { clock, bus } = setup({ protocol: 'generic', boards: [b1] });
    bus.setJunkBeforeReplies(hex('FA FD 99 99'));
    const codec = generic.createGenericCodec([b1]);
    const port = createSimulatorPort(bus);
    const m = await transact(codec, clock, port, codec.encodeReadBoard(1), 100);
    expect(m).toMatchObject({ kind: 'frame', skipped: 4 });
    expect(bus.log().find((e) => e.kind === 'tx')?.hex).toMatch(/^FA FD 99 99 80 01/);
  });

  it('fault: replies split into bursts with gaps', () => {
    const { clock, bus, chunks } = setup({ protocol: 'generic', boards: [b1] });
    bus.setSplitReplies({ parts: 3, gapMs: 4 });
    bus.receive(hex('80 01 00 33 B2'));
    clock.advance(50);
    expect(chunks.map((c) => c.at)).toEqual([2, 6, 10]);
    expect(toHex(hex(chunks.map((c) => c.bytes).join(' ')))).toBe(toHex(generic.encodeReadAllReply(1, [], b1)));
  });

  it('fault: a corrupted reply is rejected by the codec', async () => {
    const { clock, bus } = setup({ protocol: 'generic', boards: [b1] });
    bus.corruptNextReplies(1);
    const codec = generic.createGenericCodec([b1]);
    const port = createSimulatorPort(bus);
    const m = await transact(codec, clock, port, codec.encodeOpen(1, 1), 1000);
    expect(m.kind).not.toBe('frame');
    expect(bus.log().find((e) => e.kind === 'tx')?.meaning).toMatch(/corrupted byte/);
    // the next reply is clean again
    const m2 = await transact(codec, clock, port, codec.encodeReadBoard(1), 100);
    expect(m2.kind).toBe('frame');
  });

  it('fault: open replies swallowed, cut short or readdressed, opens only; the polls between pass untouched', () => {
    const { clock, bus, sent, chunks } = setup({ protocol: 'generic', boards: [b1, board(2, 24)], openReplyDelayMs: 100, replyDelayMs: 0 });
    const openReply = toHex(generic.encodeOpenReply(1, 3, true, b1));
    const pollReply = toHex(generic.encodeReadAllReply(1, [{ lock: 3, open: true }], b1));
    const run = (request: string, ms: number): string => {
      chunks.length = 0;
      bus.receive(hex(request));
      clock.advance(ms);
      return sent();
    };
    bus.faultNextReplies('swallow', 1, true);
    expect(run(toHex(generic.createGenericCodec([b1]).encodeOpen(1, 3).bytes), 200)).toBe('');
    expect(bus.door(1, 3).open).toBe(true); // the lock fired all the same
    bus.faultNextReplies('partial', 1, true);
    expect(run('80 01 00 33 B2', 10)).toBe(pollReply); // a poll: not counted
    expect(run('8A 01 03 11 99', 200)).toBe(openReply.slice(0, 2 * 3 - 1)); // 2 of 5 bytes
    bus.faultNextReplies('wrong-address', 1, true);
    const readdressed = run('8A 01 03 11 99', 200);
    // Board 2's address and a check byte that fits it: only the address gives it away.
    expect(readdressed).toBe(toHex(generic.encodeOpenReply(2, 3, true, b1)));
    expect(run('8A 01 03 11 99', 200)).toBe(openReply); // one each, then clean
    expect(bus.status().faults.replyFaults).toEqual({});
  });

  it('the open reply delay can be changed while running', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1], openReplyDelayMs: 500 });
    bus.setOpenReplyDelay(100);
    expect(bus.openReplyDelayMs).toBe(100);
    bus.receive(hex('8A 01 03 11 99'));
    clock.advance(101);
    expect(sent()).toBe(toHex(generic.encodeOpenReply(1, 3, true, b1)));
    expect(() => bus.setOpenReplyDelay(-1)).toThrow(RangeError);
  });

  it('pacing: bytes at the baud rate, both ways (5 + 7 bytes at 9600 ≥ 12.5 ms)', () => {
    const { clock, bus, chunks } = setup({ protocol: 'generic', boards: [board(1, 24)], pace: true, replyDelayMs: 0 });
    expect(bus.byteTimeMs).toBeCloseTo(1.0417, 3);
    bus.receive(hex('80 01 00 33 B2'));
    clock.advance(100);
    expect(chunks).toHaveLength(7);
    expect(chunks.every((c) => c.bytes.length === 2)).toBe(true);
    const last = chunks[chunks.length - 1]!;
    expect(last.at).toBeCloseTo(12 * bus.byteTimeMs, 6);
  });

  it('unsolicited 82 notices when the firmware sends them', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1], notifyChanges: true });
    bus.forceOpen(1, 5);
    clock.advance(1);
    expect(sent()).toBe('82 01 05 00 86');
  });

  it('the read-all reply follows the board settings (3 status bytes on an 8-channel board, byte order, polarity)', () => {
    const odd = board(1, 8, { statusBytes: 3, statusByteOrder: 'first-byte-first-channels', polarity: 'opening' });
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [odd] });
    bus.forceOpen(1, 2);
    bus.receive(hex('80 01 00 33 B2'));
    clock.advance(5);
    expect(sent()).toBe('80 01 02 00 00 33 B0');
  });

  it('status reports doors and faults', () => {
    const { bus } = setup({ protocol: 'generic', boards: [board(1, 2)] });
    bus.setJammed(1, 2, true);
    bus.setJunkBeforeReplies(hex('FA FD'));
    const s = bus.status();
    expect(s.faults.junkBeforeReplies).toBe('FA FD');
    expect(s.boards[0]?.doors[1]).toMatchObject({ lock: 2, open: false, jammed: true, sensorOpen: false });
  });

  it('dispose drops replies in flight', () => {
    const { clock, bus, sent } = setup({ protocol: 'generic', boards: [b1] });
    bus.receive(hex('8A 01 01 11 9B'));
    bus.dispose();
    clock.advance(1000);
    expect(sent()).toBe('');
    expect(clock.pendingCount()).toBe(0);
  });

  it('rejects bad configuration and unknown doors', () => {
    expect(() => createVirtualBus({ protocol: 'generic', boards: [b1, b1] })).toThrow(/twice/);
    const { bus } = setup({ protocol: 'generic', boards: [b1] });
    expect(() => bus.closeDoor(1, 25)).toThrow(RangeError);
    expect(() => bus.closeDoor(2, 1)).toThrow(RangeError);
    expect(() => bus.setSplitReplies({ parts: 0, gapMs: 1 })).toThrow(RangeError);
  });
});

describe('virtual Kerong boards', () => {
  const k0 = board(0, 16);
  const k1 = board(1, 8);

  it('0x30 → 0x35 with lock and infrared bits', () => {
    const { clock, bus, sent } = setup({ protocol: 'kerong-cu16', boards: [k0] });
    for (let lock = 2; lock <= 16; lock++) bus.forceOpen(0, lock);
    bus.setItemPresent(0, 1, true);
    bus.receive(hex('02 00 30 03 35'));
    clock.advance(5);
    expect(sent()).toBe('02 00 35 01 00 01 00 03 3C'); // the spec's example, byte for byte
  });

  it('0x31 opens without a reply; polling 0x30 shows the door open', async () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'kerong-cu16', boards: [k0, k1] });
    bus.receive(hex('02 10 31 03 46'));
    clock.advance(1000);
    expect(sent()).toBe('');
    expect(changes).toEqual([{ board: 1, lock: 1, open: true, cause: 'command', at: 0 }]);
    const codec = kerong.createKerongCodec([k0, k1]);
    const port = createSimulatorPort(bus);
    const req = codec.encodeReadBoard(1);
    const m = await transact(codec, clock, port, req, 100);
    expect(m.kind).toBe('frame');
    if (m.kind !== 'frame') return;
    const doors = codec.decodeDoors(req, m.frame);
    expect(doors.ok && doors.value[0]).toEqual({ board: 1, lock: 1, open: true, itemPresent: false });
  });

  it('0x32: every online board answers 0x36, staggered', async () => {
    const { clock, bus, chunks } = setup({ protocol: 'kerong-cu16', boards: [k0, k1], broadcastStaggerMs: 15 });
    bus.receive(hex('02 F0 32 03 27'));
    clock.advance(100);
    expect(chunks.map((c) => [c.at, c.bytes.slice(0, 8)])).toEqual([[2, '02 00 36'], [17, '02 10 36']]);
    const codec = kerong.createKerongCodec([k0, k1]);
    const req = codec.encodeReadAllBoards!();
    const wire = hex(chunks.map((c) => c.bytes).join(' '));
    const first = codec.matchReply(req, wire);
    expect(first).toMatchObject({ kind: 'frame', consumed: 9 });
    expect(codec.matchReply(req, wire.subarray(9))).toMatchObject({ kind: 'frame', consumed: 9 });
  });

  it('0x33 opens all, then answers 0x35', () => {
    const { clock, bus, sent, changes } = setup({ protocol: 'kerong-cu16', boards: [board(0, 4)], openAllStepMs: 50 });
    bus.receive(hex('02 00 33 03 38'));
    clock.advance(1000);
    expect(changes.map((c) => c.lock)).toEqual([1, 2, 3, 4]);
    expect(sent()).toBe(toHex(kerong.encodeStatusReply(0, [1, 2, 3, 4].map((lock) => ({ lock, open: true })), board(0, 4))));
  });

  it('0x37 read and set, 0x40 baud', () => {
    const { clock, bus, chunks } = setup({ protocol: 'kerong-cu16', boards: [k0] });
    bus.receive(hex('02 00 37 03 3C'));
    clock.advance(5);
    const read = kerong.decodeUnlockTimeReply(hex(chunks[0]!.bytes), kerong.readUnlockTime(0));
    expect(read.ok && read.value.unlockTimeMs).toBe(550);
    bus.receive(kerong.setUnlockTime(0, 1200).bytes);
    clock.advance(5);
    const set = kerong.decodeUnlockTimeReply(hex(chunks[1]!.bytes), kerong.setUnlockTime(0, 1200));
    expect(set.ok && set.value.unlockTimeMs).toBe(1200);
    bus.receive(hex('02 00 40 01 03 46'));
    clock.advance(5);
    expect(chunks[2]?.bytes).toBe('02 00 40 01 00 00 01 03 47');
  });

  it('silent on bad SUM, unknown board, offline board', () => {
    const { clock, bus, sent } = setup({ protocol: 'kerong-cu16', boards: [k0, k1] });
    bus.setOffline(1, true);
    bus.receive(hex('02 00 30 03 36'));
    bus.receive(kerong.readStatus(5).bytes);
    bus.receive(kerong.readStatus(1).bytes);
    bus.receive(hex('02 F0 32 03 27')); // only board 0 answers
    clock.advance(100);
    expect(sent()).toBe(toHex(kerong.encodeStatusReply(0, [], k0, kerong.RCMD_STATUS_ALL)));
  });
});

describe('simulator port', () => {
  it('is a BytePort: write, data, unplug, closed', async () => {
    const { clock, bus } = setup({ protocol: 'generic', boards: [b1] });
    const port = createSimulatorPort(bus);
    const got: string[] = [];
    port.onData((c) => got.push(toHex(c)));
    const closes: Array<Error | undefined> = [];
    port.onClose((e) => closes.push(e));
    expect(port.isOpen).toBe(true);
    await port.write(hex('80 01 01 33 B3'));
    clock.advance(5);
    expect(got).toEqual(['80 01 01 11 91']);
    await port.flush();
    port.unplug();
    expect(port.isOpen).toBe(false);
    expect(closes[0]?.message).toMatch(/unplug/);
    await expect(port.write(hex('80 01 01 33 B3'))).rejects.toThrow(/nothing was sent/);
  });

  it('close stops data without an unexpected-close event', async () => {
    const { clock, bus } = setup({ protocol: 'generic', boards: [b1] });
    const port = createSimulatorPort(bus);
    const got: string[] = [];
    port.onData((c) => got.push(toHex(c)));
    let closed = false;
    port.onClose(() => (closed = true));
    await port.write(hex('8A 01 01 11 9B'));
    await port.close();
    clock.advance(1000);
    expect(got).toEqual([]);
    expect(closed).toBe(false);
  });
});

describe('splitInto', () => {
  it('never makes an empty burst', () => {
    expect(splitInto(hex('01 02 03'), 5).map((c) => toHex(c))).toEqual(['01', '02', '03']);
    expect(splitInto(hex('01 02 03 04 05'), 2).map((c) => toHex(c))).toEqual(['01 02 03', '04 05']);
  });
});
