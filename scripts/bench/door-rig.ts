// The cabinet as it runs, on a real serial line: createCabinet with its one bus on the host end of a
// socat pty pair, scripts/simulator.ts (a separate process) on the other end pacing every byte at
// the line speed. Door changes are timed across the two processes: the simulator stamps each
// change at=<epoch ms>, and the core's own report of the change (its "door X opened" log line,
// written synchronously by the door monitor) is stamped here on the same epoch clock.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import type { LockBus } from '../../hardware/lock-bus';
import type { BusTransport } from '../../hardware/transport/bus-transport';
import { startSimulatorProcess, type SimulatorProcess } from './simulator-process';

/** Epoch milliseconds with sub-millisecond precision, comparable with the simulator's at=. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface DoorEvent {
  label: string;
  open: boolean;
  at: number;
}

export interface DoorRig {
  cabinet: Cabinet;
  sim: SimulatorProcess;
  bus: LockBus;
  transport: BusTransport;
  boards: readonly number[];
  labelOf(board: number, lock: number): string;
  /** The core's door reports so far (epoch-stamped). */
  doorEvents: readonly DoorEvent[];
  /** The first core report of `label` turning `open` after event index `from`, or undefined by the deadline. */
  waitDoor(label: string, open: boolean, from: number, timeoutMs: number): Promise<DoorEvent | undefined>;
  /** A hand on the simulated door: "open" (forced) or "close"; returns the simulator's epoch time of the change. */
  hand(action: 'open' | 'close', board: number, lock: number): Promise<number>;
  close(): Promise<void>;
}

const LETTERS = 'ABCDEFGH';

function rigConfig(hostPath: string, baudRate: number, boards: readonly number[], channels: number, pollIntervalMs?: number): CabinetConfig {
  const raw = structuredClone(defaultConfig());
  if (pollIntervalMs !== undefined) raw.timeouts.pollIntervalMs = pollIntervalMs;
  raw.buses = [{ id: 'bus1', port: hostPath, protocol: 'generic', baudRate, boards: boards.map((address) => ({ address, channels, statusBytes: 3, statusByteOrder: 'last-byte-first-channels', polarity: 'closing' })) }];
  raw.compartments = boards.flatMap((board, column) =>
    Array.from({ length: channels }, (_, i) => ({ label: `${LETTERS[column]}${String(i + 1).padStart(2, '0')}`, bus: 'bus1', board, lock: i + 1, size: 'S' as const, column: column + 1, row: i + 1 })),
  );
  delete raw.printer;
  // A benchmark deposits faster than residents do.
  raw.dropOff.maxPerTenMinutes = 1000;
  return parseConfig(raw, 'door rig');
}

export interface DoorRigOptions {
  baudRate: number;
  boards: readonly number[];
  channels: number;
  /** The monitor's pause between cycles; default the configuration's default. */
  pollIntervalMs?: number;
  simArgs?: readonly string[];
}

export async function startDoorRig(options: DoorRigOptions): Promise<DoorRig> {
  const { baudRate, boards, channels } = options;
  const spec = boards.map((b) => `${b}x${channels}:3`).join(',');
  const sim = await startSimulatorProcess(['--protocol', 'generic', '--boards', spec, '--baud', String(baudRate), '--pace', ...(options.simArgs ?? [])]);
  const doorEvents: DoorEvent[] = [];
  const waiters = new Set<() => void>();
  let cabinet: Cabinet;
  try {
    cabinet = await createCabinet({
      config: rigConfig(sim.hostPath, baudRate, boards, channels, options.pollIntervalMs),
      dataDir: mkdtempSync(join(tmpdir(), 'cabinet-doorbench-')),
      log: (_level, message) => {
        const m = /^door (\S+) (opened|closed)$/.exec(message);
        if (!m) return;
        doorEvents.push({ label: m[1]!, open: m[2] === 'opened', at: epochNow() });
        waiters.forEach((w) => w());
      },
    });
  } catch (error) {
    await sim.close();
    throw error;
  }
  const labelOf = (board: number, lock: number) => `${LETTERS[boards.indexOf(board)]}${String(lock).padStart(2, '0')}`;
  const find = (label: string, open: boolean, from: number) => doorEvents.slice(from).find((e) => e.label === label && e.open === open);

  return {
    cabinet,
    sim,
    bus: cabinet.hardware.buses.get('bus1')!,
    transport: cabinet.hardware.transports.get('bus1')!,
    boards,
    labelOf,
    doorEvents,
    waitDoor(label, open, from, timeoutMs) {
      const found = find(label, open, from);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const check = () => {
          const event = find(label, open, from);
          if (event) done(event);
        };
        const done = (event: DoorEvent | undefined) => {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(event);
        };
        const timer = setTimeout(() => done(undefined), timeoutMs);
        waiters.add(check);
      });
    },
    async hand(action, board, lock) {
      const from = sim.output().length;
      const answer = await sim.command(`${action} ${board} ${lock}`);
      const word = action === 'open' ? 'OPEN' : 'CLOSED';
      const at = new RegExp(`door board ${board} lock ${lock} ${word} \\(\\w+\\) at=([\\d.]+)`).exec(sim.output().slice(from) + answer)?.[1];
      if (at === undefined) throw new Error(`the simulator did not report door ${board}/${lock} ${word} (was it already?)`);
      return Number(at);
    },
    async close() {
      await cabinet.close();
      await sim.close();
    },
  };
}
