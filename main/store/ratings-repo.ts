// 好差评 ratings: a level 1–5 and preset comments, optionally tied to a case.
import type { Db } from './database';

export function createRatingsRepo(db: Db) {
  const insert = db.prepare('INSERT INTO ratings (at, case_id, flow, level, comment) VALUES (?, ?, ?, ?, ?)');
  return {
    add(r: { at: number; caseId: number | null; flow: string; level: number; comments: readonly string[] }): void {
      insert.run(r.at, r.caseId, r.flow, r.level, r.comments.length ? r.comments.join(',') : null);
    },
  };
}
