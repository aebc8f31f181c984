// What the district does with cases in the hub, on a real PostgreSQL (and Mosquitto for the
// commands): deadline flags and escalation written once by the sweep on a clock of the test's,
// state moves and reassignment with the actor on the timeline, 办结 telling the cabinet with a
// signed cases.ready, follow-ups closed only with a note, satisfaction by matter, department and
// cabinet, answers correlated with their commands.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../main/core/fleet/command-check';
import { createCaseActions } from '../../hub/services/cases';
import { createCommands } from '../../hub/services/commands';
import { seed } from '../../hub/services/seed';
import { startSweeps, sweepDeadlines } from '../../hub/services/sweeps';
import { departmentQueue, findCase, timeline } from '../../hub/store/cases';
import { getCommand } from '../../hub/store/commands';
import { flagsOf } from '../../hub/store/flags';
import { setSupervisor } from '../../hub/store/departments';
import { closeFollowup, listFollowups, satisfaction } from '../../hub/store/ratings';
import { startMosquitto } from '../../scripts/mosquitto';
import { event, HUB_USERS, hubIngest, newGroup, publisher, send, untilRows } from './hub-helpers';
import { startPG } from './hub-pg';
import { until } from './until';

const pg = await startPG();
const broker = await startMosquitto({ users: HUB_USERS });
afterAll(() => broker.stop());
beforeEach(() => void newGroup());

