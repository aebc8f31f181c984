// The ONE factory that builds a running cabinet from a validated configuration. The Electron
// shell, the web harness, the CLI and the tests all call it.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { LockBus } from '../../hardware/lock-bus';
import type { Timers } from '../../hardware/transport/timers';
import { wallClock } from './clock';
import type { Handlers } from '../contract/dispatch';
import type { EventData, Methods } from '../contract/api';
import type { SimulatorMethods } from '../contract/simulator-api';
import type { SimulatorDoor } from '../contract/simulator-api';
import { openDatabase, type Db } from '../store/database';
import { createCompartmentsRepo } from '../store/compartments-repo';
import { createRepositories } from '../store/repositories';
import type { CabinetConfig } from './config';
import { createDoorMonitor } from './door-monitor';
import { createDoorSessions, type Alarm } from './door-sessions';
import { createDropOffs } from './drop-off';
import { createOutboxRepo } from '../store/outbox-repo';
import { createTransitions } from './transitions';
import { purgePersonalData } from './privacy';
import { recoverInterrupted } from './recovery';
import { createLogFile } from './log-file';
import { guardStorage } from './storage-errors';
import { nightlyCheck } from './staff/nightly-check';
import { atLocalTime } from './working-days';

const PURGE_EVERY_MS = 3600_000;
import { createPickUps, type PickUps } from './pickup';
import { createStatusLookup } from './case-status';
import { createRatingsRepo } from '../store/ratings-repo';
import { createStaffConsole, type StaffConsole } from './staff/console';
import { createEvents } from './events';
import { openBuses, type OpenedBuses } from './hardware-setup';
import { createNotifications, type Notifications } from './notify/notifications';
import { watchBuses } from './notify/bus-watch';
import { openPrinter } from './printer-setup';
import { createPrinting, type Printing } from './printing/printing';

export interface CabinetOptions {
  config: CabinetConfig;
  dataDir: string;
  timers?: Timers;
  newId?: () => string;
  /** Uniform in [0, 1): the jitter of notification retries. */
  random?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
  /** Where technician changes to the configuration are saved; default <dataDir>/cabinet.json. */
  configPath?: string;
}

export type CabinetEvents = {
  'dropOff.changed': EventData<'dropOff.changed'>;
  'pickUp.changed': EventData<'pickUp.changed'>;
  'staff.job': EventData<'staff.job'>;
  alarm: Alarm;
  'simulator.changed': { doors: SimulatorDoor[] };
};

export interface Cabinet {
  config: CabinetConfig;
  db: Db;
  databaseFile: string;
  handlers: Handlers<Methods>;
  /** Present only when at least one bus is the built-in simulator. */
  simulator: Handlers<SimulatorMethods> | undefined;
  /** The buses, transports and virtual boards, for diagnostics and tests. */
  hardware: OpenedBuses;
  on: ReturnType<typeof createEvents<CabinetEvents>>['on'];
  /** Events the screens receive (contract and simulator events), for the shells to forward. */
  onScreenEvent(listener: (name: string, data: unknown) => void): () => void;
  services: { pickUps: PickUps; staff: StaffConsole; notifications: Notifications; printing: Printing };
  close(): Promise<void>;
}

