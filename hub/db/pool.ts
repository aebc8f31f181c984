// The hub's PostgreSQL connection pool (pg). Type parsers are set once here so every store module
// sees the same shapes: DATE stays 'YYYY-MM-DD' (a due date is a calendar day, not an instant in
// the server's time zone) and BIGINT counts come back as numbers (ours stay far below 2^53).
import pg from 'pg';

pg.types.setTypeParser(1082, (text: string) => text);
pg.types.setTypeParser(20, (text: string) => Number(text));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface PoolOptions {
  /** Connections; the ingest holds one per batch in flight, the console a few. */
  max?: number;
  applicationName?: string;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: options.applicationName ?? 'hub' });
  // An idle client's error (the server restarted) must not end the process: the pool drops it.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs fn inside BEGIN … COMMIT on one client; ROLLBACK and rethrow on any error. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
