// The loop with the real cabinet core (simulated boards, real SQLite) and a real Mosquitto with the
// per-cabinet ACL: a drop-off at the cabinet → broker → hub → a case in the right department's
// queue in PostgreSQL; the hub's pushes (calendar, a whole configuration, an account whose PIN was
// hashed on the hub) reach the cabinet and their answers come back; 办结 in the hub lists the case
// on the cabinet's staff console as results on their way.
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseActions } from '../../hub/services/cases';
import { createCommands, type Commands } from '../../hub/services/commands';
import { seed } from '../../hub/services/seed';
import type { Pool } from '../../hub/db/pool';
import type { Ingest } from '../../hub/ingest/ingest';
import { departmentQueue, findCase } from '../../hub/store/cases';
import { getCommand } from '../../hub/store/commands';
import { startMosquitto, type Broker } from '../../scripts/mosquitto';
import { CABINET, DISTRICT, deposit, districtKeys, openFleetCabinet, USERS } from './fleet-helpers';
import { hubIngest, newGroup } from './hub-helpers';
import { startPG } from './hub-pg';
import { until } from './until';

const pg = await startPG();
const keys = districtKeys();
let broker: Broker;
let pool: Pool;
let hub: Ingest;
let commands: Commands;
let c: Awaited<ReturnType<typeof openFleetCabinet>>;

beforeAll(async () => {
  broker = await startMosquitto({ users: USERS, acl: true });
  ({ pool } = await pg.freshDb());
  await seed(pool);
  newGroup();
  // The hub is the district's consumer: the ACL's "district" user.
  hub = await hubIngest(broker, pool, { username: 'district', password: USERS.district, districtId: DISTRICT });
  commands = createCommands({ pool, link: hub, districtId: DISTRICT, key: keys.privateKey, now: () => Date.now() });
  c = await openFleetCabinet({ broker, publicKey: createPublicKey(keys.privateKey) });
}, 40_000);
afterAll(async () => {
  await c?.cabinet.close();
  await hub?.stop();
  await broker?.stop();
});

async function answered(id: string): Promise<string> {
  await until(async () => (await getCommand(pool, id))?.state !== 'sent', 15_000, `the answer to ${id}`);
  return (await getCommand(pool, id))!.state;
}

describe('cabinet → hub → cabinet', () => {
  it('puts a drop-off at the cabinet in its department queue, and the hub pushes reach the cabinet', async () => {
    const reference = await deposit(c);
    expect(reference).toMatch(/^\d{10,13}$/);
    await until(async () => (await findCase(pool, CABINET, reference)) !== null, 20_000, 'the case in PostgreSQL');
    const queue = await departmentQueue(pool, 'hrss');
    expect(queue).toEqual([expect.objectContaining({ reference, matterId: 'social-insurance', state: 'accepted', cabinet: CABINET })]);
    expect(queue[0]?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const holidays = await commands.pushHolidays(CABINET, 'admin');
    expect(await answered(holidays.id)).toBe('ok');
    expect(c.cabinet.config.calendar.holidays).toContain('2026-02-17');
    expect(c.cabinet.config.calendar.workdays).toContain('2026-02-14');

    // A whole configuration from the hub: its matter catalogue with one promise changed, live at once.
    const config = structuredClone(c.cabinet.config) as unknown as { matters: { id: string; processingDays: number }[] };
    config.matters.find((m) => m.id === 'social-insurance')!.processingDays = 8;
    const pushed = await commands.pushConfig(CABINET, config as unknown as Record<string, unknown>, 'admin');
    expect(await answered(pushed.id)).toBe('ok');
    expect((await getCommand(pool, pushed.id))?.response).toMatchObject({ ok: true, result: { state: 'applied' } });
    expect(c.cabinet.config.matters.find((m) => m.id === 'social-insurance')?.processingDays).toBe(8);

    const account = await commands.pushAccounts(CABINET, [{ login: 'zhou.min', name: '周敏', role: 'staff', pin: '482916' }], 'admin');
    expect(await answered(account.id)).toBe('ok');
    const session = await c.cabinet.handlers['staff.login']({ login: 'zhou.min', pin: '482916' });
    expect(session).toMatchObject({ login: 'zhou.min', name: '周敏', role: 'staff' });

    const found = (await findCase(pool, CABINET, reference))!;
    const actions = createCaseActions({ pool, commands, now: () => Date.now() });
    expect(await actions.changeState(found.id, 'in-progress', { login: 'li' }, null)).toMatchObject({ ok: true });
    expect(await actions.changeState(found.id, 'completed', { login: 'li' }, '证件已办好')).toMatchObject({ ok: true });
    await until(async () => (await pool.query(`SELECT state FROM commands WHERE type = 'cases.ready'`)).rows[0]?.state === 'ok', 15_000, 'cases.ready answered');
    const ready = await c.cabinet.handlers['returns.ready']({ token: session.token });
    expect(ready).toEqual([expect.objectContaining({ reference, note: '证件已办好' })]);
  });
});
