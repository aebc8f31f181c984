// The fleet outbox against a real Mosquitto: every deposit reaches the district once per message
// id, in order, whatever the broker does — down while deposits continue, restarted, the cabinet
// restarted in between — and a row goes again, under the same id, when its sent mark was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startMosquitto, type Broker } from '../../scripts/mosquitto';
import { deposit, district, districtKeys, openFleetCabinet, steppedClock, USERS, type District } from './fleet-helpers';
import { until } from './until';

let broker: Broker;
let d: District;
const keys = districtKeys();

beforeAll(async () => {
  broker = await startMosquitto({ users: USERS, acl: true });
  d = await district(broker, keys.privateKey, 'district-outbox');
}, 30_000);
afterAll(async () => {
  await d?.close();
  await broker?.stop();
});

const deposits = (dd: District) => dd.events().filter((e) => e.json.type === 'deposit');
const unique = (dd: District) => [...new Map(deposits(dd).map((e) => [e.json.id, e])).values()];

describe('fleet outbox over a real broker', () => {
  it('keeps deposits while the broker is down and across a cabinet restart, then delivers them all in order', async () => {
    const first = await openFleetCabinet({ broker, publicKey: keys.publicKey });
    await until(() => d.status()?.state === 'online', 15_000, 'online status');
    const refs = [await deposit(first)];
    await until(() => unique(d).length === 1, 15_000, 'first deposit at the district');

    await broker.stop();
    for (let i = 0; i < 3; i++) refs.push(await deposit(first));
    expect(first.cabinet.services.fleet?.backlog()).toBe(3);
    // The cabinet restarts while the broker is still away: the backlog is in its database.
    await first.cabinet.close();
    const again = await openFleetCabinet({ broker, publicKey: keys.publicKey }, first.dirs);
    expect(again.cabinet.services.fleet?.backlog()).toBe(3);
    refs.push(await deposit(again));
    expect(again.cabinet.services.fleet?.backlog()).toBe(4);

    await broker.start();
    await until(() => unique(d).length === 5, 30_000, 'all five deposits at the district');
    const heard = unique(d);
    expect(heard.map((e) => (e.json.data as { reference: string }).reference)).toEqual(refs);
    const seqs = heard.map((e) => e.json.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(heard.map((e) => e.json.id)).size).toBe(5);
    expect(heard[0]?.json).toMatchObject({ v: 1, district: 'd1', cabinet: 'demo-01', type: 'deposit' });
    expect(heard[0]?.text).not.toContain('13812345678');
    await until(() => again.cabinet.services.fleet?.backlog() === 0, 15_000, 'outbox drained');
    await again.cabinet.close();
  }, 120_000);

  it('sends a row again under the same id when its PUBACK came but the sent mark was lost', async () => {
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey });
    const before = unique(d).length;
    const ref = await deposit(c);
    await until(() => c.cabinet.services.fleet?.backlog() === 0 && unique(d).length === before + 1, 15_000, 'deposit sent');
    // (References repeat across this file's fresh cabinets: the newest one is this cabinet's.)
    const original = deposits(d).filter((e) => (e.json.data as { reference: string }).reference === ref).at(-1);
    await c.cabinet.close();
    // A power cut between the PUBACK and the commit of the mark: the row is unsent on disk.
    const db = new Database(join(c.dirs.dataDir, 'cabinet.sqlite'));
    db.prepare("UPDATE fleet_outbox SET sent_at = NULL WHERE type = 'deposit' AND payload LIKE ?").run(`%${ref}%`);
    db.close();
    const again = await openFleetCabinet({ broker, publicKey: keys.publicKey }, c.dirs);
    await until(() => deposits(d).filter((e) => e.json.id === original?.json.id).length === 2, 15_000, 'the duplicate');
    const copies = deposits(d).filter((e) => e.json.id === original?.json.id);
    expect(copies[1]?.text).toBe(copies[0]?.text);
    // A consumer that drops by id sees it once.
    expect(unique(d).length).toBe(before + 1);
    await again.cabinet.close();
  }, 60_000);

  it('rides out a ten-minute outage on the cabinet clock: no heartbeat queued while away, the backlog told after', async () => {
    const clock = steppedClock();
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey, timers: clock });
    await until(() => c.cabinet.services.fleet?.backlog() === 0 && d.status()?.state === 'online', 15_000, 'online');
    const base = 'district/d1/cabinets/demo-01';
    const beats = () => d.heard.filter((h) => h.topic === `${base}/heartbeat`);
    const before = unique(d).length;
    await broker.stop();
    const refs = [await deposit(c), await deposit(c)];
    const beatsBefore = beats().length;
    for (let minute = 0; minute < 10; minute++) clock.advance(60_000); // ten heartbeat ticks with the link down
    expect(c.cabinet.services.fleet?.backlog()).toBe(2);
    await broker.start();
    await until(() => unique(d).length === before + 2, 30_000, 'both deposits after the outage');
    expect(unique(d).slice(-2).map((e) => (e.json.data as { reference: string }).reference)).toEqual(refs);
    expect(beats().length).toBe(beatsBefore); // heartbeats are not queued: a stale one tells nothing
    await until(() => c.cabinet.services.fleet?.backlog() === 0, 15_000, 'drained');
    clock.advance(60_000);
    await until(() => beats().length === beatsBefore + 1, 15_000, 'the next heartbeat');
    expect(beats().at(-1)?.json).toMatchObject({ backlog: { events: 0 } });
    expect(beats().at(-1)?.json.uptimeSeconds).toBeGreaterThanOrEqual(660);
    await c.cabinet.close();
  }, 90_000);
});
