// Reads ESC/POS back into what a printer would have put on paper: text lines (GB18030 in Chinese
// mode), QR payloads and cuts. Enough of the command set for what escpos.ts writes and the common
// commands around it; used by the virtual printer (tests, web harness), never by the kiosk itself.
// Incremental: bytes may arrive in any bursts; a command split across chunks waits for the rest.
import iconv from 'iconv-lite';
import { toHex } from '../protocols/bytes';
import type { Align, TextSize } from './escpos';

export interface PrintedLine {
  text: string;
  align: Align;
  bold: boolean;
  size: TextSize;
}

export type PrintedItem = ({ kind: 'text' } & PrintedLine) | { kind: 'qr'; data: string; moduleSize: number; errorLevel: string };

/** One piece of paper: everything between two cuts. */
export interface Printout {
  items: PrintedItem[];
  /** The text lines that are not blank, in order (blank ones are in items). */
  lines: string[];
  /** The QR payloads, in order. */
  qr: string[];
  /** False for what is still being printed (no cut yet). */
  cut: boolean;
  /** Bytes the decoder did not understand, as hex (empty for what escpos.ts writes). */
  unknown: string[];
}

export interface EscPosDecoder {
  /** Feed received bytes; answers the printouts that a cut finished with them. */
  push(bytes: Uint8Array): Printout[];
  /** What has been printed since the last cut (and not yet cut off), if anything. */
  pending(): Printout | undefined;
}

const ALIGNS: readonly Align[] = ['left', 'center', 'right'];

function sizeOf(n: number): TextSize {
  const wide = (n >> 4) & 0x07;
  const tall = n & 0x07;
  if (wide && tall) return 'double';
  if (wide) return 'wide';
  if (tall) return 'tall';
  return 'normal';
}

const textLines = (items: PrintedItem[]): string[] => items.flatMap((i) => (i.kind === 'text' && i.text.trim() !== '' ? [i.text] : []));

const QR_LEVELS: Record<number, string> = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' };

