// What a drop-off writes, each step in one transaction: the case reserved with its compartment,
// the deposit with its audit entries and staff message, a swapped or further compartment, and an
// abandoned attempt. The flow (drop-off.ts) decides when; these decide what commits together.
import type { OutboxMessage } from '../../store/outbox-repo';
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import { maskPhone } from '../cases/phone';
import { formatReference } from '../cases/references';
import { createDenialLog } from '../cases/denial-log';
import type { Transitions } from '../cases/transitions';
import { toLocalDate } from '../cases/working-days';
import type { DropOffIdentity } from '../identity/identity-rules';
import { routeOf } from '../notify/config-schema';

const RESIDENT = 'resident';
/** Refusals of one kind audited at most once in this long (repeats counted into the next row). */
const DENIAL_WINDOW_MS = 60_000;

/** The staff message announcing a deposit: written in the deposit's own transaction (by the drop-off,
 *  or by the start-up recovery of one the process did not live to record). One per case. */
export function depositMessage(
  config: CabinetConfig,
  d: { reference: string; matterId: string; compartment: string; at: number; expectedDate: string | null; phone: string | null },
): OutboxMessage {
  return {
    at: d.at,
    kind: 'deposit',
    audience: 'staff',
    idempotencyKey: `deposit:${config.cabinet.id}:${d.reference}`,
    payload: {
      cabinet: config.cabinet.id,
      reference: d.reference,
      matter: d.matterId,
      compartment: d.compartment,
      depositedAt: d.at,
      expectedDate: d.expectedDate,
      phone: d.phone === null ? null : maskPhone(d.phone),
    },
  };
}

/**
 * The resident's drop-off confirmation SMS (reference, expected date, status link): written with the
 * deposit when the case has a phone, an SMS channel takes resident messages and
 * notifications.dropOffConfirmation is on (the default). One per case.
 */
export function dropOffConfirmation(
  config: CabinetConfig,
  d: { caseId: number; reference: string; matterId: string; compartment: string; at: number; expectedDate: string | null; phone: string | null },
): OutboxMessage | undefined {
  if (!d.phone || !config.notifications.dropOffConfirmation || routeOf(config.notifications, 'resident').length === 0) return undefined;
  return {
    at: d.at,
    kind: 'drop-off-confirmation',
    audience: 'resident',
    idempotencyKey: `drop-off-confirmation:${config.cabinet.id}:${d.reference}`,
    payload: { caseId: d.caseId, reference: d.reference, matter: d.matterId, compartment: d.compartment, depositedAt: d.at, expectedDate: d.expectedDate },
  };
}

