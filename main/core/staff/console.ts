// The staff and technician console: builds the staff services and answers the contract's staff
// methods, each behind its session and permission check.
import type { Timers } from '../clock';
import type { Handlers } from '../../contract/dispatch';
import { CabinetError } from '../../contract/errors';
import type { StaffJob } from '../../contract/staff-schemas';
import { staffAccess, type staffMethods } from '../../contract/staff-api';
import type { Repositories } from '../../store/repositories';
import type { CabinetConfig } from '../config';
import type { DoorSessions } from '../doors/door-sessions';
import type { BusLink, BusScanner, ConfigFile, LogExport, Restarter, SetupCode, UpdatePort } from '../ports';
import type { PickUps } from '../resident/pickup';
import type { Transitions } from '../cases/transitions';
import { createAccounts, type StaffSession } from './accounts';
import { createAccountLifecycle } from './account-lifecycle';
import { createCaseQueries } from './case-queries';
import { createDiagnostics } from './diagnostics';
import { createDoorJobs } from './door-jobs';
import { createCheckClearing } from './check-clearing';
import { createKeyRotation } from './key-rotation';
import { createMaintenance } from './maintenance';
import { permissionsOf } from './permissions';
import { createReports, reportCsv } from './reports';
import { createRetrieval, manifestCsv } from './retrieval';
import { saveBuses } from './bus-setup';
import { createReturns } from './returns';
import { createUpdateActions } from './updates';

export interface StaffConsoleDeps {
  repos: Repositories;
  config: CabinetConfig;
  timers: Timers;
  transitions: Transitions;
  doors: DoorSessions;
  pickUps: PickUps;
  transports: ReadonlyMap<string, BusLink>;
  busScanner: BusScanner;
  configFile: ConfigFile;
  logFile: LogExport;
  setupCode: SetupCode;
  restarter?: Restarter | undefined;
  updates?: UpdatePort | undefined;
  /** The version this process runs (package.json), shown when no update is installed. */
  runningVersion?: string;
  doorOpen(label: string): boolean | undefined;
  newId(): string;
  emitJob(job: StaffJob): void;
}

