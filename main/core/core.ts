// The core, built from its ports: the door flows, staff console, notifications, printing and
// housekeeping of one cabinet, wired together and answering the contract's methods. It builds no
// hardware and opens no file or connection of its own: the composition root (main/app/) opens the
// store, the buses, the printer and the notification channels and hands them in here.
import type { EventData, Methods } from '../contract/api';
import type { Handlers } from '../contract/dispatch';
import type { Repositories } from '../store/repositories';
import { createAlarms } from './doors/alarms';
import { createStatusLookup } from './resident/case-status';
import type { Clock } from './clock';
import type { CabinetConfig } from './config';
import { createDoorMonitor } from './doors/door-monitor';
import { createDoorSessions, type Alarm } from './doors/door-sessions';
import { createDropOffs } from './resident/drop-off';
import { createEvents } from './events';
import { startHousekeeping } from './housekeeping';
import { watchBuses } from './notify/bus-watch';
import type { OpenChannels } from './notify/channels';
import { createNotifications, type Notifications } from './notify/notifications';
import { createPickUps, type PickUps } from './resident/pickup';
import type { BusLink, BusScanner, ConfigFile, FleetLink, IdCardReader, LineDevice, LockBus, LogExport, Printer, Restarter, SetupCode, Speaker, SystemInfo, UpdatePort } from './ports';
import { createSerialDevices } from './devices/serial-devices';
import { createIdCards } from './identity/id-cards';
import { createIdentityHandlers } from './identity/identity-handlers';
import { createFleet, type Fleet, type FleetDeps } from './fleet/fleet';
import { createPrinting, type Printing } from './printing/printing';
import { settleInterrupted } from './doors/recovery';
import { createResidentHandlers } from './resident/handlers';
import { createHelp } from './resident/help';
import { createVoiceHandlers } from './resident/voice';
import { createStaffConsole, type StaffConsole } from './staff/console';
import { guardStorage } from './storage-errors';
import { createTransitions, type Transitions } from './cases/transitions';
import { receiptQr } from './cases/receipt-tag';

export type Log = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;

export interface CorePorts {
  config: CabinetConfig;
  /** The store, open and migrated, as main/store's repositories: the core never sees SQL. */
  repos: Repositories;
  /** One LockBus per configured bus, by bus id. */
  buses: ReadonlyMap<string, LockBus>;
  /** Each bus's link (state, counters, traffic), by bus id: diagnostics and the offline alarm. */
  links: ReadonlyMap<string, BusLink>;
  busScanner: BusScanner;
  /** The receipt printer of config.printer, if any. */
  printer: Printer | undefined;
  /** The serial scanner and staff-card reader of config.scanner / config.cardReader, if any (opened by the app). */
  lineDevices?: { scanner: LineDevice | undefined; cardReader: LineDevice | undefined };
  /** The notification channels (HTTP, SMTP), opened by the app. */
  openChannels: OpenChannels;
  /** Wall-clock time and timers. */
  clock: Clock;
  /** The log file, for the technician's export. */
  logFile: LogExport;
  log: Log;
  newId(): string;
  /** Uniform in [0, 1): the jitter of notification retries. */
  random?: () => number;
  /** Where technician changes to the configuration are saved. */
  configFile: ConfigFile;
  /** The installer's one-time code for the first administrator. */
  setupCode: SetupCode;
  /** How the shell restarts the application; absent where nothing can restart it (tests, tools). */
  restarter?: Restarter | undefined;
  /** Whether any bus is the built-in simulator (cabinet.info tells the screens). */
  simulated: boolean;
  /** The district's MQTT broker, when config.fleet is set (docs/fleet.md). */
  fleetLink?: FleetLink;
  /** Version and free disk, for the fleet heartbeat. */
  system?: SystemInfo;
  /** Offline updates from USB, when config.updates is set (main/app/updates). */
  updates?: UpdatePort | undefined;
  /** The kiosk's voice (recorded pack, offline synthesizer); absent: voice.say plays nothing. */
  speaker?: Speaker | undefined;
  /** The resident ID-card reader of config.idCardReader, if any. */
  idCardReader?: IdCardReader | undefined;
}

export type CoreEvents = {
  'dropOff.changed': EventData<'dropOff.changed'>;
  'dropOff.paper': EventData<'dropOff.paper'>;
  'pickUp.changed': EventData<'pickUp.changed'>;
  'staff.job': EventData<'staff.job'>;
  'devices.scanned': EventData<'devices.scanned'>;
  'devices.card': EventData<'devices.card'>;
  alarm: Alarm;
};

