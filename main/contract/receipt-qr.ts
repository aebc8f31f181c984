// What the receipt's QR code says: the case's reference and a short tag only the cabinet can make.
// Pure and shared, so the core writes it and the screen tells it apart from a pickup code (digits
// only) when a scanner types it: a scanned receipt opens its case's status, never a wrong-code try.

/** CCR-<10-digit reference>-<8 hex>; letters and dashes, so no pickup code ever looks like it. */
const RECEIPT_QR = /^CCR-(\d{10})-([0-9A-F]{8})$/;

export function receiptQrText(reference: string, tag: string): string {
  return `CCR-${reference}-${tag}`;
}

/** The reference and tag of a receipt's QR text, or null for anything else (a pickup code, noise). */
export function parseReceiptQr(text: string): { reference: string; tag: string } | null {
  const match = RECEIPT_QR.exec(text.trim().toUpperCase());
  return match?.[1] && match[2] ? { reference: match[1], tag: match[2] } : null;
}

/** Whether `text` is a receipt's QR text (its tag unchecked: only the core can check it). */
export const isReceiptQr = (text: string): boolean => parseReceiptQr(text) !== null;
