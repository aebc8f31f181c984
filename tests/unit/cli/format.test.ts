// What the technician CLI prints: pure formatters, error classification and the fallback port list.
import { describe, expect, it } from 'vitest';
import { BusError, type DoorReading } from '../../../hardware/lock-bus';
import { CliError, classifyOpenError, fromBusError } from '../../../hardware/cli/errors';
import { doorChanges, doorKey, resolveBoard } from '../../../hardware/cli/commands';
import {
  doorJson,
  errorJson,
  formatClock,
  formatDoorGrid,
  formatErrorHuman,
  formatMonitorHuman,
  formatOpenHuman,
  formatPortsHuman,
  formatScanHuman,
  formatTraffic,
  monitorJson,
  openJson,
  scanJson,
  statusJson,
} from '../../../hardware/cli/format';
import { serialDeviceNames } from '../../../hardware/cli/ports';
import { fromHex } from '../../../hardware/protocols/bytes';
import type { BusOptions } from '../../../hardware/cli/args';

// Local time, so the expected clock text does not depend on the machine's time zone.
const at = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();

const doors = (open: number[], count = 8, board = 1): DoorReading[] =>
  Array.from({ length: count }, (_, i) => ({ board, lock: i + 1, open: open.includes(i + 1) }));

const generic: BusOptions = { port: 'P', protocol: 'generic', baudRate: 9600, statusByteOrder: 'last-byte-first-channels', polarity: 'closing', json: false, hex: false };

