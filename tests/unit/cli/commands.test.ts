// The CLI's commands against the in-process simulator (the same transport and board driver as on
// a real port), with injected output, clock and port opener: fast, and no socat needed.
import { describe, expect, it } from 'vitest';
import { runCli, type CliDeps } from '../../../hardware/cli/commands';
import type { BoardSettings, ProtocolName } from '../../../hardware/lock-bus';
import { createSimulatorPort } from '../../../hardware/simulator/simulator-port';
import { createVirtualBus, type VirtualBus } from '../../../hardware/simulator/virtual-bus';

const board = (address: number, channels: number, extra: Partial<BoardSettings> = {}): BoardSettings => ({
  address,
  channels,
  statusByteOrder: 'last-byte-first-channels',
  polarity: 'closing',
  ...extra,
});

interface Run {
  code: number;
  out: string[];
  err: string[];
  json: () => unknown;
}

function rig(protocol: ProtocolName, boards: BoardSettings[]) {
  const sim = createVirtualBus({ protocol, boards, openReplyDelayMs: 30 });
  let opens = 0;
  const deps: CliDeps = {
    openPort: async (path) => {
      if (path !== 'SIM') throw new Error(`No such file or directory, cannot open ${path}`);
      opens += 1;
      return createSimulatorPort(sim);
    },
    listPorts: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }],
    listDeviceNodes: async () => ['/dev/ttyUSB0'],
    deviceDir: '/dev',
    now: () => Date.now(),
  };
  const run = async (argv: string[], signal?: AbortSignal): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, deps, signal);
    return { code, out, err, json: () => JSON.parse(out.join('\n')) };
  };
  return { sim, deps, run, opens: () => opens };
}

/** Frames the boards received whose hex starts with `prefix`. */
function received(sim: VirtualBus, prefix: string): number {
  return sim.log().filter((e) => e.kind === 'rx' && e.hex.startsWith(prefix)).length;
}

