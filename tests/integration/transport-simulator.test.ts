// The transport and board drivers against helper-1's virtual boards, in process, with the
// simulator's fault knobs. One fake clock drives both sides (vitest fake timers).

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLockBus } from '../../hardware/boards/lock-bus-driver';
import { BusError, type BoardSettings, type LockBus } from '../../hardware/lock-bus';
import { createGenericCodec } from '../../hardware/protocols/generic';
import { createKerongCodec } from '../../hardware/protocols/kerong-cu16';
import { createSimulatorPort, type SimulatorPort } from '../../hardware/simulator/simulator-port';
import { createVirtualBus, type VirtualBus } from '../../hardware/simulator/virtual-bus';
import { createBusTransport, type BusTransport } from '../../hardware/transport/bus-transport';
import { systemTimers } from '../../hardware/transport/timers';

const settings = (address: number, channels: number): BoardSettings => ({
  address,
  channels,
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

interface Rig {
  sim: VirtualBus;
  transport: BusTransport;
  lockBus: LockBus;
  ports: SimulatorPort[];
  fired: Array<{ board: number; lock: number }>;
  writes: () => number;
}

async function rig(protocol: 'generic' | 'kerong-cu16', boards: BoardSettings[]): Promise<Rig> {
  // Same clock for boards and host: systemTimers reads the (faked) globals at call time.
  const sim = createVirtualBus({ protocol, boards, scheduler: systemTimers, pace: true });
  const ports: SimulatorPort[] = [];
  const transport = createBusTransport({
    open: async () => {
      const port = createSimulatorPort(sim);
      ports.push(port);
      return port;
    },
    baudRate: sim.baudRate,
  });
  let writes = 0;
  transport.onTraffic((e) => {
    if (e.direction === 'tx') writes += 1;
  });
  const codec = protocol === 'generic' ? createGenericCodec(boards) : createKerongCodec(boards);
  const lockBus = createLockBus({ codec, transport, boards });
  const fired: Rig['fired'] = [];
  sim.onLockFired((f) => fired.push({ board: f.board, lock: f.lock }));
  await transport.whenOnline(100);
  return { sim, transport, lockBus, ports, fired, writes: () => writes };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('generic boards on the in-process simulator', () => {
  const boards = [settings(1, 24), settings(2, 8)];

  it('opens a lock (reply ~500 ms later) and reads it open', async () => {
    const { lockBus, fired, sim } = await rig('generic', boards);
    const opened = outcome(lockBus.openLock(1, 3));
    await vi.advanceTimersByTimeAsync(600);
    expect(opened.value).toEqual({ board: 1, lock: 3, reading: { board: 1, lock: 3, open: true } });
    expect(fired).toEqual([{ board: 1, lock: 3 }]);

    const all = outcome(lockBus.readAll());
    await vi.advanceTimersByTimeAsync(100);
    expect(all.value!.filter((r) => r.open)).toEqual([{ board: 1, lock: 3, open: true }]);
    expect(all.value).toHaveLength(32);
    sim.dispose();
  });

  it('reads through junk before replies and replies split into bursts', async () => {
    const { lockBus, transport, sim } = await rig('generic', boards);
    sim.setJunkBeforeReplies(Uint8Array.from([0xfa, 0xfd, 0x99, 0x99]));
    sim.setSplitReplies({ parts: 3, gapMs: 4 });
    const all = outcome(lockBus.readAll());
    await vi.advanceTimersByTimeAsync(200);
    expect(all.value).toHaveLength(32);
    expect(transport.stats()).toMatchObject({ junkBytesSkipped: 8, timeouts: 0, badFrames: 0 });
    sim.dispose();
  });

  it('a corrupted open reply is outcome-unknown, the lock fired once, and no resend', async () => {
    const { lockBus, transport, sim, fired, writes } = await rig('generic', boards);
    sim.corruptNextReplies(1);
    const opened = outcome(lockBus.openLock(2, 5));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(opened.error).toBeInstanceOf(BusError);
    expect((opened.error as BusError).kind).toBe('outcome-unknown');
    expect(fired).toEqual([{ board: 2, lock: 5 }]);
    expect(writes()).toBe(1);
    // The door state is learned from the next poll.
    const board2 = outcome(lockBus.readBoard(2));
    await vi.advanceTimersByTimeAsync(200);
    expect(board2.value!.find((r) => r.lock === 5)?.open).toBe(true);
    expect(transport.stats().flushes).toBeGreaterThanOrEqual(2);
    sim.dispose();
  });

  it('an open to an offline board times out after ≥ 1.5 s, written once', async () => {
    const { lockBus, sim, fired, writes } = await rig('generic', boards);
    sim.setOffline(1, true);
    const opened = outcome(lockBus.openLock(1, 1));
    await vi.advanceTimersByTimeAsync(1_499);
    expect(opened.done).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect((opened.error as BusError).kind).toBe('outcome-unknown');
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes()).toBe(1);
    sim.dispose();
  });

  it('unplugged: fails fast with offline, then reconnects by itself', async () => {
    const { lockBus, transport, ports, sim } = await rig('generic', boards);
    ports[0]!.unplug();
    const read = outcome(lockBus.readAll());
    const open = outcome(lockBus.openLock(1, 1));
    await vi.advanceTimersByTimeAsync(0);
    expect((read.error as BusError).kind).toBe('offline');
    expect((open.error as BusError).kind).toBe('offline');
    await vi.advanceTimersByTimeAsync(250);
    expect(transport.state).toBe('online');
    expect(transport.stats().reconnects).toBe(1);
    const again = outcome(lockBus.readAll());
    await vi.advanceTimersByTimeAsync(100);
    expect(again.value).toHaveLength(32);
    sim.dispose();
  });
});

describe('Kerong boards on the in-process simulator', () => {
  const boards = [settings(0, 16), settings(1, 12)];

  it('open gets no reply; the next 0x30 poll shows the door open and the item bits', async () => {
    const { lockBus, sim, fired } = await rig('kerong-cu16', boards);
    sim.setItemPresent(1, 4, true);
    const opened = outcome(lockBus.openLock(1, 2));
    await vi.advanceTimersByTimeAsync(50);
    expect(opened.value).toEqual({ board: 1, lock: 2 });
    expect(fired).toEqual([{ board: 1, lock: 2 }]);
    const all = outcome(lockBus.readAll());
    await vi.advanceTimersByTimeAsync(100);
    expect(all.value).toHaveLength(28);
    expect(all.value!.filter((r) => r.open)).toEqual([{ board: 1, lock: 2, open: true, itemPresent: false }]);
    expect(all.value!.find((r) => r.board === 1 && r.lock === 4)?.itemPresent).toBe(true);
    sim.dispose();
  });
});
