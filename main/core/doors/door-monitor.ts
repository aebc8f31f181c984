// Door truth: the cabinet polls every board's door sensors as fast as the bus allows and reports
// each change by compartment label. Steps of a flow complete on these readings, never on a board's
// reply. A bus's boards are read one after another and each board's reading counts as soon as it
// comes — not at the end of the cycle — so a change waits for at most one cycle plus one read;
// readings from the boards that did answer count even when another board on the bus did not.
import { BusError, PartialReadError, type LockBus, type DoorReading } from '../../../hardware/lock-bus';
import type { Timers, TimerHandle } from '../clock';
import type { CompartmentConfig } from '../config';

export interface DoorChange {
  label: string;
  open: boolean;
  at: number;
}

export interface DoorMonitorOptions {
  buses: ReadonlyMap<string, LockBus>;
  layout: readonly CompartmentConfig[];
  timers: Timers;
  /** The pause between the end of one poll cycle and the start of the next. */
  intervalMs: number;
  onChange(change: DoorChange): void;
  /** After every board's reading has been applied (door sessions settle on fresh readings). */
  onRead?(at: number): void;
  /** A bus's polls started failing (with the error) or answered again: once per change, not per poll. */
  onHealth(busId: string, healthy: boolean, error?: unknown): void;
}

/** A door unread for longer than this might have opened and closed unseen (a hand needs > 1 s). */
export const BLIND_GAP_MS = 500;
/** Blind spells kept per door: enough to judge the last minutes of any door session. */
const GAPS_KEPT = 32;

export function createDoorMonitor(options: DoorMonitorOptions) {
  const { buses, layout, timers, intervalMs } = options;
  const labelOf = new Map(layout.map((c) => [`${c.bus}/${c.board}/${c.lock}`, c.label]));
  const boardsOf = boardsByBus(layout);
  const doors = new Map<string, boolean>();
  const readAt = new Map<string, number>();
  /** When each door was first read: before that it was not watched at all. */
  const firstReadAt = new Map<string, number>();
  /** Per door, spells of more than BLIND_GAP_MS without a reading: [from, to]. */
  const gaps = new Map<string, Array<[number, number]>>();
  const failing = new Set<string>();
  let timer: TimerHandle | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;

  function noteRead(label: string, at: number): void {
    if (!firstReadAt.has(label)) firstReadAt.set(label, at);
    const last = readAt.get(label);
    if (last !== undefined && at - last > BLIND_GAP_MS) {
      const list = gaps.get(label) ?? [];
      list.push([last, at]);
      if (list.length > GAPS_KEPT) list.shift();
      gaps.set(label, list);
    }
    readAt.set(label, at);
  }

  /** `readFrom`: when the read was asked for. A reading is no fresher than that (an open may cut in before it). */
  function apply(busId: string, readings: readonly DoorReading[], readFrom: number): void {
    for (const r of readings) {
      const label = labelOf.get(`${busId}/${r.board}/${r.lock}`);
      if (!label) continue;
      noteRead(label, readFrom);
      const before = doors.get(label);
      doors.set(label, r.open);
      // The first reading is a baseline, not a change: nothing happens on start-up.
      if (before !== undefined && before !== r.open) options.onChange({ label, open: r.open, at: timers.now() });
    }
  }

  /** One board after another: each reading is applied (and the sessions told) the moment it comes. */
  async function pollBus(busId: string, bus: LockBus): Promise<void> {
    const readings: DoorReading[] = [];
    const failures: Array<{ board: number; error: BusError }> = [];
    for (const board of boardsOf.get(busId) ?? []) {
      const askedAt = timers.now();
      try {
        const read = await bus.readBoard(board);
        apply(busId, read, askedAt);
        readings.push(...read);
        options.onRead?.(timers.now());
      } catch (error) {
        failures.push({ board, error: error instanceof BusError ? error : new BusError('outcome-unknown', 'internal', String(error)) });
      }
    }
    if (failures.length === 0) health(busId, true);
    else health(busId, false, readings.length === 0 ? failures[0]!.error : new PartialReadError(readings, failures));
  }

  async function pollOnce(): Promise<void> {
    await Promise.all([...buses].map(([busId, bus]) => pollBus(busId, bus)));
  }

  function health(busId: string, healthy: boolean, error?: unknown): void {
    if (healthy === !failing.has(busId)) return;
    if (healthy) failing.delete(busId);
    else failing.add(busId);
    options.onHealth(busId, healthy, error);
  }

  function schedule(): void {
    if (!running) return;
    timer = timers.setTimeout(() => {
      inFlight = pollOnce().finally(schedule);
    }, intervalMs);
  }

  return {
    async start(): Promise<void> {
      running = true;
      inFlight = pollOnce();
      await inFlight;
      schedule();
    },
    async stop(): Promise<void> {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      await inFlight;
    },
    /** The last reading of a door, or undefined before the first poll reached it. */
    isOpen: (label: string): boolean | undefined => doors.get(label),
    /** When the door was last read, at the latest (the start of the cycle that read it), or undefined. */
    readAt: (label: string): number | undefined => readAt.get(label),
    /**
     * True when the door was read at least every BLIND_GAP_MS from `from` to `to`: no open and
     * close can have slipped by unseen. False after a failing bus, a busy bus, no reading at all,
     * or a first reading after `from` (nobody watched the door before it).
     */
    seenThroughout(label: string, from: number, to: number): boolean {
      const last = readAt.get(label);
      const first = firstReadAt.get(label);
      if (last === undefined || first === undefined || first > from || to - last > BLIND_GAP_MS) return false;
      return !(gaps.get(label) ?? []).some(([a, b]) => b > from && a < to);
    },
  };
}
export type DoorMonitor = ReturnType<typeof createDoorMonitor>;

/** Per bus, the addresses of the boards that hold a compartment, in order: the boards worth reading. */
export function boardsByBus(layout: readonly CompartmentConfig[]): Map<string, number[]> {
  const boards = new Map<string, Set<number>>();
  for (const c of layout) boards.set(c.bus, (boards.get(c.bus) ?? new Set<number>()).add(c.board));
  return new Map([...boards].map(([bus, set]) => [bus, [...set].sort((a, b) => a - b)]));
}
