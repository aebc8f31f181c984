// After a power cut or crash: flows that were in progress when the process stopped are settled
// from what the database and the door sensors say. Nothing is opened: a lock is only ever fired
// by a person's action.
import type { Db } from '../store/database';
import type { Transitions } from './transitions';

export interface RecoveryResult {
  abandoned: string[];
  deposited: string[];
}

/**
 * - reserved (open sent, door never seen open): abandoned; the compartment is released if its
 *   door reads closed, or marked fault if it stands open (someone must look).
 * - door-opened (door seen open, never seen closed): the resident may have put documents in, so
 *   it is recorded as deposited, to be checked at the next night retrieval; fault if still open.
 */
export function recoverInterrupted(db: Db, transitions: Transitions, now: number, doorOpen: (label: string) => boolean | undefined): RecoveryResult {
  const result: RecoveryResult = { abandoned: [], deposited: [] };
  const stale = db.prepare("SELECT id, status, compartment FROM cases WHERE status IN ('reserved', 'door-opened') ORDER BY id").all() as {
    id: number;
    status: string;
    compartment: string;
  }[];
  const move = { actor: 'cabinet', at: now, detail: { reason: 'interrupted by a restart' } };
  for (const c of stale) {
    const open = doorOpen(c.compartment) !== false;
    db.transaction(() => {
      if (c.status === 'reserved') {
        transitions.moveCase(c.id, 'abandon', move);
        transitions.moveCompartment(c.compartment, open ? 'fail' : 'release', c.id, move);
        result.abandoned.push(c.compartment);
      } else {
        transitions.moveCase(c.id, 'door-closed', move);
        db.prepare('UPDATE cases SET deposited_at = ? WHERE id = ?').run(now, c.id);
        transitions.moveCompartment(c.compartment, open ? 'fail' : 'fill', c.id, move);
        result.deposited.push(c.compartment);
      }
    })();
  }
  return result;
}
