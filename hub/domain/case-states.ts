// The case's states and the moves allowed between them: 受理 accepted → 办理中 in-progress →
// 办结 completed / 补正 correction / 退回 rejected. Pure.
import type { CaseState } from '../store/cases';

const allowed: Record<CaseState, readonly CaseState[]> = {
  accepted: ['in-progress', 'correction', 'rejected'],
  'in-progress': ['completed', 'correction', 'rejected'],
  // The resident brought what was missing: the department works on it again (or refuses it).
  correction: ['in-progress', 'rejected'],
  completed: [],
  rejected: [],
};

export type TransitionCheck = { ok: true } | { ok: false; reason: 'same-state' | 'not-allowed' };

export function checkTransition(from: CaseState, to: CaseState): TransitionCheck {
  if (from === to) return { ok: false, reason: 'same-state' };
  return allowed[from].includes(to) ? { ok: true } : { ok: false, reason: 'not-allowed' };
}

export function canMove(from: CaseState, to: CaseState): boolean {
  return checkTransition(from, to).ok;
}

/**
 * The state a cabinet event moves a case to, when that move is allowed from where it is: staff
 * took the documents out (collected → 办理中), put results back (returned → 办结) or materials to
 * correct (returned with correction → 补正). A move the hub has already made, or one that is not
 * allowed (events out of order), leaves the state alone; the event still goes on the timeline.
 */
export function stateAfterEvent(current: CaseState, type: string, data: Record<string, unknown>): CaseState | null {
  const target: CaseState | null = type === 'collected' ? 'in-progress' : type === 'returned' ? (data.correction === true ? 'correction' : 'completed') : null;
  if (!target) return null;
  if (canMove(current, target)) return target;
  // Results back while the hub still shows 受理 (the collection was not reported): through 办理中.
  if (current === 'accepted' && target === 'completed') return 'completed';
  return null;
}
