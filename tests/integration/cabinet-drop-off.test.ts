// The real core on a real SQLite file with the in-process simulated boards speaking the generic
// protocol through the real transport. Door truth: steps complete on the sensor, not the reply.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { wallClock } from '../../main/app/clock';
import type { Clock } from '../../main/core/clock';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import type { DropOffState } from '../../main/contract/schemas';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import { until } from './until';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import { CallError } from '../../main/contract/errors';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

function fastConfig(): CabinetConfig {
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  raw.timeouts.doorOpenDetectSeconds = 2;
  raw.timeouts.doorLeftOpenSeconds = 1;
  return parseConfig(raw);
}

async function start(dataDir = mkdtempSync(join(tmpdir(), 'cab-')), config = fastConfig(), timers?: Clock) {
  const cabinet = await createCabinet({ config, dataDir, log: () => {}, ...(timers ? { timers } : {}) });
  opened.push(cabinet);
  const events: DropOffState[] = [];
  cabinet.on('dropOff.changed', (s) => events.push(s));
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  return { cabinet, dataDir, events, virtual };
}


const begin = { matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true as const, consent: true as const, language: 'zh-CN' as const, elderMode: false };
const opensSent = (virtual: VirtualBus) => virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A')).map((e) => e.hex);

describe('drop-off through the real core', () => {
  it('opens A01 with the real frame, and deposits only when the sensor sees the door close', async () => {
    const { cabinet, events, virtual } = await start();
    const state = await cabinet.handlers['dropOff.begin'](begin);
    expect(state.compartment.label).toBe('A01');
    expect(opensSent(virtual)).toEqual(['8A 01 01 11 9B']);
    await until(() => events.some((e) => e.stage === 'open'));
    expect(cabinet.db.prepare('SELECT status FROM cases').get()).toEqual({ status: 'door-opened' });

    virtual.closeDoor(1, 1);
    await until(() => events.some((e) => e.stage === 'deposited'));
    const done = events.find((e) => e.stage === 'deposited');
    expect(done?.receipt?.maskedPhone).toBe('138****5678');
    const row = cabinet.db.prepare('SELECT status, compartment, reference FROM cases').get() as { status: string; reference: string };
    expect(row).toMatchObject({ status: 'deposited', compartment: 'A01', reference: done?.receipt?.reference });
    // Dated by the wall clock: today's YYMMDD, sequence 0001.
    const today = new Date();
    const yymmdd = `${String(today.getFullYear()).slice(2)}${String(today.getMonth() + 1).padStart(2, '0')}${String(today.getDate()).padStart(2, '0')}`;
    expect(row.reference).toBe(`${yymmdd}0001`);
    expect(Math.abs((done?.receipt?.depositedAt ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(cabinet.db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'occupied' });
    expect(cabinet.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    const actions = (cabinet.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(['case.reserved', 'compartment.reserved', 'lock.open', 'case.door-opened', 'case.deposited', 'compartment.occupied']);
    expect(cabinet.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: actions.length });
    expect((cabinet.db.prepare('SELECT status FROM cases').get() as { status: string }).status).toBe('deposited');
    // Only one open ever reached the board.
    expect(opensSent(virtual)).toHaveLength(1);
  });

  it('asks the resident when the door was never seen open but may have opened unseen; "not inside" keeps it under check and offers another', async () => {
    const { cabinet, events, virtual } = await start();
    virtual.setJammed(1, 1, true);
    await cabinet.handlers['dropOff.begin'](begin);
    // The generic board's open reply takes ~500 ms, during which no poll reads the door: never certain.
    const first = await until(() => events.some((e) => e.stage === 'open-uncertain'), 6000).then(() => events.find((e) => e.stage === 'open-uncertain')!);
    expect(cabinet.db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'check' });
    expect(opensSent(virtual)).toHaveLength(1); // never resent
    await expect(cabinet.handlers['dropOff.retry']({ dropOffId: first.dropOffId })).rejects.toMatchObject({ code: 'conflict' }); // answer first
    expect((await cabinet.handlers['dropOff.answer']({ dropOffId: first.dropOffId, inside: false })).stage).toBe('open-not-detected');
    // The resident is offered another compartment for the same case; A01 stays under check for staff.
    events.length = 0;
    const next = await cabinet.handlers['dropOff.retry']({ dropOffId: first.dropOffId });
    expect(next.compartment.label).toBe('B01'); // same row, next column
    await until(() => events.some((e) => e.stage === 'open'));
    virtual.closeDoor(2, 1);
    await until(() => events.some((e) => e.stage === 'deposited'));
    expect(cabinet.db.prepare('SELECT status, compartment FROM cases').all()).toEqual([{ status: 'deposited', compartment: 'B01' }]);
    expect(cabinet.db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'check' });
    expect(opensSent(virtual)).toEqual(['8A 01 01 11 9B', '8A 02 01 11 98']);
  });

  it('records the deposit when the resident says the documents are inside a door that was not seen open', async () => {
    const { cabinet, events, virtual } = await start();
    virtual.setJammed(1, 1, true);
    const state = await cabinet.handlers['dropOff.begin'](begin);
    await until(() => events.some((e) => e.stage === 'open-uncertain'), 6000);
    const answered = await cabinet.handlers['dropOff.answer']({ dropOffId: state.dropOffId, inside: true });
    expect(answered.stage).toBe('deposited');
    expect(answered.receipt?.compartment).toBe('A01');
    expect(cabinet.db.prepare('SELECT status, compartment FROM cases').all()).toEqual([{ status: 'deposited', compartment: 'A01' }]);
    expect(cabinet.db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'occupied' });
    expect(cabinet.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'deposit'").get()).toEqual({ n: 1 });
  });

  it('never resends an open whose reply did not come (board offline): the door is in doubt, never free', async () => {
    const { cabinet, events, virtual } = await start();
    virtual.setOffline(1, true);
    const state = await cabinet.handlers['dropOff.begin'](begin);
    expect(state.stage).toBe('opening');
    await until(() => events.some((e) => e.stage === 'open-uncertain'), 8000);
    expect(opensSent(virtual)).toHaveLength(1);
    const failed = cabinet.db.prepare("SELECT detail FROM audit_log WHERE action = 'lock.open'").get() as { detail: string };
    expect(JSON.parse(failed.detail)).toMatchObject({ outcome: 'outcome-unknown' });
    expect(cabinet.db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'check' });
  });

  it('refuses an unconfirmed phone number and an unknown matter with typed errors, opening nothing', async () => {
    const { cabinet, virtual } = await start();
    await expect(cabinet.handlers['dropOff.begin']({ ...begin, phoneConfirmed: undefined })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(cabinet.handlers['dropOff.begin']({ ...begin, matterId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    expect(opensSent(virtual)).toEqual([]);
    const denied = cabinet.db.prepare("SELECT outcome FROM audit_log WHERE action = 'dropoff.begin'").all();
    expect(denied).toEqual([{ outcome: 'denied' }]);
  });

  it('opens nothing on start-up, even with a drop-off left half done by a power cut', async () => {
    const first = await start();
    await first.cabinet.handlers['dropOff.begin'](begin);
    await until(() => first.events.some((e) => e.stage === 'open'));
    await first.cabinet.close();
    opened.splice(opened.indexOf(first.cabinet), 1);
    const again = await start(first.dataDir);
    await new Promise((r) => setTimeout(r, 300));
    expect(opensSent(again.virtual)).toEqual([]);
    const db = new Database(join(first.dataDir, 'cabinet.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM cases').get()).toEqual({ n: 1 });
    // The interrupted drop-off is settled, not left hanging: the door was seen open before the
    // cut, so the documents may be inside: deposited, for staff to check; the door reads closed.
    expect(db.prepare('SELECT status FROM cases').get()).toEqual({ status: 'deposited' });
    expect(db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'occupied' });
    db.close();
  });

  it('gives the elderly the lowest fitting door first', async () => {
    const { cabinet } = await start();
    const state = await cabinet.handlers['dropOff.begin']({ ...begin, elderMode: true });
    expect(state.compartment).toMatchObject({ label: 'A06', row: 6, size: 'S' });
  });

  it('raises an alarm for a door opened without a command, recorded with a technician message', async () => {
    const { cabinet, virtual } = await start();
    const alarms: string[] = [];
    cabinet.on('alarm', (a) => alarms.push(`${a.kind}:${a.label}`));
    virtual.forceOpen(2, 5);
    await until(() => alarms.length > 0);
    expect(alarms[0]).toBe('door-opened-without-command:B05');
    const outbox = cabinet.db.prepare("SELECT audience, payload FROM outbox WHERE kind = 'alarm'").all() as { audience: string; payload: string }[];
    expect(outbox[0]?.audience).toBe('technician');
    expect(JSON.parse(outbox[0]?.payload ?? '{}')).toMatchObject({ alarm: 'door-opened-without-command', compartment: 'B05' });
    expect(cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'alarm.door-opened-without-command'").get()).toEqual({ n: 1 });
  });

  it('reminds a resident who leaves the door open, then raises the alarm', async () => {
    const { cabinet, events } = await start();
    const alarms: string[] = [];
    cabinet.on('alarm', (a) => alarms.push(a.kind));
    await cabinet.handlers['dropOff.begin'](begin);
    await until(() => events.some((e) => e.doorLeftOpen === 'reminder'), 4000);
    expect(alarms).toEqual([]);
    await until(() => events.some((e) => e.doorLeftOpen === 'alarm'), 4000);
    expect(alarms).toEqual(['door-left-open']);
  });

  it('continues a deposit into a second compartment for the same case (继续投递)', async () => {
    const { cabinet, events, virtual } = await start();
    const first = await cabinet.handlers['dropOff.begin'](begin);
    await until(() => events.some((e) => e.stage === 'open'));
    virtual.closeDoor(1, 1);
    await until(() => events.some((e) => e.stage === 'deposited'));
    events.length = 0;
    const second = await cabinet.handlers['dropOff.continue']({ dropOffId: first.dropOffId });
    expect(second.compartment.label).toBe('B01');
    await until(() => events.some((e) => e.stage === 'open'));
    virtual.closeDoor(2, 1);
    await until(() => events.some((e) => e.stage === 'deposited'));
    const receipt = events.find((e) => e.stage === 'deposited')?.receipt;
    expect(receipt?.compartments).toEqual(['A01', 'B01']);
    expect(cabinet.db.prepare('SELECT COUNT(*) AS n FROM cases').get()).toEqual({ n: 1 });
    const held = cabinet.db.prepare("SELECT label FROM compartments WHERE state = 'occupied' ORDER BY label").all();
    expect(held).toEqual([{ label: 'A01' }, { label: 'B01' }]);
    // Only the latest deposit can be continued, once per receipt.
    await expect(cabinet.handlers['dropOff.continue']({ dropOffId: first.dropOffId })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('a full disk', () => {
  it('refuses a new drop-off with a typed error, opening nothing', async () => {
    const { cabinet, virtual, events } = await start();
    const client = createClient(methods, createDispatcher(methods, cabinet.handlers));
    // No room for one more page: what a full disk looks like to SQLite.
    const pages = cabinet.db.pragma('page_count', { simple: true }) as number;
    cabinet.db.pragma(`max_page_count = ${pages}`);
    let error: unknown;
    for (let i = 0; i < 30 && !error; i++) {
      const state = await client['dropOff.begin']({ ...begin, phone: `1380000${String(1000 + i)}`, phoneConfirmed: true }).catch((e: unknown) => {
        error = e;
        return undefined;
      });
      if (!state) break;
      // One drop-off at a time: this resident finishes (or the deposit is not recorded) before the next.
      await until(() => events.some((e) => e.dropOffId === state.dropOffId && e.stage === 'open'));
      const c = cabinet.config.compartments.find((x) => x.label === state.compartment.label)!;
      virtual.closeDoor(c.board, c.lock);
      await until(() => events.some((e) => e.dropOffId === state.dropOffId && (e.stage === 'deposited' || e.stage === 'not-recorded')));
    }
    expect(error).toBeInstanceOf(CallError);
    expect((error as CallError).code).toBe('unavailable');
    // Every open that went out belongs to a case that was recorded first.
    const recorded = cabinet.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number };
    expect(opensSent(virtual)).toHaveLength(recorded.n);
  });

  it('tells the resident kindly when the deposit cannot be recorded; the next start records it', async () => {
    const first = await start();
    await first.cabinet.handlers['dropOff.begin'](begin);
    await until(() => first.events.some((e) => e.stage === 'open'));
    // The disk refuses every write from here on (as a failing or full disk does).
    first.cabinet.db.pragma('query_only = 1');
    first.virtual.closeDoor(1, 1);
    await until(() => first.events.some((e) => e.stage === 'not-recorded'));
    expect(first.events.some((e) => e.stage === 'deposited')).toBe(false);
    expect(first.cabinet.db.prepare('SELECT status FROM cases').get()).toEqual({ status: 'door-opened' });
    await first.cabinet.close();
    opened.splice(opened.indexOf(first.cabinet), 1);
    // Writable again after a restart: recovery records the deposit the documents made.
    const again = await start(first.dataDir);
    expect(again.cabinet.db.prepare('SELECT status FROM cases').get()).toEqual({ status: 'deposited' });
    expect(again.cabinet.db.prepare("SELECT state FROM compartments WHERE label = 'A01'").get()).toEqual({ state: 'occupied' });
    expect(opensSent(again.virtual)).toEqual([]);
  });
});

describe('drop-off admission', () => {
  it('30 parallel begins open one door; the rest are told another drop-off is under way', async () => {
    const { cabinet, virtual } = await start();
    const once = () => Promise.resolve(cabinet.handlers['dropOff.begin'](begin)).then(() => 'opening', (e: { code: string }) => e.code);
    const outcomes = await Promise.all(Array.from({ length: 30 }, once));
    expect(outcomes.filter((o) => o === 'opening')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(29);
    expect(opensSent(virtual)).toHaveLength(1);
    // 29 refusals, one audit row: a refusal anyone can repeat is written once a minute, the repeats counted.
    expect(cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'dropoff.begin' AND outcome = 'denied'").get()).toEqual({ n: 1 });
  });

  it('a flood of refused begins (phone never confirmed) writes one audit row a minute, and the next row counts the repeats', async () => {
    // The wall clock, moved a minute on by the test: the audit window is a rule of time.
    let offset = 0;
    const { cabinet, virtual } = await start(undefined, undefined, { ...wallClock, now: () => Date.now() + offset });
    const refused: string[] = [];
    for (let i = 0; i < 1000; i++) await Promise.resolve(cabinet.handlers['dropOff.begin']({ ...begin, phoneConfirmed: undefined })).catch((e: { code: string }) => refused.push(e.code));
    expect(new Set(refused)).toEqual(new Set(['bad-request']));
    const rows = () => cabinet.db.prepare("SELECT json_extract(detail, '$.repeatsNotLogged') AS repeats FROM audit_log WHERE action = 'dropoff.begin' ORDER BY id").all();
    expect(rows()).toEqual([{ repeats: null }]);
    offset += 61_000;
    await expect(cabinet.handlers['dropOff.begin']({ ...begin, phoneConfirmed: undefined })).rejects.toMatchObject({ code: 'bad-request' });
    expect(rows()).toEqual([{ repeats: null }, { repeats: 999 }]);
    expect(opensSent(virtual)).toEqual([]);
  });

  it('more drop-offs in ten minutes than residents could make are refused for a while, and staff alarmed once', async () => {
    const { cabinet, events, virtual } = await start();
    const outcomes: string[] = [];
    for (let i = 0; i < 14; i++) {
      const state = await Promise.resolve(cabinet.handlers['dropOff.begin'](begin)).catch((e: { code: string; extra: { retryAfterSeconds?: number } }) => e);
      if ('code' in state) {
        outcomes.push(`${state.code}${(state.extra.retryAfterSeconds ?? 0) > 0 ? ' with a wait' : ''}`);
        continue;
      }
      outcomes.push('opening');
      await until(() => events.some((e) => e.dropOffId === state.dropOffId && e.stage === 'open'));
      const c = cabinet.config.compartments.find((x) => x.label === state.compartment.label)!;
      virtual.closeDoor(c.board, c.lock);
      await until(() => events.some((e) => e.dropOffId === state.dropOffId && e.stage === 'deposited'));
    }
    expect(outcomes).toEqual([...Array(12).fill('opening'), 'locked-out with a wait', 'locked-out with a wait']);
    expect(cabinet.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alarm' AND json_extract(payload, '$.alarm') = 'drop-off-rate'").get()).toEqual({ n: 1 });
  }, 60_000);
});
