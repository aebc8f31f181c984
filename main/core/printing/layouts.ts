// What goes on paper: the resident's drop-off receipt (in the resident's language), the night
// shift's handover manifest and the technician's test page, as ESC/POS documents. Pure: fixed
// text tables for zh-CN and en, no I/O. Times, dates and references come from the one formatter
// (main/contract/format.ts), in the cabinet's time zone, as on the screens and in messages.
import type { PrintBlock, PrintDocument } from '../../../hardware/printer/escpos';
import type { Receipt } from '../../contract/schemas';
import { formatDate, formatDateTime, formatReference } from '../../contract/format';
import type { CabinetConfig } from '../config';

export type PrintLanguage = 'zh-CN' | 'en';

const texts = {
  'zh-CN': {
    receiptTitle: '投递回执',
    reference: '办件编号',
    matter: '事项：',
    compartments: '格口：',
    depositedAt: '投递时间：',
    expected: '预计办结：',
    phone: '手机：',
    lookUp: '凭办件编号和手机后四位可查询进度',
    scanStatus: '手机扫码查看办理进度',
    keep: '请妥善保管本回执',
    manifestTitle: '交接清单',
    shiftOf: '交接人：',
    printedAt: '打印时间：',
    collectedAt: '取出时间：',
    seal: '封条号：',
    noSeal: '（未填）',
    none: '本班次尚未取出材料',
    total: (n: number) => `共 ${n} 件`,
    handedOver: '交接人签字：',
    receivedBy: '接收人签字：',
  },
  en: {
    receiptTitle: 'Drop-off receipt',
    reference: 'Reference number',
    matter: 'Matter: ',
    compartments: 'Compartment: ',
    depositedAt: 'Deposited: ',
    expected: 'Expected completion: ',
    phone: 'Phone: ',
    lookUp: 'Check progress with the reference number and the last four digits of your phone.',
    scanStatus: 'Scan with your phone to follow the progress online.',
    keep: 'Please keep this receipt.',
    manifestTitle: 'Handover manifest',
    shiftOf: 'Handed over by: ',
    printedAt: 'Printed: ',
    collectedAt: 'Collected: ',
    seal: 'Seal: ',
    noSeal: '(none)',
    none: 'Nothing collected in this shift yet.',
    total: (n: number) => `${n} ${n === 1 ? 'case' : 'cases'} in all`,
    handedOver: 'Handed over (signature): ',
    receivedBy: 'Received (signature): ',
  },
} as const;

/** When, as people read it (format.ts): in the cabinet's zone and the paper's language. */
export const printedTime = (config: CabinetConfig, ms: number, language: PrintLanguage): string => formatDateTime(ms, language, config.cabinet.timeZone);

const line = (text: string, style: Omit<Extract<PrintBlock, { kind: 'text' }>, 'kind' | 'text'> = {}): PrintBlock => ({ kind: 'text', text, ...style });
const ending: PrintBlock[] = [
  { kind: 'feed', lines: 3 },
  { kind: 'cut' },
];

/** The resident's receipt: cabinet, title, the reference large, the case, its QR, how to look it up. */
export function receiptDocument(config: CabinetConfig, receipt: Receipt, language: PrintLanguage, widthChars: number): PrintDocument {
  const t = texts[language];
  const compartments = receipt.compartments.length > 0 ? receipt.compartments : [receipt.compartment];
  return {
    widthChars,
    blocks: [
      line(config.cabinet.name[language], { align: 'center' }),
      line(t.receiptTitle, { align: 'center', bold: true, size: 'double' }),
      { kind: 'rule' },
      line(t.reference, { align: 'center' }),
      line(formatReference(receipt.reference), { align: 'center', bold: true, size: 'double' }),
      { kind: 'rule' },
      line(`${t.matter}${receipt.matter[language]}`),
      line(`${t.compartments}${compartments.join(' ')}`),
      line(`${t.depositedAt}${printedTime(config, receipt.depositedAt, language)}`),
      line(`${t.expected}${formatDate(receipt.expectedDate, language)}`),
      line(`${t.phone}${receipt.maskedPhone}`),
      { kind: 'qr', data: receipt.qr, moduleSize: 6, errorLevel: 'M' },
      line(t.lookUp, { align: 'center' }),
      // The status page as a link a phone opens (notifications.statusUrl), when the district has one.
      ...(receipt.statusUrl ? [{ kind: 'qr', data: receipt.statusUrl, moduleSize: 4, errorLevel: 'M' } as const, line(t.scanStatus, { align: 'center' })] : []),
      line(t.keep, { align: 'center' }),
      ...ending,
    ],
  };
}

