// Rows of the retrievals table: the night-retrieval handover record, one row per collected case
// and shift (the staff session), with the bag seal written on it afterwards.
import type { Db } from './database';

export interface ManifestEntry {
  caseId: number;
  reference: string;
  matterId: string;
  compartments: string[];
  collectedAt: number;
  collectedBy: string;
  seal: string | null;
}

export function createRetrievalsRepo(db: Db) {
  const record = db.prepare('INSERT INTO retrievals (case_id, account_id, shift, compartments, collected_at) VALUES (?, ?, ?, ?, ?)');
  const setSeal = db.prepare('UPDATE retrievals SET seal = ? WHERE case_id = ? AND shift = ?');
  const manifest = db.prepare(
    `SELECT r.case_id, r.collected_at, r.seal, r.compartments, a.login, c.reference, c.matter_id
     FROM retrievals r JOIN accounts a ON a.id = r.account_id JOIN cases c ON c.id = r.case_id
     WHERE r.shift = ? ORDER BY r.collected_at`,
  );
  type Row = { case_id: number; collected_at: number; seal: string | null; compartments: string; login: string; reference: string; matter_id: string };
  return {
    record(r: { caseId: number; accountId: number; shift: string; compartments: readonly string[]; at: number }): void {
      record.run(r.caseId, r.accountId, r.shift, r.compartments.join(','), r.at);
    },
    /** Write the seal on a case collected in `shift`; false when there is no such retrieval. */
    setSeal: (caseId: number, shift: string, seal: string): boolean => setSeal.run(seal, caseId, shift).changes > 0,
    /** What was collected in `shift`, in the order it was collected. */
    manifest: (shift: string): ManifestEntry[] =>
      (manifest.all(shift) as Row[]).map((r) => ({
        caseId: r.case_id,
        reference: r.reference,
        matterId: r.matter_id,
        compartments: r.compartments.split(','),
        collectedAt: r.collected_at,
        collectedBy: r.login,
        seal: r.seal,
      })),
  };
}
export type RetrievalsRepo = ReturnType<typeof createRetrievalsRepo>;
