// The simulator's command line: --boards spec and stdin commands.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../hardware/protocols/bytes';
import { parseBoardsSpec, runCommand } from '../../../hardware/simulator/console';
import { createManualScheduler } from '../../../hardware/simulator/scheduler';
import { createVirtualBus } from '../../../hardware/simulator/virtual-bus';

describe('--boards spec', () => {
  it('ADDR[xCHANNELS[:STATUSBYTES]]', () => {
    expect(parseBoardsSpec('1x24,2x8:3', { protocol: 'generic' })).toEqual([
      { address: 1, channels: 24, statusByteOrder: 'last-byte-first-channels', polarity: 'closing' },
      { address: 2, channels: 8, statusBytes: 3, statusByteOrder: 'last-byte-first-channels', polarity: 'closing' },
    ]);
    expect(parseBoardsSpec('0,1', { protocol: 'kerong-cu16', polarity: 'opening' }).map((b) => [b.address, b.channels, b.polarity])).toEqual([
      [0, 16, 'opening'],
      [1, 16, 'opening'],
    ]);
    expect(() => parseBoardsSpec('1y24', { protocol: 'generic' })).toThrow(/bad board/);
  });
});

describe('stdin commands', () => {
  const setup = () => {
    const clock = createManualScheduler();
    const bus = createVirtualBus({ protocol: 'generic', boards: parseBoardsSpec('1x4', { protocol: 'generic' }), scheduler: clock });
    const sent: string[] = [];
    bus.onTransmit((c) => sent.push(toHex(c)));
    return { clock, bus, sent };
  };

  it('open / close / status / help', () => {
    const { bus } = setup();
    expect(runCommand(bus, 'open 1 2')).toBe('ok');
    expect(bus.door(1, 2).open).toBe(true);
    expect(runCommand(bus, 'status')).toMatch(/board 1 \(4 ch\): 1:shut 2:OPEN 3:shut 4:shut/);
    expect(runCommand(bus, 'close 1 2')).toBe('ok');
    expect(bus.door(1, 2).open).toBe(false);
    expect(runCommand(bus, 'help')).toMatch(/fault junk/);
    expect(runCommand(bus, '')).toBe('');
    expect(runCommand(bus, 'dance')).toMatch(/unknown command/);
    expect(runCommand(bus, 'open 1 9')).toMatch(/^error: .*no lock 9/);
    expect(runCommand(bus, 'open x 1')).toMatch(/^error: board must be a whole number/);
  });

  it('fault knobs', () => {
    const { bus, clock, sent } = setup();
    expect(runCommand(bus, 'fault junk FA FD 99 99')).toBe('ok');
    expect(runCommand(bus, 'fault split 2 3')).toBe('ok');
    expect(runCommand(bus, 'fault jam 1 1 on')).toBe('ok');
    expect(runCommand(bus, 'fault sensor 1 4 on')).toBe('ok');
    expect(runCommand(bus, 'fault corrupt 0')).toBe('ok');
    expect(runCommand(bus, 'fault pace off')).toBe('ok');
    expect(bus.status().faults).toMatchObject({ junkBeforeReplies: 'FA FD 99 99', splitReplies: { parts: 2, gapMs: 3 } });
    expect(bus.door(1, 1).jammed).toBe(true);
    expect(bus.sensorOpen(1, 4)).toBe(true);
    bus.receive(Uint8Array.from([0x80, 0x01, 0x01, 0x33, 0xb3]));
    clock.advance(10);
    expect(sent).toEqual(['FA FD 99 99 80', '01 01 11 91']);
    expect(runCommand(bus, 'fault offline 1 on')).toBe('ok');
    expect(bus.status().faults.offlineBoards).toEqual([1]);
    expect(runCommand(bus, 'fault junk off')).toBe('ok');
    expect(runCommand(bus, 'fault split off')).toBe('ok');
    expect(runCommand(bus, 'fault nonsense')).toMatch(/unknown fault/);
    expect(runCommand(bus, 'fault jam 1 1 maybe')).toMatch(/on or off/);
    expect(runCommand(bus, 'log 2').split('\n')).toHaveLength(2);
  });

  it('reply fault knobs and the open reply delay', () => {
    const { bus } = setup();
    expect(runCommand(bus, 'fault swallow 2')).toBe('ok');
    expect(runCommand(bus, 'fault partial 1 open')).toBe('ok');
    expect(runCommand(bus, 'fault wrong-address 3 open')).toBe('ok');
    expect(bus.status().faults.replyFaults).toEqual({
      swallow: { count: 2, opensOnly: false },
      partial: { count: 1, opensOnly: true },
      'wrong-address': { count: 3, opensOnly: true },
    });
    expect(runCommand(bus, 'fault swallow 0')).toBe('ok');
    expect(bus.status().faults.replyFaults.swallow).toBeUndefined();
    expect(runCommand(bus, 'fault partial 1 polls')).toMatch(/^error: expected "open"/);
    expect(runCommand(bus, 'fault open-reply 120')).toBe('ok');
    expect(bus.openReplyDelayMs).toBe(120);
    expect(runCommand(bus, 'fault open-reply soon')).toMatch(/^error: ms must be a whole number/);
    expect(runCommand(bus, 'help')).toMatch(/fault wrong-address N \[open\]/);
  });
});