export interface ManifestRowForPrint {
  reference: string;
  matter: { 'zh-CN': string; en: string };
  compartments: string[];
  collectedAt: number;
  collectedBy: string;
  seal: string | null;
}

/** The shift's handover manifest: one entry per case collected, then room for two signatures. */
export function manifestDocument(
  config: CabinetConfig,
  rows: readonly ManifestRowForPrint[],
  who: { login: string; name: string },
  printedAt: number,
  language: PrintLanguage,
  widthChars: number,
): PrintDocument {
  const t = texts[language];
  const entries = rows.flatMap((r, i): PrintBlock[] => [
    line(`${i + 1}. ${formatReference(r.reference)}`, { bold: true }),
    line(`${t.matter}${r.matter[language]}`),
    line(`${t.compartments}${r.compartments.join(' ')}`),
    line(`${t.collectedAt}${printedTime(config, r.collectedAt, language)}`),
    line(`${t.seal}${r.seal ?? t.noSeal}`),
    { kind: 'rule', char: '.' },
  ]);
  return {
    widthChars,
    blocks: [
      line(config.cabinet.name[language], { align: 'center' }),
      line(t.manifestTitle, { align: 'center', bold: true, size: 'double' }),
      line(`${t.shiftOf}${who.name} (${who.login})`),
      line(`${t.printedAt}${printedTime(config, printedAt, language)}`),
      { kind: 'rule' },
      ...(rows.length === 0 ? [line(t.none)] : entries),
      line(t.total(rows.length), { bold: true }),
      { kind: 'feed', lines: 1 },
      line(`${t.handedOver}________`),
      { kind: 'feed', lines: 1 },
      line(`${t.receivedBy}________`),
      ...ending,
    ],
  };
}

/** The Chinese sample of the test page (fits 32 columns): common and rarer characters, full-width punctuation. */
export const TEST_PAGE_SAMPLE = '中文：政务云柜回执，鑫淼犇。';

/** The technician's test page: both languages, sizes, a Chinese sample and a QR code. */
export function testPageDocument(config: CabinetConfig, at: number, widthChars: number): PrintDocument {
  return {
    widthChars,
    blocks: [
      line('打印测试页 / Printer test', { align: 'center', bold: true }),
      line(config.cabinet.name['zh-CN'], { align: 'center' }),
      { kind: 'rule' },
      line(`柜机 Cabinet: ${config.cabinet.id}`),
      line(`时间 Time: ${printedTime(config, at, 'zh-CN')}`),
      line(`每行 Columns: ${widthChars}`),
      line(TEST_PAGE_SAMPLE),
      line('English: ABC xyz 0123456789'),
      line('倍宽倍高 Double', { size: 'double', align: 'center' }),
      { kind: 'qr', data: testPageQr(config, at), moduleSize: 6, errorLevel: 'M' },
      line('扫码可见柜机编号', { align: 'center' }),
      line('The QR code holds the cabinet id', { align: 'center' }),
      ...ending,
    ],
  };
}

export const testPageQr = (config: CabinetConfig, at: number): string => `civic-cabinet:printer-test:${config.cabinet.id}:${at}`;
