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

export type PrintedItem = ({ kind: 'text' } & PrintedLine) | { kind: 'qr'; data: string; moduleSize: number; errorLevel: string; align: Align };

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

/** What the decoder knows between commands: the mode, the line being collected, the page so far. */
interface DecoderState {
  chinese: boolean;
  style: PrintedLine;
  text: number[];
  items: PrintedItem[];
  unknown: string[];
  qr: { data: Uint8Array; moduleSize: number; errorLevel: string };
}

const plainStyle = (): PrintedLine => ({ text: '', align: 'left', bold: false, size: 'normal' });

const decodeText = (s: DecoderState, bytes: number[]): string =>
  iconv.decode(Uint8Array.from(bytes), s.chinese ? 'gb18030' : 'cp437');

/** A line feed (or a feed command) prints the buffered text as one line. */
function printLine(s: DecoderState, force: boolean): void {
  if (s.text.length === 0 && !force) return;
  s.items.push({ kind: 'text', ...s.style, text: decodeText(s, s.text) });
  s.text = [];
}

const qrPayloads = (items: PrintedItem[]): string[] => items.flatMap((i) => (i.kind === 'qr' ? [i.data] : []));

/** The command starting at `at` in `b`: how many bytes are there, and its bytes after the first. */
interface Command {
  need(n: number): boolean;
  arg(i: number): number;
}

function commandAt(b: Uint8Array, at: number): Command {
  const left = b.length - at;
  return { need: (n) => left >= n, arg: (i) => b[at + i] as number };
}

/** A command the decoder does not know: its first `n` bytes are noted; answers `n`. */
function skipUnknown(s: DecoderState, b: Uint8Array, at: number, n: number): number {
  s.unknown.push(toHex(b.subarray(at, at + n)));
  return n;
}

/** ESC (0x1B) commands: reset, alignment, bold, feed, print mode, spacing and the like. */
function escCommand(s: DecoderState, b: Uint8Array, at: number): number {
  const { need, arg } = commandAt(b, at);
  if (!need(2)) return 0;
  switch (arg(1)) {
    case 0x40: // ESC @
      printLine(s, false);
      s.chinese = false;
      s.style = plainStyle();
      return 2;
    case 0x61: // ESC a n
      if (!need(3)) return 0;
      s.style = { ...s.style, align: ALIGNS[arg(2) % 48] ?? 'left' };
      return 3;
    case 0x45: // ESC E n
      if (!need(3)) return 0;
      s.style = { ...s.style, bold: (arg(2) & 1) === 1 };
      return 3;
    case 0x64: {
      // ESC d n: print and feed n lines (blank lines are not kept as text)
      if (!need(3)) return 0;
      printLine(s, false);
      return 3;
    }
    case 0x21: // ESC ! n (print mode: bit 3 bold, bit 4 double height, bit 5 double width)
      if (!need(3)) return 0;
      s.style = { ...s.style, bold: (arg(2) & 0x08) !== 0, size: sizeOf(((arg(2) & 0x20) ? 0x10 : 0) | ((arg(2) & 0x10) ? 0x01 : 0)) };
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
      return skipUnknown(s, b, at, 2);
  }
}

/** FS (0x1C) commands: Chinese mode on and off, and its settings. */
function fsCommand(s: DecoderState, b: Uint8Array, at: number): number {
  const { need, arg } = commandAt(b, at);
  if (!need(2)) return 0;
  switch (arg(1)) {
    case 0x26: // FS & Chinese mode on
      printLine(s, false);
      s.chinese = true;
      return 2;
    case 0x2e: // FS . Chinese mode off
      printLine(s, false);
      s.chinese = false;
      return 2;
    case 0x21: // FS ! n Chinese print mode
    case 0x43: // FS C n code system
    case 0x2d: // FS - n Chinese underline
      return need(3) ? 3 : 0;
    default:
      return skipUnknown(s, b, at, 2);
  }
}

