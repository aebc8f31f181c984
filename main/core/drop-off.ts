// The resident's drop-off, from the confirming tap to the receipt. The lock command is only a
// request: the step completes when the door sensor reports the door opened and then closed.
import { BusError, type LockBus } from '../../hardware/lock-bus';
import type { Timers, TimerHandle } from '../../hardware/transport/timers';
import { CabinetError } from '../contract/errors';
import type { DropOffState, CompartmentView } from '../contract/schemas';
import type { Db } from '../store/database';
import { createAuditRepo } from '../store/audit-repo';
import { createCasesRepo } from '../store/cases-repo';
import { createCompartmentsRepo } from '../store/compartments-repo';
import { createOutboxRepo } from '../store/outbox-repo';
import { createReferenceCounter } from '../store/reference-counter';
import { chooseCompartment } from './allocation';
import type { CabinetConfig, CompartmentConfig } from './config';
import type { DoorChange } from './door-monitor';
import { maskPhone } from './phone';
import { formatReference } from './references';
import { addWorkingDays, toLocalDate } from './working-days';

export interface DropOffDeps {
  db: Db;
  config: CabinetConfig;
  buses: ReadonlyMap<string, LockBus>;
  timers: Timers;
  newId(): string;
  emit(state: DropOffState): void;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
}

export interface BeginDropOff {
  matterId: string;
  phone: string;
  phoneRepeat: string;
  language: 'zh-CN' | 'en';
  elderMode: boolean;
}

interface Session {
  state: DropOffState;
  caseId: number;
  phone: string;
  matterId: string;
  compartment: CompartmentConfig;
  openTimer?: TimerHandle;
}

const RESIDENT = 'resident';

