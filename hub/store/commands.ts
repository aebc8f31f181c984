// Commands the hub signed and sent to cabinets, and the cabinets' answers, correlated by id.
import type { Db } from '../db/pool';

export interface CommandRow {
  id: string;
  cabinet: string;
  type: string;
  body: Record<string, unknown>;
  issuedAt: number;
  issuedBy: string;
  state: 'sent' | 'scheduled' | 'ok' | 'refused';
  response: Record<string, unknown> | null;
  respondedAt: number | null;
}

export async function insertCommand(db: Db, c: Omit<CommandRow, 'state' | 'response' | 'respondedAt'>): Promise<void> {
  await db.query(`INSERT INTO commands (id, cabinet, type, body, issued_at, issued_by) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0), $6)`, [
    c.id, c.cabinet, c.type, JSON.stringify(c.body), c.issuedAt, c.issuedBy,
  ]);
}

/**
 * An answer: ok → ok (or scheduled when the cabinet will apply it at a safe moment), else refused.
 * A later answer under the same id (scheduled, then applied) replaces the earlier one. An answer
 * for a command of another cabinet, or unknown, changes nothing.
 */
export async function recordResponse(db: Db, cabinet: string, r: { id: string | null; at: number; ok: boolean; result?: Record<string, unknown>; error?: string }): Promise<boolean> {
  if (r.id === null) return false;
  const state = !r.ok ? 'refused' : r.result?.state === 'scheduled' ? 'scheduled' : 'ok';
  const done = await db.query(`UPDATE commands SET state = $3, response = $4, responded_at = to_timestamp($5 / 1000.0) WHERE id = $1 AND cabinet = $2`, [r.id, cabinet, state, JSON.stringify(r), r.at]);
  return done.rowCount === 1;
}

export async function getCommand(db: Db, id: string): Promise<CommandRow | null> {
  const r = await db.query(`SELECT * FROM commands WHERE id = $1`, [id]);
  const c = r.rows[0];
  if (!c) return null;
  return { id: c.id, cabinet: c.cabinet, type: c.type, body: c.body, issuedAt: c.issued_at.getTime(), issuedBy: c.issued_by, state: c.state, response: c.response, respondedAt: c.responded_at ? c.responded_at.getTime() : null };
}

export async function listCommands(db: Db, cabinet: string, limit = 50): Promise<CommandRow[]> {
  const r = await db.query(`SELECT id FROM commands WHERE cabinet = $1 ORDER BY issued_at DESC LIMIT $2`, [cabinet, limit]);
  const rows = await Promise.all(r.rows.map((x) => getCommand(db, x.id)));
  return rows.filter((x): x is CommandRow => x !== null);
}
