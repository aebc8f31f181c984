// What each district command does once it has passed every check (command-check.ts). Pushes of
// configuration, matters and the holiday calendar are validated against the whole configuration
// schema and applied at a safe moment (no drop-off or pickup under way, no door open); accounts
// are replaced in one transaction; remote opening is refused unless the installer enabled it.
import { z } from 'zod';
import { REFERENCE_PATTERN } from '../../contract/format';
import type { Repositories } from '../../store/repositories';
import { configSchema, type CabinetConfig } from '../config';
import type { ConfigFile, LogExport } from '../ports';
import type { Command, CommandType } from './command-check';

export type CommandOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: 'bad-request' | 'disabled' | 'not-found' | 'failed'; message: string };

const accountsBody = z.object({
  accounts: z
    .array(
      z.object({
        login: z.string().regex(/^[a-z0-9._-]{2,32}$/),
        name: z.string().min(1).max(60),
        role: z.enum(['staff', 'technician', 'admin']),
        /** argon2id hash made by the district: a PIN never travels in clear. */
        pinHash: z.string().regex(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/),
        cardId: z.string().min(4).max(64).nullable().default(null),
        disabled: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(500),
});

/** cases.ready: the results of a case are on their way back from the district (hub). */
const casesReadyBody = z.object({
  reference: z.string().regex(REFERENCE_PATTERN),
  matterId: z.string().regex(/^[a-z0-9-]{1,64}$/),
  note: z.string().max(200).default(''),
});

/** Sections a running cabinet takes at once; any other change waits for the next start. */
const LIVE_SECTIONS = ['matters', 'calendar'] as const;

export interface CommandHandlerDeps {
  config: CabinetConfig;
  repos: Pick<Repositories, 'accounts' | 'readyResults'>;
  configFile: ConfigFile;
  logFile: LogExport;
  now(): number;
  /** No flow under way and no door open. */
  isSafe(): boolean;
  retryNotification(id: number): { ok: boolean };
  openRemotely(label: string, reason: string, commandId: string): Promise<{ jobId: string }>;
  publishLog(commandId: string, text: string): Promise<void>;
  /** A config-like push applied later, at a safe moment: its second answer. */
  answerLater(command: Command, outcome: CommandOutcome): void;
}

function bad(message: string): CommandOutcome {
  return { ok: false, error: 'bad-request', message };
}

/** The whole configuration a push would leave, or the reason it is refused. */
function candidateConfig(config: CabinetConfig, type: CommandType, body: Record<string, unknown>): CabinetConfig | string {
  const raw =
    type === 'config.push' ? body.config : type === 'matters.push' ? { ...config, matters: body.matters } : { ...config, calendar: body.calendar };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  const next = parsed.data;
  if (next.cabinet.id !== config.cabinet.id) return 'cabinet.id cannot be changed remotely';
  // The link itself (broker, district key, remote open) is the installer's, never a push's.
  if (JSON.stringify(next.fleet) !== JSON.stringify(config.fleet)) return 'fleet settings cannot be changed remotely';
  if (next.keysDir !== config.keysDir || next.dataDir !== config.dataDir) return 'dataDir and keysDir cannot be changed remotely';
  return next;
}

export function createCommandHandlers(deps: CommandHandlerDeps) {
  const { config } = deps;
  let pending: { command: Command; next: CabinetConfig } | undefined;

  function apply(next: CabinetConfig): { restartNeeded: boolean; path: string } {
    const { path } = deps.configFile.save(next);
    const changed = (Object.keys(next) as (keyof CabinetConfig)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(config[k]));
    for (const key of LIVE_SECTIONS) (config as Record<string, unknown>)[key] = next[key];
    return { restartNeeded: changed.some((k) => !(LIVE_SECTIONS as readonly string[]).includes(k)), path };
  }

  function push(command: Command): CommandOutcome {
    const next = candidateConfig(config, command.type, command.body);
    if (typeof next === 'string') return bad(next);
    if (deps.isSafe()) return { ok: true, result: { state: 'applied', ...apply(next) } };
    pending = { command, next }; // a later push replaces one still waiting
    return { ok: true, result: { state: 'scheduled' } };
  }

  async function run(command: Command): Promise<CommandOutcome> {
    const { body } = command;
    switch (command.type) {
      case 'config.push':
      case 'matters.push':
      case 'holidays.push':
        return push(command);
      case 'accounts.push': {
        const parsed = accountsBody.safeParse(body);
        if (!parsed.success) return bad(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        deps.repos.accounts.upsertMany(parsed.data.accounts, deps.now());
        return { ok: true, result: { accounts: parsed.data.accounts.length } };
      }
      case 'notify.resend': {
        const id = z.object({ messageId: z.number().int().positive() }).safeParse(body);
        if (!id.success) return bad('messageId: expected a positive integer');
        return deps.retryNotification(id.data.messageId).ok ? { ok: true, result: { messageId: id.data.messageId } } : { ok: false, error: 'not-found', message: 'no such message to resend' };
      }
      case 'logs.upload': {
        const days = z.object({ days: z.number().int().min(1).max(30) }).safeParse(body);
        if (!days.success) return bad('days: expected 1..30');
        const text = deps.logFile.export(days.data.days);
        await deps.publishLog(command.id, text);
        return { ok: true, result: { bytes: Buffer.byteLength(text) } };
      }
      case 'door.open':
        return openDoor(command);
      case 'cases.ready': {
        // The hub finished the case: staff see it in their list of results to put back.
        const ready = casesReadyBody.safeParse(body);
        if (!ready.success) return bad(ready.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        deps.repos.readyResults.announce({ ...ready.data, commandId: command.id, at: deps.now() });
        return { ok: true, result: { listed: true, reference: ready.data.reference } };
      }
    }
  }

  async function openDoor(command: Command): Promise<CommandOutcome> {
    if (!config.fleet?.remoteOpen) return { ok: false, error: 'disabled', message: 'remote opening is disabled on this cabinet (fleet.remoteOpen)' };
    const input = z.object({ label: z.string().min(1).max(8), reason: z.string().min(5).max(200) }).safeParse(command.body);
    if (!input.success) return bad('expected a label and a reason of at least 5 characters');
    return { ok: true, result: await deps.openRemotely(input.data.label, input.data.reason, command.id) };
  }

  return {
    run,
    /** Called on every core event and heartbeat tick: a push waiting for a safe moment is applied now if it can be. */
    applyPendingIfSafe(): void {
      if (!pending || !deps.isSafe()) return;
      const { command, next } = pending;
      pending = undefined;
      deps.answerLater(command, { ok: true, result: { state: 'applied', ...apply(next) } });
    },
  };
}
