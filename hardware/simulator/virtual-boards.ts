// The simulated boards and their doors: which board answers, what each sensor says, a lock
// firing, a door opening or closing (by command, by hand, by force), and who is told.

import type { BoardSettings } from '../lock-bus';
import type { BusLogKind, VirtualBoard, VirtualDoor } from './bus-core';

export type DoorChangeCause = 'command' | 'hand' | 'forced';

export interface DoorChange {
  board: number;
  lock: number;
  open: boolean;
  /** 'command': the lock fired and the door sprang open; 'hand': a resident closed it;
   *  'forced': opened without a command (forceOpen). */
  cause: DoorChangeCause;
  at: number;
}

export interface LockFired {
  board: number;
  lock: number;
  at: number;
}

export interface VirtualBoardsOptions {
  boards: readonly BoardSettings[];
  /** Kerong: initial unlock time. */
  unlockTimeMs: number;
  now(): number;
  record(kind: BusLogKind, bytes: Uint8Array, meaning: string): void;
  doorChanged(change: DoorChange): void;
  lockFired(fired: LockFired): void;
  /** A sensor reading changed (a protocol may announce it). */
  sensorChanged(board: VirtualBoard, lock: number): void;
}

export type VirtualBoards = ReturnType<typeof createVirtualBoards>;

function createBoardMap(settingsList: readonly BoardSettings[], unlockTimeMs: number): Map<number, VirtualBoard> {
  const boards = new Map<number, VirtualBoard>();
  for (const settings of settingsList) {
    if (boards.has(settings.address)) throw new Error(`board ${settings.address} is configured twice`);
    boards.set(settings.address, {
      settings,
      offline: false,
      doors: Array.from({ length: settings.channels }, () => ({ open: false, jammed: false, sensorStuckOpen: false, itemPresent: false, held: false })),
      unlockTimeMs,
      baudCode: 1,
    });
  }
  return boards;
}

export function createVirtualBoards(options: VirtualBoardsOptions) {
  const boards = createBoardMap(options.boards, options.unlockTimeMs);

  const boardAt = (address: number): VirtualBoard => {
    const b = boards.get(address);
    if (!b) throw new RangeError(`no simulated board ${address}`);
    return b;
  };
  const doorAt = (address: number, lock: number): VirtualDoor => {
    const d = boardAt(address).doors[lock - 1];
    if (!d) throw new RangeError(`board ${address} has no lock ${lock}`);
    return d;
  };

  /** What the sensor reports (a stuck sensor says open whatever the door does). */
  const sensorOpen = (board: VirtualBoard, lock: number): boolean => {
    const d = board.doors[lock - 1];
    return d ? d.open || d.sensorStuckOpen : false;
  };

  const setDoor = (board: VirtualBoard, lock: number, open: boolean, cause: DoorChangeCause): void => {
    const d = board.doors[lock - 1];
    if (!d || d.open === open) return;
    const sensorBefore = sensorOpen(board, lock);
    d.open = open;
    options.doorChanged({ board: board.settings.address, lock, open, cause, at: options.now() });
    if (sensorOpen(board, lock) !== sensorBefore) options.sensorChanged(board, lock);
  };

  return {
    sensorOpen,
    onlineBoard: (address: number): VirtualBoard | undefined => {
      const b = boards.get(address);
      return b && !b.offline ? b : undefined;
    },
    onlineBoards: (): VirtualBoard[] => [...boards.values()].filter((b) => !b.offline),
    /** Pulses the lock; the door springs open unless jammed or already open. */
    fireLock: (board: VirtualBoard, lock: number): void => {
      const d = board.doors[lock - 1];
      if (!d) return;
      const fired: LockFired = { board: board.settings.address, lock, at: options.now() };
      options.record('fire', new Uint8Array(0), `lock fired: board ${fired.board} lock ${lock}${d.jammed ? ' (jammed: door stays shut)' : ''}`);
      options.lockFired(fired);
      if (!d.jammed) setDoor(board, lock, true, 'command');
    },
    offlineAddresses: (): number[] => [...boards.values()].filter((b) => b.offline).map((b) => b.settings.address),
    status: () =>
      [...boards.values()].map((b) => ({
        address: b.settings.address,
        channels: b.settings.channels,
        offline: b.offline,
        doors: b.doors.map((d, i) => ({ ...d, lock: i + 1, sensorOpen: sensorOpen(b, i + 1) })),
      })),

    // By board address and lock number, as the bus's users see them.
    door: (board: number, lock: number): Readonly<VirtualDoor> => ({ ...doorAt(board, lock) }),
    sensorOpenAt: (board: number, lock: number): boolean => {
      doorAt(board, lock);
      return sensorOpen(boardAt(board), lock);
    },
    closeDoor: (board: number, lock: number): void => {
      doorAt(board, lock);
      setDoor(boardAt(board), lock, false, 'hand');
    },
    forceOpen: (board: number, lock: number): void => {
      doorAt(board, lock);
      setDoor(boardAt(board), lock, true, 'forced');
    },
    setItemPresent: (board: number, lock: number, present: boolean): void => {
      doorAt(board, lock).itemPresent = present;
    },
    setOffline: (board: number, offline: boolean): void => {
      boardAt(board).offline = offline;
    },
    setJammed: (board: number, lock: number, jammed: boolean): void => {
      doorAt(board, lock).jammed = jammed;
    },
    setSensorStuckOpen: (board: number, lock: number, stuck: boolean): void => {
      const b = boardAt(board);
      const before = sensorOpen(b, lock);
      doorAt(board, lock).sensorStuckOpen = stuck;
      if (sensorOpen(b, lock) !== before) options.sensorChanged(b, lock);
    },
  };
}
