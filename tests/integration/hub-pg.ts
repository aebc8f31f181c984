// The PG test helper: one private PostgreSQL cluster per test file (scripts/postgres.ts), a fresh
// migrated database per test, everything stopped in afterAll. fsync off: these clusters are thrown
// away, and the durability question is the benchmark's and the field's, not a unit test's.
import { afterAll } from 'vitest';
import { migrate } from '../../hub/db/migrate';
import { createPool, type Pool } from '../../hub/db/pool';
import { startPostgres, type PgCluster } from '../../scripts/postgres';

export interface PG {
  cluster: PgCluster;
  /** A new database with every migration applied, and a pool on it (closed in afterAll). */
  freshDb(): Promise<{ url: string; pool: Pool }>;
}

let counter = 0;

export async function startPG(): Promise<PG> {
  const cluster = await startPostgres({ fsync: false });
  const pools: Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
    await cluster.stop();
  });
  return {
    cluster,
    async freshDb() {
      counter += 1;
      const url = await cluster.createDatabase(`t${process.pid}_${counter}`);
      const pool = createPool(url, { max: 5 });
      pools.push(pool);
      await migrate(pool);
      return { url, pool };
    },
  };
}
