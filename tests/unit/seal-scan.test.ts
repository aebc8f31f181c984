// A seal number from the serial scanner on the handover manifest: it fills the first row still
// without a seal; a pickup or receipt QR, or noise, fills nothing.
import { describe, expect, it } from 'vitest';
import { sealTarget } from '../../renderer/staff/seal-scan';

const rows = [
  { reference: '2611300001', seal: 'ENV-0001' },
  { reference: '2611300002', seal: null },
  { reference: '2611300003', seal: null },
];

describe('sealTarget', () => {
  it('fills the first row with neither a saved nor a typed seal', () => {
    expect(sealTarget('ENV-0042', rows, {})).toBe('2611300002');
    expect(sealTarget(' ENV-0042 ', rows, { '2611300002': 'ENV-0002' })).toBe('2611300003');
    expect(sealTarget('ENV-0042', rows, { '2611300002': 'A', '2611300003': 'B' })).toBeNull();
  });

  it('is not a seal: the cabinet\'s own QR codes, spaces inside, too long, empty', () => {
    expect(sealTarget('CCP-123456 5678', rows, {})).toBeNull();
    expect(sealTarget('X'.repeat(25), rows, {})).toBeNull();
    expect(sealTarget('封条0001', rows, {})).toBeNull();
    expect(sealTarget('', rows, {})).toBeNull();
    // The cabinet's own QR codes look like seals by their characters, and are not.
    expect(sealTarget('CCP-123456-5678', rows, {})).toBeNull();
    expect(sealTarget('CCR-2611300001-ABCDEF12', rows, {})).toBeNull();
  });
});
