// Door truth: the cabinet polls every board's door sensors as fast as the bus allows (a short pause
// between cycles lets an open cut in first) and reports each change by compartment label. Steps of a
// flow complete on these readings, never on a board's reply. Readings from the boards that did
// answer count even when another board on the bus did not.
import { PartialReadError, type LockBus, type DoorReading } from '../../hardware/lock-bus';
import type { Timers, TimerHandle } from '../../hardware/transport/timers';
import type { CompartmentConfig } from './config';

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
  onError(busId: string, error: unknown): void;
}

export function createDoorMonitor(options: DoorMonitorOptions) {
  const { buses, layout, timers, intervalMs } = options;
  const labelOf = new Map(layout.map((c) => [`${c.bus}/${c.board}/${c.lock}`, c.label]));
  const doors = new Map<string, boolean>();
  let timer: TimerHandle | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;

  function apply(busId: string, readings: readonly DoorReading[]): void {
    for (const r of readings) {
      const label = labelOf.get(`${busId}/${r.board}/${r.lock}`);
      if (!label) continue;
      const before = doors.get(label);
      doors.set(label, r.open);
      // The first reading is a baseline, not a change: nothing happens on start-up.
      if (before !== undefined && before !== r.open) options.onChange({ label, open: r.open, at: timers.now() });
    }
  }

  async function pollOnce(): Promise<void> {
    await Promise.all(
      [...buses].map(async ([busId, bus]) => {
        try {
          apply(busId, await bus.readAll());
        } catch (error) {
          if (error instanceof PartialReadError) apply(busId, error.readings);
          options.onError(busId, error);
        }
      }),
    );
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
  };
}
export type DoorMonitor = ReturnType<typeof createDoorMonitor>;
