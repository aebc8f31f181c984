// The virtual printer's PNG: a real receipt's ESC/POS bytes drawn dot for dot, read back from the
// PNG file — the QR modules where the QR payload puts them, lines centred as sent, ink in every
// character cell, a cut at the end.
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { encodeDocument } from '../../../hardware/printer/escpos';
import { decodeEscPos } from '../../../hardware/printer/escpos-decode';
import { fillPolygons, notoSansSc, parseSubsets } from '../../../hardware/simulator/receipt-font';
import { receiptPng, renderReceipt } from '../../../hardware/simulator/receipt-png';
import { defaultConfig } from '../../../main/core/config';
import { receiptDocument } from '../../../main/core/printing/layouts';

const receipt = {
  reference: '2503040007',
  matter: { 'zh-CN': '社会保险', en: 'Social insurance' },
  compartment: 'A01',
  compartments: ['A01', 'B02'],
  depositedAt: Date.parse('2025-03-04T18:05:00+08:00'),
  expectedDate: '2025-03-18',
  maskedPhone: '138****5678',
  qr: 'CCR-2503040007-0a1b2c3d',
};

describe('receipt PNG', () => {
  const bytes = encodeDocument(receiptDocument(defaultConfig(), receipt, 'zh-CN', 32));
  const image = renderReceipt(decodeEscPos(bytes), notoSansSc(), 384);
  const png = PNG.sync.read(receiptPng(image));
  const black = (x: number, y: number) => png.data[(y * png.width + x) * 4] === 0;

  it('is 58 mm paper wide, and every text line and the QR are placed', () => {
    expect([png.width, png.height]).toEqual([384, image.height]);
    expect(image.placed.filter((p) => p.kind === 'text').map((p) => p.text)).toEqual(decodeEscPos(bytes)[0]!.lines);
    expect(image.placed.map((p) => p.kind).slice(-2)).toEqual(['text', 'cut']);
  });

  it('draws the QR code module for module, centred as the printer was told', () => {
    const qr = image.placed.find((p) => p.kind === 'qr')!;
    const matrix = QRCode.create(receipt.qr, { errorCorrectionLevel: 'M' }).modules;
    expect(qr).toMatchObject({ module: 6, modules: matrix.size, x: Math.floor((384 - matrix.size * 6) / 2) });
    let same = 0;
    for (let r = 0; r < matrix.size; r++) {
      for (let c = 0; c < matrix.size; c++) if (black(qr.x + c * 6 + 3, qr.y + r * 6 + 3) === Boolean(matrix.get(r, c))) same += 1;
    }
    expect(same).toBe(matrix.size * matrix.size);
  });

  it('puts ink in every character cell of the double-size bold title, centred', () => {
    const title = image.placed.find((p) => p.text === '投递回执')!;
    expect(title).toMatchObject({ width: 4 * 48, height: 48, x: (384 - 4 * 48) / 2 });
    for (let cell = 0; cell < 4; cell++) {
      let ink = 0;
      for (let y = title.y; y < title.y + 48; y++) for (let x = title.x + cell * 48; x < title.x + (cell + 1) * 48; x++) ink += black(x, y) ? 1 : 0;
      expect(ink, `cell ${cell}`).toBeGreaterThan(150);
    }
    // Nothing left of the centred title.
    for (let y = title.y; y < title.y + 48; y++) for (let x = 0; x < title.x - 2; x++) expect(black(x, y)).toBe(false);
  });

  it('reads the font subsets from the CSS and fills outlines by non-zero winding', () => {
    expect(parseSubsets("@font-face { src: url(./files/a.woff2) format('woff2'), url(./files/a.woff) format('woff'); unicode-range: U+4e00-4e01,U+20; }")).toEqual([
      { file: 'a.woff', ranges: [[0x4e00, 0x4e01], [0x20, 0x20]] },
    ]);
    const dots: string[] = [];
    // A 4×2 square with a 2×2 hole wound the other way: the hole stays white.
    fillPolygons([[[0, 0], [4, 0], [4, 2], [0, 2]], [[1, 0], [1, 2], [3, 2], [3, 0]]], (x, y) => dots.push(`${x},${y}`));
    expect(dots.sort()).toEqual(['0,0', '0,1', '3,0', '3,1']);
  });
});
