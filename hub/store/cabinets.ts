// Cabinets as the hub sees them: presence (retained status), health (heartbeat), open alerts.
import type { Db } from '../db/pool';

export interface CabinetRow {
  id: string;
  district: string;
  presence: 'online' | 'offline' | 'unknown';
  presenceReason: string | null;
  version: string | null;
  presenceAt: number | null;
  lastHeartbeatAt: number | null;
  heartbeatSeconds: number;
  health: Record<string, unknown> | null;
  lastEventAt: number | null;
  /** Kinds of the alerts open now, e.g. ['silent']. */
  alerts: string[];
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

/** Makes sure a cabinet row exists (an event or a status may come before anything else). */
export async function ensureCabinets(db: Db, cabinets: { id: string; district: string }[]): Promise<void> {
  if (cabinets.length === 0) return;
  await db.query(
    `INSERT INTO cabinets (id, district) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id) DO NOTHING`,
    [cabinets.map((c) => c.id), cabinets.map((c) => c.district)],
  );
}

export async function setPresence(db: Db, p: { cabinet: string; district: string; state: 'online' | 'offline'; reason: string | null; version: string | null; at: number }): Promise<void> {
  await db.query(
    `INSERT INTO cabinets (id, district, presence, presence_reason, version, presence_at) VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0))
     ON CONFLICT (id) DO UPDATE SET presence = EXCLUDED.presence, presence_reason = EXCLUDED.presence_reason,
       version = COALESCE(EXCLUDED.version, cabinets.version), presence_at = EXCLUDED.presence_at
     WHERE cabinets.presence_at IS NULL OR cabinets.presence_at <= EXCLUDED.presence_at`,
    [p.cabinet, p.district, p.state, p.reason, p.version, p.at],
  );
}

/** A heartbeat: health kept, and a "silent" alert cleared (the cabinet speaks again). */
export async function recordHeartbeat(db: Db, h: { cabinet: string; district: string; at: number; version: string | null; health: Record<string, unknown>; intervalSeconds: number | null }): Promise<void> {
  await db.query(
    `INSERT INTO cabinets (id, district, last_heartbeat_at, version, health, heartbeat_seconds) VALUES ($1, $2, to_timestamp($3 / 1000.0), $4, $5, COALESCE($6, 60))
     ON CONFLICT (id) DO UPDATE SET last_heartbeat_at = GREATEST(cabinets.last_heartbeat_at, EXCLUDED.last_heartbeat_at),
       version = COALESCE(EXCLUDED.version, cabinets.version), health = EXCLUDED.health,
       heartbeat_seconds = COALESCE($6, cabinets.heartbeat_seconds)`,
    [h.cabinet, h.district, h.at, h.version, JSON.stringify(h.health), h.intervalSeconds],
  );
  await db.query(`UPDATE cabinet_alerts SET cleared_at = to_timestamp($2 / 1000.0) WHERE cabinet = $1 AND kind = 'silent' AND cleared_at IS NULL`, [h.cabinet, h.at]);
}

export async function touchLastEvent(db: Db, cabinets: { id: string; at: number }[]): Promise<void> {
  if (cabinets.length === 0) return;
  await db.query(
    `UPDATE cabinets c SET last_event_at = GREATEST(c.last_event_at, to_timestamp(t.at / 1000.0))
     FROM unnest($1::text[], $2::float8[]) AS t(id, at) WHERE c.id = t.id`,
    [cabinets.map((c) => c.id), cabinets.map((c) => c.at)],
  );
}

/**
 * Raises "silent" for every cabinet whose last heartbeat is older than `intervals` heartbeat
 * intervals at `now`, once (the open-alert unique index); returns the cabinets newly raised.
 */
export async function raiseSilent(db: Db, now: number, intervals = 2): Promise<string[]> {
  const raised = await db.query<{ cabinet: string }>(
    `INSERT INTO cabinet_alerts (cabinet, kind, raised_at)
     SELECT id, 'silent', to_timestamp($1 / 1000.0) FROM cabinets
     WHERE last_heartbeat_at IS NOT NULL AND last_heartbeat_at < to_timestamp($1 / 1000.0) - make_interval(secs => heartbeat_seconds * $2)
     ON CONFLICT (cabinet, kind) WHERE cleared_at IS NULL DO NOTHING
     RETURNING cabinet`,
    [now, intervals],
  );
  return raised.rows.map((r) => r.cabinet).sort();
}

export async function listCabinets(db: Db, only: string | null = null): Promise<CabinetRow[]> {
  const result = await db.query(
    `SELECT c.*, COALESCE(array_agg(a.kind ORDER BY a.kind) FILTER (WHERE a.kind IS NOT NULL), '{}') AS alerts
     FROM cabinets c LEFT JOIN cabinet_alerts a ON a.cabinet = c.id AND a.cleared_at IS NULL
     WHERE $1::text IS NULL OR c.id = $1
     GROUP BY c.id ORDER BY c.id`,
    [only],
  );
  return result.rows.map((r) => ({
    id: r.id,
    district: r.district,
    presence: r.presence,
    presenceReason: r.presence_reason,
    version: r.version,
    presenceAt: ms(r.presence_at),
    lastHeartbeatAt: ms(r.last_heartbeat_at),
    heartbeatSeconds: r.heartbeat_seconds,
    health: r.health,
    lastEventAt: ms(r.last_event_at),
    alerts: r.alerts,
  }));
}

export async function getCabinet(db: Db, id: string): Promise<CabinetRow | null> {
  return (await listCabinets(db, id))[0] ?? null;
}