const day = (d: string, hh = 10) => Date.parse(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`);

describe('hub cases', () => {
  it('flags due soon, overdue and escalations once each, on the sweep clock', async () => {
    const { pool } = await pg.freshDb();
    await seed(pool);
    await setSupervisor(pool, 'housing-fund', 'wang.sup');
    const hub = await hubIngest(broker, pool);
    const pub = await publisher(broker);
    try {
      // housing-fund: 5 working days. Deposited Mon 2 March → due Mon 9 March.
      await send(pub, event('xh-001', 1, 'deposit', { reference: 'R1', matterId: 'housing-fund', compartment: 'A01', found: false }, day('2026-03-02')));
      await untilRows(pool, `SELECT count(*) AS n FROM cases`, 1, 'the case');
      const c = (await findCase(pool, 'xh-001', 'R1'))!;
      expect(c.dueDate).toBe('2026-03-09');
      expect(await sweepDeadlines(pool, day('2026-03-05'))).toEqual([]);
      expect((await sweepDeadlines(pool, day('2026-03-06'))).map((f) => f.kind)).toEqual(['due-soon']); // Fri: Mon is the next working day
      expect(await sweepDeadlines(pool, day('2026-03-06', 16))).toEqual([]);
      expect(await sweepDeadlines(pool, day('2026-03-09'))).toEqual([]);
      const late = await sweepDeadlines(pool, day('2026-03-10'));
      expect(late).toEqual([
        { caseId: c.id, kind: 'overdue', notify: 'department:housing-fund' },
        { caseId: c.id, kind: 'escalated-supervisor', notify: 'supervisor:wang.sup' },
      ]);
      expect(await sweepDeadlines(pool, day('2026-03-11'))).toEqual([]);
      expect(await sweepDeadlines(pool, day('2026-03-12'))).toEqual([{ caseId: c.id, kind: 'escalated-lead', notify: 'district-lead' }]);
      expect((await flagsOf(pool, c.id)).map((f) => f.kind).sort()).toEqual(['due-soon', 'escalated-lead', 'escalated-supervisor', 'overdue']);
      expect((await timeline(pool, c.id)).filter((t) => t.actor === 'hub:sweep')).toHaveLength(4);
      // The same sweep on timers: a fake clock fires it, nothing new to raise.
      let fire: (() => void) | undefined;
      const raised: unknown[] = [];
      const sweeps = startSweeps({ pool, everyMs: 30_000, onRaised: (r) => raised.push(r), timers: { now: () => day('2026-03-13'), setTimeout: (fn) => ((fire = fn), 1), clearTimeout: () => undefined } });
      await sweeps.runOnce();
      sweeps.stop();
      expect(fire).toBeTypeOf('function');
      expect(raised).toEqual([]);
    } finally {
      await pub.endAsync();
      await hub.stop();
    }
  });

  it('moves a case with the actor on its timeline, reassigns with a reason, and tells the cabinet at 办结', async () => {
    const { pool } = await pg.freshDb();
    await seed(pool);
    const keys = generateKeyPairSync('ed25519');
    const hub = await hubIngest(broker, pool);
    const cabinetSide = await publisher(broker);
    const heard: string[] = [];
    cabinetSide.on('message', (_t, payload) => heard.push(payload.toString()));
    await cabinetSide.subscribeAsync('district/xh/cabinets/xh-002/commands', { qos: 1 });
    const commands = createCommands({ pool, link: hub, districtId: 'xh', key: keys.privateKey, now: () => day('2026-03-03') });
    const actions = createCaseActions({ pool, commands, now: () => day('2026-03-03') });
    try {
      await send(cabinetSide, event('xh-002', 1, 'deposit', { reference: 'R2', matterId: 'other', compartment: 'B01', found: false }, day('2026-03-02')));
      await untilRows(pool, `SELECT count(*) AS n FROM cases`, 1, 'the case');
      const c = (await findCase(pool, 'xh-002', 'R2'))!;
      expect(c.departmentId).toBe('service-centre');
      expect(await actions.reassign(c.id, 'civil-affairs', { login: 'zhao' }, '  ')).toEqual({ ok: false, error: 'reason-required' });
      expect(await actions.reassign(c.id, 'nowhere', { login: 'zhao' }, 'wrong desk')).toEqual({ ok: false, error: 'no-department' });
      expect(await actions.reassign(c.id, 'civil-affairs', { login: 'zhao' }, 'senior card matter')).toMatchObject({ ok: true, case: { departmentId: 'civil-affairs' } });
      expect((await departmentQueue(pool, 'civil-affairs')).map((x) => x.id)).toEqual([c.id]);
      expect(await actions.changeState(c.id, 'completed', { login: 'li' }, null)).toEqual({ ok: false, error: 'not-allowed' });
      expect(await actions.changeState(c.id, 'in-progress', { login: 'li' }, null)).toMatchObject({ ok: true });
      expect(await actions.changeState(c.id, 'completed', { login: 'li' }, 'certificate issued')).toMatchObject({ ok: true, case: { state: 'completed' } });
      const lines = await timeline(pool, c.id);
      expect(lines.map((t) => [t.actor, t.kind, t.toState])).toEqual([
        ['cabinet:xh-002', 'event:deposit', 'accepted'],
        ['hub:zhao', 'reassign', null],
        ['hub:li', 'state', 'in-progress'],
        ['hub:li', 'state', 'completed'],
      ]);
      expect(lines[1]?.note).toBe('service-centre → civil-affairs: senior card matter');
      await until(() => heard.length === 1, 10_000, 'cases.ready on the cabinet topic');
      const check = checkCommand(heard[0]!, { cabinetId: 'xh-002', key: createPublicKey(keys.privateKey), now: day('2026-03-03'), maxAgeMs: 300_000 });
      // The cabinet's own check passes: well formed, signed by the district, for this cabinet, fresh.
      expect(check).toMatchObject({ ok: true, command: { type: 'cases.ready', cabinet: 'xh-002', body: { reference: 'R2', matterId: 'other', note: 'certificate issued' } } });
      // The cabinet answers; the ingest correlates it by id.
      const id = JSON.parse(heard[0]!).id as string;
      await cabinetSide.publishAsync('district/xh/cabinets/xh-002/responses', JSON.stringify({ v: 1, id, at: day('2026-03-03'), ok: true, result: { listed: true } }), { qos: 1 });
      await until(async () => (await getCommand(pool, id))?.state === 'ok', 10_000, 'the answer stored');
    } finally {
      await cabinetSide.endAsync();
      await hub.stop();
    }
  });

  it('opens a follow-up for a bad rating, closes it only with a note, and sums satisfaction', async () => {
    const { pool } = await pg.freshDb();
    await seed(pool);
    const hub = await hubIngest(broker, pool);
    const pub = await publisher(broker);
    try {
      await send(pub, event('xh-003', 1, 'deposit', { reference: 'R3', matterId: 'retirement', compartment: 'A01', found: false }));
      await send(pub, event('xh-003', 2, 'rating', { reference: 'R3', flow: 'drop-off', level: 2, comments: [] }));
      await send(pub, event('xh-003', 3, 'rating', { reference: null, flow: 'pickup', level: 5, comments: [] }));
      await send(pub, event('xh-004', 1, 'rating', { reference: null, flow: 'pickup', level: 4, comments: [] }));
      await untilRows(pool, `SELECT count(*) AS n FROM ratings`, 3, 'three ratings');
      const [open] = await listFollowups(pool, { open: true });
      expect(open).toMatchObject({ departmentId: 'hrss', level: 2, reference: 'R3' });
      await expect(closeFollowup(pool, open!.id, 'li', '   ', day('2026-03-10'))).rejects.toThrow(/check/);
      expect(await closeFollowup(pool, open!.id, 'li', 'called the resident; documents were complete', day('2026-03-10'))).toBe(true);
      expect(await closeFollowup(pool, open!.id, 'li', 'again', day('2026-03-10'))).toBe(false);
      expect(await listFollowups(pool, { open: true })).toEqual([]);
      expect(await satisfaction(pool, 'cabinet')).toEqual([
        { key: 'xh-003', ratings: 2, average: 3.5, satisfied: 0.5, bad: 1 },
        { key: 'xh-004', ratings: 1, average: 4, satisfied: 1, bad: 0 },
      ]);
      expect((await satisfaction(pool, 'department')).map((s) => [s.key, s.ratings])).toEqual([['hrss', 1], [null, 2]]);
      expect((await satisfaction(pool, 'matter')).map((s) => [s.key, s.average])).toEqual([['retirement', 2], [null, 4.5]]);
    } finally {
      await pub.endAsync();
      await hub.stop();
    }
  });
});
