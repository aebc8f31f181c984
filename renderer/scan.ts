// What a QR / barcode scanner typed (keyboard-wedge mode: characters, then Enter), told apart
// purely: a receipt's QR (opens that case's status), a pickup QR with the phone's last four digits,
// a bare pickup code, or noise. A receipt is never taken for a pickup code.
import { useEffect, useRef } from 'react';
import { parsePickupQr } from '../main/contract/pickup-qr';
import { isReceiptQr } from '../main/contract/receipt-qr';

export type Scan = { kind: 'receipt'; qr: string } | { kind: 'pickup'; code: string; phoneLast4: string } | { kind: 'code'; code: string } | { kind: 'unknown' };

export function classifyScan(text: string, codeDigits: number): Scan {
  const t = text.trim().toUpperCase();
  if (isReceiptQr(t)) return { kind: 'receipt', qr: t };
  const pickup = parsePickupQr(t);
  if (pickup && pickup.code.length === codeDigits) return { kind: 'pickup', ...pickup };
  if (/^\d+$/.test(t) && t.length === codeDigits) return { kind: 'code', code: t };
  return { kind: 'unknown' };
}

/** A scanner types a burst in milliseconds: a longer pause between keys starts a new one. */
const SCANNER_GAP_MS = 1000;

/** Whether the keyboard belongs to a text field now (then keys are not a scanner's). */
function typingInField(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLElement && el.isContentEditable);
}

/** Listens for scanner bursts while `enabled`; each burst ended by Enter is classified and handed on. */
export function useScanner(enabled: boolean, codeDigits: number, onScan: (scan: Scan) => void): void {
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  });
  useEffect(() => {
    if (!enabled) return;
    let burst = '';
    let at = 0;
    const onKey = (e: KeyboardEvent) => {
      if (typingInField() || e.ctrlKey || e.altKey || e.metaKey) return;
      const now = Date.now();
      if (now - at > SCANNER_GAP_MS) burst = '';
      at = now;
      if (e.key === 'Enter') {
        const scan = classifyScan(burst, codeDigits);
        burst = '';
        if (scan.kind === 'unknown') return;
        e.preventDefault(); // not also a press of whatever button has the focus
        handler.current(scan);
      } else if (e.key.length === 1) burst = (burst + e.key).slice(-64);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled, codeDigits]);
}
