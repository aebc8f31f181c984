// ESC/POS for the receipt printer: the QR sequences byte for byte as docs/peripherals.md#qr-codes gives them,
// GB18030 text, a whole receipt's framing, and the decoder reading it all back (also in bursts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../hardware/protocols/bytes';
import {
  align,
  bold,
  chineseMode,
  cut,
  encodeDocument,
  encodeText,
  feed,
  initialize,
  qrCode,
  qrErrorLevel,
  qrModel,
  qrModuleSize,
  qrPrint,
  qrStore,
  textColumns,
  textSize,
  wrapText,
  type PrintDocument,
} from '../../../hardware/printer/escpos';
import { createEscPosDecoder, decodeEscPos } from '../../../hardware/printer/escpos-decode';
import { createVirtualPrinter } from '../../../hardware/simulator/virtual-printer';
import { createPrinter } from '../../../hardware/printer/printer';

describe('QR code (GS ( k) as in docs/peripherals.md', () => {
  it('selects model 2', () => expect(toHex(qrModel())).toBe('1D 28 6B 04 00 31 41 32 00'));
  it('sets the module size', () => expect(toHex(qrModuleSize(6))).toBe('1D 28 6B 03 00 31 43 06'));
  it('sets the error level (48 L .. 51 H)', () => {
    expect(toHex(qrErrorLevel('L'))).toBe('1D 28 6B 03 00 31 45 30');
    expect(toHex(qrErrorLevel('M'))).toBe('1D 28 6B 03 00 31 45 31');
    expect(toHex(qrErrorLevel('H'))).toBe('1D 28 6B 03 00 31 45 33');
  });
  it('stores data with pL + 256·pH = len + 3', () => {
    expect(toHex(qrStore(new TextEncoder().encode('2025030401')))).toBe('1D 28 6B 0D 00 31 50 30 32 30 32 35 30 33 30 34 30 31');
    const long = qrStore(new Uint8Array(300).fill(0x41));
    expect(toHex(long.subarray(0, 8))).toBe('1D 28 6B 2F 01 31 50 30'); // 303 = 0x012F
    expect(long.length).toBe(308);
  });
  it('prints the stored symbol', () => expect(toHex(qrPrint())).toBe('1D 28 6B 03 00 31 51 30'));
  it('puts model, size, level, store and print in that order', () => {
    expect(toHex(qrCode('12', 4, 'Q'))).toBe(
      ['1D 28 6B 04 00 31 41 32 00', '1D 28 6B 03 00 31 43 04', '1D 28 6B 03 00 31 45 32', '1D 28 6B 05 00 31 50 30 31 32', '1D 28 6B 03 00 31 51 30'].join(' '),
    );
  });
  it('refuses what no printer can hold', () => {
    expect(() => qrStore(new Uint8Array(0))).toThrow(RangeError);
    expect(() => qrStore(new Uint8Array(3000))).toThrow(RangeError);
    expect(() => qrModuleSize(0)).toThrow(RangeError);
    expect(() => qrModuleSize(17)).toThrow(RangeError);
  });
});

describe('text and commands', () => {
  it('encodes Chinese in GB18030', () => {
    expect(toHex(encodeText('政务'))).toBe('D5 FE CE F1');
    expect(toHex(encodeText('回执 A01'))).toBe('BB D8 D6 B4 20 41 30 31');
    // Outside GBK: GB18030 four-byte form, not a question mark.
    expect(encodeText('𠀀').length).toBe(4);
  });
  it('has the usual single commands', () => {
    expect(toHex(initialize())).toBe('1B 40');
    expect(toHex(chineseMode(true))).toBe('1C 26');
    expect(toHex(chineseMode(false))).toBe('1C 2E');
    expect(toHex(align('center'))).toBe('1B 61 01');
    expect(toHex(bold(true))).toBe('1B 45 01');
    expect(toHex(textSize('double'))).toBe('1D 21 11');
    expect(toHex(feed(3))).toBe('1B 64 03');
    expect(toHex(cut())).toBe('1D 56 42 00');
  });
  it('wraps by display columns (a Chinese character takes two)', () => {
    expect(textColumns('政务A')).toBe(5);
    expect(wrapText('凭办件编号和手机后四位可查询进度', 16)).toEqual(['凭办件编号和手机', '后四位可查询进度']);
    expect(wrapText('Check progress with the reference', 16)).toEqual(['Check progress', 'with the', 'reference']);
    expect(wrapText('', 8)).toEqual(['']);
  });
});