export function createDropOffs(deps: DropOffDeps) {
  const { db, config, timers } = deps;
  const cases = createCasesRepo(db);
  const compartments = createCompartmentsRepo(db);
  const audit = createAuditRepo(db);
  const outbox = createOutboxRepo(db);
  const references = createReferenceCounter(db);
  const sessions = new Map<string, Session>();
  const rows = Math.max(...config.compartments.map((c) => c.row));
  const columns = Math.max(...config.compartments.map((c) => c.column));

  const view = (c: CompartmentConfig): CompartmentView => ({ label: c.label, size: c.size, column: c.column, row: c.row, rows, columns });

  function update(session: Session, patch: Partial<DropOffState>): DropOffState {
    session.state = { ...session.state, ...patch };
    deps.emit(session.state);
    return session.state;
  }

  function find(dropOffId: string): Session {
    const session = sessions.get(dropOffId);
    if (!session) throw new CabinetError('not-found', 'No such drop-off.');
    return session;
  }

  async function begin(input: BeginDropOff): Promise<DropOffState> {
    const now = timers.now();
    const matter = config.matters.find((m) => m.id === input.matterId);
    if (!matter) throw new CabinetError('not-found', `Unknown matter: ${input.matterId}`);
    if (input.phone !== input.phoneRepeat) {
      audit.append({ at: now, actor: RESIDENT, action: 'dropoff.begin', outcome: 'denied', detail: { reason: 'phone-mismatch' } });
      throw new CabinetError('bad-request', 'The two phone numbers differ.');
    }
    const busy = new Set(compartments.all().filter((r) => r.state !== 'free').map((r) => r.label));
    const compartment = chooseCompartment(config.compartments, (label) => !busy.has(label), { size: matter.size, elderMode: input.elderMode });
    if (!compartment) {
      audit.append({ at: now, actor: RESIDENT, action: 'dropoff.begin', outcome: 'denied', detail: { reason: 'no-compartment', matter: matter.id } });
      throw new CabinetError('no-compartment', 'No free compartment fits this matter right now.');
    }
    const bus = deps.buses.get(compartment.bus);
    if (!bus) throw new CabinetError('internal', `No bus ${compartment.bus}`);

    const caseId = db.transaction(() => {
      const ref = formatReference(toLocalDate(now), references.next(toLocalDate(now)));
      const id = cases.insert({
        reference: ref,
        matterId: matter.id,
        phone: input.phone,
        status: 'reserved',
        compartment: compartment.label,
        language: input.language,
        elderMode: input.elderMode,
        at: now,
      });
      compartments.set(compartment.label, 'reserved', id, now);
      audit.append({ at: now, actor: RESIDENT, action: 'case.reserved', outcome: 'ok', caseId: id, compartment: compartment.label, detail: { matter: matter.id } });
      return id;
    })();

    const dropOffId = deps.newId();
    const session: Session = {
      state: { dropOffId, stage: 'opening', compartment: view(compartment) },
      caseId,
      phone: input.phone,
      matterId: matter.id,
      compartment,
    };
    sessions.set(dropOffId, session);

    try {
      await bus.openLock(compartment.board, compartment.lock);
      audit.append({ at: timers.now(), actor: RESIDENT, action: 'lock.open', outcome: 'ok', caseId, compartment: compartment.label });
    } catch (error) {
      const kind = error instanceof BusError ? error.kind : 'outcome-unknown';
      audit.append({
        at: timers.now(),
        actor: RESIDENT,
        action: 'lock.open',
        outcome: 'failed',
        caseId,
        compartment: compartment.label,
        detail: { kind, message: (error as Error).message },
      });
      deps.log('warn', `open ${compartment.label} failed (${kind})`, error);
      if (kind !== 'outcome-unknown') {
        // Provably never reached the board: release the compartment and tell the resident.
        end(session, 'failed', 'abandoned', 'free');
        return session.state;
      }
      // Outcome unknown: the lock may have fired. Never resend; the door sensor decides.
    }
    if (session.state.stage === 'opening') {
      session.openTimer = timers.setTimeout(() => openNotDetected(session), config.timeouts.doorOpenDetectSeconds * 1000);
    }
    return session.state;
  }

  function end(session: Session, stage: DropOffState['stage'], caseStatus: string, compartmentState: string): void {
    if (session.openTimer !== undefined) timers.clearTimeout(session.openTimer);
    const at = timers.now();
    db.transaction(() => {
      cases.setStatus(session.caseId, caseStatus, at);
      compartments.set(session.compartment.label, compartmentState, compartmentState === 'free' ? null : session.caseId, at);
      audit.append({ at, actor: RESIDENT, action: `case.${caseStatus}`, outcome: 'ok', caseId: session.caseId, compartment: session.compartment.label, detail: { stage } });
    })();
    update(session, { stage });
    sessions.delete(session.state.dropOffId);
  }

  function openNotDetected(session: Session): void {
    if (session.state.stage !== 'opening') return;
    deps.log('warn', `open not detected on ${session.compartment.label}`);
    // The lock fired but the sensor never saw the door open: take the compartment out of use.
    end(session, 'open-not-detected', 'abandoned', 'fault');
  }

  function deposited(session: Session, at: number): void {
    const matter = config.matters.find((m) => m.id === session.matterId);
    if (!matter) return;
    const expectedDate = addWorkingDays(at, matter.processingDays);
    const row = db.transaction(() => {
      cases.markDeposited(session.caseId, 'deposited', at, expectedDate);
      compartments.set(session.compartment.label, 'occupied', session.caseId, at);
      audit.append({ at, actor: RESIDENT, action: 'case.deposited', outcome: 'ok', caseId: session.caseId, compartment: session.compartment.label });
      const c = cases.byId(session.caseId);
      if (!c) throw new Error('case vanished inside its transaction');
      outbox.add({
        at,
        kind: 'deposit',
        audience: 'staff',
        idempotencyKey: `deposit:${config.cabinet.id}:${c.reference}`,
        payload: {
          cabinet: config.cabinet.id,
          reference: c.reference,
          matter: matter.id,
          compartment: session.compartment.label,
          depositedAt: at,
          expectedDate,
          phone: maskPhone(session.phone),
        },
      });
      return c;
    })();
    update(session, {
      stage: 'deposited',
      receipt: {
        reference: row.reference,
        matter: matter.name,
        compartment: session.compartment.label,
        depositedAt: at,
        expectedDate,
        maskedPhone: maskPhone(session.phone),
      },
    });
    sessions.delete(session.state.dropOffId);
  }

  function onDoorChange(change: DoorChange): void {
    for (const session of sessions.values()) {
      if (session.compartment.label !== change.label) continue;
      if (change.open && session.state.stage === 'opening') {
        if (session.openTimer !== undefined) timers.clearTimeout(session.openTimer);
        db.transaction(() => {
          cases.setStatus(session.caseId, 'door-opened', change.at);
          audit.append({ at: change.at, actor: RESIDENT, action: 'case.door-opened', outcome: 'ok', caseId: session.caseId, compartment: change.label });
        })();
        update(session, { stage: 'open' });
      } else if (!change.open && session.state.stage === 'open') {
        deposited(session, change.at);
      }
    }
  }

  return {
    begin,
    get: (dropOffId: string): DropOffState => find(dropOffId).state,
    cancel(dropOffId: string): DropOffState {
      const session = find(dropOffId);
      if (session.state.stage !== 'opening') throw new CabinetError('conflict', 'The door is already open: close it to finish.');
      end(session, 'cancelled', 'abandoned', 'free');
      return session.state;
    },
    onDoorChange,
    /** Labels with a drop-off in progress: a door change there is expected. */
    activeLabels: (): Set<string> => new Set([...sessions.values()].map((s) => s.compartment.label)),
  };
}
export type DropOffs = ReturnType<typeof createDropOffs>;
