// The hub skeleton against a real PostgreSQL: migrations apply once (also from two pools at once),
// and the cases/cabinets store keeps its promises.
import { describe, expect, it } from 'vitest';
import { migrate, migrationFiles } from '../../hub/db/migrate';
import { createPool } from '../../hub/db/pool';
import { ensureCabinets, getCabinet, listCabinets, raiseSilent, recordHeartbeat, setPresence } from '../../hub/store/cabinets';
import { addTimeline, departmentQueue, findCase, insertCase, setCaseState, timeline } from '../../hub/store/cases';
import { startPG } from './hub-pg';

const pg = await startPG();

describe('hub database', () => {
  it('starts a cluster quickly enough for a test file', () => {
    expect(pg.cluster.startMs).toBeLessThan(15_000);
  });

  it('applies every migration once, even from two hub instances at the same moment', async () => {
    const { url, pool } = await pg.freshDb();
    const other = createPool(url);
    try {
      const again = await Promise.all([migrate(pool), migrate(other)]);
      expect(again).toEqual([[], []]);
      const names = (await pool.query('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
      expect(names).toEqual(migrationFiles());
    } finally {
      await other.end();
    }
  });

  it('keeps one case per cabinet and reference, with its timeline, in the department queue by due date', async () => {
    const { pool } = await pg.freshDb();
    await pool.query(`INSERT INTO departments (id, name_zh, name_en) VALUES ('hr', '人社', 'Human resources')`);
    const base = { cabinet: 'xh-001', matterId: 'social-insurance', departmentId: 'hr', compartment: 'A01', depositedAt: Date.UTC(2026, 10, 30, 1) };
    const late = await insertCase(pool, { ...base, reference: '0012611300001', dueDate: '2026-12-04' });
    const early = await insertCase(pool, { ...base, reference: '0012611300002', dueDate: '2026-12-02' });
    expect(await insertCase(pool, { ...base, reference: '0012611300001', dueDate: '2026-12-09' })).toBeNull();
    expect(late).not.toBeNull();
    await setCaseState(pool, early!, 'in-progress', base.depositedAt + 1000);
    await addTimeline(pool, early!, { at: base.depositedAt + 1000, actor: 'hub:li', kind: 'state', fromState: 'accepted', toState: 'in-progress', note: null, eventId: null });
    const queue = await departmentQueue(pool, 'hr');
    expect(queue.map((c) => c.reference)).toEqual(['0012611300002', '0012611300001']);
    expect(queue[0]).toMatchObject({ state: 'in-progress', dueDate: '2026-12-02' });
    expect((await findCase(pool, 'xh-001', '0012611300001'))?.dueDate).toBe('2026-12-04');
    expect(await timeline(pool, early!)).toEqual([expect.objectContaining({ actor: 'hub:li', toState: 'in-progress' })]);
  });

  it('keeps presence and health, and raises "silent" once after two missed heartbeats', async () => {
    const { pool } = await pg.freshDb();
    const t0 = Date.UTC(2026, 10, 30, 8);
    await ensureCabinets(pool, [{ id: 'xh-002', district: 'xh' }]);
    await setPresence(pool, { cabinet: 'xh-001', district: 'xh', state: 'online', reason: null, version: '0.1.0', at: t0 });
    await recordHeartbeat(pool, { cabinet: 'xh-001', district: 'xh', at: t0, version: '0.1.0', health: { backlog: { events: 0 } }, intervalSeconds: 60 });
    expect(await raiseSilent(pool, t0 + 119_000)).toEqual([]);
    expect(await raiseSilent(pool, t0 + 121_000)).toEqual(['xh-001']);
    expect(await raiseSilent(pool, t0 + 300_000)).toEqual([]);
    const [one, two] = await listCabinets(pool);
    expect(one).toMatchObject({ id: 'xh-001', presence: 'online', alerts: ['silent'], health: { backlog: { events: 0 } } });
    expect(two).toMatchObject({ id: 'xh-002', presence: 'unknown', alerts: [] });
    expect(await getCabinet(pool, 'xh-001')).toMatchObject({ id: 'xh-001', alerts: ['silent'] });
    expect(await getCabinet(pool, 'xh-404')).toBeNull();
    await recordHeartbeat(pool, { cabinet: 'xh-001', district: 'xh', at: t0 + 400_000, version: '0.1.0', health: {}, intervalSeconds: 60 });
    expect((await listCabinets(pool))[0]?.alerts).toEqual([]);
  });
});
