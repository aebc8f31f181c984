// What the technician CLI prints, as pure functions of plain values: one line per fact for people,
// one JSON document (or one JSON object per line for monitor) for machines. No I/O, no clock —
// every timestamp is passed in.

import type { DoorReading, FeedbackPolarity, ProtocolName, StatusByteOrder } from '../lock-bus';
import { toHex } from '../protocols/bytes';
import type { SerialPortInfo } from '../transport/serial-port';
import type { CliError } from './errors';

// ---------------------------------------------------------------------------------------------
// Time, errors, doors

/** Local wall-clock time "HH:MM:SS.mmm": what a technician compares with the door they watch. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function formatErrorHuman(error: CliError): string {
  return `error [${error.code}]: ${error.message}`;
}

export function errorJson(error: CliError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } };
}

/** A reading as JSON: `{board, lock, open}`, plus itemPresent where the board has infrared. */
export function doorJson(reading: DoorReading): { board: number; lock: number; open: boolean; itemPresent?: boolean } {
  const { board, lock, open, itemPresent } = reading;
  return itemPresent === undefined ? { board, lock, open } : { board, lock, open, itemPresent };
}

function doorCell(reading: DoorReading): string {
  const state = reading.open ? 'OPEN' : 'shut';
  const item = reading.itemPresent ? '+item' : '';
  return `${String(reading.lock).padStart(3)} ${state}${item}`.padEnd(14);
}

