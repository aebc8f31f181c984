// The lifecycle of a case and of a compartment, as explicit transition tables. Pure: the flows
// ask `nextCaseStatus` / `nextCompartmentState` and record a denial when the answer is null.

export const caseStatuses = [
  'reserved', // a compartment is held and its open command sent
  'door-opened', // the sensor saw the door open
  'deposited', // the door closed again: documents are in the cabinet
  'collected', // staff took them out (door closed after retrieval)
  'returned', // results put back for pickup, code issued
  'needs-correction', // materials put back for correction (补正), code issued
  'picked-up', // the resident took them (door closed after pickup)
  'abandoned', // the drop-off ended before anything was deposited (as far as anyone knows)
  'expired', // not picked up by the deadline
  'recalled', // staff took back an overdue item
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseEvents = [
  'door-opened',
  'door-closed',
  'abandon',
  'collect',
  'return',
  'correct',
  'pick-up',
  'expire',
  'recall',
  'found', // staff found documents in a compartment under check: the abandoned case was deposited after all
] as const;
export type CaseEvent = (typeof caseEvents)[number];

const caseTable: Record<CaseStatus, Partial<Record<CaseEvent, CaseStatus>>> = {
  reserved: { 'door-opened': 'door-opened', abandon: 'abandoned' },
  'door-opened': { 'door-closed': 'deposited' },
  deposited: { collect: 'collected' },
  collected: { return: 'returned', correct: 'needs-correction' },
  returned: { 'pick-up': 'picked-up', expire: 'expired', recall: 'recalled' },
  'needs-correction': { 'pick-up': 'picked-up', expire: 'expired', recall: 'recalled' },
  expired: { recall: 'recalled', 'pick-up': 'picked-up' },
  'picked-up': {},
  abandoned: { found: 'deposited' },
  recalled: {},
};

const closedStatuses: readonly CaseStatus[] = ['picked-up', 'abandoned', 'recalled'];

/** The status after `event`, or null when the event is not allowed in `from`. */
export function nextCaseStatus(from: CaseStatus, event: CaseEvent): CaseStatus | null {
  return caseTable[from][event] ?? null;
}

/**
 * Closed cases: the flow is over; their personal data is purged after the retention period. An
 * abandoned case can still be found deposited by staff checking its compartment.
 */
export function isClosed(status: CaseStatus): boolean {
  return closedStatuses.includes(status);
}

/** What a resident is told on the status screen. */
export type ResidentStatus = 'received' | 'processing' | 'needs-correction' | 'ready' | 'picked-up' | 'recalled' | 'not-deposited';

export function residentStatus(status: CaseStatus): ResidentStatus {
  switch (status) {
    case 'deposited':
      return 'received';
    case 'collected':
      return 'processing';
    case 'returned':
    case 'expired':
      return 'ready';
    case 'needs-correction':
      return 'needs-correction';
    case 'picked-up':
      return 'picked-up';
    case 'recalled':
      return 'recalled';
    default:
      return 'not-deposited';
  }
}

/**
 * 'check': the door may have opened unseen (a busy or failing bus, a restart mid-flow), so the
 * compartment may hold someone's documents. Never free: staff look on site and clear it.
 */
export const compartmentStates = ['free', 'reserved', 'occupied', 'out-of-service', 'fault', 'check'] as const;
export type CompartmentState = (typeof compartmentStates)[number];

export const compartmentEvents = ['reserve', 'release', 'fill', 'empty', 'fail', 'repair', 'take-out-of-service', 'return-to-service', 'doubt'] as const;
export type CompartmentEvent = (typeof compartmentEvents)[number];

const compartmentTable: Record<CompartmentState, Partial<Record<CompartmentEvent, CompartmentState>>> = {
  free: { reserve: 'reserved', fail: 'fault', 'take-out-of-service': 'out-of-service' },
  reserved: { release: 'free', fill: 'occupied', fail: 'fault', doubt: 'check' },
  occupied: { empty: 'free', reserve: 'reserved', fail: 'fault', doubt: 'check' },
  fault: { repair: 'free', 'take-out-of-service': 'out-of-service', doubt: 'check' },
  check: { empty: 'free', fill: 'occupied', fail: 'fault', 'take-out-of-service': 'out-of-service' },
  'out-of-service': { 'return-to-service': 'free' },
};

export function nextCompartmentState(from: CompartmentState, event: CompartmentEvent): CompartmentState | null {
  return compartmentTable[from][event] ?? null;
}
