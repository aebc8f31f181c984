// The technician CLI's commands over the real transport and board driver. The port opener, the
// port lister, the clock and the output are injected: scripts/cabinet.ts passes the serial port
// and process streams, tests pass a pty or the in-process simulator port.
//
// Safety rules kept here: an open is sent once and never retried; reads before an open are not
// required (a door the sensor calls open must still be fireable); only reads are used to learn
// a board's settings.

import { createLockBus, type LockBusOptions } from '../boards/lock-bus-driver';
import { scanBus, type ScanResult } from '../boards/scan-bus';
import type { BoardSettings, DoorReading, LockBus } from '../lock-bus';
import { codecForProtocol } from '../protocols/codec-for-protocol';
import { createBusTransport, type BusTransport } from '../transport/bus-transport';
import type { BytePort } from '../transport/byte-port';
import type { SerialPortInfo } from '../transport/serial-port';
import { systemTimers, type Timers } from '../transport/timers';
import { helpText, maxChannels, parseCliArgs, scanAddresses, wantsJson, type BusOptions, type CliCommand } from './args';
import { CliError, classifyOpenError, fromBusError, oneLine } from './errors';
import {
  errorJson,
  formatErrorHuman,
  formatFallbackHuman,
  formatMonitorHuman,
  formatOpenHuman,
  formatPortsHuman,
  formatScanHuman,
  formatScanStart,
  formatStatusHuman,
  formatTraffic,
  monitorJson,
  openJson,
  scanJson,
  statusJson,
  type MonitorEvent,
  type ResolvedBoard,
  type ScanReport,
} from './format';

export interface CliIo {
  /** One line of results (stdout). */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
}

export interface CliDeps {
  /** Opens the serial line; rejects with the OS's reason. Called again by the transport after a loss. */
  openPort(path: string, baudRate: number): Promise<BytePort>;
  listPorts(): Promise<SerialPortInfo[]>;
  /** Fallback when listPorts fails: serial device nodes that exist. */
  listDeviceNodes(): Promise<string[]>;
  /** Where listDeviceNodes looks, for the message ("/dev"). */
  deviceDir: string;
  /** Wall clock, epoch ms: timestamps in output only. */
  now(): number;
  /** Transport and poll timers; default the process's. */
  timers?: Timers;
  /** How long to wait for the port after opening it. Default 5000 ms. */
  onlineTimeoutMs?: number;
}

/** Runs one command line; resolves with the process exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const json = wantsJson(argv);
  try {
    const command = parseCliArgs(argv);
    return await dispatch(command, io, deps, signal);
  } catch (error) {
    const failure = asCliError(error, signal);
    if (json) {
      io.out(JSON.stringify(errorJson(failure)));
    } else {
      io.err(formatErrorHuman(failure));
      if (failure.code === 'usage') io.err('run with --help for usage');
    }
    return failure.exitCode;
  }
}

function asCliError(error: unknown, signal: AbortSignal): CliError {
  if (signal.aborted && !(error instanceof CliError && error.code === 'usage')) {
    return new CliError('interrupted', 'stopped by Ctrl-C; an open already on the wire was let finish');
  }
  if (error instanceof CliError) return error;
  return new CliError('internal', oneLine(error));
}

async function dispatch(command: CliCommand, io: CliIo, deps: CliDeps, signal: AbortSignal): Promise<number> {
  switch (command.command) {
    case 'help':
      helpText().split('\n').forEach((line) => io.out(line));
      return 0;
    case 'ports':
      return ports(command.json, io, deps);
    case 'scan':
      return withSession(command, io, deps, signal, (s) => scan(command, s, io));
    case 'status':
      return withSession(command, io, deps, signal, (s) => status(command, s, io));
    case 'open':
      return withSession(command, io, deps, signal, (s) => open(command, s, io));
    case 'monitor':
      return withSession(command, io, deps, signal, (s) => monitor(command, s, io, deps, signal));
  }
}

// ---------------------------------------------------------------------------------------------
// Board settings

/**
 * A board's settings from the options and, for generic boards, the status-byte count it sent in
 * a probe. What the technician gave wins; the board's own count beats a guess from channels.
 */
