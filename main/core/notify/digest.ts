// The nightly digest for the back office: everything pending in this cabinet, by stage. Written
// to the outbox once a day at the configured local time (its idempotency key carries the date),
// so a restart, a second timer or a clock step can never send two digests for one day.
import type { CaseListingsRepo } from '../../store/case-listings-repo';
import type { NotifyRepo } from '../../store/notify-repo';
import type { CabinetConfig } from '../config';
import { createCaseQueries } from '../staff/case-queries';
import { atLocalTime, toLocalDate } from '../cases/working-days';

const LIST_AT_MOST = 50;

export function digestKey(cabinetId: string, date: string): string {
  return `digest:${cabinetId}:${date}`;
}

export function buildDigest(listings: CaseListingsRepo, config: CabinetConfig, now: number): { date: string; payload: Record<string, unknown> } {
  const queries = createCaseQueries(listings, config);
  const overdue = queries.overdue(now);
  const overdueIds = new Set(overdue.map((c) => c.caseId));
  const sections = {
    deposited: queries.withStatus('deposited'),
    collected: queries.withStatus('collected'),
    awaitingPickup: [...queries.withStatus('returned'), ...queries.withStatus('needs-correction')].filter((c) => !overdueIds.has(c.caseId)),
    overdue,
  };
  const date = toLocalDate(now, config.cabinet.timeZone);
  const payload: Record<string, unknown> = { cabinet: config.cabinet.id, date, generatedAt: now, counts: {} };
  for (const [name, cases] of Object.entries(sections)) {
    (payload.counts as Record<string, number>)[name] = cases.length;
    payload[name] = cases.slice(0, LIST_AT_MOST).map((c) => ({
      reference: c.reference,
      matter: config.matters.find((m) => m.name['zh-CN'] === c.matter['zh-CN'])?.id ?? c.matter['zh-CN'],
      compartments: c.compartments,
      since: name === 'awaitingPickup' || name === 'overdue' ? c.pickupDeadline : c.depositedAt,
    }));
  }
  return { date, payload };
}

/**
 * Writes today's digest once its local time has come: once per date in this process, and by its
 * key only once per date at all.
 */
export function createDigestSchedule(deps: {
  localTime: string;
  /** The cabinet's time zone: the digest's day and hour are its. */
  timeZone?: string;
  cabinetId: string;
  repo: Pick<NotifyRepo, 'hasKey' | 'addOnce'>;
  build(now: number): Record<string, unknown>;
  log(level: 'info', message: string): void;
}) {
  let doneFor: string | undefined;
  return {
    runIfDue(now: number): void {
      const date = toLocalDate(now, deps.timeZone);
      if (doneFor === date || now < atLocalTime(deps.localTime, now, deps.timeZone)) return;
      const keyOfDay = digestKey(deps.cabinetId, date);
      if (!deps.repo.hasKey(keyOfDay)) {
        const payload = deps.build(now);
        if (deps.repo.addOnce({ at: now, kind: 'digest', audience: 'staff', payload, idempotencyKey: keyOfDay })) deps.log('info', `digest for ${date} queued`);
      }
      doneFor = date;
    },
    /** How long until today's digest time, or undefined once it has passed. */
    msUntilDue(now: number): number | undefined {
      const due = atLocalTime(deps.localTime, now, deps.timeZone);
      return due > now ? due - now : undefined;
    },
  };
}
