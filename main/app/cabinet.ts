// The ONE factory that builds a running cabinet from a validated configuration — the composition
// root. The Electron shell, the web harness, the CLI, the benchmarks and the tests all call it. It
// opens the log file and the store, builds the buses (codec, transport, serial port or the
// in-process simulator), the printer and the clock, and hands them to the core as ports.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Handlers } from '../contract/dispatch';
import type { Methods } from '../contract/api';
import type { SimulatorDoor, SimulatorMethods } from '../contract/simulator-api';
import type { Clock } from '../core/clock';
import type { Restarter } from '../core/ports';
import type { CabinetConfig } from '../core/config';
import { createCore, type Core, type Log } from '../core/core';
import { createEvents } from '../core/events';
import { openDatabase, type Db } from '../store/database';
import { createCompartmentsRepo } from '../store/compartments-repo';
import { createRepositories } from '../store/repositories';
import { createBusScanner } from './bus-scan';
import { setupCodeIn } from './setup-code';
import { keysDirFor, openKeyFile, readKeyFileEntry } from './key-file';
import { openFleetLink } from './fleet-link';
import { APP_VERSION, systemInfo } from './system-info';
import { openUpdates } from './updates/port';
import { legacySecrets, type SecretsRepo } from '../store/secrets-repo';
import { createGuardedClock } from './clock';
import { configFileAt } from './config-file';
import { createLogFile, type LogSource } from './log-file';
import { openBuses, type OpenedBuses } from './buses';
import { openPrinter, type OpenedPrinter } from './printer';
import { openIdCardReader, type OpenedIdCardReader } from './id-card-reader';
import { openLineDevices, type OpenedLineDevices } from './line-devices';
import { createSpeaker } from './voice';
import { channelOpener } from './notify/channels';
import { createSimulatorHandlers } from './simulator-handlers';
import { backUpNow, scheduleNightlyBackups, type BackupResult } from './backup';
import { markRunning } from './running';

export interface CabinetOptions {
  config: CabinetConfig;
  dataDir: string;
  /** The core's wall clock and timers; default the process's own. */
  timers?: Clock;
  newId?: () => string;
  /** Uniform in [0, 1): the jitter of notification retries. */
  random?: () => number;
  log?: Log;
  /** Where technician changes to the configuration are saved; default <dataDir>/cabinet.json. */
  configPath?: string;
  /** How the shell restarts the application (ADR 0012); without one the console's restart is refused. */
  restarter?: Restarter;
  /** Nightly online backups into <dataDir>-backups (default on, at 03:00, 30 kept). */
  backups?: { hour?: number; keep?: number } | false;
  /** Pause between reconnections to the fleet broker (default 5 s; tests shorten it). */
  fleetReconnectMs?: number;
}

/** What the app opened: the buses, transports and virtual boards, and the printer. */
export type OpenedHardware = OpenedBuses & { printer: OpenedPrinter | undefined; lineDevices: OpenedLineDevices; idCardReader: OpenedIdCardReader | undefined };

export interface Cabinet {
  config: CabinetConfig;
  db: Db;
  databaseFile: string;
  /** The cabinet's keys (the key file outside the data directory), for tools and tests. */
  secrets: SecretsRepo;
  handlers: Handlers<Methods>;
  /** Present only when at least one bus is the built-in simulator. */
  simulator: Handlers<SimulatorMethods> | undefined;
  /** The buses, transports, virtual boards and printer, for diagnostics and tests. */
  hardware: OpenedHardware;
  on: Core['on'];
  /** Events the screens receive (contract and simulator events), for the shells to forward. */
  onScreenEvent(listener: (name: string, data: unknown) => void): () => void;
  services: Core['services'];
  /** The one log (file + console) for the shells' own lines: IPC errors, renderer crashes. */
  log(level: 'info' | 'warn' | 'error', message: string, detail: unknown, source: LogSource): void;
  /** An online backup now (the nightly one runs on its own), checked before it is kept. */
  backUp(): Promise<BackupResult>;
  close(): Promise<void>;
}

