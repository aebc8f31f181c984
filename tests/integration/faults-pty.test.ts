// Every fault knob of the simulator, driven through its stdin as a technician would, against the
// real stack: LockBus → bus transport → `serialport` → socat pty pair → scripts/simulator.ts (a
// separate process). The in-process twin (transport-simulator.test.ts) covers the same knobs on a
// fake clock; this file proves they hold over a real tty, in real time.
// Already over the pty elsewhere: port unplug/replug and pacing with an in-process simulator
// (transport-pty.test.ts); junk with raw frames, without the driver (simulator-pty.test.ts).

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLockBus } from '../../hardware/boards/lock-bus-driver';
import { BusError, type BoardSettings, type LockBus } from '../../hardware/lock-bus';
import { toHex } from '../../hardware/protocols/bytes';
import { createGenericCodec } from '../../hardware/protocols/generic';
import { createBusTransport, type BusTransport, type TrafficEvent } from '../../hardware/transport/bus-transport';
import { wireTimeMs } from '../../hardware/transport/line-timing';
import { serialPortOpener } from '../../hardware/transport/serial-port';
import { socatAvailable, startSimulatorProcess, type SimulatorProcess } from '../../scripts/bench/simulator-process';

const socatPresent = socatAvailable();
if (!socatPresent) {
  console.warn('faults-pty: SKIPPED — socat is not installed (apt-get install -y socat), so no pseudo-terminal pair can be made.');
}

const BAUD = 9600;
const boards: BoardSettings[] = [1, 2].map((address) => ({
  address,
  channels: 24,
  statusByteOrder: 'last-byte-first-channels',
  polarity: 'closing',
}));
const codec = createGenericCodec(boards);

/** A promise's rejection as a BusError (fails the test if it resolves or throws something else). */
async function busError(promise: Promise<unknown>): Promise<BusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BusError);
  return error as BusError;
}