export function resolveBoard(options: BusOptions, address: number, sentStatusBytes?: number): ResolvedBoard {
  const base = { address, statusByteOrder: options.statusByteOrder, polarity: options.polarity };
  if (options.protocol !== 'generic') {
    return { ...base, channels: options.channels ?? maxChannels(options.protocol), channelsFrom: options.channels === undefined ? 'default' : 'option' };
  }
  const statusBytes = options.statusBytes ?? sentStatusBytes ?? Math.ceil((options.channels ?? 24) / 8);
  const statusBytesFrom = options.statusBytes !== undefined ? 'option' : sentStatusBytes !== undefined ? 'board' : 'default';
  return {
    ...base,
    channels: options.channels ?? statusBytes * 8,
    channelsFrom: options.channels === undefined ? 'status-bytes' : 'option',
    statusBytes,
    statusBytesFrom,
  };
}

export function toSettings(board: ResolvedBoard): BoardSettings {
  const { address, channels, statusBytes, statusByteOrder, polarity } = board;
  return statusBytes === undefined ? { address, channels, statusByteOrder, polarity } : { address, channels, statusBytes, statusByteOrder, polarity };
}

/** Door changes between two polls. A door with no earlier reading is a baseline, not a change. */
export function doorChanges(previous: ReadonlyMap<string, DoorReading>, readings: readonly DoorReading[]): DoorReading[] {
  return readings.filter((r) => {
    const before = previous.get(doorKey(r));
    return before !== undefined && (before.open !== r.open || before.itemPresent !== r.itemPresent);
  });
}

export function doorKey(r: Pick<DoorReading, 'board' | 'lock'>): string {
  return `${r.board}/${r.lock}`;
}

// ---------------------------------------------------------------------------------------------
// Session: the port, the transport, the hex trace

interface Session {
  transport: BusTransport;
  /** Generic status-byte counts (and presence) by probing with reads only. */
  probe(addresses: readonly number[]): Promise<ScanResult[]>;
  lockBus(boards: readonly ResolvedBoard[], extra?: Partial<LockBusOptions>): LockBus;
  /** Close the transport (an open on the wire finishes first) when Ctrl-C comes. */
  closeOnAbort(on: boolean): void;
}