export interface Core {
  handlers: Handlers<Methods>;
  on: ReturnType<typeof createEvents<CoreEvents>>['on'];
  /** Events the screens receive (contract events; alarms are not), for the shells to forward. */
  onScreenEvent(listener: (name: string, data: unknown) => void): () => void;
  services: { pickUps: PickUps; staff: StaffConsole; notifications: Notifications; printing: Printing; fleet: Fleet | undefined };
  /** Stops the core's timers, workers and door polling; the app then closes what it opened. */
  close(): Promise<void>;
}

/**
 * The door monitor and the door sessions, wired to each other: the monitor is built first (the
 * sessions read its sensors); it is started by createCore once everything listens.
 */
function createDoorTruth(ports: CorePorts, transitions: Transitions, raiseAlarm: (alarm: Alarm) => void) {
  const { config, buses, clock, log } = ports;
  const monitor = createDoorMonitor({
    buses,
    layout: config.compartments,
    timers: clock,
    intervalMs: config.timeouts.pollIntervalMs,
    onChange: (change) => {
      log('info', `door ${change.label} ${change.open ? 'opened' : 'closed'}`);
      doors.onDoorChange(change);
    },
    onRead: (at) => doors.onPollCycle(at),
    // Logged when a bus starts failing and when it answers again: polls run many times a second.
    onHealth: (busId, healthy, error) =>
      healthy ? log('info', `polls of ${busId} answer again`) : log('warn', `polls of ${busId} failing`, error instanceof Error ? error.message : error),
  });
  const doors = createDoorSessions({
    buses,
    sensors: monitor,
    timers: clock,
    doorOpenDetectMs: config.timeouts.doorOpenDetectSeconds * 1000,
    doorLeftOpenMs: config.timeouts.doorLeftOpenSeconds * 1000,
    recordOpen: (label, outcome, detail) =>
      transitions.audit.append({ at: clock.now(), actor: 'cabinet', action: 'lock.open', outcome: outcome === 'sent' ? 'ok' : 'failed', compartment: label, detail: { outcome, ...detail } }),
    alarm: raiseAlarm,
    log,
  });
  return { monitor, doors };
}