export async function createCabinet(options: CabinetOptions): Promise<Cabinet> {
  const { config } = options;
  // The process's own clock watches for wall-clock jumps (main/app/clock.ts); tests bring theirs.
  const guarded = options.timers ? undefined : createGuardedClock();
  const clock = options.timers ?? guarded!;
  const logFile = createLogFile(options.dataDir);
  const print = options.log ?? ((level, message, detail) => console[level](`[cabinet] ${message}`, detail ?? ''));
  const logFrom = (level: 'info' | 'warn' | 'error', message: string, detail: unknown, source: LogSource) => {
    logFile.write(level, message, detail, source);
    print(level, message, detail);
  };
  const log: Log = (level, message, detail) => logFrom(level, message, detail, 'main');
  const databaseFile = join(options.dataDir, 'cabinet.sqlite');
  const db = openDatabase(databaseFile);
  const unmarkRunning = markRunning(options.dataDir);
  createCompartmentsRepo(db).ensure(config.compartments.map((c) => c.label), clock.now());
  const repos = createRepositories(db, openSecrets(db, keysDirFor(options.dataDir, config.keysDir)));
  const setupCode = setupCodeIn(options.dataDir, repos.accounts.count() === 0);
  if (repos.accounts.count() === 0) log('info', `first run: the one-time setup code for the first administrator is in ${setupCode.path} (not shown on screen)`);

  let opened: OpenedBuses;
  try {
    opened = await openBuses(config, log);
  } catch (error) {
    db.close();
    unmarkRunning();
    throw error;
  }
  // The receipt printer, if any: opened on its first job.
  const printer = openPrinter(config, () => clock.now());
  // The ID-card reader, if any: opened on its first read, like the printer.
  const idCardReader = openIdCardReader(config);
  // The serial scanner and card reader, if any: kept open and retried in the background.
  const lineDevices = openLineDevices(config, log);
  // The fleet link, if configured: it connects in the background; the cabinet never waits for it.
  const keysDir = keysDirFor(options.dataDir, config.keysDir);
  const fleetLink = config.fleet
    ? openFleetLink({ fleet: config.fleet, cabinetId: config.cabinet.id, password: readKeyFileEntry(keysDir, 'fleet-password'), reconnectMs: options.fleetReconnectMs, log })
    : undefined;
  const speaker = createSpeaker(config.voice, log);
  const updates = config.updates ? openUpdates(config.updates, APP_VERSION, clock, log) : undefined;
  const core = await createCore({
    config,
    repos,
    buses: opened.buses,
    links: opened.transports,
    busScanner: createBusScanner(config, opened.transports),
    printer: printer?.printer,
    lineDevices: { scanner: lineDevices.scanner?.device, cardReader: lineDevices.cardReader?.device },
    // SMS provider secrets are read from the key file at each send: added or rotated without a restart.
    openChannels: channelOpener({ secretOf: (name) => readKeyFileEntry(keysDir, name) }),
    clock,
    logFile,
    log,
    newId: options.newId ?? randomUUID,
    random: options.random,
    configFile: configFileAt(options.configPath ?? join(options.dataDir, 'cabinet.json')),
    setupCode,
    restarter: options.restarter,
    simulated: opened.simulator !== undefined,
    fleetLink,
    system: systemInfo(options.dataDir),
    speaker,
    idCardReader: idCardReader?.reader,
    updates: updates?.port,
  }).catch(async (error: unknown) => {
    // What was opened for a core that could not start is closed again (a restart opens it anew).
    updates?.stop();
    await fleetLink?.close();
    await opened.close();
    await printer?.close();
    await idCardReader?.close();
    await lineDevices.close();
    db.close();
    unmarkRunning();
    throw error;
  });

  // Read every half minute from here on, so a jump is seen even when nothing else reads the clock.
  guarded?.start();
  const backups = startBackups(db, options, clock, log);

  const simulatorEvents = createEvents<{ 'simulator.changed': { doors: SimulatorDoor[] } }>();
  const simulator = opened.simulator;
  if (simulator) simulator.onDoorsChanged(() => simulatorEvents.emit('simulator.changed', { doors: simulator.doors() }));

  return {
    config,
    db,
    databaseFile,
    secrets: repos.secrets,
    handlers: core.handlers,
    simulator: simulator ? createSimulatorHandlers(simulator, printer?.virtual, { scanner: lineDevices.scanner?.virtual, cardReader: lineDevices.cardReader?.virtual }, idCardReader?.virtual) : undefined,
    hardware: { ...opened, printer, lineDevices, idCardReader },
    on: core.on,
    onScreenEvent(listener) {
      const off = [core.onScreenEvent(listener), simulatorEvents.onAny((name, data) => listener(name, data))];
      return () => off.forEach((o) => o());
    },
    services: core.services,
    log: logFrom,
    backUp: backups.now,
    async close() {
      await backups.stop();
      updates?.stop();
      guarded?.stop();
      await core.close();
      speaker.close();
      await opened.close();
      await printer?.close();
      await idCardReader?.close();
      await lineDevices.close();
      db.close();
      unmarkRunning();
    },
  };
}

/** The nightly backup, and backups on demand; close waits for one in flight (the db closes after). */
function startBackups(db: Db, options: CabinetOptions, clock: Clock, log: Log) {
  const settings = options.backups === false ? undefined : (options.backups ?? {});
  let inFlight: Promise<unknown> = Promise.resolve();
  const now = (): Promise<BackupResult> => {
    const run = backUpNow(db, options.dataDir, clock.now(), settings?.keep);
    inFlight = run.catch(() => undefined);
    return run;
  };
  const nightly = settings && scheduleNightlyBackups({ clock, run: now, log, hour: settings.hour });
  return {
    now,
    async stop() {
      nightly?.stop();
      await inFlight;
    },
  };
}

/** The key file, with any key an earlier version kept in the database moved into it (then dropped there). */
function openSecrets(db: Db, dir: string) {
  const file = openKeyFile(dir);
  const legacy = legacySecrets(db);
  const old = legacy.take();
  for (const { name, value } of old) file.adopt(name, value);
  if (old.length > 0) legacy.drop();
  return file;
}
