// The simulator's command line: the --boards spec and the stdin commands of scripts/simulator.ts,
// kept here as pure-ish functions so they are tested without a terminal.

import type { BoardSettings, FeedbackPolarity, ProtocolName, StatusByteOrder } from '../lock-bus';
import { fromHex } from '../protocols/bytes';
import type { VirtualBus } from './virtual-bus';

export const BOARDS_SPEC_HELP = `--boards ADDR[xCHANNELS[:STATUSBYTES]],...   e.g. "1x24,2x24", "1,2", "1x8:3"
  ADDR: DIP address (generic 1..32, Kerong 0..9); CHANNELS default 24 (generic) / 16 (Kerong);
  STATUSBYTES (generic): status bytes in a read-all reply, default one per 8 channels.`;

export interface BoardDefaults {
  protocol: ProtocolName;
  statusByteOrder?: StatusByteOrder;
  polarity?: FeedbackPolarity;
}

/** "1x24,2x8:3" → board settings. Throws with a readable message on a bad spec. */
export function parseBoardsSpec(spec: string, defaults: BoardDefaults): BoardSettings[] {
  const channelsDefault = defaults.protocol === 'generic' ? 24 : 16;
  return spec.split(',').map((part) => {
    const m = /^\s*(\d+)(?:x(\d+)(?::(\d+))?)?\s*$/.exec(part);
    if (!m) throw new Error(`bad board "${part}": expected ADDR[xCHANNELS[:STATUSBYTES]]`);
    const settings: BoardSettings = {
      address: Number(m[1]),
      channels: m[2] === undefined ? channelsDefault : Number(m[2]),
      statusByteOrder: defaults.statusByteOrder ?? 'last-byte-first-channels',
      polarity: defaults.polarity ?? 'closing',
    };
    if (m[3] !== undefined) settings.statusBytes = Number(m[3]);
    return settings;
  });
}

export const COMMANDS_HELP = `commands:
  open B L              a hand opens door L of board B without a command (forced)
  close B L             a resident closes door L of board B
  item B L on|off       (Kerong) something lies in / was taken from compartment L
  status                every door, sensor and fault
  log [N]               the last N frames received / sent (default 20)
  fault offline B on|off          board B answers nothing
  fault jam B L on|off            lock fires, door stays shut
  fault sensor B L on|off         sensor stuck "open"
  fault junk HEX|off              bytes before every reply, e.g. "FA FD 99 99"
  fault split PARTS GAPMS|off     each reply in PARTS bursts GAPMS apart
  fault corrupt N                 corrupt one byte of each of the next N replies
  fault pace on|off               bytes at the real baud rate
  fault swallow N [open]          the next N replies (to opens) are never sent; 0 clears
  fault partial N [open]          the next N replies (to opens) stop halfway
  fault wrong-address N [open]    the next N replies (to opens) carry the next board's address
  fault open-reply MS             generic: an open's reply comes MS ms after it (default 500)
  help`;

/** Runs one stdin command against the bus; returns the text to print. Never throws. */
export function runCommand(bus: VirtualBus, line: string): string {
  const words = line.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  try {
    return execute(bus, words);
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function int(word: string | undefined, name: string): number {
  const n = Number(word);
  if (word === undefined || !Number.isInteger(n)) throw new Error(`${name} must be a whole number`);
  return n;
}

function onOff(word: string | undefined): boolean {
  if (word === 'on') return true;
  if (word === 'off') return false;
  throw new Error('expected on or off');
}

function execute(bus: VirtualBus, words: string[]): string {
  const [command, ...args] = words;
  switch (command) {
    case 'help':
      return COMMANDS_HELP;
    case 'open':
      bus.forceOpen(int(args[0], 'board'), int(args[1], 'lock'));
      return 'ok';
    case 'close':
      bus.closeDoor(int(args[0], 'board'), int(args[1], 'lock'));
      return 'ok';
    case 'item':
      bus.setItemPresent(int(args[0], 'board'), int(args[1], 'lock'), onOff(args[2]));
      return 'ok';
    case 'status':
      return formatStatus(bus);
    case 'log': {
      const n = args[0] === undefined ? 20 : int(args[0], 'count');
      return bus
        .log()
        .slice(-n)
        .map((e) => `${e.at.toFixed(1).padStart(10)} ${e.kind.padEnd(7)} ${e.hex.padEnd(30)} ${e.meaning}`)
        .join('\n');
    }
    case 'fault':
      return fault(bus, args);
    default:
      return `unknown command "${command}" — type help`;
  }
}

function fault(bus: VirtualBus, args: string[]): string {
  const [knob, ...rest] = args;
  switch (knob) {
    case 'offline':
      bus.setOffline(int(rest[0], 'board'), onOff(rest[1]));
      break;
    case 'jam':
      bus.setJammed(int(rest[0], 'board'), int(rest[1], 'lock'), onOff(rest[2]));
      break;
    case 'sensor':
      bus.setSensorStuckOpen(int(rest[0], 'board'), int(rest[1], 'lock'), onOff(rest[2]));
      break;
    case 'junk':
      bus.setJunkBeforeReplies(rest[0] === 'off' ? null : fromHex(rest.join('')));
      break;
    case 'split':
      bus.setSplitReplies(rest[0] === 'off' ? null : { parts: int(rest[0], 'parts'), gapMs: Number(rest[1] ?? 5) });
      break;
    case 'corrupt':
      bus.corruptNextReplies(int(rest[0], 'count'));
      break;
    case 'pace':
      bus.setPacing(onOff(rest[0]));
      break;
    case 'swallow':
    case 'partial':
    case 'wrong-address':
      if (rest[1] !== undefined && rest[1] !== 'open') throw new Error('expected "open" or nothing after the count');
      bus.faultNextReplies(knob, int(rest[0], 'count'), rest[1] === 'open');
      break;
    case 'open-reply':
      bus.setOpenReplyDelay(int(rest[0], 'ms'));
      break;
    default:
      return `unknown fault "${knob ?? ''}" — type help`;
  }
  return 'ok';
}

export function formatStatus(bus: VirtualBus): string {
  const s = bus.status();
  const lines = [`${s.protocol} at ${s.baudRate} baud; faults: ${JSON.stringify(s.faults)}`];
  for (const b of s.boards) {
    const doors = b.doors
      .map((d) => {
        const flags = [d.jammed ? 'jam' : '', d.sensorStuckOpen ? 'sensor-stuck' : '', d.itemPresent ? 'item' : '', d.held ? 'held' : '']
          .filter(Boolean)
          .join('+');
        return `${d.lock}:${d.open ? 'OPEN' : 'shut'}${flags ? `(${flags})` : ''}`;
      })
      .join(' ');
    lines.push(`board ${b.address}${b.offline ? ' OFFLINE' : ''} (${b.channels} ch): ${doors}`);
  }
  return lines.join('\n');
}
