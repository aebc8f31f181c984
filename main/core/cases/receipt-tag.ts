// The receipt QR's tag: an HMAC of the reference under the cabinet's pickup-code secret, with its
// own prefix (a pickup code is digits only, so the two never collide). 32 bits behind the
// status look-up's rate limit: guessing one is as slow as guessing reference + last four digits.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseReceiptQr, receiptQrText } from '../../contract/receipt-qr';

export function receiptTag(secret: Buffer, reference: string): string {
  return createHmac('sha256', secret).update(`receipt-qr:${reference}`).digest('hex').slice(0, 8).toUpperCase();
}

export function receiptQr(secret: Buffer, reference: string): string {
  return receiptQrText(reference, receiptTag(secret, reference));
}

/** The reference a receipt's QR text stands for, when its tag is the cabinet's own; else null. */
export function verifyReceiptQr(secret: Buffer, text: string): string | null {
  const parsed = parseReceiptQr(text);
  if (!parsed) return null;
  const expected = Buffer.from(receiptTag(secret, parsed.reference));
  const given = Buffer.from(parsed.tag);
  return expected.length === given.length && timingSafeEqual(expected, given) ? parsed.reference : null;
}