/** GS (0x1D) commands: size, cut (which finishes a printout into `done`), QR codes, margins. */
function gsCommand(s: DecoderState, b: Uint8Array, at: number, done: Printout[]): number {
  const { need, arg } = commandAt(b, at);
  if (!need(2)) return 0;
  switch (arg(1)) {
    case 0x21: // GS ! n
      if (!need(3)) return 0;
      s.style = { ...s.style, size: sizeOf(arg(2)) };
      return 3;
    case 0x56: {
      // GS V m [n]
      if (!need(3)) return 0;
      const m = arg(2);
      const length = m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104 ? 4 : 3;
      if (!need(length)) return 0;
      printLine(s, false);
      done.push({ items: s.items, lines: textLines(s.items), qr: qrPayloads(s.items), cut: true, unknown: s.unknown });
      s.items = [];
      s.unknown = [];
      return length;
    }
    case 0x28: {
      // GS ( fn pL pH ...: the QR functions when fn = k (0x6B)
      if (!need(5)) return 0;
      const length = 5 + arg(3) + 256 * arg(4);
      if (!need(length)) return 0;
      if (arg(2) === 0x6b && arg(5) === 0x31) qrFunction(s, b, at, length);
      else skipUnknown(s, b, at, Math.min(length, 8));
      return length;
    }
    case 0x42: // GS B n reverse
      return need(3) ? 3 : 0;
    case 0x4c: // GS L nL nH left margin
      return need(4) ? 4 : 0;
    default:
      return skipUnknown(s, b, at, 2);
  }
}

/** GS ( k, cn 49: one QR function (the `length` bytes at `at` are all there). */
function qrFunction(s: DecoderState, b: Uint8Array, at: number, length: number): void {
  const { arg } = commandAt(b, at);
  const fn = arg(6);
  if (fn === 0x43) s.qr = { ...s.qr, moduleSize: arg(7) };
  else if (fn === 0x45) s.qr = { ...s.qr, errorLevel: QR_LEVELS[arg(7)] ?? `?${arg(7)}` };
  else if (fn === 0x50) s.qr = { ...s.qr, data: b.slice(at + 8, at + length) };
  else if (fn === 0x51) {
    printLine(s, false);
    s.items.push({ kind: 'qr', data: new TextDecoder().decode(s.qr.data), moduleSize: s.qr.moduleSize, errorLevel: s.qr.errorLevel, align: s.style.align });
  }
  // 0x41 (model) and anything else of cn 49: nothing to keep.
}

/**
 * Decode one command at `at`; answers its length, 0 when it is incomplete (wait for more),
 * and pushes a finished printout to `done` on a cut.
 */
function step(s: DecoderState, b: Uint8Array, at: number, done: Printout[]): number {
  const c = b[at] as number;
  if (c === 0x0a) {
    printLine(s, true);
    return 1;
  }
  if (c === 0x0d) return 1;
  if (c === 0x1b) return escCommand(s, b, at);
  if (c === 0x1c) return fsCommand(s, b, at);
  if (c === 0x1d) return gsCommand(s, b, at, done);
  // DLE EOT n: a real-time status request, answered by the printer and never printed.
  if (c === 0x10 && b.length - at >= 2 && b[at + 1] === 0x04) return b.length - at >= 3 ? 3 : 0;
  if (c === 0x10 && b.length - at < 2) return 0;
  if (c < 0x20 && c !== 0x09) return skipUnknown(s, b, at, 1);
  // A text byte; in Chinese mode a multi-byte GB18030 character is collected whole before the
  // line is decoded, so a burst boundary inside one does no harm.
  s.text.push(c);
  return 1;
}

export function createEscPosDecoder(): EscPosDecoder {
  let buffer = new Uint8Array(0);
  const s: DecoderState = {
    chinese: false,
    style: plainStyle(),
    text: [],
    items: [],
    unknown: [],
    qr: { data: new Uint8Array(0), moduleSize: 3, errorLevel: 'L' },
  };

  return {
    push(bytes) {
      const merged = new Uint8Array(buffer.length + bytes.length);
      merged.set(buffer);
      merged.set(bytes, buffer.length);
      const done: Printout[] = [];
      let at = 0;
      while (at < merged.length) {
        const used = step(s, merged, at, done);
        if (used === 0) break;
        at += used;
      }
      buffer = merged.slice(at);
      return done;
    },
    pending() {
      if (s.items.length === 0 && s.text.length === 0) return undefined;
      const lines = s.text.length > 0 ? [...s.items, { kind: 'text' as const, ...s.style, text: decodeText(s, s.text) }] : s.items;
      return { items: lines, lines: textLines(lines), qr: qrPayloads(lines), cut: false, unknown: [...s.unknown] };
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
