// What crossed the simulated bus, for the console and tests: a bounded list of entries.

import { toHex } from '../protocols/bytes';
import type { BusLogKind } from './bus-core';

export interface BusLogEntry {
  at: number;
  kind: BusLogKind;
  hex: string;
  meaning: string;
}

export interface BusLog {
  record(kind: BusLogKind, bytes: Uint8Array, meaning: string): void;
  entries(): readonly BusLogEntry[];
  clear(): void;
}

const MAX_LOG = 10_000;

export function createBusLog(now: () => number): BusLog {
  let entries: BusLogEntry[] = [];
  return {
    record: (kind, bytes, meaning) => {
      entries.push({ at: now(), kind, hex: toHex(bytes), meaning });
      if (entries.length > MAX_LOG) entries = entries.slice(-MAX_LOG / 2);
    },
    entries: () => entries.slice(),
    clear: () => {
      entries = [];
    },
  };
}