describe('formatting', () => {
  it('clock and traffic lines', () => {
    expect(formatClock(at)).toBe('03:04:05.006');
    expect(formatTraffic({ direction: 'tx', bytes: fromHex('8A 01 03 11 99'), atMs: at, meaning: 'open board 1 lock 3' })).toBe(
      '03:04:05.006 tx 8A 01 03 11 99   open board 1 lock 3',
    );
    // A burst that is not a whole frame gets no misleading meaning.
    expect(formatTraffic({ direction: 'rx', bytes: fromHex('80 01'), atMs: at, meaning: 'unrecognised reply (80 01)' })).toBe('03:04:05.006 rx 80 01');
  });

  it('errors: one human line, JSON {error:{code,message}}', () => {
    const e = new CliError('port-not-found', 'serial port /dev/x does not exist');
    expect(formatErrorHuman(e)).toBe('error [port-not-found]: serial port /dev/x does not exist');
    expect(errorJson(e)).toEqual({ error: { code: 'port-not-found', message: 'serial port /dev/x does not exist' } });
    expect(e.exitCode).toBe(3);
  });

  it('doors as {board, lock, open} (+ itemPresent where known), eight to a line', () => {
    expect(doorJson({ board: 1, lock: 2, open: true })).toEqual({ board: 1, lock: 2, open: true });
    expect(doorJson({ board: 0, lock: 2, open: false, itemPresent: true })).toEqual({ board: 0, lock: 2, open: false, itemPresent: true });
    const grid = formatDoorGrid(doors([3, 9], 16));
    expect(grid).toHaveLength(3);
    expect(grid[0]).toMatch(/^\s+1 shut\s+2 shut\s+3 OPEN/);
    expect(grid[2]).toBe('open: 3, 9 (2 of 16)');
    expect(formatDoorGrid(doors([], 2))).toContain('open: none (0 of 2)');
    expect(formatDoorGrid([{ board: 0, lock: 1, open: false, itemPresent: true }]).join('\n')).toMatch(/1 shut\+item[\s\S]*item present \(infrared\): 1/);
  });

  it('status JSON carries the settings to put in the config', () => {
    const board = resolveBoard(generic, 1, 3);
    expect(statusJson({ port: 'P', protocol: 'generic', board, doors: doors([2], 2) })).toEqual({
      port: 'P',
      protocol: 'generic',
      board: 1,
      settings: { address: 1, channels: 24, statusBytes: 3, statusByteOrder: 'last-byte-first-channels', polarity: 'closing' },
      doors: [
        { board: 1, lock: 1, open: false },
        { board: 1, lock: 2, open: true },
      ],
    });
  });

  it('scan: status-byte count per board and a config line', () => {
    const report = {
      port: 'P',
      protocol: 'generic' as const,
      baudRate: 9600,
      addresses: [1, 2, 3],
      found: [{ address: 1, statusBytes: 3, reply: fromHex('80 01 00 00 00 33 B2'), elapsedMs: 12.4 }],
      garbled: [{ address: 3, reason: 'bad-check', message: 'read all locks of board 3: bad reply' }],
    };
    const text = formatScanHuman(report).join('\n');
    expect(text).toContain('board  1 answered in 12 ms: 3 status bytes (up to 24 locks)   reply 80 01 00 00 00 33 B2');
    expect(text).toContain('address  3: a bad reply (bad-check)');
    expect(text).toContain('"statusBytes": 3');
    expect(scanJson(report)).toMatchObject({ boards: [{ address: 1, statusBytes: 3, reply: '80 01 00 00 00 33 B2', elapsedMs: 12 }] });
    expect(formatScanHuman({ ...report, found: [], garbled: [] })).toEqual([]);
  });

  it('open: the reading is printed and plainly not proof', () => {
    const reading = { board: 1, lock: 3, open: true };
    const human = formatOpenHuman({ port: 'P', protocol: 'generic', board: 1, lock: 3, reading }).join('\n');
    expect(human).toMatch(/door OPEN/);
    expect(human).toMatch(/not proof/);
    expect(openJson({ port: 'P', protocol: 'generic', board: 1, lock: 3, reading })).toMatchObject({ sent: true, proof: false, reading });
    expect(formatOpenHuman({ port: 'P', protocol: 'kerong-cu16', board: 0, lock: 3 }).join('\n')).toMatch(/do not answer an open/);
  });

  it('monitor lines: timestamped, human and JSON', () => {
    const change = { event: 'change' as const, reading: { board: 2, lock: 7, open: true } };
    expect(formatMonitorHuman(change, at, 'generic')).toEqual(['03:04:05.006 board 2 lock 7 OPEN']);
    expect(monitorJson(change, at)).toEqual({ event: 'change', at: new Date(at).toISOString(), board: 2, lock: 7, open: true });
    expect(formatMonitorHuman({ event: 'stopped', polls: 3 }, at, 'generic')).toEqual(['03:04:05.006 stopped after 3 polls; port closed']);
  });

  it('ports', () => {
    expect(formatPortsHuman([{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001' }])).toEqual([
      '/dev/ttyUSB0   FTDI, usb 0403:6001',
    ]);
    expect(formatPortsHuman([])[0]).toMatch(/no serial ports/);
  });
});

describe('board settings and door changes', () => {
  it("generic: the board's own status-byte count beats a guess; options beat both", () => {
    expect(resolveBoard(generic, 1, 3)).toMatchObject({ channels: 24, statusBytes: 3, statusBytesFrom: 'board', channelsFrom: 'status-bytes' });
    expect(resolveBoard({ ...generic, channels: 8 }, 1, 3)).toMatchObject({ channels: 8, statusBytes: 3, channelsFrom: 'option' });
    expect(resolveBoard({ ...generic, statusBytes: 2 }, 1, 3)).toMatchObject({ statusBytes: 2, statusBytesFrom: 'option', channels: 16 });
    expect(resolveBoard(generic, 1)).toMatchObject({ statusBytes: 3, statusBytesFrom: 'default' });
  });

  it('Kerong: 16 locks, no status bytes', () => {
    const kerong = resolveBoard({ ...generic, protocol: 'kerong-cu16', baudRate: 19200 }, 0);
    expect(kerong).toMatchObject({ channels: 16, channelsFrom: 'default' });
    expect(kerong.statusBytes).toBeUndefined();
  });

  it('a change is a door whose reading differs; a first reading is a baseline', () => {
    const before = new Map(doors([1]).map((d) => [doorKey(d), d]));
    expect(doorChanges(before, doors([2]))).toEqual([
      { board: 1, lock: 1, open: false },
      { board: 1, lock: 2, open: true },
    ]);
    expect(doorChanges(new Map(), doors([2]))).toEqual([]);
    expect(doorChanges(before, doors([1]))).toEqual([]);
  });
});

describe('errors', () => {
  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'port-not-found'],
    ['Opening COM9: File not found', 'port-not-found'],
    ['Error: Permission denied, cannot open /dev/ttyUSB0', 'port-denied'],
    ['Error Resource temporarily unavailable Cannot lock port', 'port-busy'],
    ['Opening COM3: Access denied', 'port-busy'],
    ['Error: Inappropriate ioctl for device setting custom baud rate of 9600', 'port-error'],
    ['something else', 'port-error'],
  ])('open failure "%s" → %s', (message, code) => {
    const e = classifyOpenError(new Error(message), '/dev/x');
    expect(e.code).toBe(code);
    expect(e.message).toContain('/dev/x');
  });

  it('bus failures: an open with no reply is outcome-unknown, never a plain timeout', () => {
    const timeout = new BusError('outcome-unknown', 'timeout', 'open board 1 lock 3: no reply.');
    expect(fromBusError(timeout, 'open board 1 lock 3', true)).toMatchObject({ code: 'outcome-unknown' });
    expect(fromBusError(timeout, 'open board 1 lock 3', true).message).toMatch(/MAY have fired: do not repeat/);
    expect(fromBusError(timeout, 'read board 1', false).code).toBe('timeout');
    expect(fromBusError(new BusError('outcome-unknown', 'bad-check', 'x: bad reply'), 'read board 1', false).code).toBe('bad-frame');
    expect(fromBusError(new BusError('offline', 'closed', 'x'), 'open board 1 lock 3', true).code).toBe('offline');
    expect(fromBusError(new BusError('not-sent', 'write-failed', 'x'), 'open board 1 lock 3', true).code).toBe('not-sent');
    expect(fromBusError(new Error('boom'), 'read', false).code).toBe('internal');
  });
});

describe('fallback port list', () => {
  it('keeps serial nodes only, adapters first, in natural order', () => {
    expect(serialDeviceNames(['tty1', 'ttyS10', 'ttyS2', 'ttyUSB1', 'ttyUSB0', 'ttyACM0', 'null', 'ttyprintk', 'ttyAMA0'])).toEqual([
      'ttyUSB0',
      'ttyUSB1',
      'ttyACM0',
      'ttyAMA0',
      'ttyS2',
      'ttyS10',
    ]);
  });
});