export async function createCore(ports: CorePorts): Promise<Core> {
  const { config, repos, clock, log } = ports;
  const events = createEvents<CoreEvents>();
  const transitions = createTransitions(repos);
  const audit = (entry: Parameters<typeof transitions.audit.append>[0]) => transitions.audit.append(entry);
  const notifications = createNotifications({ repos, config, clock, audit, openChannels: ports.openChannels, random: ports.random, log });
  const raiseAlarm = createAlarms({
    repos,
    config,
    transitions,
    clock,
    log,
    raised: (alarm) => {
      notifications.wake();
      events.emit('alarm', alarm);
    },
  });
  // The receipt printer, if any: its failures never reach a door flow. Each deposit prints once
  // ('printing' is set only on the deposit itself); the outcome goes back to the screen, which
  // says whether the paper receipt came out.
  const printing = createPrinting({ repos, config, clock, printer: ports.printer, audit, log, alarm: raiseAlarm });
  let notePaper: (dropOffId: string, printed: boolean) => void = () => undefined;
  events.on('dropOff.changed', (state) => {
    if (state.stage !== 'deposited' || !state.receipt || state.paper !== 'printing') return;
    void printing.printReceipt(state.receipt).then((printed) => notePaper(state.dropOffId, printed));
  });
  // A wall-clock step of minutes: logged and alarmed (the technician checks NTP / the RTC battery).
  const unwatchClock = clock.onJump?.((jump) => {
    log('warn', `the wall clock jumped ${jump.direction} by ${Math.round(Math.abs(jump.driftMs) / 1000)} s`, jump);
    raiseAlarm({ kind: 'clock-jump', at: clock.now(), detail: { ...jump } });
  });
  const { monitor, doors } = createDoorTruth(ports, transitions, raiseAlarm);
  const idCards = createIdCards({ reader: ports.idCardReader, key: () => repos.secrets.getOrCreate('id-number'), now: () => clock.now(), newId: ports.newId, log });
  const identityOf = idCards.available ? idCards.identityOf : undefined;
  const dropOffs = createDropOffs({
    identityOf,
    repos,
    config,
    doors,
    transitions,
    timers: clock,
    newId: ports.newId,
    emit: (state) => events.emit('dropOff.changed', state),
    log,
    phoneVerified: notifications.verification.use,
    alarm: raiseAlarm,
    receiptQr: (reference) => receiptQr(repos.secrets.getOrCreate('pickup-code'), reference),
    printer: printing.available,
  });
  notePaper = (dropOffId, printed) => {
    const paper = dropOffs.notePaper(dropOffId, printed);
    events.emit('dropOff.paper', { dropOffId, paper });
  };
  const pickUps = createPickUps({ repos, config, doors, transitions, timers: clock, newId: ports.newId, emit: (state) => events.emit('pickUp.changed', state), alarm: raiseAlarm, log, identityOf });

  await monitor.start();
  const staff = createStaffConsole({
    repos,
    config,
    timers: clock,
    transitions,
    doors,
    pickUps,
    transports: ports.links,
    busScanner: ports.busScanner,
    configFile: ports.configFile,
    setupCode: ports.setupCode,
    restarter: ports.restarter,
    logFile: ports.logFile,
    updates: ports.updates,
    runningVersion: ports.system?.version ?? 'unknown',
    doorOpen: monitor.isOpen,
    newId: ports.newId,
    emitJob: (job) => events.emit('staff.job', job),
  });
  // Settle what a power cut interrupted, from the first door reading; then purge old personal data.
  finishKeyRotation(staff, log);
  const settling = settleInterrupted({ repos, transitions, clock, doorOpen: monitor.isOpen, config, log });
  const housekeeping = startHousekeeping({ repos, config, clock, transitions, links: ports.links, doorOpen: monitor.isOpen, sweepReturns: () => staff.returns.sweep(), log });
  // Notifications: deliver the outbox in the background (never in a door flow's way); a bus that
  // stays offline raises a technician alarm; any core event may have written a message.
  const unwatchBuses = watchBuses(ports.links, clock, (bus, since, state) => raiseAlarm({ kind: 'bus-offline', at: clock.now(), detail: { bus, state, since } }));
  events.onAny(() => notifications.wake());
  notifications.start();
  const serialDevices = createSerialDevices({
    config,
    scanner: ports.lineDevices?.scanner,
    cardReader: ports.lineDevices?.cardReader,
    links: ports.links,
    clock,
    emitScan: (data) => events.emit('devices.scanned', data),
    emitCard: (data) => events.emit('devices.card', data),
    printerStatus: () => printing.statusNow(),
    configProblems: () => ports.configFile.problems?.() ?? [],
    log,
  });
  const fleet = startFleet(ports, staff, notifications, monitor.isOpen, audit);
  if (fleet) events.onAny(() => fleet.wake());

  const handlers: Handlers<Methods> = {
    ...createResidentHandlers({
      config,
      clock,
      dropOffs,
      pickUps,
      lookUpStatus: createStatusLookup({ repos, config, timers: clock, transitions, receiptSecret: () => repos.secrets.getOrCreate('pickup-code') }),
      ratings: repos.ratings,
      simulated: ports.simulated,
      smsVerification: notifications.smsVerification,
      help: createHelp({ repos, config, transitions, now: () => clock.now(), log, raised: () => notifications.wake() }),
      idCards,
    }),
    ...createIdentityHandlers({ repos, accounts: staff.accounts, idCards, transitions, now: () => clock.now() }),
    ...createVoiceHandlers({ speaker: ports.speaker, log }),
    ...staff.handlers,
    ...notifications.handlers(staff.accounts),
    ...printing.handlers(staff.accounts, staff.retrieval),
    ...serialDevices.handlers(staff.accounts),
  };

  return {
    handlers: guardStorage(handlers, log),
    on: events.on,
    onScreenEvent: (listener) =>
      events.onAny((name, data) => {
        if (name !== 'alarm') listener(name, data);
      }),
    services: { pickUps, staff, notifications, printing, fleet },
    async close() {
      unwatchClock?.();
      await fleet?.close();
      housekeeping.stop();
      settling.stop();
      unwatchBuses();
      await notifications.stop();
      await monitor.stop();
      doors.dispose();
    },
  };
}

/** The fleet link's side of the core, when the cabinet has a fleet configured and the app opened its link. */
function startFleet(ports: CorePorts, staff: StaffConsole, notifications: Notifications, doorOpen: (label: string) => boolean | undefined, audit: FleetDeps['audit']): Fleet | undefined {
  const { config, fleetLink } = ports;
  const fleetConfig = config.fleet;
  if (!fleetConfig || !fleetLink) return undefined;
  return createFleet({
    // The same object every part reads: a push's live sections reach them all.
    config: config as FleetDeps['config'],
    repos: ports.repos,
    link: fleetLink,
    system: ports.system ?? { version: 'unknown', freeDiskBytes: async () => null },
    clock: ports.clock,
    newId: ports.newId,
    links: ports.links,
    configFile: ports.configFile,
    logFile: ports.logFile,
    staff,
    retryNotification: (id) => notifications.notifier.retry(id),
    doorOpen,
    audit,
    log: ports.log,
  });
}

/** A phone-key rotation a power cut interrupted is finished; a disk that refuses it now leaves both keys, and the next start tries again. */
function finishKeyRotation(staff: StaffConsole, log: Log): void {
  try {
    const resealed = staff.keys.finishInterrupted();
    if (resealed !== null) log('warn', 'finished an interrupted phone-key rotation', { resealed });
  } catch (error) {
    log('error', 'could not finish an interrupted phone-key rotation; it is tried again at the next start', { error: String(error) });
  }
}
