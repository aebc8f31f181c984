// 好差评 ratings: a level 1–5 and preset comments, optionally tied to a case.
import type { Db } from './database';

export function createRatingsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO ratings (at, case_id, flow, level, comment) VALUES (?, ?, ?, ?, ?)');
  const caseOf = db.prepare('SELECT id FROM cases WHERE reference = ?');
  const add = (r: { at: number; caseId: number | null; flow: string; level: number; comments: readonly string[] }): void => {
    insert.run(r.at, r.caseId, r.flow, r.level, r.comments.length ? r.comments.join(',') : null);
  };
  return {
    add,
    /** A rating given with a reference number: tied to that case when there is one, else to none. */
    addForReference(r: { at: number; reference: string | undefined; flow: string; level: number; comments: readonly string[] }): void {
      const caseId = r.reference ? ((caseOf.get(r.reference) as { id: number } | undefined)?.id ?? null) : null;
      add({ at: r.at, caseId, flow: r.flow, level: r.level, comments: r.comments });
    },
  };
}