async function withSession(options: BusOptions, io: CliIo, deps: CliDeps, signal: AbortSignal, body: (s: Session) => Promise<number>): Promise<number> {
  // Open once here, so a missing or busy port is an immediate, precise error instead of the
  // transport's quiet reconnect loop; later re-opens (adapter replugged) go to the transport.
  let first: BytePort | undefined;
  try {
    first = await deps.openPort(options.port, options.baudRate);
  } catch (error) {
    throw classifyOpenError(error, options.port);
  }
  const transport = createBusTransport({
    open: async () => {
      const port = first;
      first = undefined;
      return port ?? deps.openPort(options.port, options.baudRate);
    },
    baudRate: options.baudRate,
    timers: deps.timers ?? systemTimers,
  });
  if (options.hex) {
    // describe() needs no board settings; it only names frames.
    const namer = codecForProtocol(options.protocol, []);
    const trace = options.json ? io.err : io.out;
    transport.onTraffic((e) =>
      trace(formatTraffic({ direction: e.direction, bytes: e.bytes, atMs: deps.now(), meaning: namer.describe(e.bytes, e.direction === 'tx' ? 'host' : 'board') })),
    );
  }
  const onAbort = (): void => void transport.close();
  const session: Session = {
    transport,
    probe: (addresses) =>
      scanBus(transport, (boards) => codecForProtocol(options.protocol, boards), addresses, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    lockBus: (boards, extra = {}) =>
      createLockBus({
        codec: codecForProtocol(options.protocol, boards.map(toSettings)),
        transport,
        ...(options.timeoutMs === undefined ? {} : { readTimeoutMs: options.timeoutMs }),
        ...extra,
      }),
    closeOnAbort(on) {
      if (on) signal.addEventListener('abort', onAbort, { once: true });
      else signal.removeEventListener('abort', onAbort);
    },
  };
  try {
    await transport.whenOnline(deps.onlineTimeoutMs ?? 5000).catch((error: unknown) => {
      throw fromBusError(error, `open ${options.port}`, false);
    });
    session.closeOnAbort(true);
    if (signal.aborted) throw new CliError('interrupted', 'stopped by Ctrl-C before anything was sent');
    return await body(session);
  } finally {
    session.closeOnAbort(false);
    await transport.close();
  }
}

// ---------------------------------------------------------------------------------------------
// ports

async function ports(json: boolean, io: CliIo, deps: CliDeps): Promise<number> {
  let list: SerialPortInfo[];
  try {
    list = await deps.listPorts();
  } catch (error) {
    const why = oneLine(error);
    const hint = /udevadm/.test(why) ? ' — udevadm (from udev/systemd) is missing here; a port can still be given by its path' : '';
    const failure = new CliError('port-list-failed', `listing serial ports failed: ${why}${hint}`);
    const nodes = await deps.listDeviceNodes().catch(() => [] as string[]);
    if (json) {
      io.out(JSON.stringify({ ...errorJson(failure), fallback: { source: deps.deviceDir, ports: nodes.map((path) => ({ path })) } }));
    } else {
      io.err(formatErrorHuman(failure));
      formatFallbackHuman(nodes, deps.deviceDir).forEach((line) => io.out(line));
    }
    return failure.exitCode;
  }
  if (json) io.out(JSON.stringify({ ports: list }));
  else formatPortsHuman(list).forEach((line) => io.out(line));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// scan

async function scan(command: Extract<CliCommand, { command: 'scan' }>, session: Session, io: CliIo): Promise<number> {
  if (!command.json) io.out(formatScanStart(command.port, command.protocol, command.baudRate, command.addresses));
  const results = await session.probe(command.addresses).catch((error: unknown) => {
    throw fromBusError(error, 'scan', false);
  });
  const report: ScanReport = {
    port: command.port,
    protocol: command.protocol,
    baudRate: command.baudRate,
    addresses: command.addresses,
    found: results.flatMap((r) =>
      r.answered ? [{ address: r.address, reply: r.reply, elapsedMs: r.elapsedMs, ...(r.statusBytes === undefined ? {} : { statusBytes: r.statusBytes }) }] : [],
    ),
    // A timeout is the normal answer of an empty address; anything else is worth showing.
    garbled: results.flatMap((r) => (!r.answered && r.error.reason !== 'timeout' ? [{ address: r.address, reason: r.error.reason, message: oneLine(r.error) }] : [])),
  };
  const failure =
    report.found.length > 0
      ? undefined
      : new CliError('no-boards', `no board answered on ${command.port} at ${command.baudRate} baud (${command.protocol}); check power, A/B wiring, the baud rate and --protocol`);
  if (command.json) {
    // The report and the error together: what was probed is worth having even when nothing answered.
    io.out(JSON.stringify({ ...scanJson(report), ...(failure ? errorJson(failure) : {}) }));
    return failure ? failure.exitCode : 0;
  }
  formatScanHuman(report).forEach((line) => io.out(line));
  if (failure) throw failure;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// status

/** Generic boards without --status-bytes are asked first: their real count is not always channels / 8. */
async function learnBoards(command: BusOptions, session: Session, addresses: readonly number[]): Promise<Array<{ board: ResolvedBoard; probe?: ScanResult }>> {
  if (command.protocol === 'generic' && command.statusBytes === undefined) {
    const probes = await session.probe(addresses).catch((error: unknown) => {
      throw fromBusError(error, 'read boards', false);
    });
    return probes.map((p) => ({ board: resolveBoard(command, p.address, p.answered ? p.statusBytes : undefined), probe: p }));
  }
  return addresses.map((address) => ({ board: resolveBoard(command, address) }));
}

async function status(command: Extract<CliCommand, { command: 'status' }>, session: Session, io: CliIo): Promise<number> {
  const what = `read board ${command.board}`;
  const [learned] = await learnBoards(command, session, [command.board]);
  if (!learned) throw new CliError('internal', 'no board to read');
  if (learned.probe && !learned.probe.answered) throw fromBusError(learned.probe.error, what, false);
  const bus = session.lockBus([learned.board]);
  const doors = await bus.readBoard(command.board).catch((error: unknown) => {
    throw fromBusError(error, what, false);
  });
  const report = { port: command.port, protocol: command.protocol, board: learned.board, doors };
  if (command.json) io.out(JSON.stringify(statusJson(report)));
  else formatStatusHuman(report).forEach((line) => io.out(line));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// open

async function open(command: Extract<CliCommand, { command: 'open' }>, session: Session, io: CliIo): Promise<number> {
  // Settings only shape the reply's reading (polarity); the lock range is the options' or the protocol's.
  const board = resolveBoard({ ...command, channels: command.channels ?? maxChannels(command.protocol) }, command.board);
  const bus = session.lockBus([board]);
  const reply = await bus.openLock(command.board, command.lock).catch((error: unknown) => {
    throw fromBusError(error, `open board ${command.board} lock ${command.lock}`, true);
  });
  const report = { port: command.port, protocol: command.protocol, board: command.board, lock: command.lock, ...(reply.reading ? { reading: reply.reading } : {}) };
  if (command.json) io.out(JSON.stringify(openJson(report)));
  else formatOpenHuman(report).forEach((line) => io.out(line));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// monitor

async function monitor(
  command: Extract<CliCommand, { command: 'monitor' }>,
  session: Session,
  io: CliIo,
  deps: CliDeps,
  signal: AbortSignal,
): Promise<number> {
  const timers = deps.timers ?? systemTimers;
  const emit = (event: MonitorEvent): void => {
    const at = deps.now();
    if (command.json) io.out(JSON.stringify(monitorJson(event, at)));
    else formatMonitorHuman(event, at, command.protocol).forEach((line) => io.out(line));
  };

  const explicit = command.boards.length > 0;
  const addresses = explicit ? command.boards : scanAddresses(command.protocol);
  if (!explicit && !command.json) io.out(formatScanStart(command.port, command.protocol, command.baudRate, addresses));

  // Find the boards (reads only). Ctrl-C during a long scan closes the port at once.
  let watched: ResolvedBoard[];
  const silentAtStart: Array<{ board: number; error: CliError }> = [];
  try {
    // Probed even when every setting is given: it says at once which boards are silent.
    const probes = await session.probe(addresses);
    watched = [];
    for (const p of probes) {
      if (p.answered) watched.push(resolveBoard(command, p.address, p.statusBytes));
      else if (explicit) {
        // Asked for by name: watch it anyway, so a board being wired up shows when it comes alive.
        watched.push(resolveBoard(command, p.address));
        silentAtStart.push({ board: p.address, error: fromBusError(p.error, `read board ${p.address}`, false) });
      }
    }
  } catch (error) {
    if (signal.aborted) {
      emit({ event: 'stopped', polls: 0 });
      return 0;
    }
    throw fromBusError(error, 'find boards', false);
  }
  if (watched.length === 0) {
    throw new CliError('no-boards', `no board answered on ${command.port} at ${command.baudRate} baud (${command.protocol}); check power, A/B wiring and the baud rate`);
  }

  // From here Ctrl-C lets the current poll finish, then the port is closed.
  session.closeOnAbort(false);
  // The next poll is the retry: a silent board costs one timeout per poll, not two.
  const bus = session.lockBus(watched, { retryReads: false });
  const last = new Map<string, DoorReading>();
  const silent = new Map(silentAtStart.map((s) => [s.board, s.error]));
  let started = false;
  let polls = 0;
  const offPort = session.transport.onStateChange((state) => {
    if (started && (state === 'offline' || state === 'online')) emit({ event: 'port', state: state === 'online' ? 'back online' : 'lost (adapter unplugged?); reconnecting' });
  });

  try {
    while (!signal.aborted) {
      const began = timers.now();
      const results = await Promise.allSettled(watched.map((b) => bus.readBoard(b.address)));
      polls += 1;
      const readings: DoorReading[] = [];
      const answered: number[] = [];
      results.forEach((result, i) => {
        const board = watched[i]!.address;
        if (result.status === 'fulfilled') {
          readings.push(...result.value);
          answered.push(board);
          return;
        }
        const failure = fromBusError(result.reason, `read board ${board}`, false);
        // A lost port is said once by the port event, not once per board.
        if (failure.code === 'offline') return;
        if (started && !silent.has(board)) emit({ event: 'board-silent', board, error: failure });
        silent.set(board, failure);
      });
      const back = answered.filter((board) => silent.delete(board));
      if (!started) {
        emit({ event: 'start', boards: watched, doors: readings, intervalMs: command.intervalMs });
        for (const [board, error] of silent) emit({ event: 'board-silent', board, error });
        started = true;
      } else {
        for (const change of doorChanges(last, readings)) emit({ event: 'change', reading: change });
        for (const board of back) emit({ event: 'board-back', board });
      }
      for (const r of readings) last.set(doorKey(r), r);
      await pause(timers, command.intervalMs - (timers.now() - began), signal);
    }
  } finally {
    offPort();
  }
  await session.transport.close();
  emit({ event: 'stopped', polls });
  return 0;
}

/** Sleeps up to `ms`, ending early on abort. */
function pause(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = (): void => {
      signal.removeEventListener('abort', done);
      timers.clearTimeout(handle);
      resolve();
    };
    const handle = timers.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
