// ESC/POS real-time status: the request bytes, the reply bits as Epson's DLE EOT reference gives
// them, the virtual printer's answers, and the driver reading them through a port.
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../hardware/printer/escpos-decode';
import { createPrinter } from '../../../hardware/printer/printer';
import { canPrint, isStatusByte, parseStatus, problemsOf, statusBytes, statusRequest } from '../../../hardware/printer/status';
import { createVirtualPrinter } from '../../../hardware/simulator/virtual-printer';
import { newEpisodes } from '../../../main/core/printing/printer-health';

describe('DLE EOT n', () => {
  it('is 10 04 n', () => {
    expect([...statusRequest(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusRequest(2)]).toEqual([0x10, 0x04, 0x02]);
    expect([...statusRequest(4)]).toEqual([0x10, 0x04, 0x04]);
  });

  it('replies carry the fixed bits 1 and 4 set, 0 and 7 clear', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x7e)).toBe(true);
    expect(isStatusByte(0x13)).toBe(false);
    expect(isStatusByte(0x92)).toBe(false);
    expect(isStatusByte(0x02)).toBe(false);
    expect(() => parseStatus(0x12, 0x00, 0x12)).toThrow(/DLE EOT 2 reply 0x00/);
  });

  it('decodes a healthy printer, paper out, near end and cover open', () => {
    expect(problemsOf(parseStatus(0x12, 0x12, 0x12))).toEqual([]);
    // Out of paper: offline (1: 0x1A), stopped at paper end (2: 0x32), both sensors (4: 0x7E).
    const out = parseStatus(0x1a, 0x32, 0x7e);
    expect(out).toMatchObject({ offline: true, stoppedForPaper: true, paperEnd: true, paperNearEnd: true, coverOpen: false });
    expect(problemsOf(out)).toEqual(['paper-end']);
    expect(canPrint(problemsOf(out))).toBe(false);
    const near = parseStatus(0x12, 0x12, 0x1e);
    expect(problemsOf(near)).toEqual(['paper-near-end']);
    expect(canPrint(problemsOf(near))).toBe(true);
    expect(problemsOf(parseStatus(0x1a, 0x16, 0x12))).toEqual(['cover-open']);
    expect(problemsOf(parseStatus(0x1a, 0x12, 0x12))).toEqual(['offline']);
    expect(problemsOf(parseStatus(0x1a, 0x52, 0x12))).toEqual(['error']);
  });

  it('the simulator answers what parseStatus reads back, for every condition', () => {
    const conditions = [
      { paperEnd: true, paperNearEnd: false, coverOpen: false, offline: false, error: false },
      { paperEnd: false, paperNearEnd: true, coverOpen: false, offline: false, error: false },
      { paperEnd: false, paperNearEnd: false, coverOpen: true, offline: false, error: false },
      { paperEnd: false, paperNearEnd: false, coverOpen: false, offline: true, error: false },
    ];
    expect(conditions.map((c) => problemsOf(parseStatus(...([1, 2, 4] as const).map((n) => statusBytes(c)[n]) as [number, number, number])))).toEqual([
      ['paper-end'],
      ['paper-near-end'],
      ['cover-open'],
      ['offline'],
    ]);
    expect(statusBytes(conditions[0]!)).toEqual({ 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x7e });
  });

  it('is never printed and never noted as unknown', () => {
    const [paper] = decodeEscPos(Uint8Array.of(0x10, 0x04, 0x01, 0x41, 0x0a, 0x10, 0x04, 0x04));
    expect(paper?.lines).toEqual(['A']);
    expect(paper?.unknown).toEqual([]);
  });

  it('a problem alarms once per episode', () => {
    expect(newEpisodes(new Set(), ['paper-end'])).toEqual(['paper-end']);
    expect(newEpisodes(new Set(['paper-end']), ['paper-end'])).toEqual([]);
    expect(newEpisodes(new Set(['paper-near-end']), ['paper-end', 'cover-open'])).toEqual(['paper-end', 'cover-open']);
  });
});

describe('the driver against the virtual printer', () => {
  it('reads the status before and after a job, through requests split across chunks too', async () => {
    const virtual = createVirtualPrinter();
    const printer = createPrinter({ open: () => virtual.openPort(), baudRate: 115200 });
    expect(problemsOf(await printer.status())).toEqual([]);
    virtual.setCondition({ paperNearEnd: true });
    expect(problemsOf(await printer.status())).toEqual(['paper-near-end']);
    virtual.setCondition({ paperEnd: true, coverOpen: true });
    expect(problemsOf(await printer.status())).toEqual(['paper-end', 'cover-open']);
    expect(virtual.statusRequests).toBe(9);
    // A request arriving in pieces is still answered once.
    virtual.receive(Uint8Array.of(0x10));
    virtual.receive(Uint8Array.of(0x04, 0x02));
    expect(virtual.statusRequests).toBe(10);
    await printer.close();
  });

  it('holds what arrives while out of paper and prints it once paper is back', () => {
    const virtual = createVirtualPrinter();
    virtual.setCondition({ paperEnd: true });
    virtual.receive(Uint8Array.of(0x41, 0x0a, 0x1d, 0x56, 0x42, 0x00));
    expect(virtual.printouts()).toEqual([]);
    virtual.setCondition({ paperEnd: false });
    expect(virtual.printouts().map((p) => [p.lines, p.cut])).toEqual([[['A'], true]]);
  });

  it('a printer that does not answer fails the status read within its timeout', async () => {
    const virtual = createVirtualPrinter();
    const port = await virtual.openPort();
    const silent = { ...port, onData: () => () => undefined };
    const printer = createPrinter({ open: async () => silent, baudRate: 115200, statusTimeoutMs: 100 });
    await expect(printer.status()).rejects.toThrow('the printer did not answer DLE EOT 1 within 100 ms');
    await printer.close();
  });
});
