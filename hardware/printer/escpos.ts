// Pure ESC/POS encoding for the cabinet's receipt printer: a small document model (styled text
// lines, QR codes, feeds, cuts) turned into the bytes a thermal printer takes over serial/USB-CDC.
// No I/O here. The QR sequences are the `GS ( k` ones of docs/peripherals.md#qr-codes, byte for byte.
//
// Assumption (typical Chinese receipt printers: Xprinter, GPrinter, HPRT, Sunmi…): after `FS &`
// the printer reads two-byte Chinese characters in its national code system (GB18030 / its GBK
// subset), ASCII bytes still print as ASCII. We enter Chinese mode once after `ESC @` and send
// every text line GB18030-encoded. A printer that needs a different code page is a setting to add,
// not a guess to bake in.
import iconv from 'iconv-lite';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
/** normal; double = double width and height; tall = double height only; wide = double width only. */
export type TextSize = 'normal' | 'double' | 'tall' | 'wide';
export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface TextStyle {
  align?: Align;
  bold?: boolean;
  size?: TextSize;
}

export type PrintBlock =
  | ({ kind: 'text'; text: string } & TextStyle)
  /** A full-width line of one character, e.g. dashes between sections. */
  | { kind: 'rule'; char?: string }
  | { kind: 'qr'; data: string; align?: Align; /** module size in dots, 1..16 */ moduleSize?: number; errorLevel?: QrErrorLevel }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface PrintDocument {
  /** Characters per line at normal size (half-width columns: a Chinese character takes two). */
  widthChars: number;
  blocks: PrintBlock[];
}

// ---- single commands -------------------------------------------------------------------------

/** ESC @: reset the printer to its power-on settings (clears the buffer's styles, not the paper). */
export const initialize = (): Uint8Array => Uint8Array.of(ESC, 0x40);

/** FS &: enter Chinese character mode; FS .: leave it. See the assumption at the top. */
export const chineseMode = (on: boolean): Uint8Array => (on ? Uint8Array.of(FS, 0x26) : Uint8Array.of(FS, 0x2e));

const ALIGN: Record<Align, number> = { left: 0, center: 1, right: 2 };
/** ESC a n: justification of the following lines (and of a QR code). */
export const align = (a: Align): Uint8Array => Uint8Array.of(ESC, 0x61, ALIGN[a]);

/** ESC E n: emphasized (bold) on or off. */
export const bold = (on: boolean): Uint8Array => Uint8Array.of(ESC, 0x45, on ? 1 : 0);

const SIZE: Record<TextSize, number> = { normal: 0x00, double: 0x11, tall: 0x01, wide: 0x10 };
/** GS ! n: character size; high nibble = width multiplier - 1, low nibble = height multiplier - 1. */
export const textSize = (s: TextSize): Uint8Array => Uint8Array.of(GS, 0x21, SIZE[s]);

/** ESC d n: print what is buffered and feed n lines. */
export const feed = (lines: number): Uint8Array => {
  if (!Number.isInteger(lines) || lines < 0 || lines > 255) throw new RangeError(`feed lines must be 0..255, got ${lines}`);
  return Uint8Array.of(ESC, 0x64, lines);
};

/** GS V 66 n: feed to the cutter (plus n dots) and cut partially (a hinge left, the usual kiosk cut). */
export const cut = (): Uint8Array => Uint8Array.of(GS, 0x56, 0x42, 0x00);

/** Chinese (or any) text as the printer reads it in Chinese mode: GB18030. 政务 → D5 FE CE F1. */
export const encodeText = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'gb18030'));

// ---- QR code (GS ( k, function 165..169 of cn = 49), exactly as in docs/peripherals.md#qr-codes ------------

const QR_LEVEL: Record<QrErrorLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };
/** The most a model 2 QR code holds (version 40, level L, bytes); the store command allows less than 65 533. */
export const QR_MAX_BYTES = 2953;

/** Select model 2: 1D 28 6B 04 00 31 41 32 00. */
export const qrModel = (): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00);

/** Module size in dots: 1D 28 6B 03 00 31 43 n. */
export const qrModuleSize = (n: number): Uint8Array => {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new RangeError(`QR module size must be 1..16, got ${n}`);
  return Uint8Array.of(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, n);
};