export function createEscPosDecoder(): EscPosDecoder {
  let buffer = new Uint8Array(0);
  let chinese = false;
  let style: PrintedLine = { text: '', align: 'left', bold: false, size: 'normal' };
  let text: number[] = [];
  let items: PrintedItem[] = [];
  let unknown: string[] = [];
  let qr = { data: new Uint8Array(0), moduleSize: 3, errorLevel: 'L' };

  const decodeText = (bytes: number[]): string => iconv.decode(Uint8Array.from(bytes), chinese ? 'gb18030' : 'cp437');

  /** A line feed (or a feed command) prints the buffered text as one line. */
  const printLine = (force: boolean): void => {
    if (text.length === 0 && !force) return;
    items.push({ kind: 'text', ...style, text: decodeText(text) });
    text = [];
  };

  const finish = (cut: boolean): Printout => ({
    items,
    lines: textLines(items),
    qr: items.flatMap((i) => (i.kind === 'qr' ? [i.data] : [])),
    cut,
    unknown,
  });

  const reset = (): void => {
    chinese = false;
    style = { text: '', align: 'left', bold: false, size: 'normal' };
  };

  /**
   * Decode one command at `at`; answers its length, 0 when it is incomplete (wait for more),
   * and pushes a finished printout to `done` on a cut.
   */
  function step(b: Uint8Array, at: number, done: Printout[]): number {
    const left = b.length - at;
    const c = b[at] as number;
    const need = (n: number): boolean => left >= n;
    const arg = (i: number): number => b[at + i] as number;

    if (c === 0x0a) {
      printLine(true);
      return 1;
    }
    if (c === 0x0d) return 1;
    if (c === 0x1b) {
      if (!need(2)) return 0;
      switch (arg(1)) {
        case 0x40: // ESC @
          printLine(false);
          reset();
          return 2;
        case 0x61: // ESC a n
          if (!need(3)) return 0;
          style = { ...style, align: ALIGNS[arg(2) % 48] ?? 'left' };
          return 3;
        case 0x45: // ESC E n
          if (!need(3)) return 0;
          style = { ...style, bold: (arg(2) & 1) === 1 };
          return 3;
        case 0x64: {
          // ESC d n: print and feed n lines (blank lines are not kept as text)
          if (!need(3)) return 0;
          printLine(false);
          return 3;
        }
        case 0x21: // ESC ! n (print mode: bit 3 bold, bit 4 double height, bit 5 double width)
          if (!need(3)) return 0;
          style = { ...style, bold: (arg(2) & 0x08) !== 0, size: sizeOf(((arg(2) & 0x20) ? 0x10 : 0) | ((arg(2) & 0x10) ? 0x01 : 0)) };
          return 3;
        case 0x32: // ESC 2 default line spacing
          return 2;
        case 0x33: // ESC 3 n line spacing
        case 0x2d: // ESC - n underline
        case 0x4a: // ESC J n feed dots
        case 0x74: // ESC t n code table
        case 0x4d: // ESC M n font
          return need(3) ? 3 : 0;
        default:
          unknown.push(toHex(b.subarray(at, at + 2)));
          return 2;
      }
    }
    if (c === 0x1c) {
      if (!need(2)) return 0;
      switch (arg(1)) {
        case 0x26: // FS & Chinese mode on
          printLine(false);
          chinese = true;
          return 2;
        case 0x2e: // FS . Chinese mode off
          printLine(false);
          chinese = false;
          return 2;
        case 0x21: // FS ! n Chinese print mode
        case 0x43: // FS C n code system
        case 0x2d: // FS - n Chinese underline
          return need(3) ? 3 : 0;
        default:
          unknown.push(toHex(b.subarray(at, at + 2)));
          return 2;
      }
    }
    if (c === 0x1d) {
      if (!need(2)) return 0;
      switch (arg(1)) {
        case 0x21: // GS ! n
          if (!need(3)) return 0;
          style = { ...style, size: sizeOf(arg(2)) };
          return 3;
        case 0x56: {
          // GS V m [n]
          if (!need(3)) return 0;
          const m = arg(2);
          const length = m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104 ? 4 : 3;
          if (!need(length)) return 0;
          printLine(false);
          done.push(finish(true));
          items = [];
          unknown = [];
          return length;
        }
        case 0x28: {
          // GS ( fn pL pH ...: the QR functions when fn = k (0x6B)
          if (!need(5)) return 0;
          const length = 5 + arg(3) + 256 * arg(4);
          if (!need(length)) return 0;
          if (arg(2) === 0x6b && arg(5) === 0x31) {
            const fn = arg(6);
            if (fn === 0x43) qr = { ...qr, moduleSize: arg(7) };
            else if (fn === 0x45) qr = { ...qr, errorLevel: QR_LEVELS[arg(7)] ?? `?${arg(7)}` };
            else if (fn === 0x50) qr = { ...qr, data: b.slice(at + 8, at + length) };
            else if (fn === 0x51) {
              printLine(false);
              items.push({ kind: 'qr', data: new TextDecoder().decode(qr.data), moduleSize: qr.moduleSize, errorLevel: qr.errorLevel });
            }
            // 0x41 (model) and anything else of cn 49: nothing to keep.
          } else {
            unknown.push(toHex(b.subarray(at, at + Math.min(length, 8))));
          }
          return length;
        }
        case 0x42: // GS B n reverse
          return need(3) ? 3 : 0;
        case 0x4c: // GS L nL nH left margin
          return need(4) ? 4 : 0;
        default:
          unknown.push(toHex(b.subarray(at, at + 2)));
          return 2;
      }
    }
    if (c < 0x20 && c !== 0x09) {
      unknown.push(toHex(b.subarray(at, at + 1)));
      return 1;
    }
    // A text byte; in Chinese mode a multi-byte GB18030 character is collected whole before the
    // line is decoded, so a burst boundary inside one does no harm.
    text.push(c);
    return 1;
  }

  return {
    push(bytes) {
      const merged = new Uint8Array(buffer.length + bytes.length);
      merged.set(buffer);
      merged.set(bytes, buffer.length);
      const done: Printout[] = [];
      let at = 0;
      while (at < merged.length) {
        const used = step(merged, at, done);
        if (used === 0) break;
        at += used;
      }
      buffer = merged.slice(at);
      return done;
    },
    pending() {
      if (items.length === 0 && text.length === 0) return undefined;
      const lines = text.length > 0 ? [...items, { kind: 'text' as const, ...style, text: decodeText(text) }] : items;
      return { items: lines, lines: textLines(lines), qr: lines.flatMap((i) => (i.kind === 'qr' ? [i.data] : [])), cut: false, unknown: [...unknown] };
    },
  };
}

/** Decode a complete byte string at once (tests). */
export function decodeEscPos(bytes: Uint8Array): Printout[] {
  const decoder = createEscPosDecoder();
  const done = decoder.push(bytes);
  const rest = decoder.pending();
  return rest ? [...done, rest] : done;
}
