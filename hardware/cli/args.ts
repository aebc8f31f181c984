// The technician CLI's command line: parsed with node:util parseArgs and validated here, pure, so
// every mistake a technician can type is a unit test and a one-line 'usage' error — never a
// half-run command on a live bus.

import { parseArgs } from 'node:util';
import type { FeedbackPolarity, ProtocolName, StatusByteOrder } from '../lock-bus';
import { GENERIC_BAUD_RATE, MAX_BOARD as GENERIC_MAX_BOARD, MAX_STATUS_BYTES, MIN_BOARD as GENERIC_MIN_BOARD } from '../protocols/generic';
import { KERONG_BAUD_RATE, MAX_BOARD as KERONG_MAX_BOARD, MAX_LOCKS as KERONG_MAX_LOCKS, MIN_BOARD as KERONG_MIN_BOARD } from '../protocols/kerong-cu16';
import { EXIT_CODES, oneLine, usageError, type CliErrorCode } from './errors';

export const COMMANDS = ['ports', 'scan', 'status', 'open', 'monitor', 'help'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Generic boards: the cabinet configuration allows up to 64 channels (8 status bytes). */
export const GENERIC_MAX_CHANNELS = 64;
export const DEFAULT_MONITOR_INTERVAL_MS = 500;

export interface OutputOptions {
  json: boolean;
  hex: boolean;
}

/** Where the boards are and how to read them: the CLI's view of BoardSettings plus the line. */
export interface BusOptions extends OutputOptions {
  port: string;
  protocol: ProtocolName;
  baudRate: number;
  /** Board settings as the technician gave them; absent ones are learned or defaulted per command. */
  channels?: number;
  statusBytes?: number;
  statusByteOrder: StatusByteOrder;
  polarity: FeedbackPolarity;
  /** Reply timeout for reads (scan, status, monitor); default the codec's. Never for an open. */
  timeoutMs?: number;
}

export type CliCommand =
  | { command: 'help' }
  | ({ command: 'ports' } & OutputOptions)
  | ({ command: 'scan'; addresses: number[] } & BusOptions)
  | ({ command: 'status'; board: number } & BusOptions)
  | ({ command: 'open'; board: number; lock: number } & BusOptions)
  | ({ command: 'monitor'; boards: number[]; intervalMs: number } & BusOptions);

export function boardRange(protocol: ProtocolName): { min: number; max: number } {
  return protocol === 'generic' ? { min: GENERIC_MIN_BOARD, max: GENERIC_MAX_BOARD } : { min: KERONG_MIN_BOARD, max: KERONG_MAX_BOARD };
}

export function maxChannels(protocol: ProtocolName): number {
  return protocol === 'generic' ? GENERIC_MAX_CHANNELS : KERONG_MAX_LOCKS;
}

export function defaultBaudRate(protocol: ProtocolName): number {
  return protocol === 'generic' ? GENERIC_BAUD_RATE : KERONG_BAUD_RATE;
}

/** Every address a scan probes when none is given: generic 1..32, Kerong 0..9. */
export function scanAddresses(protocol: ProtocolName): number[] {
  const { min, max } = boardRange(protocol);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

const OPTIONS = {
  port: { type: 'string' },
  board: { type: 'string', multiple: true },
  lock: { type: 'string' },
  protocol: { type: 'string' },
  baud: { type: 'string' },
  channels: { type: 'string' },
  'status-bytes': { type: 'string' },
  order: { type: 'string' },
  polarity: { type: 'string' },
  timeout: { type: 'string' },
  interval: { type: 'string' },
  hex: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Options each command accepts besides --json/--help: anything else is a mistake worth saying. */
const ACCEPTS: Readonly<Record<Exclude<CommandName, 'help'>, readonly OptionName[]>> = {
  ports: [],
  scan: ['port', 'protocol', 'baud', 'board', 'timeout', 'hex'],
  status: ['port', 'protocol', 'baud', 'board', 'channels', 'status-bytes', 'order', 'polarity', 'timeout', 'hex'],
  // No --timeout: a shorter wait for an open's reply only makes more "outcome unknown".
  open: ['port', 'protocol', 'baud', 'board', 'lock', 'channels', 'status-bytes', 'order', 'polarity', 'hex'],
  monitor: ['port', 'protocol', 'baud', 'board', 'channels', 'status-bytes', 'order', 'polarity', 'timeout', 'interval', 'hex'],
};

/** --json anywhere on the line, even a line that does not parse: the usage error is then JSON too. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

/** Whole decimal number in min..max, or a usage error naming the option. */
export function parseInteger(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw usageError(`--${name} must be a whole number ${min}..${max}, got "${text}"`);
  const value = Number(text.trim());
  if (value < min || value > max) throw usageError(`--${name} must be ${min}..${max}, got ${value}`);
  return value;
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs explains itself ("Unknown option '--prot'..."); keep its first sentence.
    throw usageError(oneLine(error).replace(/\. To specify a positional.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  if (positionals.length === 0) throw usageError('no command given: ports, scan, status, open or monitor (see --help)');
  const [name, ...extra] = positionals;
  if (!isCommand(name)) throw usageError(`unknown command "${name}": expected ports, scan, status, open or monitor`);
  if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}": options are written --name value`);

  const given = (Object.keys(values) as OptionName[]).filter((k) => values[k] !== undefined && k !== 'json' && k !== 'help');
  const refused = given.find((k) => !ACCEPTS[name].includes(k));
  if (refused) throw usageError(`--${refused} does not apply to ${name}`);

  const output: OutputOptions = { json: values.json === true, hex: values.hex === true };
  if (name === 'ports') return { command: 'ports', ...output };

  if (!values.port) throw usageError(`${name} needs --port PATH (e.g. /dev/ttyUSB0 or COM3; "ports" lists them)`);
  const protocol = parseProtocol(values.protocol);
  const range = boardRange(protocol);
  const boards = (values.board ?? []).map((b) => parseInteger('board', b, range.min, range.max));
  const bus = parseBusOptions(values, values.port, protocol, output);

  switch (name) {
    case 'scan':
      return { command: 'scan', ...bus, addresses: boards.length > 0 ? unique(boards) : scanAddresses(protocol) };
    case 'status':
      return { command: 'status', ...bus, board: exactlyOne(boards, 'status') };
    case 'open': {
      const board = exactlyOne(boards, 'open');
      if (values.lock === undefined) throw usageError('open needs --lock N (1-based, as printed on the board)');
      const lock = parseInteger('lock', values.lock, 1, bus.channels ?? maxChannels(protocol));
      return { command: 'open', ...bus, board, lock };
    }
    case 'monitor': {
      const intervalMs = values.interval === undefined ? DEFAULT_MONITOR_INTERVAL_MS : parseInteger('interval', values.interval, 100, 60_000);
      return { command: 'monitor', ...bus, boards: unique(boards), intervalMs };
    }
  }
}

function isCommand(name: string | undefined): name is Exclude<CommandName, 'help'> {
  return name !== undefined && name !== 'help' && (COMMANDS as readonly string[]).includes(name);
}

function parseProtocol(text: string | undefined): ProtocolName {
  if (text === undefined || text === 'generic') return 'generic';
  if (text === 'kerong-cu16') return 'kerong-cu16';
  throw usageError(`--protocol must be generic or kerong-cu16, got "${text}"`);
}

type Values = Partial<Record<OptionName, string | string[] | boolean>>;

function str(values: Values, name: OptionName): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function parseBusOptions(values: Values, port: string, protocol: ProtocolName, output: OutputOptions): BusOptions {
  const baud = str(values, 'baud');
  const channelsText = str(values, 'channels');
  const statusBytesText = str(values, 'status-bytes');
  const order = str(values, 'order');
  const polarity = str(values, 'polarity');
  const timeout = str(values, 'timeout');

  const channels = channelsText === undefined ? undefined : parseInteger('channels', channelsText, 1, maxChannels(protocol));
  let statusBytes: number | undefined;
  if (statusBytesText !== undefined) {
    if (protocol !== 'generic') throw usageError('--status-bytes is a generic-protocol setting (Kerong replies are always 9 bytes)');
    statusBytes = parseInteger('status-bytes', statusBytesText, 1, MAX_STATUS_BYTES);
    if (channels !== undefined && channels > statusBytes * 8) {
      throw usageError(`--channels ${channels} do not fit in --status-bytes ${statusBytes} (8 channels per byte)`);
    }
  }
  if (order !== undefined && order !== 'last' && order !== 'first') throw usageError(`--order must be last or first, got "${order}"`);
  if (order !== undefined && protocol !== 'generic') throw usageError('--order is a generic-protocol setting');
  if (polarity !== undefined && polarity !== 'closing' && polarity !== 'opening') {
    throw usageError(`--polarity must be closing or opening, got "${polarity}"`);
  }
  return {
    ...output,
    port,
    protocol,
    baudRate: baud === undefined ? defaultBaudRate(protocol) : parseInteger('baud', baud, 1200, 921_600),
    ...(channels === undefined ? {} : { channels }),
    ...(statusBytes === undefined ? {} : { statusBytes }),
    statusByteOrder: order === 'first' ? 'first-byte-first-channels' : 'last-byte-first-channels',
    polarity: polarity === 'opening' ? 'opening' : 'closing',
    ...(timeout === undefined ? {} : { timeoutMs: parseInteger('timeout', timeout, 20, 10_000) }),
  };
}

function exactlyOne(boards: number[], command: string): number {
  const [first, ...rest] = boards;
  if (first === undefined) throw usageError(`${command} needs --board N (the board's DIP address)`);
  if (rest.length > 0) throw usageError(`${command} takes one --board, got ${boards.length}`);
  return first;
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}

export function helpText(): string {
  const codes = (Object.keys(EXIT_CODES) as CliErrorCode[])
    .map((code) => `  ${String(EXIT_CODES[code].exit).padStart(3)}  ${code.padEnd(17)} ${EXIT_CODES[code].meaning}`)
    .join('\n');
  return `Civic Cabinet technician tool — talk to lock-control boards (锁控板) on an RS-485 bus.

usage: npm run cabinet -- <command> [options]

commands:
  ports                                   list serial ports (USB–RS-485 adapters)
  scan    --port P [--board N ...]        find the boards that answer (generic 1..32, Kerong 0..9);
                                          generic: prints each board's status-byte count for the config
  status  --port P --board N              every door of one board
  open    --port P --board N --lock M     fire one lock, once (never retried)
  monitor --port P [--board N ...]        poll every ~500 ms and print door changes until Ctrl-C
                                          (without --board: scan first, then watch what answered)

options:
  --protocol generic|kerong-cu16          default generic
  --baud N                                default the protocol's: generic 9600, Kerong 19200
  --channels N                            locks wired on the board (default: generic from the status
                                          bytes the board sends, Kerong 16)
  --status-bytes N                        generic: status bytes in a read-all reply (default: asked
                                          from the board)
  --order last|first                      generic: which status byte holds locks 1–8 (default last)
  --polarity closing|opening              door-switch wiring (default closing: signal set = closed)
  --timeout MS                            reply timeout for reads (default 300); not for open
  --interval MS                           monitor: poll period (default 500)
  --hex                                   print every byte in (rx) and out (tx) with a timestamp
                                          (to stderr with --json, so stdout stays JSON)
  --json                                  machine-readable output; errors as {"error":{"code","message"}}
  -h, --help                              this text

about open: the generic board's reply is one sensor reading about 500 ms after the pulse, NOT proof
that the door opened. If no valid reply comes the lock MAY have fired: the tool never repeats an open
(exit code 10, outcome-unknown) — look at the door, or run status.

exit codes:
    0  ok
${codes}

examples:
  npm run cabinet -- ports
  npm run cabinet -- scan --port /dev/ttyUSB0
  npm run -s cabinet -- status --port /dev/ttyUSB0 --board 1 --json   (-s keeps npm's banner off stdout)
  npm run cabinet -- open --port COM3 --board 1 --lock 3
  npm run cabinet -- monitor --port /dev/ttyUSB0 --protocol kerong-cu16 --board 0 --hex`;
}
