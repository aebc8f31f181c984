// The door monitor on a stand-in LockBus and vitest's fake clock: the rules are about time and
// readings, not about a machine's speed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BusError, PartialReadError, type DoorReading, type LockBus } from '../../../hardware/lock-bus';
import { systemTimers } from '../../../hardware/transport/timers';
import { createDoorMonitor, type DoorChange } from '../../../main/core/doors/door-monitor';
import type { CompartmentConfig } from '../../../main/core/config';

const layout = [1, 2].flatMap((board) =>
  [1, 2].map((lock) => ({ label: `${board === 1 ? 'A' : 'B'}0${lock}`, bus: 'bus1', board, lock, size: 'S', column: board, row: lock }) as CompartmentConfig),
);

/** Doors as a hand leaves them; a cycle (every board read once) costs `cycleMs` of (fake) bus time. */
function standInBus(cycleMs: number) {
  const open = new Set<string>();
  const boards = [...new Set(layout.map((c) => c.board))];
  let failBoard: number | null = null;
  let slow: { board: number; ms: number } | null = null;
  let reads = 0;
  const readBoard = async (board: number): Promise<DoorReading[]> => {
    if (board === boards[0]) reads += 1;
    await new Promise((r) => setTimeout(r, slow?.board === board ? slow.ms : cycleMs / boards.length));
    if (board === failBoard) throw new BusError('outcome-unknown', 'wrong-board', 'reply from another board');
    return layout.filter((c) => c.board === board).map((c) => ({ board, lock: c.lock, open: open.has(`${board}/${c.lock}`) }));
  };
  const bus: LockBus = {
    protocol: 'generic',
    openLock: async (board, lock) => ({ board, lock }),
    openAll: async () => {},
    readBoard,
    readAll: async () => (await Promise.all(boards.map(readBoard))).flat(),
    close: async () => {},
  };
  return {
    bus,
    set: (board: number, lock: number, isOpen: boolean) => (isOpen ? open.add(`${board}/${lock}`) : open.delete(`${board}/${lock}`)),
    failBoard: (board: number | null) => (failBoard = board),
    slowBoard: (board: number, ms: number) => (slow = { board, ms }),
    /** Poll cycles begun (reads of the first board). */
    reads: () => reads,
  };
}

let changes: DoorChange[];
let errors: unknown[];
beforeEach(() => {
  vi.useFakeTimers();
  changes = [];
  errors = [];
});
afterEach(() => vi.useRealTimers());

function monitor(bus: LockBus, intervalMs: number) {
  return createDoorMonitor({ buses: new Map([['bus1', bus]]), layout, timers: systemTimers, intervalMs, onChange: (c) => changes.push(c), onHealth: (_bus, healthy, e) => errors.push(healthy ? 'healthy' : e) });
}

/** Stop, letting the poll on the (fake) wire finish. */
async function finish(m: ReturnType<typeof monitor>) {
  const stopped = m.stop();
  await vi.advanceTimersByTimeAsync(200);
  await stopped;
}

