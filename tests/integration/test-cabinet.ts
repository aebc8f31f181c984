// A real cabinet for integration tests: the core on a fresh SQLite file with the in-process
// simulated boards, fast door polling, its events collected, and the contract client the
// screens use. Each test file closes what it opened with closeTestCabinets() in afterEach.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createCabinet, type Cabinet, type CabinetOptions } from '../../main/app/cabinet';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import type { DropOffState, PickUpState } from '../../main/contract/schemas';
import type { StaffJob } from '../../main/contract/staff-schemas';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import { SETUP_CODE_FILE } from '../../main/app/setup-code';

const opened: Cabinet[] = [];

export async function closeTestCabinets(): Promise<void> {
  await Promise.all(opened.splice(0).map((c) => c.close()));
}

/** `tweak` edits the default configuration (already set to poll the doors every 50 ms); `options` adds to the cabinet's. */
export async function openTestCabinet(tweak: (raw: CabinetConfig) => void = () => {}, options: Pick<CabinetOptions, 'restarter'> = {}) {
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  tweak(raw);
  const cabinet = await createCabinet({ config: parseConfig(raw), dataDir: mkdtempSync(join(tmpdir(), 'cabinet-')), log: () => {}, ...options });
  opened.push(cabinet);
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  const drops: DropOffState[] = [];
  const picks: PickUpState[] = [];
  const jobs: StaffJob[] = [];
  cabinet.on('dropOff.changed', (s) => drops.push(s));
  cabinet.on('pickUp.changed', (s) => picks.push(s));
  cabinet.on('staff.job', (j) => jobs.push(j));
  const where = (label: string): [number, number] => [label.startsWith('A') ? 1 : 2, Number(label.slice(1))];
  return {
    cabinet,
    virtual,
    drops,
    picks,
    jobs,
    /** Through the contract, as the screens call it: validated, typed errors, always a promise. */
    h: createClient(methods, createDispatcher(methods, cabinet.handlers)),
    /** The simulated hand closes a door of the default layout (A = board 1, B = board 2). */
    close: (label: string) => virtual.closeDoor(...where(label)),
    /** Open frames the simulated boards received. */
    opens: () => virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A')).map((e) => e.hex),
  };
}
export type TestCabinet = Awaited<ReturnType<typeof openTestCabinet>>;

/** The installer's one-time setup code of a fresh cabinet, from its data directory (never on screen). */
export function setupCodeOf(cabinet: { databaseFile: string }): string {
  return readFileSync(join(dirname(cabinet.databaseFile), SETUP_CODE_FILE), 'utf8').trim();
}
