// The fleet link's side in the core (docs/fleet.md): the outbox publisher, presence (retained
// status and the heartbeat) and district commands. Everything goes through the FleetLink port;
// with the broker away the cabinet works as before and the outbox waits.
import type { Repositories } from '../../store/repositories';
import type { Clock } from '../clock';
import type { CabinetConfig, FleetConfig } from '../config';
import type { BusLink, ConfigFile, FleetLink, LogExport, SystemInfo } from '../ports';
import type { StaffConsole } from '../staff/console';
import { checkCommand, districtKey, type Command } from './command-check';
import { createCommandHandlers, type CommandOutcome } from './command-handlers';
import { createFleetOutbox } from './outbox';
import { FLEET_SCHEMA_VERSION, fleetTopics, statusPayload } from './topics';

export interface FleetDeps {
  config: CabinetConfig & { fleet: FleetConfig };
  repos: Pick<Repositories, 'fleet' | 'accounts' | 'compartments' | 'recovery' | 'readyResults'>;
  link: FleetLink;
  system: SystemInfo;
  clock: Clock;
  newId(): string;
  links: ReadonlyMap<string, BusLink>;
  configFile: ConfigFile;
  logFile: LogExport;
  staff: Pick<StaffConsole, 'maintenance'>;
  retryNotification(id: number): { ok: boolean };
  doorOpen(label: string): boolean | undefined;
  audit(entry: { at: number; actor: string; action: string; outcome: 'ok' | 'denied' | 'failed'; compartment?: string | null; detail?: Record<string, unknown> }): void;
  log(level: 'info' | 'warn', message: string, detail?: unknown): void;
}

const FEED_EVERY_MS = 5_000;
const DISTRICT_SESSION = { token: '', account: { id: 0, login: 'district', name: 'district', role: 'admin' as const }, startedAt: 0, lastActivity: 0, via: 'login' as const };

export function createFleet(deps: FleetDeps) {
  const { config, link, clock, log } = deps;
  const fleetConfig = config.fleet;
  const ids = { districtId: fleetConfig.districtId, cabinetId: config.cabinet.id };
  const topics = fleetTopics(ids.districtId, ids.cabinetId);
  const key = districtKey(fleetConfig.districtPublicKey);
  const startedAt = clock.now();
  let printerFailedAt: number | null = null;
  const outbox = createFleetOutbox({
    repos: deps.repos, link, topics, clock, newId: deps.newId, ids, inflight: fleetConfig.inflight, log: deps.log,
    sawAudit: (action, at) => {
      if (action === 'printer.failed') printerFailedAt = at;
    },
  });
  const isSafe = () =>
    deps.repos.recovery.interruptedCases().length === 0 && !config.compartments.some((c) => deps.doorOpen(c.label) === true);
  const publishJson = (topic: string, value: unknown, options?: { retain?: boolean; correlationData?: string }) =>
    link.publish(topic, JSON.stringify(value), options).catch((error: unknown) => deps.log('warn', `fleet publish to ${topic} failed`, error instanceof Error ? error.message : error));
  const respond = (id: string | null, outcome: CommandOutcome | { ok: false; error: string; message?: string }, correlationData?: string) =>
    publishJson(topics.responses, { v: FLEET_SCHEMA_VERSION, id, at: clock.now(), ...outcome }, { correlationData });

  const handlers = createCommandHandlers({
    config, repos: deps.repos, configFile: deps.configFile, logFile: deps.logFile, now: () => clock.now(), isSafe,
    retryNotification: deps.retryNotification,
    openRemotely: async (label, reason) => ({ jobId: (await deps.staff.maintenance.override({ ...DISTRICT_SESSION, startedAt: clock.now(), lastActivity: clock.now() }, { label, reason })).jobId }),
    publishLog: (commandId, text) => link.publish(topics.logs(commandId), text),
    answerLater: (command, outcome) => {
      deps.audit({ at: clock.now(), actor: 'district', action: 'fleet.command-applied', outcome: 'ok', detail: { id: command.id, type: command.type } });
      void respond(command.id, outcome);
    },
  });

  const onCommand = commandIntake(deps, { key, ids, handlers, respond });

  async function heartbeat(): Promise<void> {
    if (!link.connected) return;
    await publishJson(topics.heartbeat, await healthReport(deps, { ids, startedAt, printerFailedAt, backlog: outbox.backlog() }));
  }

  const connected = () => {
    void publishJson(topics.status, JSON.parse(statusPayload(ids.cabinetId, 'online', { version: deps.system.version, at: clock.now(), startedAt })), { retain: true });
    outbox.reconnected();
    outbox.wake();
  };
  const offConnect = link.onConnect(connected);
  if (link.connected) connected();
  const offCommand = link.onCommand((text, corr) => void onCommand(text, corr).catch((error: unknown) => deps.log('warn', 'fleet command handling failed', error instanceof Error ? error.message : error)));
  const timers = {
    feed: repeat(clock, FEED_EVERY_MS, () => outbox.wake()),
    heartbeat: repeat(clock, fleetConfig.heartbeatSeconds * 1000, () => {
      deps.repos.fleet.forgetNoncesBefore(clock.now() - 2 * fleetConfig.commandMaxAgeSeconds * 1000);
      handlers.applyPendingIfSafe();
      void heartbeat();
    }),
  };
  outbox.wake();
  log('info', `fleet link to ${fleetConfig.url} as ${ids.districtId}/${ids.cabinetId}; remote open ${fleetConfig.remoteOpen ? 'ENABLED' : 'disabled'}`);

  return {
    topics,
    /** After any core event: copy new rows, send, and apply a push that was waiting for a safe moment. */
    wake(): void {
      outbox.wake();
      handlers.applyPendingIfSafe();
    },
    heartbeat,
    backlog: () => outbox.backlog(),
    async close(): Promise<void> {
      timers.feed.stop();
      timers.heartbeat.stop();
      offConnect();
      offCommand();
      outbox.close();
      await link.close({ topic: topics.status, payload: statusPayload(ids.cabinetId, 'offline', { reason: 'shutdown', at: clock.now() }), retain: true });
    },
  };
}
export type Fleet = ReturnType<typeof createFleet>;

