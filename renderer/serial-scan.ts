// The cabinet's serial scanner and staff-card reader (main/contract/devices-api.ts): the core sends
// each code it reads as an event; these hooks hand it on exactly as a keyboard-wedge burst would be
// (classified by scan.ts), so both kinds of scanner mean the same thing on every screen.
import { useEffect, useRef } from 'react';
import { onEvent } from './cabinet-api';
import { classifyScan, type Scan } from './scan';

/** The latest callback, without re-subscribing on every render. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

/** Resident screens: a serial scan while `enabled`, classified; noise is ignored. */
export function useSerialScanner(enabled: boolean, codeDigits: number, onScan: (scan: Scan) => void): void {
  const handler = useLatest(onScan);
  useEffect(() => {
    if (!enabled) return;
    return onEvent((event, data) => {
      if (event !== 'devices.scanned') return;
      const scan = classifyScan((data as { text: string }).text, codeDigits);
      if (scan.kind !== 'unknown') handler.current(scan);
    });
  }, [enabled, codeDigits, handler]);
}

/** Staff screens: the raw text of each serial scan (a seal number) while `enabled`. */
export function useSerialScanText(enabled: boolean, onText: (text: string) => void): void {
  const handler = useLatest(onText);
  useEffect(() => {
    if (!enabled) return;
    return onEvent((event, data) => {
      if (event === 'devices.scanned') handler.current((data as { text: string }).text);
    });
  }, [enabled, handler]);
}

/** The login screen: a staff card laid on the serial card reader. */
export function useSerialCard(enabled: boolean, onCard: (cardId: string) => void): void {
  const handler = useLatest(onCard);
  useEffect(() => {
    if (!enabled) return;
    return onEvent((event, data) => {
      if (event === 'devices.card') handler.current((data as { cardId: string }).cardId);
    });
  }, [enabled, handler]);
}
