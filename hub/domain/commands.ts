// Commands to the cabinets (docs/fleet.md#commands), built and signed the one way the cabinet
// checks them: signCommand from the cabinet's own code, with the district's ed25519 key. The id
// and nonce come in (randomness injected). Pure.
import type { KeyObject } from 'node:crypto';
import { signCommand, type Command } from '../../main/core/fleet/command-check';
import { FLEET_SCHEMA_VERSION } from '../../main/core/fleet/topics';

/** The hub's commands: the cabinet's own, plus cases.ready (results on their way to the cabinet). */
export const hubCommandTypes = ['accounts.push', 'matters.push', 'holidays.push', 'config.push', 'cases.ready'] as const;
export type HubCommandType = (typeof hubCommandTypes)[number];

export interface CommandIds {
  /** [A-Za-z0-9_.:-]{1,100} */
  id: string;
  /** 22+ chars of [A-Za-z0-9_-], 128 bits or more. */
  nonce: string;
}

export function buildCommand(type: HubCommandType, cabinet: string, body: Record<string, unknown>, issuedAt: number, ids: CommandIds, key: KeyObject): Command {
  return signCommand({ v: FLEET_SCHEMA_VERSION, id: ids.id, type: type as Command['type'], cabinet, issuedAt, nonce: ids.nonce, body }, key);
}

export function commandTopic(districtId: string, cabinet: string): string {
  return `district/${districtId}/cabinets/${cabinet}/commands`;
}

/** The body of cases.ready: which case's results are coming back, and a word for the staff. */
export function casesReadyBody(c: { reference: string; matterId: string; note?: string | null }): Record<string, unknown> {
  return { reference: c.reference, matterId: c.matterId, note: (c.note ?? '').slice(0, 200) };
}
