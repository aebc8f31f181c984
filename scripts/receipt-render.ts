// npm run receipt:render -- <bytes-file> <out.png> [width-dots]: draw what a receipt printer would
// print from the ESC/POS bytes in a file (as the cabinet sends them), so people can look at it.
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeEscPos } from '../hardware/printer/escpos-decode';
import { notoSansSc } from '../hardware/simulator/receipt-font';
import { receiptPng, renderReceipt } from '../hardware/simulator/receipt-png';

const [input, output, width] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: npm run receipt:render -- <bytes-file> <out.png> [width-dots: 576 for 80 mm, 384 for 58 mm]');
  process.exit(2);
}
const printouts = decodeEscPos(new Uint8Array(readFileSync(input)));
const image = renderReceipt(printouts, notoSansSc(), width ? Number(width) : 576);
writeFileSync(output, receiptPng(image));
const unknown = printouts.flatMap((p) => p.unknown);
console.log(`${output}: ${image.width}×${image.height} dots, ${printouts.length} printout(s)${unknown.length ? `, bytes not understood: ${unknown.join(' ')}` : ''}`);
