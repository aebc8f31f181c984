// CSV exports read in the cabinet's zone, not UTC: the report's bounds and the manifest's times.
import { describe, expect, it } from 'vitest';
import { reportCsv } from '../../main/core/staff/reports';
import { manifestCsv } from '../../main/core/staff/retrieval';

const report = { from: Date.parse('2026-11-29T16:00:00Z'), to: Date.parse('2026-11-30T16:00:00Z'), deposits: 3, pickups: 1, corrections: 0, returns: 1, recalls: 0, averageHoursToReady: null, ratings: { count: 0, average: null, byLevel: [0, 0, 0, 0, 0] } };

describe('CSV times', () => {
  it('the report covers local days: midnight to midnight in the cabinet zone, the zone named', () => {
    const lines = reportCsv(report, 'Asia/Shanghai').split('\r\n');
    expect(lines.slice(1, 4)).toEqual(['from,2026-11-30 00:00:00', 'to,2026-12-01 00:00:00', 'time_zone,Asia/Shanghai']);
    expect(reportCsv(report, 'UTC')).toContain('from,2026-11-29 16:00:00');
  });

  it('the manifest gives collection times in the zone and references as people read them', () => {
    const csv = manifestCsv([{ reference: '2611300001', matter: { 'zh-CN': '社会保险' }, compartments: ['A01', 'B02'], collectedAt: Date.parse('2026-11-29T17:11:16Z'), collectedBy: 'wang', seal: 'S-1' }], 'Asia/Shanghai');
    expect(csv).toBe('\uFEFFreference,matter,compartments,collected_at (Asia/Shanghai),collected_by,seal\r\n261130 0001,社会保险,A01 B02,2026-11-30 01:11:16,wang,S-1\r\n');
  });
});
