// The scanner's bursts, told apart: a receipt's QR is never a pickup code (issue 12 item 6).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiptQr } from '../../main/core/cases/receipt-tag';
import { classifyScan } from '../../renderer/scan';
import { stepIndex } from '../../renderer/flow-steps';

describe('classifyScan', () => {
  const secret = randomBytes(32);
  it('takes a receipt QR as a receipt whatever the code length, even with an all-digit tag', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), fc.integer({ min: 6, max: 10 }), (reference, digits) => {
        const qr = receiptQr(secret, reference);
        expect(classifyScan(qr, digits)).toEqual({ kind: 'receipt', qr });
        expect(classifyScan(`CCR-${reference}-12345678`, digits).kind).toBe('receipt');
      }),
      { seed: 3, numRuns: 200 },
    );
  });
  it('reads a pickup QR, a bare code of the right length, and nothing else', () => {
    expect(classifyScan('CCP-123456-5678', 6)).toEqual({ kind: 'pickup', code: '123456', phoneLast4: '5678' });
    expect(classifyScan('CCP-123456-5678', 8)).toEqual({ kind: 'unknown' });
    expect(classifyScan('123456', 6)).toEqual({ kind: 'code', code: '123456' });
    expect(classifyScan('1234567', 6)).toEqual({ kind: 'unknown' });
    expect(classifyScan('https://example.org/123456', 6)).toEqual({ kind: 'unknown' });
    expect(classifyScan('', 6)).toEqual({ kind: 'unknown' });
  });
});

describe('stepIndex', () => {
  it('places each screen of a flow on its step indicator', () => {
    expect(['matter', 'checklist', 'phone', 'confirm', 'door-opening', 'door-open', 'door-deposited', 'rating'].map((s) => stepIndex('dropOff', s))).toEqual([0, 1, 2, 3, 4, 4, 5, 6]);
    expect(['pickup-code', 'pickup-phone', 'pickup-open', 'pickup-picked-up'].map((s) => stepIndex('pickUp', s))).toEqual([0, 1, 2, 3]);
    expect(['status-reference', 'status-phone', 'status-result', 'status-rating'].map((s) => stepIndex('status', s))).toEqual([0, 1, 2, 3]);
  });
});