/** A repeating timer on the injected clock. */
function repeat(clock: Clock, ms: number, fn: () => void): { stop(): void } {
  let handle = clock.setTimeout(function tick() {
    fn();
    handle = clock.setTimeout(tick, ms);
  }, ms);
  return { stop: () => clock.clearTimeout(handle) };
}

/** The heartbeat's body: version, uptime, disk, buses, printer, backlog and door faults. */
async function healthReport(deps: FleetDeps, at: { ids: { districtId: string; cabinetId: string }; startedAt: number; printerFailedAt: number | null; backlog: number }) {
  const { clock, config } = deps;
  const faults = deps.repos.compartments.all().filter((c) => c.state === 'fault' || c.state === 'check' || c.state === 'out-of-service');
  return {
    v: FLEET_SCHEMA_VERSION,
    cabinet: at.ids.cabinetId,
    district: at.ids.districtId,
    at: clock.now(),
    version: deps.system.version,
    uptimeSeconds: Math.floor((clock.now() - at.startedAt) / 1000),
    freeDiskBytes: await deps.system.freeDiskBytes(),
    buses: [...deps.links].map(([id, l]) => ({ id, state: l.state, timeouts: l.stats().timeouts, lastError: l.stats().lastError ?? null })),
    printer: { configured: config.printer !== undefined, lastFailureAt: at.printerFailedAt },
    backlog: { events: at.backlog },
    doorFaults: faults.map((c) => ({ label: c.label, state: c.state })),
  };
}

/**
 * A command from the link: checked (command-check.ts), its nonce recorded, carried out, audited and
 * answered under its id. Refusals are audited and answered too; nothing here throws at the link.
 */
function commandIntake(
  deps: FleetDeps,
  c: { key: ReturnType<typeof districtKey>; ids: { cabinetId: string }; handlers: ReturnType<typeof createCommandHandlers>; respond: (id: string | null, outcome: CommandOutcome | { ok: false; error: string }, correlationData?: string) => Promise<unknown> },
) {
  const { clock, config } = deps;
  return async (text: string, correlationData: string | undefined): Promise<void> => {
    const now = clock.now();
    const check = checkCommand(text, { cabinetId: c.ids.cabinetId, key: c.key, now, maxAgeMs: config.fleet.commandMaxAgeSeconds * 1000 });
    const refuse = async (refusal: string, id: string | null, type: string | null) => {
      deps.audit({ at: now, actor: 'district', action: 'fleet.command', outcome: 'denied', detail: { id, type, refusal } });
      deps.log('warn', `fleet command refused: ${refusal}`, { id, type });
      await c.respond(id, { ok: false, error: refusal }, correlationData);
    };
    if (!check.ok) return refuse(check.refusal, check.id, check.type);
    const command: Command = check.command;
    // Only a signed, fresh command reaches the nonce store, so forgeries cannot fill it.
    if (!deps.repos.fleet.rememberNonce(command.nonce, now)) return refuse('replayed', command.id, command.type);
    let outcome: CommandOutcome;
    try {
      outcome = await c.handlers.run(command);
    } catch (error) {
      outcome = { ok: false, error: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    const detail = { id: command.id, type: command.type, ...(outcome.ok ? { result: outcome.result } : { error: outcome.error, message: outcome.message }) };
    deps.audit({ at: now, actor: 'district', action: 'fleet.command', outcome: outcome.ok ? 'ok' : 'denied', compartment: typeof command.body.label === 'string' ? command.body.label : null, detail });
    await c.respond(command.id, outcome, correlationData);
  };
}
