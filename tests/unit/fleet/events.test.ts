// What the fleet is told (pure): which audit rows become events, with what data, and never a phone.
import { describe, expect, it } from 'vitest';
import { eventOfAudit, eventOfRating, eventPayload } from '../../../main/core/fleet/events';
import type { FleetAuditRow } from '../../../main/store/fleet-repo';

const row = (action: string, extra: Partial<FleetAuditRow> = {}): FleetAuditRow => ({
  id: 1, at: 1000, action, outcome: 'ok', compartment: 'A03', detail: '{"from":"door-opened","event":"door-closed","phone":"13812345678"}', reference: '2611300007', matterId: 'social-insurance', ...extra,
});

describe('fleet events', () => {
  it('maps case moves to event types, with the reference and never the audit detail', () => {
    expect(eventOfAudit(row('case.deposited'))).toEqual({ type: 'deposit', at: 1000, data: { reference: '2611300007', matterId: 'social-insurance', compartment: 'A03', found: false } });
    expect(eventOfAudit(row('case.deposited', { detail: '{"event":"found"}' }))?.data.found).toBe(true);
    expect(eventOfAudit(row('case.collected'))?.type).toBe('collected');
    expect(eventOfAudit(row('case.needs-correction'))).toMatchObject({ type: 'returned', data: { correction: true } });
    expect(eventOfAudit(row('case.picked-up'))?.type).toBe('picked-up');
    expect(JSON.stringify(eventOfAudit(row('case.deposited')))).not.toContain('1381234');
  });

  it('ignores denied moves and everything that is not a case move or an alarm', () => {
    expect(eventOfAudit(row('case.collected', { outcome: 'denied' }))).toBeNull();
    for (const action of ['case.reserved', 'session.login', 'lock.open', 'fleet.command']) expect(eventOfAudit(row(action))).toBeNull();
  });

  it('reports alarms (audited as failed) with their kind and detail, surviving a broken detail', () => {
    expect(eventOfAudit(row('alarm.bus-offline', { outcome: 'failed', detail: '{"bus":"bus1"}', compartment: null }))).toEqual({ type: 'alarm', at: 1000, data: { alarm: 'bus-offline', compartment: null, detail: { bus: 'bus1' } } });
    expect(eventOfAudit(row('alarm.door-forced', { detail: 'not json' }))?.data.detail).toEqual({});
  });

  it('reports a call for help with its screen and language only', () => {
    expect(eventOfAudit(row('help.call', { detail: '{"screen":"pickup","language":"en","heldBackBefore":0}', reference: null, matterId: null, compartment: null }))).toEqual({ type: 'help-call', at: 1000, data: { screen: 'pickup', language: 'en' } });
  });

  it('reports ratings with their comments', () => {
    expect(eventOfRating({ id: 3, at: 5, flow: 'pickup', level: 4, comment: 'fast,clear', reference: null })).toEqual({ type: 'rating', at: 5, data: { reference: null, flow: 'pickup', level: 4, comments: ['fast', 'clear'] } });
  });

  it('wraps an event in the v1 envelope with its id and sequence', () => {
    const json = JSON.parse(eventPayload({ type: 'deposit', at: 7, data: {} }, { id: 'u-1', seq: 9, districtId: 'd', cabinetId: 'c' }));
    expect(json).toEqual({ v: 1, id: 'u-1', seq: 9, district: 'd', cabinet: 'c', type: 'deposit', at: 7, data: {} });
  });
});
