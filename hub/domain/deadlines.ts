// Deadline flags and escalation (限时办结, 统一督办): from today's date and the calendar, the
// due-date cut-offs the sweep uses. A case is due soon when at most one working day is left,
// overdue the day after its due date (told to the department and its supervisor), and escalated to
// the district lead when overdue by more than `leadAfterWorkingDays` working days. Pure.
import { addDays, addWorkingDays, chinaDay, type Calendar } from './calendar';

export interface DeadlineRules {
  /** Working days past the due date before the district lead is told (default 3). */
  leadAfterWorkingDays: number;
}

export const defaultDeadlineRules: DeadlineRules = { leadAfterWorkingDays: 3 };

export interface Cutoffs {
  today: string;
  /** Open cases due on or before this day and not yet overdue are due soon. */
  dueSoonUpTo: string;
  /** Open cases due before this day are overdue (the due day itself is still in time). */
  overdueBefore: string;
  /** Open cases due before this day go to the district lead. */
  leadBefore: string;
}

export function cutoffs(now: number, cal: Calendar, rules: DeadlineRules = defaultDeadlineRules): Cutoffs {
  const today = chinaDay(now);
  // "Overdue by N working days": the due day lies at least N working days behind today.
  const leadBefore = addDays(addWorkingDays(today, -rules.leadAfterWorkingDays, cal), 1);
  return { today, dueSoonUpTo: addWorkingDays(today, 1, cal), overdueBefore: today, leadBefore };
}

export type FlagKind = 'due-soon' | 'overdue' | 'escalated-supervisor' | 'escalated-lead';

/** The flags a case with this due date has at these cut-offs (for the console and the tests). */
export function flagsFor(dueDate: string, c: Cutoffs): FlagKind[] {
  if (dueDate < c.overdueBefore) return dueDate < c.leadBefore ? ['overdue', 'escalated-supervisor', 'escalated-lead'] : ['overdue', 'escalated-supervisor'];
  return dueDate <= c.dueSoonUpTo ? ['due-soon'] : [];
}
