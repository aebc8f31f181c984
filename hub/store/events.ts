// The fleet events as received: each once, by the cabinet's message id.
import type { Db } from '../db/pool';

export interface EventRow {
  id: string;
  district: string;
  cabinet: string;
  seq: number;
  type: string;
  at: number;
  data: Record<string, unknown>;
  /** When the hub's subscriber got it (epoch ms): stored_at − received_at is the ingest's own delay. */
  receivedAt: number;
}

/** One statement for the whole batch; duplicates (same id) are dropped. Returns the ids stored now. */
export async function insertEvents(db: Db, events: EventRow[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const r = await db.query<{ id: string }>(
    `INSERT INTO events (id, district, cabinet, seq, type, at, data, received_at)
     SELECT id, district, cabinet, seq, type, to_timestamp(at / 1000.0), data::jsonb, to_timestamp(received / 1000.0)
     FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::float8[], $7::text[], $8::float8[])
       AS t(id, district, cabinet, seq, type, at, data, received)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      events.map((e) => e.id),
      events.map((e) => e.district),
      events.map((e) => e.cabinet),
      events.map((e) => e.seq),
      events.map((e) => e.type),
      events.map((e) => e.at),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.receivedAt),
    ],
  );
  return new Set(r.rows.map((x) => x.id));
}

export async function countEvents(db: Db): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`)).rows[0]?.n ?? 0;
}

export async function recordReject(db: Db, topic: string, reason: string): Promise<void> {
  await db.query(`INSERT INTO ingest_rejects (topic, reason) VALUES ($1, $2)`, [topic.slice(0, 300), reason]);
}

export async function rejectCounts(db: Db): Promise<Record<string, number>> {
  const r = await db.query<{ reason: string; n: number }>(`SELECT reason, count(*)::int AS n FROM ingest_rejects GROUP BY reason`);
  return Object.fromEntries(r.rows.map((x) => [x.reason, x.n]));
}
