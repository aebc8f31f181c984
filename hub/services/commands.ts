// Pushing to the cabinets: each command built and signed (domain/commands.ts), stored, then
// published on the cabinet's commands topic (QoS 1, never retained: a cabinet away gets it from
// its persistent session). Its answers are correlated by id by the ingest (store/commands.ts).
import { randomBytes, type KeyObject } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Pool } from '../db/pool';
import { buildCommand, casesReadyBody, commandTopic, type HubCommandType } from '../domain/commands';
import type { CaseRow } from '../store/cases';
import { getCommand, insertCommand, type CommandRow } from '../store/commands';
import { listCalendar } from '../store/calendar';

export interface CommandLink {
  publish(topic: string, payload: string, options?: { qos: 1; retain: false }): Promise<void>;
}

export interface CommandDeps {
  pool: Pool;
  link: CommandLink;
  districtId: string;
  key: KeyObject;
  now(): number;
  /** Random bytes (injected for tests); default crypto.randomBytes. */
  random?(n: number): Buffer;
}

export interface HubAccount {
  login: string;
  name: string;
  role: 'staff' | 'technician' | 'admin';
  /** 6–12 digits, typed by an admin in the hub; only its argon2id hash leaves the hub. */
  pin: string;
  cardId?: string | null;
  disabled?: boolean;
}

export function createCommands(deps: CommandDeps) {
  const random = deps.random ?? randomBytes;

  async function send(cabinet: string, type: HubCommandType, body: Record<string, unknown>, issuedBy: string): Promise<CommandRow> {
    const issuedAt = deps.now();
    const ids = { id: `hub-${random(9).toString('base64url')}`, nonce: random(18).toString('base64url') };
    const command = buildCommand(type, cabinet, body, issuedAt, ids, deps.key);
    // Stored first: an answer can never arrive for a command the hub does not know.
    await insertCommand(deps.pool, { id: ids.id, cabinet, type, body, issuedAt, issuedBy });
    await deps.link.publish(commandTopic(deps.districtId, cabinet), JSON.stringify(command), { qos: 1, retain: false });
    return (await getCommand(deps.pool, ids.id)) as CommandRow;
  }

  return {
    send,
    async pushAccounts(cabinet: string, accounts: HubAccount[], issuedBy: string) {
      if (accounts.some((a) => !/^\d{6,12}$/.test(a.pin))) throw new Error('a PIN has 6 to 12 digits');
      const hashed = await Promise.all(
        accounts.map(async (a) => ({ login: a.login, name: a.name, role: a.role, pinHash: await hash(a.pin), cardId: a.cardId ?? null, disabled: a.disabled ?? false })),
      );
      return send(cabinet, 'accounts.push', { accounts: hashed }, issuedBy);
    },
    pushMatters: (cabinet: string, matters: unknown[], issuedBy: string) => send(cabinet, 'matters.push', { matters }, issuedBy),
    /** The hub's own calendar table, as the cabinet takes it. */
    async pushHolidays(cabinet: string, issuedBy: string) {
      const rows = await listCalendar(deps.pool);
      const calendar = { holidays: rows.filter((r) => r.kind === 'holiday').map((r) => r.day), workdays: rows.filter((r) => r.kind === 'workday').map((r) => r.day) };
      return send(cabinet, 'holidays.push', { calendar }, issuedBy);
    },
    pushConfig: (cabinet: string, config: Record<string, unknown>, issuedBy: string) => send(cabinet, 'config.push', { config }, issuedBy),
    /** Results are on their way: staff at the cabinet see the case in their list of results to put back. */
    casesReady: (c: Pick<CaseRow, 'cabinet' | 'reference' | 'matterId'>, note: string | null, issuedBy: string) =>
      send(c.cabinet, 'cases.ready', casesReadyBody({ reference: c.reference, matterId: c.matterId, note }), issuedBy),
  };
}
export type Commands = ReturnType<typeof createCommands>;
