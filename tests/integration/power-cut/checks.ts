// The restart check of the power-cut suite: after a SIGKILL, a fresh createCabinet on the same data
// directory must show that nothing the worker reported committed is lost, that no flow is left in
// flight, that no compartment which may hold documents is free, that nothing opened by itself,
// and that the audit chain and the file are intact. Then staff tidy up for the next kill, through
// the contract where a screen would (compartments under check, repaired faults).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { createCabinet, type Cabinet } from '../../../main/app/cabinet';
import { methods } from '../../../main/contract/api';
import { createClient } from '../../../main/contract/client';
import { createDispatcher } from '../../../main/contract/dispatch';
import { createTransitions } from '../../../main/core/cases/transitions';
import type { CabinetConfig } from '../../../main/core/config';
import { createAuditRepo } from '../../../main/store/audit-repo';
import { createRepositories } from '../../../main/store/repositories';
import { SETUP_CODE_FILE } from '../../../main/app/setup-code';
import type { VirtualBus } from '../../../hardware/simulator/virtual-bus';
import { until } from '../until';
import { allowedStatuses, type LaneModel } from './model';

export type { LaneModel } from './model';

/** Statuses in which the case's documents (or results) lie in its compartment. */
const HELD = ['deposited', 'returned', 'needs-correction', 'expired'];
/** Statuses a case reaches only after a deposit: each has exactly one staff message. */
const EVER_DEPOSITED = ['deposited', 'collected', 'returned', 'needs-correction', 'picked-up', 'expired', 'recalled'];
export const STAFF = { login: 'night', pin: '135791' };
const ADMIN = { login: 'admin', pin: '246810' };

/** What the kill left in the file, read before the restart settles it. */
export interface Interrupted {
  cases: { reference: string; status: string }[];
  reserved: string[];
}

