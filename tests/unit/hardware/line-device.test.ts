// The line-based serial devices (scanner, staff-card reader), line-exact: each record suffix the
// manuals list (CR, LF, CR LF), codes split across chunks, and every kind of bad input dropped
// whole and said — garbage bytes, a wrong suffix byte, an overlong line, a line cut off by silence
// or by the port's loss — with the next good line read as it should. Then the reader over the
// virtual device in process: unplug, reconnect with the backoff (fake clock), read again.
import { describe, expect, it } from 'vitest';
import { createLineSplitter, encodeLine, type LineEnding } from '../../../hardware/line-device/lines';
import { createLineReader, type Dropped } from '../../../hardware/line-device/line-reader';
import { createVirtualLineDevice } from '../../../hardware/simulator/virtual-line-device';
import type { Timers } from '../../../hardware/transport/timers';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const splitter = (ending: LineEnding, maxLength = 16) => createLineSplitter({ ending, maxLength, partialTimeoutMs: 500 });

describe('line splitting', () => {
  it('encodes a code with each suffix byte for byte', () => {
    expect([...encodeLine('CCP-123456-5678', 'CR')].slice(-2)).toEqual([0x38, 0x0d]);
    expect([...encodeLine('AB', 'LF')]).toEqual([0x41, 0x42, 0x0a]);
    expect([...encodeLine('AB', 'CRLF')]).toEqual([0x41, 0x42, 0x0d, 0x0a]);
  });

  it.each(['CR', 'LF', 'CRLF'] as const)('%s: one code per line, two in one chunk, one split over three chunks', (ending) => {
    const s = splitter(ending);
    const two = new Uint8Array([...encodeLine('12345678', ending), ...encodeLine('SEAL-0042', ending)]);
    expect(s.push(two, 0)).toEqual([
      { kind: 'line', text: '12345678' },
      { kind: 'line', text: 'SEAL-0042' },
    ]);
    const whole = encodeLine('CCR-0000000001-ABCDEF12', ending);
    const s2 = splitter(ending, 64);
    expect(s2.push(whole.subarray(0, 5), 0)).toEqual([]);
    expect(s2.push(whole.subarray(5, whole.length - 1), 10)).toEqual([]);
    expect(s2.push(whole.subarray(whole.length - 1), 20)).toEqual([{ kind: 'line', text: 'CCR-0000000001-ABCDEF12' }]);
  });

  it('CRLF: a CR split from its LF across chunks still ends the line; a lone CR spoils it', () => {
    const s = splitter('CRLF');
    expect(s.push(ascii('ABCD\r'), 0)).toEqual([]);
    expect(s.push(bytes(0x0a), 5)).toEqual([{ kind: 'line', text: 'ABCD' }]);
    expect(s.push(ascii('AB\rCD\r\n'), 10)).toEqual([{ kind: 'garbage', bytes: [0x0d] }]);
    expect(s.push(ascii('EFGH\r\n'), 20)).toEqual([{ kind: 'line', text: 'EFGH' }]);
  });

  it('the wrong suffix byte, control and non-ASCII bytes: the line is dropped whole, the next one reads', () => {
    const s = splitter('CR');
    expect(s.push(ascii('12\n34\r'), 0)).toEqual([{ kind: 'garbage', bytes: [0x0a] }]);
    expect(s.push(bytes(0x00, 0xff, 0x1b, 0x80, 0x0d), 1)).toEqual([{ kind: 'garbage', bytes: [0x00, 0xff, 0x1b, 0x80] }]);
    expect(s.push(ascii('5678\r'), 2)).toEqual([{ kind: 'line', text: '5678' }]);
  });

  it('a line of noise keeps at most 8 bad bytes for the log, and still ends at its suffix', () => {
    const s = splitter('LF');
    const noise = new Uint8Array(1000).fill(0xfe);
    expect(s.push(new Uint8Array([...noise, 0x0a]), 0)).toEqual([{ kind: 'garbage', bytes: Array(8).fill(0xfe) }]);
  });

  it('an overlong line is dropped with its length (nothing beyond the limit is kept), the next one reads', () => {
    const s = splitter('CRLF', 16);
    expect(s.push(encodeLine('9'.repeat(17), 'CRLF'), 0)).toEqual([{ kind: 'overlong', length: 17 }]);
    expect(s.push(encodeLine('9'.repeat(16), 'CRLF'), 1)).toEqual([{ kind: 'line', text: '9'.repeat(16) }]);
    expect(s.push(encodeLine('7'.repeat(100_000), 'CRLF'), 2)).toEqual([{ kind: 'overlong', length: 100_000 }]);
  });

  it('a half line followed by a silence longer than the timeout is dropped, not glued to the next code', () => {
    const s = splitter('CR');
    expect(s.push(ascii('CCP-12'), 0)).toEqual([]);
    expect(s.push(ascii('5678\r'), 501)).toEqual([
      { kind: 'partial', text: 'CCP-12' },
      { kind: 'line', text: '5678' },
    ]);
    // Within the timeout the halves are one code.
    expect(s.push(ascii('12'), 600)).toEqual([]);
    expect(s.push(ascii('34\r'), 1000)).toEqual([{ kind: 'line', text: '1234' }]);
  });

  it('reset() after the port was lost answers the half line and forgets it', () => {
    const s = splitter('LF');
    s.push(ascii('ABC'), 0);
    expect(s.reset()).toBe('ABC');
    expect(s.reset()).toBeUndefined();
    expect(s.push(ascii('DEF\n'), 1)).toEqual([{ kind: 'line', text: 'DEF' }]);
  });

  it('empty lines (a bare suffix) are no codes', () => {
    expect(splitter('CRLF').push(bytes(0x0d, 0x0a, 0x0d, 0x0a), 0)).toEqual([]);
  });
});

