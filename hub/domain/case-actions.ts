// The console's small rules around hub-core's case moves (hub/domain/case-states.ts): which moves
// to offer, what a reason or note must be.
import { canMove } from './case-states';
import { caseStates, type CaseState } from '../store/cases';

/** The states a case may move to from `state`, in the order the console offers them. */
export function nextStates(state: CaseState): CaseState[] {
  return caseStates.filter((to) => canMove(state, to));
}

export const MAX_NOTE = 1000;

/** A reason or note: trimmed, not empty, at most 1000 characters; null when it is not acceptable. */
export function cleanNote(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  return t.length > 0 && t.length <= MAX_NOTE ? t : null;
}
