// The virtual printer's paper as a picture: the printouts decoded from ESC/POS (escpos-decode.ts)
// drawn dot for dot the way a 203-dpi thermal head would — 12 dots per half-width column, a 24-dot
// font (Chinese characters two columns wide), bold as a double strike, GS ! sizes as multipliers,
// QR codes at their module size, a dashed line at each cut — and written as a 1-bit-looking PNG.
// For people to look at receipts (npm run receipt:render) and for tests; never used by the kiosk.
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { charColumns, type Align, type TextSize } from '../printer/escpos';
import type { PrintedItem, Printout } from '../printer/escpos-decode';
import type { PathCommand } from 'opentype.js';
import { fillPolygons, flatten, type GlyphSource } from './receipt-font';

/** Dots per half-width column and per line of normal text (24-dot font, 6 dots of spacing). */
export const COLUMN_DOTS = 12;
export const FONT_DOTS = 24;
export const LINE_DOTS = 30;
const MARGIN = 12;

/** Where something was drawn, in dots: for tests and for anyone checking a layout. */
export interface Placed {
  kind: 'text' | 'qr' | 'cut';
  text?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** For a QR code: dots per module and the symbol's modules per side. */
  module?: number;
  modules?: number;
}

export interface ReceiptImage {
  width: number;
  height: number;
  /** 1 = a black dot, row by row. */
  dots: Uint8Array;
  placed: Placed[];
}

const SCALE: Record<TextSize, [number, number]> = { normal: [1, 1], double: [2, 2], tall: [1, 2], wide: [2, 1] };

/** A sheet that grows downwards as lines are added. */
function sheet(width: number) {
  let rows: Uint8Array[] = [];
  return {
    set(x: number, y: number) {
      if (x < 0 || x >= width || y < 0) return;
      while (rows.length <= y) rows.push(new Uint8Array(width));
      rows[y]![x] = 1;
    },
    extend(height: number) {
      while (rows.length < height) rows.push(new Uint8Array(width));
    },
    done(): Uint8Array {
      const out = new Uint8Array(width * rows.length);
      rows.forEach((r, y) => out.set(r, y * width));
      rows = [];
      return out;
    },
  };
}
type Sheet = ReturnType<typeof sheet>;

const alignedX = (align: Align, width: number, used: number): number =>
  align === 'center' ? Math.floor((width - used) / 2) : align === 'right' ? width - used : 0;

/** One text line at `top`; answers its height. */
function drawText(s: Sheet, glyphs: GlyphSource, item: Extract<PrintedItem, { kind: 'text' }>, width: number, top: number, placed: Placed[]): number {
  const [sx, sy] = SCALE[item.size];
  const chars = [...item.text];
  const used = chars.reduce((n, ch) => n + charColumns(ch) * COLUMN_DOTS * sx, 0);
  let x = alignedX(item.align, width, Math.min(used, width));
  for (const ch of chars) {
    const cell = charColumns(ch) * COLUMN_DOTS * sx;
    const font = ch.trim() === '' ? undefined : glyphs.fontFor(ch);
    if (font) {
      const { commands } = font.charToGlyph(ch).getPath(0, 0, FONT_DOTS);
      const polys = flattenScaled(commands, x, top + Math.round(FONT_DOTS * 0.86) * sy, sx, sy);
      for (const dx of item.bold ? [0, 1] : [0]) fillInto(s, polys, dx);
    } else if (ch.trim() !== '') {
      drawBox(s, x + 2, top + 2, cell - 4, FONT_DOTS * sy - 4); // a character no font has: a box, as printers do
    }
    x += cell;
  }
  if (item.text.trim() !== '') placed.push({ kind: 'text', text: item.text, x: alignedX(item.align, width, Math.min(used, width)), y: top, width: used, height: FONT_DOTS * sy });
  return LINE_DOTS * sy;
}

function drawBox(s: Sheet, x: number, y: number, w: number, h: number): void {
  for (let i = 0; i < w; i++) {
    s.set(x + i, y);
    s.set(x + i, y + h - 1);
  }
  for (let j = 0; j < h; j++) {
    s.set(x, y + j);
    s.set(x + w - 1, y + j);
  }
}

/** A QR code at `top` with its module size; answers its height. */
function drawQr(s: Sheet, item: Extract<PrintedItem, { kind: 'qr' }>, width: number, top: number, placed: Placed[]): number {
  const level = (['L', 'M', 'Q', 'H'].includes(item.errorLevel) ? item.errorLevel : 'M') as 'L' | 'M' | 'Q' | 'H';
  const modules = QRCode.create(item.data, { errorCorrectionLevel: level }).modules;
  const m = Math.max(1, item.moduleSize);
  const side = modules.size * m;
  const left = alignedX(item.align, width, side);
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (!modules.get(r, c)) continue;
      for (let dy = 0; dy < m; dy++) for (let dx = 0; dx < m; dx++) s.set(left + c * m + dx, top + r * m + dy);
    }
  }
  placed.push({ kind: 'qr', text: item.data, x: left, y: top, width: side, height: side, module: m, modules: modules.size });
  return side + MARGIN;
}

/** Draw printouts top to bottom, each ending at its cut. `widthDots`: 384 on 58 mm paper, 576 on 80 mm. */
export function renderReceipt(printouts: readonly Printout[], glyphs: GlyphSource, widthDots = 576): ReceiptImage {
  const s = sheet(widthDots);
  const placed: Placed[] = [];
  let y = MARGIN;
  for (const printout of printouts) {
    for (const item of printout.items) {
      y += item.kind === 'text' ? drawText(s, glyphs, item, widthDots, y, placed) : drawQr(s, item, widthDots, y, placed);
    }
    if (printout.cut) {
      y += MARGIN;
      for (let x = 0; x < widthDots; x += 8) for (let i = 0; i < 4; i++) s.set(x + i, y);
      placed.push({ kind: 'cut', x: 0, y, width: widthDots, height: 1 });
      y += MARGIN * 2;
    }
  }
  s.extend(y + MARGIN);
  return { width: widthDots, height: y + MARGIN, dots: s.done(), placed };
}

/** The image as a PNG: black dots on white paper. */
export function receiptPng(image: ReceiptImage): Buffer {
  const data = Buffer.alloc(image.width * image.height * 4, 0xff);
  image.dots.forEach((d, i) => {
    if (d) data.fill(0, i * 4, i * 4 + 3);
  });
  return PNG.sync.write({ width: image.width, height: image.height, data });
}

// ---- glyph outlines -------------------------------------------------------------------------

function flattenScaled(commands: readonly PathCommand[], x: number, baseline: number, sx: number, sy: number) {
  return flatten(commands).map((poly) => poly.map(([px, py]): [number, number] => [x + px * sx, baseline + py * sy]));
}

function fillInto(s: Sheet, polys: [number, number][][], dx: number): void {
  fillPolygons(polys, (x, y) => s.set(x + dx, y));
}
