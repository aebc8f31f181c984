// What people do to a case in the hub (hub-console calls these): move it along its states and
// reassign it to another department, each with the actor on the timeline, in one transaction.
// Reaching 办结 tells the cabinet the results are on their way (onCompleted → cases.ready).
import { inTransaction, type Pool } from '../db/pool';
import { checkTransition } from '../domain/case-states';
import { addTimeline, getCase, setCaseDepartment, setCaseState, type CaseRow, type CaseState } from '../store/cases';
import { departmentExists } from '../store/departments';

export type CaseActionResult = { ok: true; case: CaseRow } | { ok: false; error: 'not-found' | 'not-allowed' | 'same-state' | 'no-department' | 'reason-required' };

export interface Actor {
  /** The hub account's login. */
  login: string;
}

export async function changeState(pool: Pool, caseId: number, to: CaseState, actor: Actor, note: string | null, now: number): Promise<CaseActionResult> {
  return inTransaction(pool, async (tx) => {
    // FOR UPDATE: two people moving the same case at once are applied one after the other.
    const locked = await tx.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    const found = locked.rowCount ? await getCase(tx, caseId) : null;
    if (!found) return { ok: false, error: 'not-found' } as const;
    const check = checkTransition(found.state, to);
    if (!check.ok) return { ok: false, error: check.reason } as const;
    await setCaseState(tx, caseId, to, now);
    await addTimeline(tx, caseId, { at: now, actor: `hub:${actor.login}`, kind: 'state', fromState: found.state, toState: to, note, eventId: null });
    return { ok: true, case: (await getCase(tx, caseId)) as CaseRow } as const;
  });
}

/** A supervisor sends a case to another department; the reason is required and kept. */
export async function reassign(pool: Pool, caseId: number, departmentId: string, actor: Actor, reason: string, now: number): Promise<CaseActionResult> {
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
    return { ok: true, case: (await getCase(tx, caseId)) as CaseRow } as const;
  });
}
