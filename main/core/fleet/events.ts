// What becomes a fleet event: case moves and alarms from the audit log, ratings from their table.
// Pure: rows in, event type and data out. No phone number or code ever leaves the cabinet.
import type { FleetAuditRow, FleetRatingRow } from '../../store/fleet-repo';
import { FLEET_SCHEMA_VERSION } from './topics';

export const fleetEventTypes = ['deposit', 'collected', 'returned', 'picked-up', 'expired', 'recalled', 'found', 'rating', 'alarm', 'help-call'] as const;
export type FleetEventType = (typeof fleetEventTypes)[number];

const caseEventOfStatus: Record<string, FleetEventType> = {
  'case.collected': 'collected',
  'case.returned': 'returned',
  'case.needs-correction': 'returned',
  'case.picked-up': 'picked-up',
  'case.expired': 'expired',
  'case.recalled': 'recalled',
};

export interface FleetEvent {
  type: FleetEventType;
  at: number;
  data: Record<string, unknown>;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The event an audit row announces, or null when it is none of the fleet's business. */
export function eventOfAudit(row: FleetAuditRow): FleetEvent | null {
  const caseData = { reference: row.reference, matterId: row.matterId, compartment: row.compartment };
  if (row.action.startsWith('alarm.')) {
    return { type: 'alarm', at: row.at, data: { alarm: row.action.slice('alarm.'.length), compartment: row.compartment, detail: parseDetail(row.detail) } };
  }
  if (row.outcome !== 'ok') return null;
  if (row.action === 'help.call') {
    // A resident pressed call-for-help (audited by resident/help.ts): which screen, in which language.
    const { screen = null, language = null } = parseDetail(row.detail);
    return { type: 'help-call', at: row.at, data: { screen, language } };
  }
  if (row.action === 'case.deposited') {
    // An abandoned case found deposited by staff is a deposit too, told apart by `found`.
    const found = parseDetail(row.detail).event === 'found';
    return { type: 'deposit', at: row.at, data: { ...caseData, found } };
  }
  const type = caseEventOfStatus[row.action];
  if (!type) return null;
  return { type, at: row.at, data: { ...caseData, correction: row.action === 'case.needs-correction' } };
}

export function eventOfRating(row: FleetRatingRow): FleetEvent {
  return { type: 'rating', at: row.at, data: { reference: row.reference, flow: row.flow, level: row.level, comments: row.comment ? row.comment.split(',') : [] } };
}

/**
 * The JSON an event travels as. `id` is drawn once when the row is written, so every resend
 * carries the same id (consumers drop duplicates by it); `seq` orders one cabinet's events.
 */
export function eventPayload(e: FleetEvent, ids: { id: string; seq: number; districtId: string; cabinetId: string }): string {
  return JSON.stringify({ v: FLEET_SCHEMA_VERSION, id: ids.id, seq: ids.seq, district: ids.districtId, cabinet: ids.cabinetId, type: e.type, at: e.at, data: e.data });
}
