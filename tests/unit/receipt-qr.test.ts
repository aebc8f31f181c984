// The receipt QR's text: what the core writes, the screen tells apart from any pickup code, and
// only the cabinet's own secret verifies.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReceiptQr, parseReceiptQr } from '../../main/contract/receipt-qr';
import { receiptQr, verifyReceiptQr } from '../../main/core/cases/receipt-tag';

describe('the receipt QR', () => {
  const secret = randomBytes(32);

  it('reads back the reference it was made for, under the same secret only', () => {
    const qr = receiptQr(secret, '2611300001');
    expect(qr).toMatch(/^CCR-2611300001-[0-9A-F]{8}$/);
    expect(parseReceiptQr(qr)).toEqual({ reference: '2611300001', tag: qr.slice(-8) });
    expect(verifyReceiptQr(secret, qr)).toBe('2611300001');
    expect(verifyReceiptQr(randomBytes(32), qr)).toBeNull();
    expect(verifyReceiptQr(secret, receiptQr(secret, '2611300002').replace('2611300002', '2611300001'))).toBeNull();
  });

  it('is never taken for a pickup code, and a pickup code never for it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6,10}$/), (code) => {
        expect(isReceiptQr(code)).toBe(false);
        expect(/^\d+$/.test(receiptQr(secret, code.padStart(10, '0').slice(0, 10)))).toBe(false);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('answers null, never throws, for any scanned text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(() => verifyReceiptQr(secret, text)).not.toThrow();
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