describe.skipIf(!socatPresent)('fault knobs over a real pty, through the board driver', () => {
  let sim: SimulatorProcess;
  let transport: BusTransport;
  /** Retries reads once, as the cabinet runs it. */
  let lockBus: LockBus;
  /** Same bus, no read retry: shows what one corrupted reply does. */
  let singleShot: LockBus;
  let traffic: TrafficEvent[] = [];

  const txFrames = (bytes: Uint8Array): number => traffic.filter((e) => e.direction === 'tx' && toHex(e.bytes) === toHex(bytes)).length;
  const openDoors = async (board: number): Promise<number[]> =>
    (await lockBus.readBoard(board)).filter((r) => r.open).map((r) => r.lock);

  beforeAll(async () => {
    // Open replies after 100 ms instead of 500: the knobs, not the board's patience, are under test.
    sim = await startSimulatorProcess(['--protocol', 'generic', '--boards', '1x24,2x24', '--baud', String(BAUD), '--open-reply-ms', '100']);
    transport = createBusTransport({ open: serialPortOpener({ path: sim.hostPath, baudRate: BAUD }), baudRate: BAUD });
    transport.onTraffic((e) => traffic.push(e));
    lockBus = createLockBus({ codec, transport, boards, readTimeoutMs: 1_000 });
    singleShot = createLockBus({ codec, transport, boards, readTimeoutMs: 1_000, retryReads: false });
    await transport.whenOnline(5000);
    expect(await lockBus.readAll()).toHaveLength(48);
  }, 30_000);

  afterAll(async () => {
    await transport?.close();
    await sim?.close();
  });

  beforeEach(() => {
    traffic = [];
  });

  it('board offline: its read fails with a BusError, the other board answers, an open is outcome-unknown and written once', async () => {
    await sim.command('fault offline 1 on');
    const read = await busError(lockBus.readBoard(1));
    expect(read.kind).toBe('outcome-unknown');
    expect(read.reason).toBe('timeout');
    expect(await lockBus.readBoard(2)).toHaveLength(24);

    const open = codec.encodeOpen(1, 5);
    const outputBefore = sim.output().length;
    const opened = await busError(lockBus.openLock(1, 5));
    expect(opened.kind).toBe('outcome-unknown');
    expect(opened.retrySafe).toBe(false);
    expect(opened.message).toMatch(/do not resend an open/);
    expect(txFrames(open.bytes)).toBe(1);
    // The simulator saw the open frame exactly once, and (offline) fired nothing.
    const log = await sim.query('log 50');
    expect(log.split('\n').filter((line) => line.includes(` rx `) && line.includes(toHex(open.bytes)))).toHaveLength(1);
    expect(log).toMatch(/no board 1 online: silent/);
    expect(sim.output().slice(outputBefore)).not.toMatch(/fire board 1 lock 5/);

    await sim.command('fault offline 1 off');
    expect(await lockBus.readBoard(1)).toHaveLength(24);
  });

  it('junk before replies: reads succeed and the transport counts the junk it skipped', async () => {
    await sim.command('fault junk FA FD 99 99');
    const before = transport.stats();
    for (let i = 0; i < 3; i++) expect(await singleShot.readBoard(1 + (i % 2))).toHaveLength(24);
    const after = transport.stats();
    expect(after.junkBytesSkipped - before.junkBytesSkipped).toBe(3 * 4);
    expect(after.badFrames).toBe(before.badFrames);
    expect(after.timeouts).toBe(before.timeouts);
    await sim.command('fault junk off');
  });

  it('replies split into bursts with gaps: reads succeed, the reply really came in pieces', async () => {
    // 20 ms gaps: wide enough that a loaded host still wakes between bursts now and then.
    await sim.command('fault split 3 20');
    const before = transport.stats();
    let widestGap = 0;
    let readsInPieces = 0;
    // Every read must succeed; on a starved machine the host may read the bursts in one go, so
    // up to ten reads are made until one is seen arriving in pieces.
    for (let i = 0; i < 10 && (i < 3 || readsInPieces === 0); i++) {
      traffic = [];
      expect(await singleShot.readBoard(2)).toHaveLength(24);
      const chunks = traffic.filter((e) => e.direction === 'rx');
      if (chunks.length >= 2) readsInPieces++;
      chunks.forEach((c, k) => k > 0 && (widestGap = Math.max(widestGap, c.at - chunks[k - 1]!.at)));
    }
    expect(readsInPieces).toBeGreaterThanOrEqual(1);
    // The host did wait across a real gap mid-reply.
    expect(widestGap).toBeGreaterThanOrEqual(4);
    expect(transport.stats()).toMatchObject({ badFrames: before.badFrames, timeouts: before.timeouts });
    await sim.command('fault split off');
  });

  it('corrupted bytes: the reply is rejected, never decoded as another valid reply; the next read succeeds after quiet-and-flush', async () => {
    await sim.command('open 2 4'); // one door open, so a misread would show
    const truth = await openDoors(2);
    expect(truth).toEqual([4]);
    for (let round = 0; round < 3; round++) {
      await sim.command('fault corrupt 1');
      const before = transport.stats();
      const error = await busError(singleShot.readBoard(2));
      expect(error.kind).toBe('outcome-unknown');
      const failed = transport.stats();
      expect(failed.badFrames + failed.timeouts).toBe(before.badFrames + before.timeouts + 1);
      // The next request waits for a quiet line, flushes, and gets a good reply with the truth.
      expect((await singleShot.readBoard(2)).filter((r) => r.open).map((r) => r.lock)).toEqual(truth);
      expect(transport.stats().flushes).toBe(before.flushes + 1);
    }
    const log = await sim.query('log 100');
    expect(log.match(/\[corrupted byte \d\]/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    await sim.command('close 2 4');
  });

  it('a jammed door: the lock fires, the open reply reads closed, and the door stays closed', async () => {
    await sim.command('fault jam 2 3 on');
    const from = sim.output().length;
    const reply = await lockBus.openLock(2, 3);
    expect(reply.reading).toEqual({ board: 2, lock: 3, open: false });
    await sim.waitForOutput('fire board 2 lock 3', from);
    expect(await openDoors(2)).toEqual([]);
    await sim.command('fault jam 2 3 off');
  });

  it('a door opened without a command shows in readAll', async () => {
    const from = sim.output().length;
    await sim.command('open 1 7');
    await sim.waitForOutput('door board 1 lock 7 OPEN (forced)', from);
    const open = (await lockBus.readAll()).filter((r) => r.open);
    expect(open).toEqual([{ board: 1, lock: 7, open: true }]);
    await sim.command('close 1 7');
    expect((await lockBus.readAll()).filter((r) => r.open)).toEqual([]);
  });

  it('a sensor stuck "open": reads say open, and an open command still fires the lock', async () => {
    await sim.command('fault sensor 2 9 on');
    expect(await openDoors(2)).toEqual([9]);
    const from = sim.output().length;
    const reply = await lockBus.openLock(2, 9);
    expect(reply.reading?.open).toBe(true);
    await sim.waitForOutput('fire board 2 lock 9', from);
    await sim.waitForOutput('door board 2 lock 9 OPEN (command)', from);
    expect(txFrames(codec.encodeOpen(2, 9).bytes)).toBe(1);
    await sim.command('fault sensor 2 9 off');
    await sim.command('close 2 9');
    expect(await openDoors(2)).toEqual([]);
  });

  it('pacing at the real baud rate: a read still succeeds and takes at least its wire time', async () => {
    await sim.command('fault pace on');
    const floor = wireTimeMs(BAUD, 5 + 7);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect(await singleShot.readBoard(1)).toHaveLength(24);
      times.push(performance.now() - started);
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(floor);
    await sim.command('fault pace off');
  });
});