export function createStaffConsole(deps: StaffConsoleDeps) {
  const { repos, config, timers, transitions } = deps;
  const accounts = createAccounts({ repos, timers, transitions, idleMs: config.timeouts.staffIdleSeconds * 1000, setupCode: deps.setupCode });
  const lifecycle = createAccountLifecycle({ repos, timers, transitions, endSessionsOf: accounts.endSessionsOf });
  const queries = createCaseQueries(repos.caseListings, config, repos.identities);
  const jobs = createDoorJobs({ doors: deps.doors, timers, config, newId: deps.newId, emit: deps.emitJob });
  const retrieval = createRetrieval({ repos, timers, transitions, jobs, queries });
  const returns = createReturns({ repos, config, timers, transitions, jobs, queries, pickUps: deps.pickUps });
  const maintenance = createMaintenance({ compartments: repos.compartments, timers, transitions, jobs });
  const checks = createCheckClearing({ repos, config, timers, transitions });
  const keys = createKeyRotation({ repos, audit: transitions.audit, now: () => timers.now() });
  const report = createReports(repos.reports);
  const updates = createUpdateActions({ port: deps.updates, runningVersion: deps.runningVersion ?? 'unknown', doors: deps.doors, timers, transitions });
  const diagnostics = createDiagnostics({ compartments: repos.compartments, config, transports: deps.transports, doorOpen: deps.doorOpen, now: () => timers.now() });

  /** A restart waits until no door is moving: a technician restarting mid-retrieval must not lose a door's end. */
  function restart(session: StaffSession): { restarting: true } {
    const actor = `account:${session.account.login}`;
    const refuse = (reason: string, code: 'conflict' | 'unavailable', message: string) => {
      transitions.audit.append({ at: timers.now(), actor, action: 'system.restart', outcome: 'denied', detail: { reason } });
      throw new CabinetError(code, message);
    };
    if (!deps.restarter) return refuse('no-restarter', 'unavailable', 'This cabinet cannot restart itself here; restart it by hand.');
    if (deps.doors.activeCount() > 0) return refuse('doors-active', 'conflict', 'A door is opening or open: restart once every door is closed.');
    transitions.audit.append({ at: timers.now(), actor, action: 'system.restart', outcome: 'ok' });
    deps.restarter.restart();
    return { restarting: true as const };
  }

  const sessionView = (s: StaffSession) => ({ token: s.token, login: s.account.login, name: s.account.name, role: s.account.role, permissions: permissionsOf(s.account.role) });

  const handlers: Handlers<typeof staffMethods> = {
    'staff.setupNeeded': () => ({ setupNeeded: accounts.setupNeeded() }),
    'staff.createFirstAdmin': async (input) => {
      await accounts.createFirstAdmin(input);
      return sessionView(await accounts.login({ login: input.login, pin: input.pin }));
    },
    'staff.login': async (input) => sessionView(await accounts.login(input)),
    'staff.logout': ({ token }) => {
      accounts.logout(token);
      return { loggedOut: true as const };
    },
    'staff.createAccount': ({ token, ...input }) => accounts.createAccount(token, input),
    'staff.accounts': ({ token }) => accounts.listAccounts(token),
    'staff.setDisabled': ({ token, login, disabled }) => lifecycle.setDisabled(accounts.require(token, staffAccess['staff.setDisabled']), login, disabled),
    'staff.resetPin': ({ token, login, pin }) => lifecycle.resetPin(accounts.require(token, staffAccess['staff.resetPin']), login, pin),
    'staff.revokeCard': ({ token, login }) => lifecycle.revokeCard(accounts.require(token, staffAccess['staff.revokeCard']), login),
    'staff.jobs': ({ token }) => {
      accounts.session(token);
      return jobs.list();
    },

    'retrieval.pending': ({ token }) => (accounts.require(token, 'retrieve'), retrieval.pending()),
    'retrieval.open': ({ token, caseId }) => retrieval.open(accounts.require(token, 'retrieve'), caseId),
    'retrieval.openAll': ({ token }) => retrieval.openAll(accounts.require(token, 'retrieve')),
    'retrieval.stopAll': ({ token }) => {
      accounts.require(token, 'retrieve');
      retrieval.stopAll();
      return { stopped: true as const };
    },
    'retrieval.manifest': ({ token }) => retrieval.manifest(accounts.require(token, 'retrieve')),
    'retrieval.manifestCsv': ({ token }) => ({ csv: manifestCsv(retrieval.manifest(accounts.require(token, 'retrieve')), config.cabinet.timeZone) }),
    'retrieval.setSeal': ({ token, reference, seal }) => {
      retrieval.setSeal(accounts.require(token, 'retrieve'), reference, seal);
      return { saved: true as const };
    },

    'returns.returnable': ({ token }) => (accounts.require(token, 'return'), returns.returnable()),
    'returns.find': ({ token, reference }) => {
      accounts.require(token, 'return');
      const c = queries.byReference(reference);
      if (!c) {
        transitions.audit.append({ at: timers.now(), actor: 'console', action: 'returns.find', outcome: 'denied', detail: { reference } });
        throw new CabinetError('not-found', 'No case with this reference number.');
      }
      return c;
    },
    'returns.ready': ({ token }) => (accounts.require(token, 'return'), repos.readyResults.list()),
    'returns.putBack': ({ token, ...input }) => returns.putBack(accounts.require(token, 'return'), input),
    'returns.takeCode': ({ token, jobId }) => {
      const session = accounts.require(token, 'return');
      const code = jobs.takeCode(jobId, `account:${session.account.login}`);
      if (!code) throw new CabinetError('not-found', 'No code waiting for you from this job (it is shown once, to the one who issued it).');
      transitions.audit.append({ at: timers.now(), actor: `account:${session.account.login}`, action: 'returns.code-shown', outcome: 'ok', detail: { jobId } });
      return { code };
    },
    'recall.list': ({ token }) => (accounts.require(token, 'return'), returns.recallList()),
    'recall.open': ({ token, caseId }) => returns.recall(accounts.require(token, 'return'), caseId),

    'maintenance.override': ({ token, ...input }) => maintenance.override(accounts.require(token, 'override'), input),
    'maintenance.setInService': ({ token, label, inService }) => ({ state: maintenance.setInService(accounts.require(token, 'override'), label, inService) }),
    'maintenance.selfTest': ({ token }) => maintenance.selfTest(accounts.require(token, 'diagnostics')),
    'check.list': ({ token }) => (accounts.require(token, 'retrieve'), checks.pending()),
    'check.clear': ({ token, label, found }) => checks.clear(accounts.require(token, 'retrieve'), label, found),
    'maintenance.rotatePhoneKey': ({ token }) => keys.rotatePhoneKey(`account:${accounts.require(token, 'accounts').account.login}`),
    'maintenance.selfTestReport': ({ token }) => (accounts.require(token, 'diagnostics'), maintenance.selfTestReport()),

    'reports.period': ({ token, from, to }) => (accounts.require(token, 'reports'), report(from, to)),
    'reports.csv': ({ token, from, to }) => (accounts.require(token, 'reports'), { csv: reportCsv(report(from, to), config.cabinet.timeZone) }),

    'diagnostics.buses': ({ token }) => (accounts.require(token, 'diagnostics'), diagnostics.buses()),
    'diagnostics.doors': ({ token }) => (accounts.require(token, 'diagnostics'), diagnostics.doors()),
    'diagnostics.traffic': ({ token, ...filter }) => (accounts.require(token, 'diagnostics'), diagnostics.traffic(filter)),
    'diagnostics.ports': async ({ token }) => (accounts.require(token, 'diagnostics'), deps.busScanner.ports()),
    'diagnostics.scan': ({ token, busId }) => (accounts.require(token, 'diagnostics'), deps.busScanner.scan(busId)),
    'diagnostics.saveBuses': ({ token, buses }) => {
      const session = accounts.require(token, 'diagnostics');
      const result = saveBuses(config, deps.configFile, buses);
      transitions.audit.append({ at: timers.now(), actor: `account:${session.account.login}`, action: 'config.buses-saved', outcome: 'ok', detail: { path: result.path, buses: (buses as { id?: string }[]).map((b) => b?.id ?? '?') } });
      return result;
    },
    'system.restart': ({ token }) => restart(accounts.require(token, staffAccess['system.restart'])),
    'diagnostics.exportLogs': ({ token, days }) => {
      const session = accounts.require(token, 'diagnostics');
      transitions.audit.append({ at: timers.now(), actor: `account:${session.account.login}`, action: 'logs.exported', outcome: 'ok', detail: { days } });
      return { text: deps.logFile.export(days) };
    },
    'updates.list': ({ token }) => (accounts.require(token, staffAccess['updates.list']), updates.list()),
    'updates.apply': ({ token, file }) => updates.apply(accounts.require(token, staffAccess['updates.apply']), file),
    'updates.rollback': ({ token }) => updates.rollback(accounts.require(token, staffAccess['updates.rollback'])),
    'audit.recent': ({ token, limit }) => (accounts.require(token, 'audit'), transitions.audit.recent(limit)),
    'audit.verify': ({ token }) => (accounts.require(token, 'audit'), transitions.audit.verify()),
  };

  return { handlers, accounts, retrieval, returns, maintenance, keys };
}
export type StaffConsole = ReturnType<typeof createStaffConsole>;
