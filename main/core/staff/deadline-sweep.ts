// The deadline sweep over returned items: a reminder to the resident one day before the pickup
// deadline, and expiry at the deadline (the case then appears on the recall list). Run hourly.
import type { Timers } from '../clock';
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import type { Transitions } from '../cases/transitions';

const DAY_MS = 24 * 3600_000;

export function createDeadlineSweep(deps: { repos: Pick<Repositories, 'transaction' | 'cases' | 'outbox'>; config: CabinetConfig; transitions: Transitions; timers: Timers }) {
  const { repos, config, transitions, timers } = deps;
  const { cases, outbox } = repos;
  return function sweep(now = timers.now()): { reminded: number; expired: number } {
    let reminded = 0;
    let expired = 0;
    repos.transaction(() => {
      for (const r of cases.dueReminders(now, DAY_MS)) {
        cases.markReminded(r.id, now);
        outbox.add({
          at: now,
          kind: 'pickup-reminder',
          audience: 'resident',
          idempotencyKey: `reminder:${config.cabinet.id}:${r.reference}`,
          payload: { cabinet: config.cabinet.id, reference: r.reference, caseId: r.id, location: config.cabinet.location, deadline: r.pickupDeadline },
        });
        reminded += 1;
      }
      for (const r of cases.pastDeadline(now)) {
        transitions.moveCase(r.id, 'expire', { actor: 'cabinet', at: now });
        outbox.add({
          at: now,
          kind: 'pickup-overdue',
          audience: 'resident',
          idempotencyKey: `overdue:${config.cabinet.id}:${r.reference}`,
          payload: { cabinet: config.cabinet.id, reference: r.reference, caseId: r.id, location: config.cabinet.location },
        });
        expired += 1;
      }
    });
    return { reminded, expired };
  };
}