describe('a whole document', () => {
  const receipt: PrintDocument = {
    widthChars: 32,
    blocks: [
      { kind: 'text', text: '示范社区政务云柜', align: 'center' },
      { kind: 'text', text: '投递回执', align: 'center', bold: true, size: 'double' },
      { kind: 'rule' },
      { kind: 'text', text: '2025030401', align: 'center', size: 'double', bold: true },
      { kind: 'qr', data: '2025030401' },
      { kind: 'text', text: '凭办件编号和手机后四位可查询进度' },
      { kind: 'feed', lines: 3 },
      { kind: 'cut' },
    ],
  };

  it('starts with ESC @ and FS &, ends with the cut and a plain style', () => {
    const bytes = encodeDocument(receipt);
    expect(toHex(bytes.subarray(0, 4))).toBe('1B 40 1C 26');
    // First line: centre, not bold, normal size, the GB18030 text, LF.
    expect(toHex(bytes.subarray(4, 13))).toBe('1B 61 01 1B 45 00 1D 21 00');
    const tail = toHex(bytes.subarray(bytes.length - 16));
    expect(tail).toBe('1B 64 03 1D 56 42 00 1B 61 00 1B 45 00 1D 21 00');
    const hex = toHex(bytes);
    expect(hex).toContain(toHex(qrCode('2025030401', 6, 'M')));
    expect(hex).toContain(`1B 61 01 ${toHex(qrCode('2025030401', 6, 'M'))} 0A`);
  });

  it('reads back as the same lines, QR and cut', () => {
    const [paper, ...rest] = decodeEscPos(encodeDocument(receipt));
    expect(rest).toEqual([]);
    expect(paper?.cut).toBe(true);
    expect(paper?.unknown).toEqual([]);
    expect(paper?.lines).toEqual(['示范社区政务云柜', '投递回执', '-'.repeat(32), '2025030401', '凭办件编号和手机后四位可查询进度']);
    expect(paper?.qr).toEqual(['2025030401']);
    expect(paper?.items[1]).toMatchObject({ kind: 'text', align: 'center', bold: true, size: 'double' });
    expect(paper?.items[4]).toMatchObject({ kind: 'qr', data: '2025030401', moduleSize: 6, errorLevel: 'M' });
  });

  it('double size halves the columns a line may use', () => {
    const [paper] = decodeEscPos(encodeDocument({ widthChars: 16, blocks: [{ kind: 'text', text: '一二三四五六七八九十', size: 'double' }] }));
    expect(paper?.lines).toEqual(['一二三四', '五六七八', '九十']);
    expect(paper?.cut).toBe(false);
  });

  it('decodes the same whatever the bursts (split inside commands and characters)', () => {
    const bytes = encodeDocument(receipt);
    const whole = decodeEscPos(bytes);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
        const decoder = createEscPosDecoder();
        const done = points.slice(1).flatMap((end, i) => decoder.push(bytes.subarray(points[i], end)));
        expect(done).toEqual(whole);
      }),
    );
  });

  it('round-trips any text lines', () => {
    const line = fc.string({ unit: fc.constantFrom(...'政务云柜回执ABC xyz0123456789：，。-'.split('')), minLength: 1, maxLength: 14 }).filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 40 }), (lines, data) => {
        const doc: PrintDocument = { widthChars: 32, blocks: [...lines.map((text) => ({ kind: 'text' as const, text })), { kind: 'qr', data }, { kind: 'cut' }] };
        const [paper] = decodeEscPos(encodeDocument(doc));
        expect(paper?.lines).toEqual(lines);
        expect(paper?.qr).toEqual([data]);
      }),
    );
  });
});

describe('virtual printer and Printer', () => {
  it('keeps what it received and reads it back, several jobs in order', async () => {
    const virtual = createVirtualPrinter({ now: () => 42 });
    const printer = createPrinter({ open: () => virtual.openPort(), baudRate: 9600 });
    const job = (n: number) => encodeDocument({ widthChars: 32, blocks: [{ kind: 'text', text: `第${n}张` }, { kind: 'qr', data: `Q${n}` }, { kind: 'cut' }] });
    await Promise.all([printer.print(job(1)), printer.print(job(2)), printer.print(job(3))]);
    expect(virtual.printouts().map((p) => [p.lines, p.qr, p.cut, p.at])).toEqual([
      [['第1张'], ['Q1'], true, 42],
      [['第2张'], ['Q2'], true, 42],
      [['第3张'], ['Q3'], true, 42],
    ]);
    expect(virtual.printouts(1)[0]?.qr).toEqual(['Q3']);
    expect(printer.online).toBe(true);
    await printer.close();
  });

  it('fails while unplugged and prints again once plugged back in', async () => {
    const virtual = createVirtualPrinter();
    const printer = createPrinter({ open: () => virtual.openPort(), baudRate: 9600 });
    await printer.print(encodeDocument({ widthChars: 32, blocks: [{ kind: 'text', text: 'one' }, { kind: 'cut' }] }));
    virtual.unplug();
    expect(printer.online).toBe(false);
    await expect(printer.print(encodeDocument({ widthChars: 32, blocks: [{ kind: 'cut' }] }))).rejects.toThrow(/unplugged/);
    virtual.plugIn();
    await printer.print(encodeDocument({ widthChars: 32, blocks: [{ kind: 'text', text: 'two' }, { kind: 'cut' }] }));
    expect(virtual.printouts().map((p) => p.lines)).toEqual([['one'], ['two']]);
    await printer.close();
  });

  it('gives up on a write that stalls', async () => {
    const printer = createPrinter({
      baudRate: 9600,
      slackMs: 20,
      open: async () => ({ isOpen: true, write: () => new Promise<void>(() => undefined), onData: () => () => undefined, onClose: () => () => undefined, flush: async () => {}, close: async () => {} }),
    });
    await expect(printer.print(new Uint8Array(10))).rejects.toThrow(/took more than/);
  });
});