describe('cabinet CLI on the in-process simulator (generic)', () => {
  it('scan finds the boards and the status bytes each really sends', async () => {
    const { run } = rig('generic', [board(1, 8, { statusBytes: 3 }), board(4, 24)]);
    const r = await run(['scan', '--port', 'SIM', '--board', '1', '--board', '2', '--board', '4', '--timeout', '300', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ boards: [{ address: 1, statusBytes: 3 }, { address: 4, statusBytes: 3 }] });
  });

  it('scan with nobody home: no-boards', async () => {
    const { run } = rig('generic', [board(1, 24)]);
    const r = await run(['scan', '--port', 'SIM', '--board', '7', '--timeout', '30']);
    expect(r.code).toBe(12);
    expect(r.err.join('\n')).toMatch(/error \[no-boards\]/);
    const json = await run(['scan', '--port', 'SIM', '--board', '7', '--timeout', '30', '--json']);
    expect(json.code).toBe(12);
    expect(json.json()).toMatchObject({ boards: [], error: { code: 'no-boards' } });
  });

  it('status reads every door, with the polarity and byte order given', async () => {
    const { sim, run } = rig('generic', [board(2, 24, { polarity: 'opening', statusByteOrder: 'first-byte-first-channels' })]);
    sim.forceOpen(2, 17);
    const right = await run(['status', '--port', 'SIM', '--board', '2', '--polarity', 'opening', '--order', 'first', '--json']);
    expect(right.code).toBe(0);
    const doors = (right.json() as { doors: Array<{ lock: number; open: boolean }> }).doors;
    expect(doors).toHaveLength(24);
    expect(doors.filter((d) => d.open).map((d) => d.lock)).toEqual([17]);
    // The wrong settings show what a technician would see: door 1 (not 17), and every other reversed.
    const wrong = await run(['status', '--port', 'SIM', '--board', '2', '--json']);
    const wrongDoors = (wrong.json() as { doors: Array<{ lock: number; open: boolean }> }).doors;
    expect(wrongDoors.filter((d) => !d.open).map((d) => d.lock)).toEqual([1]);
  });

  it('status with a wrong status-byte count says what the board sent', async () => {
    const { run } = rig('generic', [board(1, 24)]);
    const r = await run(['status', '--port', 'SIM', '--board', '1', '--status-bytes', '2']);
    expect(r.code).toBe(9);
    expect(r.err[0]).toMatch(/^error \[bad-frame\]: .*board sent 3 status bytes, settings expect 2/);
  });

  it('open fires once and prints the reading, marked as not proof', async () => {
    const { sim, run } = rig('generic', [board(1, 24)]);
    const fired: string[] = [];
    sim.onLockFired((f) => fired.push(`${f.board}/${f.lock}`));
    const r = await run(['open', '--port', 'SIM', '--board', '1', '--lock', '3']);
    expect(r.code).toBe(0);
    expect(fired).toEqual(['1/3']);
    expect(r.out.join('\n')).toMatch(/door OPEN[\s\S]*not proof/);
  });

  it('an open a board does not answer: outcome-unknown, sent exactly once', async () => {
    const { sim, run } = rig('generic', [board(1, 24)]);
    sim.setOffline(1, true);
    const r = await run(['open', '--port', 'SIM', '--board', '1', '--lock', '4', '--json']);
    expect(r.code).toBe(10);
    expect(r.json()).toMatchObject({ error: { code: 'outcome-unknown' } });
    expect((r.json() as { error: { message: string } }).error.message).toMatch(/do not repeat/);
    expect(received(sim, '8A 01 04 11')).toBe(1);
  }, 10_000);

  it('a read a board does not answer: timeout, and nothing opened', async () => {
    const { sim, run } = rig('generic', [board(1, 24)]);
    sim.setOffline(1, true);
    const r = await run(['status', '--port', 'SIM', '--board', '1', '--timeout', '50', '--json']);
    expect(r.code).toBe(8);
    expect(r.json()).toMatchObject({ error: { code: 'timeout' } });
    expect(received(sim, '8A')).toBe(0);
  });

  it('--hex traces every frame both ways; with --json on stderr, so stdout stays JSON', async () => {
    const { run } = rig('generic', [board(1, 24)]);
    const human = await run(['open', '--port', 'SIM', '--board', '1', '--lock', '3', '--hex']);
    expect(human.out.join('\n')).toMatch(/\d\d:\d\d:\d\d\.\d{3} tx 8A 01 03 11 99 {3}open board 1 lock 3/);
    expect(human.out.join('\n')).toMatch(/ rx 8A 01 03 00 88/);
    const json = await run(['open', '--port', 'SIM', '--board', '1', '--lock', '3', '--hex', '--json']);
    expect(json.err.join('\n')).toContain('tx 8A 01 03 11 99');
    expect(json.json()).toMatchObject({ sent: true });
  });

  it('ports: the list, or on failure an error with a code and the /dev fallback', async () => {
    const { deps } = rig('generic', [board(1, 24)]);
    const lines: string[] = [];
    const errors: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) };
    expect(await runCli(['ports'], io, deps)).toBe(0);
    expect(lines).toEqual(['/dev/ttyUSB0   FTDI']);

    const failing: CliDeps = { ...deps, listPorts: () => Promise.reject(new Error('spawn udevadm ENOENT')), listDeviceNodes: async () => ['/dev/ttyS0'] };
    lines.length = 0;
    expect(await runCli(['ports'], io, failing)).toBe(13);
    expect(errors[0]).toMatch(/^error \[port-list-failed\]: listing serial ports failed: spawn udevadm ENOENT/);
    expect(lines.join('\n')).toMatch(/fallback[\s\S]*\/dev\/ttyS0/);
    lines.length = 0;
    expect(await runCli(['ports', '--json'], io, failing)).toBe(13);
    expect(JSON.parse(lines.join(''))).toMatchObject({ error: { code: 'port-list-failed' }, fallback: { source: '/dev', ports: [{ path: '/dev/ttyS0' }] } });
  });

  it('port errors are classified before anything is sent', async () => {
    const { run } = rig('generic', [board(1, 24)]);
    const r = await run(['status', '--port', '/dev/ttyUSB9', '--board', '1', '--json']);
    expect(r.code).toBe(3);
    expect(r.json()).toEqual({ error: { code: 'port-not-found', message: expect.stringContaining('/dev/ttyUSB9') } });
  });

  it('usage errors: one line and a pointer to --help, or JSON', async () => {
    const { run, opens } = rig('generic', [board(1, 24)]);
    const human = await run(['open', '--port', 'SIM', '--board', '1']);
    expect(human.code).toBe(2);
    expect(human.err).toEqual(['error [usage]: open needs --lock N (1-based, as printed on the board)', 'run with --help for usage']);
    const json = await run(['open', '--port', 'SIM', '--json']);
    expect(json.json()).toMatchObject({ error: { code: 'usage' } });
    expect(opens()).toBe(0);
  });

  it('Ctrl-C during a scan: interrupted, port closed', async () => {
    const { run } = rig('generic', [board(1, 24)]);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 150);
    const r = await run(['scan', '--port', 'SIM', '--json'], stop.signal);
    expect(r.code).toBe(130);
    expect(r.json()).toMatchObject({ error: { code: 'interrupted' } });
  });

  it('monitor prints door changes and stops cleanly on abort', async () => {
    const { sim, deps } = rig('generic', [board(1, 24), board(2, 24)]);
    const stop = new AbortController();
    const events: Array<Record<string, unknown>> = [];
    const done = runCli(
      ['monitor', '--port', 'SIM', '--board', '1', '--board', '2', '--interval', '100', '--json'],
      { out: (l) => events.push(JSON.parse(l) as Record<string, unknown>), err: () => undefined },
      deps,
      stop.signal,
    );
    await until(() => events.some((e) => e.event === 'start'));
    sim.forceOpen(2, 7);
    await until(() => events.some((e) => e.event === 'change'));
    stop.abort();
    expect(await done).toBe(0);
    expect(events.find((e) => e.event === 'change')).toMatchObject({ board: 2, lock: 7, open: true });
    expect(events.at(-1)).toMatchObject({ event: 'stopped' });
  });
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('cabinet CLI on the in-process simulator (Kerong KR-CU16)', () => {
  it('status shows infrared item presence; open has no reply to read', async () => {
    const { sim, run } = rig('kerong-cu16', [board(0, 16)]);
    sim.setItemPresent(0, 2, true);
    const status = await run(['status', '--port', 'SIM', '--protocol', 'kerong-cu16', '--board', '0', '--json']);
    expect(status.code, status.err.join('\n')).toBe(0);
    const doors = (status.json() as { doors: Array<{ lock: number; open: boolean; itemPresent?: boolean }> }).doors;
    expect(doors).toHaveLength(16);
    expect(doors[1]).toEqual({ board: 0, lock: 2, open: false, itemPresent: true });

    const fired: number[] = [];
    sim.onLockFired((f) => fired.push(f.lock));
    const open = await run(['open', '--port', 'SIM', '--protocol', 'kerong-cu16', '--board', '0', '--lock', '5']);
    expect(open.code).toBe(0);
    expect(open.out.join('\n')).toMatch(/do not answer an open/);
    await until(() => fired.length > 0);
    expect(fired).toEqual([5]);
  });
});
