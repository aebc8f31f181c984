// Results the district announced (the hub's cases.ready command, migration 7). A row leaves the
// list once the case's results are back in the cabinet (returned, for correction, or ended).
import type { Db } from './database';

export interface ReadyResult {
  reference: string;
  matterId: string;
  note: string;
  announcedAt: number;
  caseId: number | null;
}

export function createReadyResultsRepo(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO ready_results (reference, matter_id, note, command_id, announced_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(reference) DO UPDATE SET matter_id = excluded.matter_id, note = excluded.note, command_id = excluded.command_id, announced_at = excluded.announced_at`,
  );
  const waiting = db.prepare(
    `SELECT r.reference, r.matter_id AS matterId, r.note, r.announced_at AS announcedAt, c.id AS caseId
     FROM ready_results r LEFT JOIN cases c ON c.reference = r.reference
     WHERE c.id IS NULL OR c.status IN ('deposited', 'collected') ORDER BY r.announced_at, r.id`,
  );
  return {
    announce(r: { reference: string; matterId: string; note: string; commandId: string; at: number }): void {
      upsert.run(r.reference, r.matterId, r.note, r.commandId, r.at);
    },
    list: (): ReadyResult[] => waiting.all() as ReadyResult[],
  };
}