export function interrupted(file: string): Interrupted {
  if (!existsSync(file)) return { cases: [], reserved: [] };
  const db = new Database(file, { readonly: true });
  try {
    return {
      cases: db.prepare("SELECT reference, status FROM cases WHERE status IN ('reserved', 'door-opened')").all() as Interrupted['cases'],
      reserved: db.prepare("SELECT label FROM compartments WHERE state = 'reserved'").pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

/** (1) Nothing committed is lost; no case moved that no step moved. */
function checkStatuses(cabinet: Cabinet, where: string, model: LaneModel, lines: readonly string[]): void {
  const { allowed, dropOffsInFlight, continued } = allowedStatuses(model, lines);
  const rows = cabinet.db.prepare('SELECT reference, status FROM cases').all() as { reference: string; status: string }[];
  const wrong = rows.filter((r) => allowed.has(r.reference) && !allowed.get(r.reference)?.has(r.status)).map((r) => ({ ...r, allowed: [...(allowed.get(r.reference) ?? [])] }));
  expect(wrong, `${where}: cases whose status a restart changed or lost`).toEqual([]);
  const present = new Set(rows.map((r) => r.reference));
  expect([...allowed.keys()].filter((ref) => !present.has(ref)), `${where}: cases lost`).toEqual([]);
  // A case no line reported: only the drop-off the kill cut short, settled abandoned or deposited.
  const unknown = rows.filter((r) => !allowed.has(r.reference));
  expect(unknown.length, `${where}: new cases ${JSON.stringify(unknown)} from ${dropOffsInFlight} drop-off(s) in flight`).toBeLessThanOrEqual(dropOffsInFlight);
  expect(unknown.filter((r) => r.status !== 'abandoned' && r.status !== 'deposited'), `${where}: an interrupted drop-off settles abandoned or deposited`).toEqual([]);
  const holder = cabinet.db.prepare("SELECT c.reference FROM compartments k JOIN cases c ON c.id = k.case_id WHERE k.label = ? AND k.state = 'occupied'").pluck();
  const status = cabinet.db.prepare('SELECT status FROM cases WHERE reference = ?').pluck();
  for (const [label, ref] of continued) if (status.get(ref) === 'deposited') expect(holder.get(label), `${where}: continuation of ${ref} into ${label}`).toBe(ref);
}

/** (2) No flow in flight; every compartment that may hold documents is not free. */
function checkCompartments(cabinet: Cabinet, where: string, before: Interrupted): void {
  const db = cabinet.db;
  expect(db.prepare("SELECT reference, status FROM cases WHERE status IN ('reserved', 'door-opened')").all(), `${where}: flows left in flight`).toEqual([]);
  expect(db.prepare("SELECT label FROM compartments WHERE state = 'reserved'").all(), `${where}: compartments left reserved`).toEqual([]);
  const notHeld = db
    .prepare(`SELECT c.reference, c.status, c.compartment, k.state, k.case_id FROM cases c LEFT JOIN compartments k ON k.label = c.compartment WHERE c.status IN (${HELD.map(() => '?').join(',')}) AND (k.state NOT IN ('occupied', 'fault', 'check') OR k.case_id IS NOT c.id)`)
    .all(...HELD);
  expect(notHeld, `${where}: a case whose documents are in the cabinet is held by its compartment (occupied, fault or check — never free)`).toEqual([]);
  const occupiedByNothing = db
    .prepare(`SELECT k.label, c.reference, c.status FROM compartments k LEFT JOIN cases c ON c.id = k.case_id WHERE k.state = 'occupied' AND (c.status IS NULL OR c.status NOT IN (${HELD.map(() => '?').join(',')}))`)
    .all(...HELD);
  expect(occupiedByNothing, `${where}: an occupied compartment holds a case whose documents are in the cabinet`).toEqual([]);
  // A compartment reserved when the power went: its lock may have fired, so it may hold documents.
  const state = db.prepare('SELECT state FROM compartments WHERE label = ?').pluck();
  expect(before.reserved.filter((label) => state.get(label) === 'free'), `${where}: a compartment reserved at the kill is free after the restart`).toEqual([]);
}

/** (3) The file and the audit chain; (4) nothing opened by itself; (5) one message per deposit and per return. */
function checkRecords(cabinet: Cabinet, where: string, virtual: VirtualBus): void {
  const db = cabinet.db;
  const verdict = createAuditRepo(db).verify();
  expect(verdict.problems, `${where}: audit chain`).toEqual([]);
  expect(verdict.ok, `${where}: audit chain`).toBe(true);
  expect(db.pragma('integrity_check', { simple: true }), `${where}: integrity_check`).toBe('ok');
  const log = virtual.log();
  expect(log.filter((e) => e.kind === 'rx' && e.hex.startsWith('8A')), `${where}: open frames sent at start-up`).toEqual([]);
  expect(log.filter((e) => e.kind === 'fire'), `${where}: locks fired at start-up`).toEqual([]);
  const messages = (kind: string) => db.prepare('SELECT json_extract(payload, \'$.reference\') AS reference, idempotency_key AS key FROM outbox WHERE kind = ?').all(kind) as { reference: string; key: string }[];
  const refs = (statuses: string[]) => (db.prepare(`SELECT reference FROM cases WHERE status IN (${statuses.map(() => '?').join(',')})`).pluck().all(...statuses) as string[]).sort();
  const deposits = messages('deposit');
  expect(deposits.map((m) => m.reference).sort(), `${where}: one staff message per deposit`).toEqual(refs(EVER_DEPOSITED));
  expect(new Set(deposits.map((m) => m.key)).size, `${where}: deposit messages' keys`).toBe(deposits.length);
  expect(messages('ready-for-pickup').map((m) => m.reference).sort(), `${where}: one resident message per return`).toEqual(refs(['returned', 'picked-up', 'expired', 'recalled']));
}

/** The restart: a fresh cabinet on the lane's data directory, every promise checked, then tidied up. */
export async function checkRestart(model: LaneModel, config: CabinetConfig, where: string, lines: readonly string[], before: Interrupted): Promise<void> {
  const dataDir = join(model.dir, 'data');
  const cabinet = await createCabinet({ config, dataDir, log: () => {} });
  try {
    const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
    // A few polls go by (both boards read at least twice): whatever start-up would do to the boards, it has done by now.
    await until(() => virtual.log().filter((e) => e.kind === 'rx').length >= 4, 20_000, `${where}: polls after the restart`);
    try {
      checkStatuses(cabinet, where, model, lines);
      checkCompartments(cabinet, where, before);
      checkRecords(cabinet, where, virtual);
      await tidyUp(cabinet, model);
    } finally {
      // The lane goes on from what is in the file, so one failure is reported once, not again at every later kill.
      model.statuses = new Map((cabinet.db.prepare('SELECT reference, status FROM cases').all() as { reference: string; status: string }[]).map((r) => [r.reference, r.status]));
      for (const ref of model.codes.keys()) if (model.statuses.get(ref) !== 'returned') model.codes.delete(ref);
    }
  } finally {
    await cabinet.close();
  }
}

/**
 * Staff's part between kills, through the contract: the first run's accounts; compartments under
 * check looked at (documents found where a case's results or deposit lie, every other abandoned
 * drop-off found holding documents, a cut-short return's results taken out); jammed doors repaired.
 */
async function tidyUp(cabinet: Cabinet, model: LaneModel): Promise<void> {
  const api = createClient(methods, createDispatcher(methods, cabinet.handlers));
  if ((await api['staff.setupNeeded']({})).setupNeeded) {
    const setupCode = readFileSync(join(model.dir, 'data', SETUP_CODE_FILE), 'utf8').trim();
    const { token } = await api['staff.createFirstAdmin']({ setupCode, login: ADMIN.login, name: 'Admin', pin: ADMIN.pin });
    await api['staff.createAccount']({ token, login: STAFF.login, name: '夜班', role: 'staff', pin: STAFF.pin });
  }
  const rows = cabinet.db.prepare("SELECT k.label, k.state, c.status FROM compartments k LEFT JOIN cases c ON c.id = k.case_id WHERE k.state IN ('check', 'fault')").all() as { label: string; state: string; status: string | null }[];
  if (rows.length === 0) return roomForMore(cabinet);
  const { token } = await api['staff.login'](ADMIN);
  for (const k of rows) {
    if (k.state === 'fault') {
      if (!HELD.includes(k.status ?? '')) await api['maintenance.setInService']({ token, label: k.label, inService: true });
      continue;
    }
    const documents = HELD.includes(k.status ?? '') || (k.status === 'abandoned' && model.checksCleared++ % 2 === 0);
    await api['check.clear']({ token, label: k.label, found: documents ? 'documents' : 'empty' });
  }
  await api['staff.logout']({ token });
  roomForMore(cabinet);
}

/**
 * A long schedule would fill the cabinet: when few compartments are left, staff empty it as a
 * night would (deposits collected, results picked up), straight through the transitions.
 */
function roomForMore(cabinet: Cabinet): void {
  const db = cabinet.db;
  if ((db.prepare("SELECT COUNT(*) FROM compartments WHERE state = 'free'").pluck().get() as number) >= 16) return;
  const repos = createRepositories(db, cabinet.secrets);
  const t = createTransitions(repos);
  const move = { actor: 'staff:test-night', at: Date.now() };
  const rows = db.prepare("SELECT k.label, k.case_id AS caseId, c.status FROM compartments k JOIN cases c ON c.id = k.case_id WHERE k.state = 'occupied'").all() as { label: string; caseId: number; status: string }[];
  db.transaction(() => {
    const moved = new Set<number>();
    for (const k of rows) {
      if (!moved.has(k.caseId) && (k.status === 'deposited' || k.status === 'returned')) t.moveCase(k.caseId, k.status === 'deposited' ? 'collect' : 'pick-up', move);
      if (k.status === 'returned') repos.cases.clearPickupCode(k.caseId);
      moved.add(k.caseId);
      t.moveCompartment(k.label, 'empty', k.caseId, move);
    }
  })();
}
