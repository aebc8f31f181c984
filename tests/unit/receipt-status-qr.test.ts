// The status link on the drop-off receipt: when notifications.statusUrl is configured, the receipt
// prints it as a second QR (a phone opens it) under the cabinet's own QR, drawn module for module.
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { encodeDocument } from '../../hardware/printer/escpos';
import { decodeEscPos } from '../../hardware/printer/escpos-decode';
import { notoSansSc } from '../../hardware/simulator/receipt-font';
import { receiptPng, renderReceipt } from '../../hardware/simulator/receipt-png';
import { defaultConfig } from '../../main/core/config';
import { receiptDocument } from '../../main/core/printing/layouts';

const receipt = {
  reference: '2611300007',
  matter: { 'zh-CN': '社会保险', en: 'Social insurance' },
  compartment: 'A01',
  compartments: ['A01'],
  depositedAt: Date.parse('2026-11-30T10:05:00+08:00'),
  expectedDate: '2026-12-14',
  maskedPhone: '138****5678',
  qr: 'CCR-2611300007-0A1B2C3D',
  statusUrl: 'https://zwfw.example.gov.cn/cabinet/status?c=demo-01&r=2611300007',
};

describe('the status link QR on the receipt', () => {
  it('prints the link as a second QR with a caption, module for module', () => {
    const image = renderReceipt(decodeEscPos(encodeDocument(receiptDocument(defaultConfig(), receipt, 'zh-CN', 32))), notoSansSc(), 384);
    const png = PNG.sync.read(receiptPng(image));
    const black = (x: number, y: number) => png.data[(y * png.width + x) * 4] === 0;
    const qrs = image.placed.filter((p) => p.kind === 'qr');
    expect(qrs).toHaveLength(2);
    const link = qrs[1]!;
    const matrix = QRCode.create(receipt.statusUrl, { errorCorrectionLevel: 'M' }).modules;
    expect(link).toMatchObject({ module: 4, modules: matrix.size });
    let same = 0;
    for (let r = 0; r < matrix.size; r++) for (let c = 0; c < matrix.size; c++) if (black(link.x + c * 4 + 2, link.y + r * 4 + 2) === Boolean(matrix.get(r, c))) same += 1;
    expect(same).toBe(matrix.size * matrix.size);
    const texts = image.placed.filter((p) => p.kind === 'text').map((p) => p.text);
    expect(texts).toContain('手机扫码查看办理进度');
  });

  it('prints one QR only when no status link is configured', () => {
    const { statusUrl: _, ...plain } = receipt;
    const doc = receiptDocument(defaultConfig(), plain, 'en', 32);
    expect(doc.blocks.filter((b) => b.kind === 'qr')).toEqual([{ kind: 'qr', data: receipt.qr, moduleSize: 6, errorLevel: 'M' }]);
    expect(JSON.stringify(doc.blocks)).not.toContain('Scan with your phone');
  });
});