/** Error correction level: 1D 28 6B 03 00 31 45 n (n = 48 L, 49 M, 50 Q, 51 H). */
export const qrErrorLevel = (level: QrErrorLevel): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_LEVEL[level]);

/** Store the data: 1D 28 6B pL pH 31 50 30 data, with pL + 256·pH = len + 3. */
export const qrStore = (data: Uint8Array): Uint8Array => {
  if (data.length === 0) throw new RangeError('a QR code needs at least one byte of data');
  if (data.length > QR_MAX_BYTES) throw new RangeError(`QR data of ${data.length} bytes exceeds ${QR_MAX_BYTES}`);
  const n = data.length + 3;
  const out = new Uint8Array(8 + data.length);
  out.set([GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30]);
  out.set(data, 8);
  return out;
};

/** Print the stored symbol: 1D 28 6B 03 00 31 51 30. */
export const qrPrint = (): Uint8Array => Uint8Array.of(GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30);

/**
 * The whole QR sequence: model, size, error level, store, print. The payload is sent as UTF-8,
 * which is what phone scanners assume for bytes without an ECI (references are digits anyway).
 */
export function qrCode(data: string, moduleSize = 6, errorLevel: QrErrorLevel = 'M'): Uint8Array {
  return concat([qrModel(), qrModuleSize(moduleSize), qrErrorLevel(errorLevel), qrStore(new TextEncoder().encode(data)), qrPrint()]);
}

// ---- layout ------------------------------------------------------------------------------------

/** Columns a character takes at normal size: 2 for CJK and other wide characters, 1 otherwise. */
export function charColumns(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x1100 &&
    (cp <= 0x115f ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd))
    ? 2
    : 1;
}

export const textColumns = (text: string): number => [...text].reduce((n, ch) => n + charColumns(ch), 0);

/**
 * Break a line so that no piece is wider than `columns`. Latin text breaks at a space where it
 * can; Chinese text between any two characters. The printer would wrap by itself, but our own
 * wrapping keeps centred lines centred.
 */
export function wrapText(text: string, columns: number): string[] {
  if (columns < 2) throw new RangeError('a line needs at least two columns');
  const out: string[] = [];
  let line: string[] = [];
  let width = 0;
  for (const ch of text) {
    const w = charColumns(ch);
    if (width + w > columns) {
      const space = line.lastIndexOf(' ');
      // Break at the last space when the rest is a Latin word that fits on the next line.
      if (space > 0 && !/\s/.test(ch)) {
        out.push(line.slice(0, space).join('').trimEnd());
        line = line.slice(space + 1);
      } else {
        out.push(line.join('').trimEnd());
        line = [];
      }
      width = textColumns(line.join(''));
      if (/\s/.test(ch) && line.length === 0) continue;
    }
    line.push(ch);
    width += w;
  }
  if (line.length > 0 || out.length === 0) out.push(line.join('').trimEnd());
  return out;
}

const widthFactor = (size: TextSize): number => (size === 'double' || size === 'wide' ? 2 : 1);

/** The bytes of one document: ESC @, Chinese mode, then each block; styles are set per line. */
export function encodeDocument(doc: PrintDocument): Uint8Array {
  const parts: Uint8Array[] = [initialize(), chineseMode(true)];
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'text': {
        const size = block.size ?? 'normal';
        parts.push(align(block.align ?? 'left'), bold(block.bold ?? false), textSize(size));
        const columns = Math.max(2, Math.floor(doc.widthChars / widthFactor(size)));
        for (const piece of block.text.split('\n').flatMap((l) => wrapText(l, columns))) parts.push(encodeText(piece), Uint8Array.of(LF));
        break;
      }
      case 'rule': {
        const char = block.char ?? '-';
        parts.push(align('left'), bold(false), textSize('normal'), encodeText(char.repeat(Math.max(1, Math.floor(doc.widthChars / charColumns(char))))), Uint8Array.of(LF));
        break;
      }
      case 'qr':
        parts.push(align(block.align ?? 'center'), qrCode(block.data, block.moduleSize ?? 6, block.errorLevel ?? 'M'), Uint8Array.of(LF));
        break;
      case 'feed':
        parts.push(feed(block.lines));
        break;
      case 'cut':
        parts.push(cut());
        break;
    }
  }
  // Leave the printer in its plain state for whatever prints next.
  parts.push(align('left'), bold(false), textSize('normal'));
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
