// The hub's ingest against a real Mosquitto and a real PostgreSQL: events stored once and projected
// into cases in the right department's queue, bad payloads counted and survived, presence and
// health kept, PUBACK only after commit (a hub that could not commit loses nothing), and two hub
// instances on the shared subscription storing every event exactly once.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool } from '../../hub/db/pool';
import { seed } from '../../hub/services/seed';
import { sweepSilent } from '../../hub/services/sweeps';
import { listCabinets } from '../../hub/store/cabinets';
import { departmentQueue, findCase, timeline } from '../../hub/store/cases';
import { listFollowups } from '../../hub/store/ratings';
import { startMosquitto } from '../../scripts/mosquitto';
import { countRows, event, HUB_USERS, hubIngest, newGroup, publisher, send, untilRows } from './hub-helpers';
import { startPG } from './hub-pg';
import { until } from './until';

const pg = await startPG();
const broker = await startMosquitto({ users: HUB_USERS });
afterAll(() => broker.stop());
beforeEach(() => void newGroup());

describe('hub ingest', () => {
  it('stores each event once, routes the deposit to its department and follows the case', async () => {
    const { pool } = await pg.freshDb();
    await seed(pool);
    const hub = await hubIngest(broker, pool);
    const pub = await publisher(broker);
    try {
      const ref = '0172603090001';
      const deposit = event('xh-017', 1, 'deposit', { reference: ref, matterId: 'social-insurance', compartment: 'A03', found: false });
      await send(pub, deposit);
      await send(pub, deposit); // the cabinet's at-least-once resend: same id, same bytes
      await send(pub, event('xh-017', 2, 'collected', { reference: ref, matterId: 'social-insurance', compartment: 'A03' }));
      await send(pub, event('xh-017', 3, 'rating', { reference: ref, flow: 'drop-off', level: 1, comments: ['slow'] }));
      await untilRows(pool, `SELECT count(*) AS n FROM ratings`, 1, 'the rating stored');
      await until(() => hub.stats.duplicates === 1, 10_000, 'the duplicate dropped');
      expect(await countRows(pool, `SELECT count(*) AS n FROM events`)).toBe(3);
      const queue = await departmentQueue(pool, 'hrss');
      expect(queue).toEqual([expect.objectContaining({ reference: ref, state: 'in-progress', cabinet: 'xh-017', dueDate: '2026-03-23' })]);
      const found = await findCase(pool, 'xh-017', ref);
      expect((await timeline(pool, found!.id)).map((t) => t.kind)).toEqual(['event:deposit', 'event:collected', 'event:rating']);
      expect(await listFollowups(pool, { open: true })).toEqual([expect.objectContaining({ departmentId: 'hrss', level: 1, reference: ref })]);
    } finally {
      await pub.endAsync();
      await hub.stop();
    }
  });

  it('counts and keeps bad payloads and goes on', async () => {
    const { pool } = await pg.freshDb();
    const hub = await hubIngest(broker, pool);
    const pub = await publisher(broker);
    try {
      const t = 'district/xh/cabinets/xh-001/events/deposit';
      await pub.publishAsync(t, 'not json', { qos: 1 });
      await pub.publishAsync(t, JSON.stringify({ v: 9 }), { qos: 1 });
      await pub.publishAsync(t, '{"v":1,"id":"x\\u0000yyyyyyy"}', { qos: 1 });
      await pub.publishAsync('district/xh/cabinets/xh-001/heartbeat', JSON.stringify({ v: 1, cabinet: 'someone-else', at: 1 }), { qos: 1 });
      await send(pub, event('xh-001', 1, 'alarm', { alarm: 'door-forced', compartment: 'A01', detail: {} }));
      await untilRows(pool, `SELECT count(*) AS n FROM events`, 1, 'the good event after the bad ones');
      await untilRows(pool, `SELECT count(*) AS n FROM ingest_rejects`, 4, 'the rejects kept');
      expect(hub.stats.rejected).toEqual({ 'not-json': 1, 'unknown-version': 1, 'nul-character': 1, 'topic-mismatch': 1 });
    } finally {
      await pub.endAsync();
      await hub.stop();
    }
  });

  it('keeps presence from the retained status and raises "silent" when heartbeats stop', async () => {
    const { pool } = await pg.freshDb();
    const pub = await publisher(broker);
    const t0 = Date.parse('2026-03-09T10:00:00+08:00');
    // Retained before the hub exists: the hub learns it on subscribing.
    await pub.publishAsync('district/xh/cabinets/xh-005/status', JSON.stringify({ v: 1, cabinet: 'xh-005', state: 'offline', reason: 'connection-lost', at: t0 }), { qos: 1, retain: true });
    const hub = await hubIngest(broker, pool);
    try {
      await pub.publishAsync('district/xh/cabinets/xh-006/heartbeat', JSON.stringify({ v: 1, cabinet: 'xh-006', district: 'xh', at: t0, backlog: { events: 3 }, printer: { configured: true, lastFailureAt: null } }), { qos: 1 });
      await until(async () => (await listCabinets(pool)).length === 2, 10_000, 'both cabinets known');
      const [five, six] = await listCabinets(pool);
      expect(five).toMatchObject({ id: 'xh-005', presence: 'offline', presenceReason: 'connection-lost' });
      expect(six).toMatchObject({ id: 'xh-006', lastHeartbeatAt: t0, health: { backlog: { events: 3 } } });
      // The sweep on a clock of our own: 2 intervals of 60 s.
      expect(await sweepSilent(pool, t0 + 100_000)).toEqual([]);
      expect(await sweepSilent(pool, t0 + 121_000)).toEqual(['xh-006']);
      expect(await sweepSilent(pool, t0 + 500_000)).toEqual([]);
    } finally {
      await pub.publishAsync('district/xh/cabinets/xh-005/status', '', { qos: 1, retain: true });
      await pub.endAsync();
      await hub.stop();
    }
  });

  it('acks only after commit: a hub that cannot write loses nothing, the same session gets it all again', async () => {
    const { pool } = await pg.freshDb();
    const broken = createPool(`${pg.cluster.url('no_such_database')}`, { max: 1 });
    const clientId = 'hub:t:resume';
    const first = await hubIngest(broker, broken, { clientId });
    const pub = await publisher(broker);
    try {
      for (let i = 1; i <= 20; i += 1) await send(pub, event('xh-009', i, 'alarm', { alarm: 'x', compartment: null, detail: {} }));
      await until(() => first.stats.received === 20 && first.stats.failedBatches > 0, 10_000, 'the batch tried and failed');
      expect(first.stats.stored).toBe(0);
      first.client.end(true); // a crash: no goodbye, no ack
      await broken.end();
      const second = await hubIngest(broker, pool, { clientId });
      await untilRows(pool, `SELECT count(*) AS n FROM events`, 20, 're-delivered events stored');
      await second.drain();
      await second.stop();
      expect(await countRows(pool, `SELECT count(DISTINCT seq) AS n FROM events`)).toBe(20);
    } finally {
      await pub.endAsync();
    }
  });

  it('two hub instances on the shared subscription store every event exactly once between them', async () => {
    const { pool, url } = await pg.freshDb();
    const other = createPool(url, { max: 5 });
    const a = await hubIngest(broker, pool);
    const b = await hubIngest(broker, other);
    const pub = await publisher(broker);
    try {
      const events = Array.from({ length: 400 }, (_, i) => event(`xh-${String(i % 20).padStart(3, '0')}`, Math.floor(i / 20) + 1, 'alarm', { alarm: 'x', compartment: null, detail: {} }));
      for (const e of events) await send(pub, e);
      for (const e of events.slice(0, 50)) await send(pub, e); // resends after a reconnection
      await until(() => a.stats.received + b.stats.received === 450, 20_000, 'all 450 messages received');
      await a.drain();
      await b.drain();
      expect(await countRows(pool, `SELECT count(*) AS n FROM events`)).toBe(400);
      expect(a.stats.stored + b.stats.stored).toBe(400);
      expect(a.stats.duplicates + b.stats.duplicates).toBe(50);
      expect(a.stats.received).toBeGreaterThan(0);
      expect(b.stats.received).toBeGreaterThan(0);
    } finally {
      await pub.endAsync();
      await a.stop();
      await b.stop();
      await other.end();
    }
  });
});
