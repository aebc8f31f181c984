// The receipt printer on a real pseudo-terminal pair (socat), through the real `serialport`
// package: the cabinet's side writes ESC/POS on one end, the virtual printer reads the other end
// and decodes it back to paper. Also: a printer that goes away and comes back, and a whole
// cabinet whose configured printer port is the pty.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../hardware/protocols/bytes';
import { encodeDocument } from '../../hardware/printer/escpos';
import { createPrinter } from '../../hardware/printer/printer';
import { createVirtualPrinter, type VirtualPrinter } from '../../hardware/simulator/virtual-printer';
import type { BytePort } from '../../hardware/transport/byte-port';
import { openSerialPort, serialPortOpener } from '../../hardware/transport/serial-port';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { manifestDocument, receiptDocument } from '../../main/core/printing/layouts';
import { formatReference } from '../../main/contract/format';
import type { DropOffState } from '../../main/contract/schemas';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';

const socatMissing = spawnSync('socat', ['-V']).error !== undefined;
if (socatMissing) {
  console.warn('printer-pty: SKIPPED — socat is not installed (apt-get install -y socat) so no pseudo-terminal pair can be made');
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Pair {
  a: string;
  b: string;
  socat: ChildProcess;
}
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function ptyPair(dir = mkdtempSync(join(tmpdir(), 'printer-pty-'))): Promise<Pair & { dir: string }> {
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  cleanups.push(() => {
    socat.kill('SIGTERM');
  });
  await waitFor(() => existsSync(a) && existsSync(b), 'socat links');
  return { a, b, socat, dir };
}

/** The virtual printer on end A, fed by the real serialport; every byte kept too. */
async function printerOn(path: string): Promise<{ virtual: VirtualPrinter; raw: () => Uint8Array; port: BytePort }> {
  const virtual = createVirtualPrinter();
  const port = await openSerialPort({ path, baudRate: 9600 });
  cleanups.push(() => port.close());
  const chunks: Uint8Array[] = [];
  port.onData((chunk) => {
    chunks.push(chunk);
    virtual.receive(chunk);
  });
  const raw = () => {
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  return { virtual, raw, port };
}

const receipt = {
  reference: '2503040007',
  matter: { 'zh-CN': '社会保险', en: 'Social insurance' },
  compartment: 'A01',
  compartments: ['A01', 'B02'],
  depositedAt: Date.parse('2025-03-04T18:05:00+08:00'),
  expectedDate: '2025-03-18',
  maskedPhone: '138****5678',
  qr: 'CCR-2503040007-0A1B2C3D',
};

describe.skipIf(socatMissing)('receipt printer on a pseudo-terminal', () => {
  it('the bytes written reach the other end unchanged and decode to the receipt', async () => {
    const pair = await ptyPair();
    const far = await printerOn(pair.a);
    const printer = createPrinter({ open: serialPortOpener({ path: pair.b, baudRate: 9600 }), baudRate: 9600 });
    cleanups.push(() => printer.close());
    const bytes = encodeDocument(receiptDocument(defaultConfig(), receipt, 'zh-CN', 32));
    await printer.print(bytes);
    await waitFor(() => far.raw().length >= bytes.length, 'all bytes at the printer end');
    expect(toHex(far.raw())).toBe(toHex(bytes));
    const [paper] = far.virtual.printouts();
    expect(paper?.cut).toBe(true);
    expect(paper?.unknown).toEqual([]);
    expect(paper?.lines).toEqual(expect.arrayContaining(['示范社区政务云柜', '投递回执', '250304 0007', '事项：社会保险', '格口：A01 B02', '投递时间：2025年3月4日 18:05', '预计办结：2025年3月18日', '手机：138****5678', '凭办件编号和手机后四位可查询进度']));
    expect(paper?.qr).toEqual(['CCR-2503040007-0A1B2C3D']);
  });

  it('a long job (a 60-case manifest, several kilobytes) arrives whole, in bursts', async () => {
    const pair = await ptyPair();
    const far = await printerOn(pair.a);
    const printer = createPrinter({ open: serialPortOpener({ path: pair.b, baudRate: 9600 }), baudRate: 9600 });
    cleanups.push(() => printer.close());
    const rows = Array.from({ length: 60 }, (_, i) => ({
      reference: `25030400${String(i + 10).padStart(2, '0')}`,
      matter: { 'zh-CN': '老年人优待证', en: 'Senior citizen card' },
      compartments: [`A${String((i % 12) + 1).padStart(2, '0')}`],
      collectedAt: receipt.depositedAt + i * 60_000,
      collectedBy: 'wang',
      seal: i % 2 ? `ENV-${i}` : null,
    }));
    const bytes = encodeDocument(manifestDocument(defaultConfig(), rows, { login: 'wang', name: '王' }, receipt.depositedAt, 'zh-CN', 48));
    expect(bytes.length).toBeGreaterThan(4000);
    await printer.print(bytes);
    await waitFor(() => far.raw().length >= bytes.length, 'all bytes at the printer end');
    expect(toHex(far.raw())).toBe(toHex(bytes));
    const [paper] = far.virtual.printouts();
    expect(paper?.lines.filter((l) => /^\d+\. \d{6} \d{4}$/.test(l))).toHaveLength(60);
    expect(paper?.lines).toContain('共 60 件');
  });

  it('a printer that goes away fails the job (nothing hangs) and prints again once it is back', async () => {
    const pair = await ptyPair();
    let far = await printerOn(pair.a);
    const printer = createPrinter({ open: serialPortOpener({ path: pair.b, baudRate: 9600, presenceCheckMs: 50 }), baudRate: 9600, slackMs: 1000 });
    cleanups.push(() => printer.close());
    const job = (ref: string) => encodeDocument(receiptDocument(defaultConfig(), { ...receipt, reference: ref, qr: ref }, 'zh-CN', 32));
    await printer.print(job('2503040001'));
    await waitFor(() => far.virtual.printouts().some((p) => p.cut), 'first receipt');

    // The cable is pulled: the pty pair goes away.
    await far.port.close();
    pair.socat.kill('SIGTERM');
    await waitFor(() => !existsSync(pair.b), 'the pty link to vanish');
    await waitFor(() => !printer.online, 'the printer to notice');
    await expect(printer.print(job('2503040002'))).rejects.toThrow();

    // Plugged back in (a new pty under the same name): the next job opens it afresh.
    const again = await ptyPair(pair.dir);
    far = await printerOn(again.a);
    await printer.print(job('2503040003'));
    await waitFor(() => far.virtual.printouts().some((p) => p.cut), 'receipt after the replug');
    expect(far.virtual.printouts().map((p) => p.qr)).toEqual([['2503040003']]);
    rmSync(pair.dir, { recursive: true, force: true });
  });

  it('a cabinet configured with the pty as its printer port prints the receipt of a deposit there', async () => {
    const pair = await ptyPair();
    const far = await printerOn(pair.a);
    const raw = structuredClone(defaultConfig());
    raw.timeouts.pollIntervalMs = 50;
    raw.printer = { port: pair.b, baudRate: 9600, widthChars: 32 };
    const cabinet: Cabinet = await createCabinet({ config: parseConfig(raw), dataDir: mkdtempSync(join(tmpdir(), 'printer-pty-cab-')), log: () => {} });
    cleanups.push(() => cabinet.close());
    const drops: DropOffState[] = [];
    cabinet.on('dropOff.changed', (d) => drops.push(d));
    await cabinet.handlers['dropOff.begin']({ matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await waitFor(() => drops.some((d) => d.stage === 'open'), 'door open');
    (cabinet.hardware.virtualBuses.get('bus1') as VirtualBus).closeDoor(1, 1);
    await waitFor(() => drops.some((d) => d.stage === 'deposited'), 'deposit');
    const reference = drops.find((d) => d.receipt)!.receipt!.reference;
    await waitFor(() => far.virtual.printouts().some((p) => p.cut), 'receipt on the pty');
    const [paper] = far.virtual.printouts();
    expect(paper?.lines).toContain(formatReference(reference));
    expect(paper?.qr).toEqual([drops.find((d) => d.receipt)!.receipt!.qr]);
    expect(cabinet.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'printer.failed'").get()).toEqual({ n: 0 });
  });
});
