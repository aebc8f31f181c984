// What people do to a case in the hub (hub-console calls these): move it along its states and
// reassign it to another department, each with the actor on the timeline, in one transaction.
// Reaching 办结 tells the cabinet the results are on their way (onCompleted → cases.ready).
import { inTransaction, type Db, type Pool } from '../db/pool';
import { checkTransition } from '../domain/case-states';
import { addTimeline, getCase, setCaseDepartment, setCaseState, type CaseRow, type CaseState } from '../store/cases';
import { departmentExists } from '../store/departments';
import type { Commands } from './commands';

export type CaseActionResult = { ok: true; case: CaseRow } | { ok: false; error: 'not-found' | 'not-allowed' | 'same-state' | 'no-department' | 'reason-required' };

/** Written in the move's own transaction (the console's audit row): no move stands without it. */
export type AlsoInTransaction = (tx: Db, before: CaseRow, moved: CaseRow) => Promise<void>;

export interface Actor {
  /** The hub account's login. */
  login: string;
}

export async function changeState(pool: Pool, caseId: number, to: CaseState, actor: Actor, note: string | null, now: number, also?: AlsoInTransaction): Promise<CaseActionResult> {
  return inTransaction(pool, async (tx) => {
    // FOR UPDATE: two people moving the same case at once are applied one after the other.
    const locked = await tx.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const found = locked.rowCount ? await getCase(tx, caseId) : null;
    if (!found) return { ok: false, error: 'not-found' } as const;
    const check = checkTransition(found.state, to);
    if (!check.ok) return { ok: false, error: check.reason } as const;
    await setCaseState(tx, caseId, to, now);
    await addTimeline(tx, caseId, { at: now, actor: `hub:${actor.login}`, kind: 'state', fromState: found.state, toState: to, note, eventId: null });
    const moved = (await getCase(tx, caseId)) as CaseRow;
    await also?.(tx, found, moved);
    return { ok: true, case: moved } as const;
  });
}

/** A supervisor sends a case to another department; the reason is required and kept. */
export async function reassign(pool: Pool, caseId: number, departmentId: string, actor: Actor, reason: string, now: number, also?: AlsoInTransaction): Promise<CaseActionResult> {
  if (reason.trim().length === 0) return { ok: false, error: 'reason-required' };
  return inTransaction(pool, async (tx) => {
    const locked = await tx.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const found = locked.rowCount ? await getCase(tx, caseId) : null;
    if (!found) return { ok: false, error: 'not-found' } as const;
    if (!(await departmentExists(tx, departmentId))) return { ok: false, error: 'no-department' } as const;
    if (found.departmentId === departmentId) return { ok: false, error: 'same-state' } as const;
    await setCaseDepartment(tx, caseId, departmentId, now);
    const note = `${found.departmentId ?? 'unrouted'} → ${departmentId}: ${reason.trim().slice(0, 500)}`;
    await addTimeline(tx, caseId, { at: now, actor: `hub:${actor.login}`, kind: 'reassign', fromState: null, toState: null, note, eventId: null });
    const moved = (await getCase(tx, caseId)) as CaseRow;
    await also?.(tx, found, moved);
    return { ok: true, case: moved } as const;
  });
}

/**
 * The actions with their consequences, for the server: a case reaching 办结 sends cases.ready to
 * its cabinet (after the commit; a failed publish is logged and the state stands — the command row
 * shows it unanswered and it can be sent again).
 */
export function createCaseActions(deps: { pool: Pool; now(): number; commands?: Commands; log?: (message: string, detail: unknown) => void }) {
  return {
    async changeState(caseId: number, to: CaseState, actor: Actor, note: string | null, also?: AlsoInTransaction): Promise<CaseActionResult> {
      const result = await changeState(deps.pool, caseId, to, actor, note, deps.now(), also);
      if (result.ok && to === 'completed' && deps.commands) {
        await deps.commands.casesReady(result.case, note, `hub:${actor.login}`).catch((error: unknown) => deps.log?.('cases.ready not sent', { caseId, error: String(error) }));
      }
      return result;
    },
    reassign: (caseId: number, departmentId: string, actor: Actor, reason: string, also?: AlsoInTransaction) => reassign(deps.pool, caseId, departmentId, actor, reason, deps.now(), also),
  };
}
export type CaseActions = ReturnType<typeof createCaseActions>;