describe('the door monitor', () => {
  it('takes the first reading as a baseline: nothing happens on start-up', async () => {
    const sim = standInBus(20);
    sim.set(1, 2, true);
    const m = monitor(sim.bus, 10);
    const started = m.start();
    await vi.advanceTimersByTimeAsync(20);
    await started;
    expect(m.isOpen('A02')).toBe(true);
    expect(changes).toEqual([]);
    await finish(m);
  });

  it('polls back to back with only the pause between cycles, so a change is seen within one cycle', async () => {
    const sim = standInBus(80); // ~ 4 boards at 9600 baud
    const m = monitor(sim.bus, 20);
    const started = m.start();
    await vi.advanceTimersByTimeAsync(80);
    await started;
    await vi.advanceTimersByTimeAsync(1000);
    expect(sim.reads()).toBeGreaterThanOrEqual(10); // 1 s / (80 + 20) ms
    const at = performance.now();
    sim.set(2, 1, true);
    await vi.advanceTimersByTimeAsync(200);
    expect(changes.map((c) => c.label)).toEqual(['B01']);
    expect((changes[0]?.at ?? Infinity) - at).toBeLessThanOrEqual(2 * (80 + 20));
    await finish(m);
  });

  it('knows when a door was read throughout a span, and when it went unread too long', async () => {
    const sim = standInBus(20);
    const m = monitor(sim.bus, 10);
    const started = m.start();
    await vi.advanceTimersByTimeAsync(20);
    await started;
    const t0 = performance.now();
    await vi.advanceTimersByTimeAsync(1000);
    expect(m.seenThroughout('A01', t0, performance.now())).toBe(true);
    sim.failBoard(1);
    await vi.advanceTimersByTimeAsync(1000);
    sim.failBoard(null);
    await vi.advanceTimersByTimeAsync(100);
    const t2 = performance.now();
    expect(m.seenThroughout('A01', t0, t2)).toBe(false); // board 1 was blind for a second
    expect(m.seenThroughout('B01', t0, t2)).toBe(true); // board 2 answered all along
    expect(m.seenThroughout('A01', t2 - 50, t2)).toBe(true);
    await finish(m);
  });

  it('sees an open and close 150 ms apart', async () => {
    const sim = standInBus(80);
    const m = monitor(sim.bus, 20);
    const started = m.start();
    await vi.advanceTimersByTimeAsync(80);
    await started;
    sim.set(1, 1, true);
    await vi.advanceTimersByTimeAsync(150);
    sim.set(1, 1, false);
    await vi.advanceTimersByTimeAsync(300);
    expect(changes.map((c) => `${c.label} ${c.open ? 'open' : 'closed'}`)).toEqual(['A01 open', 'A01 closed']);
    await finish(m);
  });

  it('applies the readings of the boards that answered when another board did not', async () => {
    const sim = standInBus(20);
    const m = monitor(sim.bus, 10);
    const started = m.start();
    await vi.advanceTimersByTimeAsync(20);
    await started;
    sim.failBoard(2);
    sim.set(1, 1, true);
    await vi.advanceTimersByTimeAsync(100);
    expect(changes.map((c) => c.label)).toEqual(['A01']);
    await vi.advanceTimersByTimeAsync(200);
    // Told once, not once per failing poll.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(PartialReadError);
    sim.failBoard(null);
    await vi.advanceTimersByTimeAsync(100);
    expect(errors).toEqual([expect.any(PartialReadError), 'healthy']);
    await finish(m);
  });

  it("reports a board's change as soon as that board answers, not when the whole cycle is done", async () => {
    const sim = standInBus(40); // 20 ms a board
    const m = monitor(sim.bus, 500);
    const started = m.start();
    await vi.advanceTimersByTimeAsync(40);
    await started;
    // In the pause: board 2 will take a second to answer the next cycle; board 1's door opens.
    sim.slowBoard(2, 1000);
    sim.set(1, 1, true);
    await vi.advanceTimersByTimeAsync(500 + 20);
    // Board 1 answered; the cycle is still waiting for board 2. Reported now, not a second later.
    expect(changes.map((c) => c.label)).toEqual(['A01']);
    sim.slowBoard(2, 20);
    await vi.advanceTimersByTimeAsync(2000);
    await finish(m);
  });

  it('stamps each reading with the moment its own read was asked for, never later', async () => {
    const sim = standInBus(40); // 20 ms a board
    const m = monitor(sim.bus, 1000);
    const cycleStart = performance.now();
    const started = m.start();
    await vi.advanceTimersByTimeAsync(40);
    await started;
    expect(m.readAt('A01')).toBe(cycleStart);
    // Board 2 was asked for once board 1 had answered: its reading is 20 ms fresher than the cycle.
    expect(m.readAt('B01')).toBe(cycleStart + 20);
    await finish(m);
  });

  it('does not call a door "seen throughout" from a moment before its first reading', async () => {
    const sim = standInBus(40);
    const m = monitor(sim.bus, 10);
    const before = performance.now() - 1; // e.g. an open sent just before the monitor's first poll
    const started = m.start();
    await vi.advanceTimersByTimeAsync(40);
    await started;
    await vi.advanceTimersByTimeAsync(200);
    expect(m.seenThroughout('A01', before, performance.now())).toBe(false);
    expect(m.seenThroughout('A01', performance.now() - 100, performance.now())).toBe(true);
    await finish(m);
  });
});
