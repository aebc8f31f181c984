// What a person may do to a case from the console (issue 16, items 2, 3, 5): the state moves of
// 受理 → 办理中 → 办结 / 补正 / 退回, a reassignment with a reason, a follow-up closed with a note.
// Pure: the server checks these before it calls the store.
import type { CaseState } from '../store/cases';

const NEXT: Record<CaseState, readonly CaseState[]> = {
  accepted: ['in-progress', 'correction', 'rejected'],
  'in-progress': ['completed', 'correction', 'rejected'],
  // Materials came back corrected: work goes on, or the application is refused after all.
  correction: ['in-progress', 'rejected'],
  completed: [],
  rejected: [],
};

export function nextStates(state: CaseState): readonly CaseState[] {
  return NEXT[state];
}

export function canMove(from: CaseState, to: CaseState): boolean {
  return NEXT[from].includes(to);
}

export const MAX_NOTE = 1000;

/** A reason or note: trimmed, not empty, at most 1000 characters; null when it is not acceptable. */
export function cleanNote(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  return t.length > 0 && t.length <= MAX_NOTE ? t : null;
}

/** Today's date (YYYY-MM-DD) in the district's time zone, for "is it overdue". */
export function districtDay(now: number, utcOffsetMinutes = 480): string {
  return new Date(now + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Overdue: open and its due date is before today (a case due today is due, not late). */
export function isOverdue(c: { state: CaseState; dueDate: string | null }, today: string): boolean {
  return c.dueDate !== null && (c.state === 'accepted' || c.state === 'in-progress' || c.state === 'correction') && c.dueDate < today;
}