export function createDropOffRecords(deps: {
  repos: Pick<Repositories, 'transaction' | 'cases' | 'compartments' | 'outbox' | 'references' | 'identities'>;
  config: CabinetConfig;
  transitions: Transitions;
}) {
  const { repos, config, transitions } = deps;
  const { cases, compartments, outbox, references } = repos;
  const denials = createDenialLog((entry) => transitions.audit.append(entry));

  /** The applicant's card and any proxy, with the case they belong to (no name or number in the audit). */
  const recordIdentity = (caseId: number, identity: DropOffIdentity, at: number): void => {
    repos.identities.setApplicant(caseId, identity.applicant, identity.personal, at);
    if (identity.proxy) repos.identities.setProxy(caseId, identity.proxy, at);
    const proxy = identity.proxy ? (identity.proxy.anyone ? 'anyone' : 'card') : 'none';
    transitions.audit.append({ at, actor: RESIDENT, action: 'case.identity', outcome: 'ok', caseId, detail: { personal: identity.personal, proxy } });
  };

  return {
    /** A new case under today's next reference, holding a reserved compartment; answers its id. */
    reserve(r: { matterId: string; phone: string; compartment: string; language: string; elderMode: boolean; at: number; identity?: DropOffIdentity | undefined }): number {
      return repos.transaction(() => {
        const day = toLocalDate(r.at, config.cabinet.timeZone);
        const id = cases.insert({
          reference: formatReference(day, references.next(day), config.cabinet.code),
          matterId: r.matterId,
          phone: r.phone,
          status: 'reserved',
          compartment: r.compartment,
          language: r.language,
          elderMode: r.elderMode,
          at: r.at,
        });
        transitions.audit.append({ at: r.at, actor: RESIDENT, action: 'case.reserved', outcome: 'ok', caseId: id, compartment: r.compartment, detail: { matter: r.matterId } });
        if (r.identity) recordIdentity(id, r.identity, r.at);
        transitions.moveCompartment(r.compartment, 'reserve', id, { actor: RESIDENT, at: r.at });
        return id;
      });
    },

    /** The deposit, its audit entries and the staff notification, together or not at all; answers the reference. */
    deposit(d: { caseId: number; compartment: string; at: number; expectedDate: string; matterId: string; phone: string }): string {
      return repos.transaction(() => {
        // Still 'reserved' when the door-opened step could not be written (a full disk) or the
        // opening was never seen (the resident says the documents are in): it opened all the same.
        if (cases.byId(d.caseId)?.status === 'reserved') transitions.moveCase(d.caseId, 'door-opened', { actor: RESIDENT, at: d.at, detail: { recordedLate: true } });
        transitions.moveCase(d.caseId, 'door-closed', { actor: RESIDENT, at: d.at });
        cases.setDeposit(d.caseId, d.at, d.expectedDate);
        transitions.moveCompartment(d.compartment, 'fill', d.caseId, { actor: RESIDENT, at: d.at });
        const c = cases.byId(d.caseId);
        if (!c) throw new Error('case vanished inside its transaction');
        outbox.add(depositMessage(config, { reference: c.reference, matterId: d.matterId, compartment: d.compartment, at: d.at, expectedDate: d.expectedDate, phone: d.phone }));
        const confirmation = dropOffConfirmation(config, { caseId: d.caseId, reference: c.reference, matterId: d.matterId, compartment: d.compartment, at: d.at, expectedDate: d.expectedDate, phone: d.phone });
        if (confirmation) outbox.add(confirmation);
        return c.reference;
      });
    },

    /** A further compartment of a deposited case closed; answers all the case's compartments. */
    fillContinuation(caseId: number, compartment: string, at: number): string[] {
      repos.transaction(() => {
        transitions.moveCompartment(compartment, 'fill', caseId, { actor: RESIDENT, at, detail: { continuation: true } });
      });
      return compartments.occupiedBy(caseId);
    },

    /** Ended before anything was deposited here. A continuation leaves the case as deposited: only its extra compartment failed. */
    abandon(a: { caseId: number; compartment: string; continuation: boolean; stage: string; compartmentEvent: 'release' | 'fail' | null; at: number }): void {
      repos.transaction(() => {
        if (!a.continuation) transitions.moveCase(a.caseId, 'abandon', { actor: RESIDENT, at: a.at, detail: { stage: a.stage } });
        if (a.compartmentEvent) transitions.moveCompartment(a.compartment, a.compartmentEvent, a.caseId, { actor: RESIDENT, at: a.at });
      });
    },

    /** The same case, another compartment, after a door did not open. */
    swap(s: { caseId: number; from: string; to: string; continuation: boolean; at: number }): void {
      repos.transaction(() => {
        transitions.audit.append({ at: s.at, actor: RESIDENT, action: 'dropoff.retry', outcome: 'ok', caseId: s.caseId, compartment: s.to, detail: { instead: s.from } });
        transitions.moveCompartment(s.to, 'reserve', s.caseId, { actor: RESIDENT, at: s.at });
        if (!s.continuation) cases.setCompartment(s.caseId, s.to);
      });
    },

    /** 继续投递: another compartment reserved for a case just deposited. */
    reserveContinuation(caseId: number, compartment: string, at: number): void {
      repos.transaction(() => {
        transitions.audit.append({ at, actor: RESIDENT, action: 'dropoff.continue', outcome: 'ok', caseId, compartment });
        transitions.moveCompartment(compartment, 'reserve', caseId, { actor: RESIDENT, at });
      });
    },

    /**
     * The drop-off was refused before anything was written but its audit entry. Anyone at the screen
     * (or the web harness's socket) can repeat a refused call without limit: one row per reason a
     * minute, the repeats counted into the next row (a flood of mismatched phones wrote a row each).
     */
    denied(action: 'dropoff.begin' | 'dropoff.continue', at: number, detail: Record<string, unknown> & { reason: string }): void {
      denials.deny(`${action}:${detail.reason}`, at + DENIAL_WINDOW_MS, { at, actor: RESIDENT, action, outcome: 'denied', detail });
    },
  };
}
export type DropOffRecords = ReturnType<typeof createDropOffRecords>;