/** Doors eight to a line (one status byte's worth), then which are open. */
export function formatDoorGrid(readings: readonly DoorReading[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < readings.length; i += 8) {
    lines.push(readings.slice(i, i + 8).map(doorCell).join('').trimEnd());
  }
  const open = readings.filter((r) => r.open).map((r) => r.lock);
  lines.push(open.length === 0 ? `open: none (0 of ${readings.length})` : `open: ${open.join(', ')} (${open.length} of ${readings.length})`);
  const items = readings.filter((r) => r.itemPresent).map((r) => r.lock);
  if (readings.some((r) => r.itemPresent !== undefined)) {
    lines.push(items.length === 0 ? 'item present (infrared): none' : `item present (infrared): ${items.join(', ')}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Traffic (--hex)

export interface TrafficLine {
  direction: 'tx' | 'rx';
  bytes: Uint8Array;
  /** Wall-clock time of the event, epoch ms. */
  atMs: number;
  /** The frame's meaning, when the bytes are one whole frame the codec recognises. */
  meaning?: string;
}

/** "12:00:00.123 tx 8A 01 03 11 99   open board 1 lock 3". */
export function formatTraffic(line: TrafficLine): string {
  const meaning = line.meaning && !line.meaning.startsWith('unrecognised') ? `   ${line.meaning}` : '';
  return `${formatClock(line.atMs)} ${line.direction} ${toHex(line.bytes)}${meaning}`;
}

// ---------------------------------------------------------------------------------------------
// ports

export function formatPortsHuman(ports: readonly SerialPortInfo[]): string[] {
  if (ports.length === 0) return ['no serial ports found (is the USB–RS-485 adapter plugged in?)'];
  return ports.map((p) => {
    const usb = p.vendorId && p.productId ? ` usb ${p.vendorId}:${p.productId}` : '';
    const extra = [p.manufacturer, usb.trim(), p.serialNumber ? `serial ${p.serialNumber}` : '', p.pnpId ? `id ${p.pnpId}` : '']
      .filter(Boolean)
      .join(', ');
    return extra ? `${p.path}   ${extra}` : p.path;
  });
}

export function formatFallbackHuman(paths: readonly string[], dir: string): string[] {
  if (paths.length === 0) return [`fallback: no serial device nodes in ${dir} either (is the adapter plugged in?)`];
  return [
    `fallback: serial device nodes that exist in ${dir} (no details; ttyS* are built-in ports and exist even with nothing attached):`,
    ...paths.map((p) => `  ${p}`),
  ];
}

// ---------------------------------------------------------------------------------------------
// scan

export interface ScanReport {
  port: string;
  protocol: ProtocolName;
  baudRate: number;
  addresses: readonly number[];
  found: ReadonlyArray<{ address: number; statusBytes?: number; reply: Uint8Array; elapsedMs: number }>;
  /** Addresses where something answered but not validly: worth a look (two boards on one address?). */
  garbled: ReadonlyArray<{ address: number; reason: string; message: string }>;
}

function rangeText(addresses: readonly number[]): string {
  const first = addresses[0];
  const last = addresses[addresses.length - 1];
  const contiguous = addresses.every((a, i) => i === 0 || a === (addresses[i - 1] ?? a) + 1);
  return contiguous && first !== undefined && last !== undefined && addresses.length > 2 ? `${first}..${last}` : addresses.join(', ');
}

export function formatScanStart(port: string, protocol: ProtocolName, baudRate: number, addresses: readonly number[]): string {
  return `scanning ${port} (${protocol}, ${baudRate} baud 8N1), addresses ${rangeText(addresses)} …`;
}

export function formatScanHuman(report: ScanReport): string[] {
  const lines: string[] = [];
  for (const f of report.found) {
    const bytes = f.statusBytes === undefined ? '' : `: ${f.statusBytes} status byte${f.statusBytes === 1 ? '' : 's'} (up to ${f.statusBytes * 8} locks)`;
    lines.push(`board ${String(f.address).padStart(2)} answered in ${Math.round(f.elapsedMs)} ms${bytes}   reply ${toHex(f.reply)}`);
  }
  for (const g of report.garbled) {
    lines.push(`address ${String(g.address).padStart(2)}: a bad reply (${g.reason}) — two boards on one address, wrong baud rate, or noise? ${g.message}`);
  }
  if (report.found.length === 0) return lines;
  lines.push(`${report.found.length} board${report.found.length === 1 ? '' : 's'} found: ${report.found.map((f) => f.address).join(', ')}`);
  if (report.protocol === 'generic') {
    const boards = report.found.map((f) => `{ "address": ${f.address}, "channels": ${(f.statusBytes ?? 1) * 8}, "statusBytes": ${f.statusBytes ?? 1} }`);
    lines.push(
      'for cabinet.json buses[].boards[] (set "channels" to the locks actually wired; "statusBytes" as the board sends them):',
      `  "boards": [ ${boards.join(', ')} ]`,
    );
  } else {
    lines.push(`for cabinet.json buses[].boards[]: "boards": [ ${report.found.map((f) => `{ "address": ${f.address}, "channels": 16 }`).join(', ')} ]`);
  }
  return lines;
}

export function scanJson(report: ScanReport): Record<string, unknown> {
  return {
    port: report.port,
    protocol: report.protocol,
    baudRate: report.baudRate,
    addresses: report.addresses,
    boards: report.found.map((f) => ({
      address: f.address,
      ...(f.statusBytes === undefined ? {} : { statusBytes: f.statusBytes }),
      reply: toHex(f.reply),
      elapsedMs: Math.round(f.elapsedMs),
    })),
    garbled: report.garbled,
  };
}

// ---------------------------------------------------------------------------------------------
// status

export interface ResolvedBoard {
  address: number;
  channels: number;
  statusBytes?: number;
  statusByteOrder: StatusByteOrder;
  polarity: FeedbackPolarity;
  /** Where channels and status bytes came from, so the technician knows what to put in the config. */
  channelsFrom: 'option' | 'status-bytes' | 'default';
  statusBytesFrom?: 'option' | 'board' | 'default';
}

export interface StatusReport {
  port: string;
  protocol: ProtocolName;
  board: ResolvedBoard;
  doors: readonly DoorReading[];
}

export function describeSettings(board: ResolvedBoard, protocol: ProtocolName): string {
  const parts = [`${board.channels} locks${board.channelsFrom === 'status-bytes' ? ' (from the status bytes; --channels N for the wired count)' : ''}`];
  if (protocol === 'generic') {
    const from = board.statusBytesFrom === 'board' ? ' (as the board sends them)' : board.statusBytesFrom === 'default' ? ' (default)' : '';
    parts.push(`${board.statusBytes ?? '?'} status bytes${from}`);
    parts.push(`order ${board.statusByteOrder === 'last-byte-first-channels' ? 'last' : 'first'}`);
  }
  parts.push(`polarity ${board.polarity}`);
  return parts.join(', ');
}

export function formatStatusHuman(report: StatusReport): string[] {
  return [`board ${report.board.address} (${report.protocol}): ${describeSettings(report.board, report.protocol)}`, ...formatDoorGrid(report.doors)];
}

function settingsJson(board: ResolvedBoard): unknown {
  return {
    address: board.address,
    channels: board.channels,
    ...(board.statusBytes === undefined ? {} : { statusBytes: board.statusBytes }),
    statusByteOrder: board.statusByteOrder,
    polarity: board.polarity,
  };
}

export function statusJson(report: StatusReport): unknown {
  return { port: report.port, protocol: report.protocol, board: report.board.address, settings: settingsJson(report.board), doors: report.doors.map(doorJson) };
}

// ---------------------------------------------------------------------------------------------
// open

export interface OpenReport {
  port: string;
  protocol: ProtocolName;
  board: number;
  lock: number;
  /** Generic: the board's one reading ~500 ms after the pulse. Kerong: none (0x31 has no reply). */
  reading?: DoorReading;
}

export const NOT_PROOF = 'The reply is one sensor reading ~500 ms after the pulse, not proof that the door opened: look at the door, or run status.';
export const NO_REPLY_PROTOCOL = 'Kerong boards do not answer an open (0x31): run status to see the door.';

export function formatOpenHuman(report: OpenReport): string[] {
  const lines = [`open board ${report.board} lock ${report.lock}: sent once (never repeated).`];
  if (report.reading) {
    lines.push(`board's reading after the pulse: door ${report.reading.open ? 'OPEN' : 'SHUT'}`, NOT_PROOF);
  } else {
    lines.push(NO_REPLY_PROTOCOL);
  }
  return lines;
}

export function openJson(report: OpenReport): unknown {
  return {
    port: report.port,
    protocol: report.protocol,
    board: report.board,
    lock: report.lock,
    sent: true,
    ...(report.reading ? { reading: doorJson(report.reading) } : {}),
    proof: false,
    note: report.reading ? NOT_PROOF : NO_REPLY_PROTOCOL,
  };
}

// ---------------------------------------------------------------------------------------------
// monitor

export type MonitorEvent =
  | { event: 'start'; boards: readonly ResolvedBoard[]; doors: readonly DoorReading[]; intervalMs: number }
  | { event: 'change'; reading: DoorReading }
  | { event: 'board-silent'; board: number; error: CliError }
  | { event: 'board-back'; board: number }
  | { event: 'port'; state: string }
  | { event: 'skipped'; board: number; reason: string }
  | { event: 'stopped'; polls: number };

export function formatMonitorHuman(e: MonitorEvent, atMs: number, protocol: ProtocolName): string[] {
  const t = formatClock(atMs);
  switch (e.event) {
    case 'start': {
      const open = e.doors.filter((d) => d.open).map((d) => `${d.board}/${d.lock}`);
      return [
        ...e.boards.map((b) => `${t} watching board ${b.address}: ${describeSettings(b, protocol)}`),
        `${t} open now (board/lock): ${open.length === 0 ? 'none' : open.join(', ')} — polling every ${e.intervalMs} ms; Ctrl-C to stop`,
      ];
    }
    case 'change': {
      const r = e.reading;
      const item = r.itemPresent === undefined ? '' : r.itemPresent ? ' (item present)' : ' (empty)';
      return [`${t} board ${r.board} lock ${r.lock} ${r.open ? 'OPEN' : 'SHUT'}${item}`];
    }
    case 'board-silent':
      return [`${t} board ${e.board} not answering: [${e.error.code}] ${e.error.message}`];
    case 'board-back':
      return [`${t} board ${e.board} answers again`];
    case 'port':
      return [`${t} serial port ${e.state}`];
    case 'skipped':
      return [`${t} board ${e.board} not watched: ${e.reason}`];
    case 'stopped':
      return [`${t} stopped after ${e.polls} poll${e.polls === 1 ? '' : 's'}; port closed`];
  }
}

/** One JSON object per line, each with its ISO time. */
export function monitorJson(e: MonitorEvent, atMs: number): unknown {
  const at = new Date(atMs).toISOString();
  switch (e.event) {
    case 'start':
      return { event: 'start', at, intervalMs: e.intervalMs, boards: e.boards.map(settingsJson), doors: e.doors.map(doorJson) };
    case 'change':
      return { event: 'change', at, ...doorJson(e.reading) };
    case 'board-silent':
      return { event: 'board-silent', at, board: e.board, ...errorJson(e.error) };
    case 'board-back':
      return { event: 'board-back', at, board: e.board };
    case 'port':
      return { event: 'port', at, state: e.state };
    case 'skipped':
      return { event: 'skipped', at, board: e.board, reason: e.reason };
    case 'stopped':
      return { event: 'stopped', at, polls: e.polls };
  }
}
