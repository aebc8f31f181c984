import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLockBus } from '../../../hardware/boards/lock-bus-driver';
import { scanBus } from '../../../hardware/boards/scan-bus';
import { BusError, PartialReadError, type BoardSettings } from '../../../hardware/lock-bus';
import { toHex } from '../../../hardware/protocols/bytes';
import * as generic from '../../../hardware/protocols/generic';
import * as kerong from '../../../hardware/protocols/kerong-cu16';
import { createBusTransport, type BusTransport } from '../../../hardware/transport/bus-transport';
import { createFakePort, type FakePort } from './fake-port';

const board = (address: number, channels: number, statusBytes?: number): BoardSettings => ({
  address,
  channels,
  ...(statusBytes === undefined ? {} : { statusBytes }),
  statusByteOrder: 'last-byte-first-channels',
  polarity: 'closing',
});

function outcome<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

async function onlineTransport(port: FakePort, baudRate: number): Promise<BusTransport> {
  const transport = createBusTransport({ open: async () => port, baudRate });
  await transport.whenOnline(100);
  return transport;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('generic boards', () => {
  const boards = [board(1, 8, 3), board(2, 24)];
  const codec = generic.createGenericCodec(boards);

  it('opens a lock and resolves with the board reading as soon as it arrives (~500 ms)', async () => {
    const port = createFakePort();
    port.onWrite = (bytes, p) => {
      expect(toHex(bytes)).toBe('8A 01 01 11 9B');
      setTimeout(() => p.emit(generic.encodeOpenReply(1, 1, true, boards[0]!)), 500);
    };
    const bus = createLockBus({ codec, transport: await onlineTransport(port, 9600), boards });
    const opened = outcome(bus.openLock(1, 1));
    await vi.advanceTimersByTimeAsync(500);
    expect(opened.value).toEqual({ board: 1, lock: 1, reading: { board: 1, lock: 1, open: true } });
  });

  it('never resends an open that got no reply: outcome-unknown after the timeout, one write', async () => {
    const port = createFakePort();
    const bus = createLockBus({ codec, transport: await onlineTransport(port, 9600), boards });
    const opened = outcome(bus.openLock(2, 5));
    await vi.advanceTimersByTimeAsync(1_400);
    expect(opened.done).toBe(false); // allows at least 1.5 s
    await vi.advanceTimersByTimeAsync(10_000);
    expect(opened.error).toBeInstanceOf(BusError);
    expect((opened.error as BusError).kind).toBe('outcome-unknown');
    expect(port.writes).toHaveLength(1);
  });

  it('reads all boards with one read-all each and decodes per settings', async () => {
    const port = createFakePort();
    port.onWrite = (bytes, p) => {
      const address = bytes[1] ?? 0;
      const settings = boards.find((b) => b.address === address)!;
      const open = address === 1 ? [{ lock: 2, open: true }] : [{ lock: 17, open: true }];
      setTimeout(() => p.emit(generic.encodeReadAllReply(address, open, settings)), 8);
    };
    const bus = createLockBus({ codec, transport: await onlineTransport(port, 9600), boards });
    const all = outcome(bus.readAll());
    await vi.advanceTimersByTimeAsync(100);
    expect(port.writes.map(toHex)).toEqual(['80 01 00 33 B2', '80 02 00 33 B1']);
    const readings = all.value!;
    expect(readings).toHaveLength(8 + 24);
    expect(readings.filter((r) => r.open)).toEqual([
      { board: 1, lock: 2, open: true },
      { board: 2, lock: 17, open: true },
    ]);
  });

  it('retries a read once, and reports the boards that stay silent with the others’ readings', async () => {
    const port = createFakePort();
    let board1Reads = 0;
    port.onWrite = (bytes, p) => {
      if (bytes[1] !== 1) return; // board 2 is silent
      board1Reads += 1;
      if (board1Reads === 1) return; // board 1 misses its first poll
      setTimeout(() => p.emit(generic.encodeReadAllReply(1, [], boards[0]!)), 8);
    };
    const bus = createLockBus({ codec, transport: await onlineTransport(port, 9600), boards, readTimeoutMs: 150 });
    const all = outcome(bus.readAll());
    await vi.advanceTimersByTimeAsync(2_000);
    expect(all.error).toBeInstanceOf(PartialReadError);
    const partial = all.error as PartialReadError;
    expect(partial.readings).toHaveLength(8);
    expect(partial.failures.map((f) => f.board)).toEqual([2]);
    expect(board1Reads).toBe(2);
    expect(port.writes).toHaveLength(4); // 2 reads × (1 + 1 retry)
  });

  it('scans a bus and reports the real count of status bytes', async () => {
    const port = createFakePort();
    port.onWrite = (bytes, p) => {
      const address = bytes[1] ?? 0;
      // Board 1 is an 8-channel board that answers with 3 status bytes, as seen in the field.
      if (address === 1) setTimeout(() => p.emit(generic.encodeReadAllReply(1, [], board(1, 8, 3))), 8);
    };
    const transport = await onlineTransport(port, 9600);
    const scan = outcome(scanBus(transport, generic.createGenericCodec, [1, 2], { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(1_000);
    const [one, two] = scan.value!;
    expect(one).toMatchObject({ address: 1, answered: true, statusBytes: 3 });
    expect(two).toMatchObject({ address: 2, answered: false });
  });
});

describe('Kerong KR-CU16 boards', () => {
  const boards = [board(0, 16), board(1, 16)];
  const codec = kerong.createKerongCodec(boards);

  it('sends 0x31 and resolves without waiting for a reply (there is none)', async () => {
    const port = createFakePort();
    const bus = createLockBus({ codec, transport: await onlineTransport(port, 19200), boards });
    const opened = outcome(bus.openLock(0, 3));
    await vi.advanceTimersByTimeAsync(30);
    expect(opened.value).toEqual({ board: 0, lock: 3 });
    expect(port.writes.map(toHex)).toEqual(['02 02 31 03 38']);
  });

  it('reads each board with 0x30, including the infrared item bits', async () => {
    const port = createFakePort();
    port.onWrite = (bytes, p) => {
      const address = (bytes[1] ?? 0) >> 4;
      const readings = address === 0 ? [{ lock: 1, open: false, itemPresent: true }] : [{ lock: 16, open: true }];
      setTimeout(() => p.emit(kerong.encodeStatusReply(address, readings, boards[address]!)), 6);
    };
    const bus = createLockBus({ codec, transport: await onlineTransport(port, 19200), boards });
    const all = outcome(bus.readAll());
    await vi.advanceTimersByTimeAsync(100);
    expect(port.writes.map(toHex)).toEqual(['02 00 30 03 35', '02 10 30 03 45']);
    const readings = all.value!;
    expect(readings).toHaveLength(32);
    expect(readings.find((r) => r.board === 0 && r.lock === 1)).toEqual({ board: 0, lock: 1, open: false, itemPresent: true });
    expect(readings.filter((r) => r.open)).toEqual([{ board: 1, lock: 16, open: true, itemPresent: false }]);
  });
});