/** A hand-rolled clock: timers run when the test advances it. */
function manualTimers() {
  let now = 0;
  const due: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const timers: Timers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      due.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = due.findIndex((d) => d.id === h);
      if (i >= 0) due.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const d of due.filter((x) => x.at <= now)) {
      due.splice(due.indexOf(d), 1);
      d.fn();
    }
  };
  return { timers, advance, pending: () => due.length };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('line reader over the virtual device (in process)', () => {
  it('reads codes, drops bad lines with a reason, reopens after an unplug on the backoff, reads again', async () => {
    const device = createVirtualLineDevice('CRLF');
    const { timers, advance } = manualTimers();
    const reader = createLineReader({ open: () => device.openPort(), ending: 'CRLF', maxLength: 32, partialTimeoutMs: 500, timers, backoff: { initialMs: 100, maxMs: 400, factor: 2 } });
    const lines: string[] = [];
    const dropped: Dropped[] = [];
    reader.onLine((l) => lines.push(l));
    reader.onDropped((d) => dropped.push(d));
    await settle();
    expect(reader.state).toBe('online');

    device.send('CCP-123456-5678');
    device.sendGarbage([0x00, 0xff]);
    device.sendOverlong(33);
    device.send('4711AB');
    await settle();
    expect(lines).toEqual(['CCP-123456-5678', '4711AB']);
    expect(dropped.map((d) => d.kind)).toEqual(['garbage', 'overlong']);

    device.sendPartial('CCP-12');
    await settle();
    device.unplug();
    expect(reader.state).toBe('offline');
    expect(dropped.at(-1)).toEqual({ kind: 'unplugged-mid-line', text: 'CCP-12' });
    // Still unplugged at the first attempt: the next waits twice as long.
    advance(100);
    await settle();
    expect(reader.state).toBe('offline');
    expect(reader.stats().lastError).toMatch(/unplugged/);
    device.replug();
    advance(199);
    await settle();
    expect(reader.state).toBe('offline');
    advance(1);
    await settle();
    expect(reader.state).toBe('online');
    device.send('99887766');
    await settle();
    expect(lines.at(-1)).toBe('99887766');
    expect(reader.stats()).toMatchObject({ lines: 3, dropped: 3, reconnects: 1 });
    await reader.close();
    expect(reader.state).toBe('closed');
  });
});