export async function createCabinet(options: CabinetOptions): Promise<Cabinet> {
  const { config } = options;
  const timers = options.timers ?? wallClock;
  const logFile = createLogFile(options.dataDir);
  const print = options.log ?? ((level, message, detail) => console[level](`[cabinet] ${message}`, detail ?? ''));
  const log: NonNullable<CabinetOptions['log']> = (level, message, detail) => {
    logFile.write(level, message, detail);
    print(level, message, detail);
  };
  const databaseFile = join(options.dataDir, 'cabinet.sqlite');
  const db = openDatabase(databaseFile);
  const events = createEvents<CabinetEvents>();
  const repos = createRepositories(db);
  createCompartmentsRepo(db).ensure(config.compartments.map((c) => c.label), timers.now());

  let opened: OpenedBuses;
  try {
    opened = await openBuses(config, log);
  } catch (error) {
    db.close();
    throw error;
  }
  const buses: ReadonlyMap<string, LockBus> = opened.buses;

  const transitions = createTransitions(repos);
  const outbox = createOutboxRepo(db);
  // The receipt printer, if any: opened on its first job; its failures never reach a door flow.
  const printing = createPrinting({ repos, config, clock: timers, printer: openPrinter(config, () => timers.now()), audit: (entry) => transitions.audit.append(entry), log });
  events.on('dropOff.changed', (state) => {
    if (state.stage === 'deposited' && state.receipt) void printing.printReceipt(state.receipt);
  });
  const notifications = createNotifications({ repos, config, clock: timers, audit: (entry) => transitions.audit.append(entry), random: options.random, log });
  let alarmSeq = 0;
  const raiseAlarm = (alarm: Alarm) => {
    log('warn', `alarm: ${alarm.kind}${alarm.label ? ` at ${alarm.label}` : ''}`);
    // The alarm, its audit entry and the technician's message are recorded together.
    db.transaction(() => {
      transitions.audit.append({ at: alarm.at, actor: 'cabinet', action: `alarm.${alarm.kind}`, outcome: 'failed', compartment: alarm.label ?? null, detail: alarm.detail ?? {} });
      outbox.add({
        at: alarm.at,
        kind: 'alarm',
        audience: 'technician',
        idempotencyKey: `alarm:${config.cabinet.id}:${alarm.kind}:${alarm.label ?? '-'}:${alarm.at}:${alarmSeq++}`,
        payload: { cabinet: config.cabinet.id, alarm: alarm.kind, compartment: alarm.label ?? null, at: alarm.at, detail: alarm.detail ?? null },
      });
    })();
    notifications.wake();
    events.emit('alarm', alarm);
  };
  const doors = createDoorSessions({
    buses,
    timers,
    doorOpenDetectMs: config.timeouts.doorOpenDetectSeconds * 1000,
    doorLeftOpenMs: config.timeouts.doorLeftOpenSeconds * 1000,
    recordOpen: (label, outcome, detail) =>
      transitions.audit.append({ at: timers.now(), actor: 'cabinet', action: 'lock.open', outcome: outcome === 'sent' ? 'ok' : 'failed', compartment: label, detail: { outcome, ...detail } }),
    alarm: raiseAlarm,
  });

  const dropOffs = createDropOffs({
    repos,
    config,
    doors,
    transitions,
    timers,
    newId: options.newId ?? randomUUID,
    emit: (state) => events.emit('dropOff.changed', state),
    log,
    phoneVerified: notifications.verification.use,
  });

  const pickUps = createPickUps({
    repos,
    config,
    doors,
    transitions,
    timers,
    newId: options.newId ?? randomUUID,
    emit: (state) => events.emit('pickUp.changed', state),
  });
  const lookUpStatus = createStatusLookup({ repos, config, timers, transitions });
  const ratings = createRatingsRepo(db);

  const monitor = createDoorMonitor({
    buses,
    layout: config.compartments,
    timers,
    intervalMs: config.timeouts.pollIntervalMs,
    onChange: (change) => {
      log('info', `door ${change.label} ${change.open ? 'opened' : 'closed'}`);
      doors.onDoorChange(change);
    },
    onError: (busId, error) => log('warn', `poll of ${busId} failed`, error instanceof Error ? error.message : error),
  });
  await monitor.start();
  const staff = createStaffConsole({
    repos,
    config,
    timers,
    transitions,
    doors,
    pickUps,
    transports: opened.transports,
    configPath: options.configPath ?? join(options.dataDir, 'cabinet.json'),
    logFile,
    doorOpen: monitor.isOpen,
    newId: options.newId ?? randomUUID,
    emitJob: (job) => events.emit('staff.job', job),
  });
  // Settle what a power cut interrupted, from the first door reading; then purge old personal data.
  const recovered = recoverInterrupted(repos, transitions, timers.now(), monitor.isOpen, config);
  if (recovered.abandoned.length || recovered.deposited.length) log('warn', 'recovered interrupted flows', recovered);
  // Hourly housekeeping: purge old personal data; remind residents of deadlines, expire overdue items.
  const purge = () => {
    purgePersonalData(repos, timers.now(), config.privacy.purgeAfterDays);
    staff.returns.sweep();
  };
  // The unattended nightly check (read-only), once a day after its local time.
  const checkTimer = setIntervalWith(timers, 60_000, () => {
    const now = timers.now();
    if (config.nightlyCheckAt && now >= atLocalTime(config.nightlyCheckAt, now)) {
      const { written, report } = nightlyCheck({ repos, config, transitions, transports: opened.transports, doorOpen: monitor.isOpen, now });
      if (written) log('info', 'nightly check', report);
    }
  });
  purge();
  const purgeTimer = setIntervalWith(timers, PURGE_EVERY_MS, purge);
  // Notifications: deliver the outbox in the background (never in a door flow's way); a bus that
  // stays offline raises a technician alarm; any core event may have written a message.
  const unwatchBuses = watchBuses(opened.transports, timers, (bus, since, state) =>
    raiseAlarm({ kind: 'bus-offline', at: timers.now(), detail: { bus, state, since } }),
  );
  events.onAny(() => notifications.wake());
  notifications.start();

  const handlers: Handlers<Methods> = {
    'cabinet.info': () => ({
      id: config.cabinet.id,
      name: config.cabinet.name,
      location: config.cabinet.location,
      languages: config.languages,
      timeouts: {
        idleSeconds: config.timeouts.idleSeconds,
        elderIdleSeconds: config.timeouts.elderIdleSeconds,
        idleWarningSeconds: config.timeouts.idleWarningSeconds,
        staffIdleSeconds: config.timeouts.staffIdleSeconds,
      },
      privacy: { purgeAfterDays: config.privacy.purgeAfterDays },
      simulated: opened.simulator !== undefined,
      smsVerification: notifications.smsVerification,
      pickup: { codeDigits: config.pickup.codeDigits },
    }),
    'matters.list': () => config.matters.map((m) => ({ id: m.id, name: m.name, materials: m.materials, processingDays: m.processingDays })),
    'dropOff.begin': (input) => dropOffs.begin(input),
    'dropOff.get': ({ dropOffId }) => dropOffs.get(dropOffId),
    'dropOff.cancel': ({ dropOffId }) => dropOffs.cancel(dropOffId),
    'dropOff.continue': ({ dropOffId }) => dropOffs.continueInto(dropOffId),
    'dropOff.retry': ({ dropOffId }) => dropOffs.retryElsewhere(dropOffId),
    'pickUp.begin': (input) => pickUps.begin(input),
    'pickUp.get': ({ pickUpId }) => pickUps.get(pickUpId),
    'status.lookup': (input) => lookUpStatus(input),
    'rating.submit': (input) => {
      const caseId = input.reference ? (db.prepare('SELECT id FROM cases WHERE reference = ?').get(input.reference) as { id: number } | undefined)?.id ?? null : null;
      ratings.add({ at: timers.now(), caseId, flow: input.flow, level: input.level, comments: input.comments });
      return { recorded: true as const };
    },
    ...staff.handlers,
    ...notifications.handlers(staff.accounts),
    ...printing.handlers(staff.accounts, staff.retrieval),
  };

  const simulator = opened.simulator;
  let simulatorHandlers: Handlers<SimulatorMethods> | undefined;
  if (simulator) {
    simulator.onDoorsChanged(() => events.emit('simulator.changed', { doors: simulator.doors() }));
    simulatorHandlers = {
      'simulator.state': () => ({ doors: simulator.doors() }),
      'simulator.press': ({ label }) => {
        simulator.press(label);
        return { doors: simulator.doors() };
      },
      'simulator.fault': ({ label, jammed }) => {
        simulator.jam(label, jammed);
        return { doors: simulator.doors() };
      },
      'simulator.frames': ({ limit }) => simulator.frames(limit),
      'simulator.printed': ({ limit }) => printing.printed(limit),
    };
  }

  return {
    config,
    db,
    databaseFile,
    handlers: guardStorage(handlers, log),
    simulator: simulatorHandlers,
    hardware: opened,
    on: events.on,
    onScreenEvent: (listener) =>
      events.onAny((name, data) => {
        if (name !== 'alarm') listener(name, data);
      }),
    services: { pickUps, staff, notifications, printing },
    async close() {
      purgeTimer.stop();
      checkTimer.stop();
      unwatchBuses();
      await notifications.stop();
      await monitor.stop();
      doors.dispose();
      await opened.close();
      await printing.close();
      db.close();
    },
  };
}

/** A repeating timer on the injected clock. */
function setIntervalWith(timers: Timers, ms: number, fn: () => void): { stop(): void } {
  let handle = timers.setTimeout(function tick() {
    fn();
    handle = timers.setTimeout(tick, ms);
  }, ms);
  return { stop: () => timers.clearTimeout(handle) };
}
