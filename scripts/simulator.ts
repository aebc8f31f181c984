// Serves simulated lock-control boards on a pseudo-terminal, so the real `serialport` code (and a
// person at a terminal) can talk to them as to real boards.
//
//   socat -d -d pty,raw,echo=0,link=/tmp/cab/A pty,raw,echo=0,link=/tmp/cab/B &
//   tsx scripts/simulator.ts --pty /tmp/cab/A --protocol generic --boards 1x24,2x24
//   (the app then opens /tmp/cab/B)
//
// Options:
//   --pty PATH                 pseudo-terminal to serve (required)
//   --protocol generic|kerong-cu16   default generic
//   --boards SPEC              ADDR[xCHANNELS[:STATUSBYTES]],...  default "1x24" (Kerong "0x16")
//   --baud N                   default 9600 (generic) / 19200 (Kerong)
//   --pace                     bytes at the real line speed (10 bits per byte)
//   --order last|first         generic read-all: byte holding channels 1–8 (default last)
//   --polarity closing|opening feedback wiring (default closing)
//   --notify                   generic: send 82 change notices (some firmware only)
//   --open-reply-ms N          generic: delay of the reply to an open (default 500)
//   --reply-ms N               delay of other replies, the board's processing time (default 2)
// Prints "ready <path> ... open-reply-ms=N reply-ms=N" once serving (the delays let a benchmark
// compute its floor), then one line per door change and lock fired, each ending in at=<epoch ms>
// (performance.timeOrigin + the bus clock, to 0.01 ms: another process on this machine compares its
// own timestamps with it); reads commands on stdin (type help).

import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import type { ProtocolName } from '../hardware/lock-bus';
import { BOARDS_SPEC_HELP, COMMANDS_HELP, parseBoardsSpec, runCommand } from '../hardware/simulator/console';
import { createPreciseScheduler } from '../hardware/simulator/scheduler';
import { createVirtualBus } from '../hardware/simulator/virtual-bus';

const USAGE = `usage: tsx scripts/simulator.ts --pty PATH [--protocol generic|kerong-cu16] [--boards SPEC]
       [--baud N] [--pace] [--order last|first] [--polarity closing|opening] [--notify] [--open-reply-ms N]
       [--reply-ms N]
${BOARDS_SPEC_HELP}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    pty: { type: 'string' },
    protocol: { type: 'string', default: 'generic' },
    boards: { type: 'string' },
    baud: { type: 'string' },
    pace: { type: 'boolean', default: false },
    order: { type: 'string', default: 'last' },
    polarity: { type: 'string', default: 'closing' },
    notify: { type: 'boolean', default: false },
    'open-reply-ms': { type: 'string' },
    'reply-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`${USAGE}\n${COMMANDS_HELP}\n`);
  process.exit(0);
}
if (!values.pty) fail('--pty is required');
const protocol = values.protocol as ProtocolName;
if (protocol !== 'generic' && protocol !== 'kerong-cu16') fail(`unknown protocol "${values.protocol}"`);
if (values.order !== 'last' && values.order !== 'first') fail('--order is last or first');
if (values.polarity !== 'closing' && values.polarity !== 'opening') fail('--polarity is closing or opening');

let boards;
try {
  boards = parseBoardsSpec(values.boards ?? (protocol === 'generic' ? '1x24' : '0x16'), {
    protocol,
    statusByteOrder: values.order === 'last' ? 'last-byte-first-channels' : 'first-byte-first-channels',
    polarity: values.polarity,
  });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const bus = createVirtualBus({
  protocol,
  boards,
  pace: values.pace,
  // Pacing (--pace or "fault pace on") needs timers finer than Node's whole milliseconds: a byte
  // is 1.04 ms at 9600 baud. The busy wait is only the last 1.5 ms before each timer.
  scheduler: createPreciseScheduler(),
  notifyChanges: values.notify,
  ...(values.baud ? { baudRate: Number(values.baud) } : {}),
  ...(values['open-reply-ms'] ? { openReplyDelayMs: nonNegative(values['open-reply-ms'], '--open-reply-ms') } : {}),
  ...(values['reply-ms'] ? { replyDelayMs: nonNegative(values['reply-ms'], '--reply-ms') } : {}),
});

function nonNegative(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) fail(`${name} must be a number of milliseconds ≥ 0`);
  return n;
}

const port = new SerialPort({ path: values.pty, baudRate: bus.baudRate, autoOpen: false });

port.open((error) => {
  if (error) {
    process.stderr.write(`cannot open ${values.pty}: ${error.message}\n`);
    process.exit(1);
  }
  const addresses = boards.map((b) => `${b.address}(${b.channels}ch)`).join(', ');
  const pacing = values.pace ? 'paced' : 'unpaced';
  process.stdout.write(
    `ready ${values.pty} ${protocol} ${bus.baudRate} baud, boards ${addresses}; ${pacing} open-reply-ms=${bus.openReplyDelayMs} reply-ms=${bus.replyDelayMs}\n`,
  );
});
port.on('data', (chunk: Buffer) => bus.receive(new Uint8Array(chunk)));
port.on('close', () => {
  process.stdout.write('port closed\n');
  shutdown(0);
});
port.on('error', (error) => process.stderr.write(`serial error: ${error.message}\n`));
bus.onTransmit((chunk) => {
  port.write(Buffer.from(chunk));
});
/** The bus clock is performance.now(): as epoch ms, comparable across processes. */
const epoch = (at: number): string => (performance.timeOrigin + at).toFixed(2);
bus.onDoorChange((c) => {
  process.stdout.write(`door board ${c.board} lock ${c.lock} ${c.open ? 'OPEN' : 'CLOSED'} (${c.cause}) at=${epoch(c.at)}\n`);
});
bus.onLockFired((f) => {
  process.stdout.write(`fire board ${f.board} lock ${f.lock} at=${epoch(f.at)}\n`);
});

const input = createInterface({ input: process.stdin, terminal: false });
input.on('line', (line) => {
  const out = runCommand(bus, line);
  if (out) process.stdout.write(`${out}\n`);
});

function shutdown(code: number): void {
  bus.dispose();
  input.close();
  if (port.isOpen) port.close();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
