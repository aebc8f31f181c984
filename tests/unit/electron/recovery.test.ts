// Self-healing: renderer crashes and hangs reload the page, counted in a sliding window on a fake
// clock; past the budget the app relaunches; main-process failures are logged then relaunched once.
import { describe, expect, it } from 'vitest';
import { createFailureCounter, guardProcess, watchRenderer } from '../../../main/electron/recovery';
import { StandInEmitter } from './stand-in';

function setUp(budget = { maxReloads: 3, windowMs: 60_000 }) {
  let now = 0;
  const contents = Object.assign(new StandInEmitter(), { reloads: 0, crashes: 0, reload() { this.reloads++; }, forcefullyCrashRenderer() { this.crashes++; } });
  const window = Object.assign(new StandInEmitter(), { destroyed: false, isDestroyed() { return this.destroyed; }, webContents: contents });
  const logs: { level: string; message: string; detail: Record<string, unknown> }[] = [];
  const relaunches: string[] = [];
  watchRenderer(window, { log: (level, message, detail) => logs.push({ level, message, detail }), relaunch: (r) => relaunches.push(r), counter: createFailureCounter(budget, () => now) });
  return { contents, window, logs, relaunches, advance: (ms: number) => (now += ms) };
}

const gone = (reason = 'crashed') => ({ reason, exitCode: 139 });

describe('renderer recovery', () => {
  it('reloads after a crash, logging the reason and the count', () => {
    const { contents, logs, relaunches } = setUp();
    contents.emit('render-process-gone', {}, gone('oom'));
    expect(contents.reloads).toBe(1);
    expect(relaunches).toEqual([]);
    expect(logs).toEqual([{ level: 'error', message: 'renderer gone: reload', detail: { reason: 'oom', exitCode: 139, failures: 1 } }]);
  });

  it('relaunches the app on the fourth failure within ten minutes, not on failures spread out', () => {
    const spread = setUp();
    for (let i = 0; i < 6; i++) {
      spread.contents.emit('render-process-gone', {}, gone());
      spread.advance(61_000);
    }
    expect(spread.relaunches).toEqual([]);
    expect(spread.contents.reloads).toBe(6);

    const burst = setUp();
    for (let i = 0; i < 4; i++) burst.contents.emit('render-process-gone', {}, gone());
    expect(burst.contents.reloads).toBe(3);
    expect(burst.relaunches).toEqual(['renderer gone 4 times']);
  });

  it('kills a hung renderer and reloads it, counting it once (not again for the kill)', () => {
    const { contents, window, logs } = setUp();
    window.emit('unresponsive');
    contents.emit('render-process-gone', {}, gone('killed'));
    expect(contents.crashes).toBe(1);
    expect(contents.reloads).toBe(1);
    expect(logs.map((l) => l.message)).toEqual(['renderer unresponsive: reload']);
    contents.emit('render-process-gone', {}, gone());
    expect(logs.at(-1)?.detail.failures).toBe(2);
  });

  it('does not touch a destroyed window', () => {
    const { contents, window } = setUp();
    window.destroyed = true;
    window.emit('unresponsive');
    contents.emit('render-process-gone', {}, gone());
    expect(contents.crashes).toBe(0);
    expect(contents.reloads).toBe(0);
  });
});

describe('main-process failures', () => {
  it('logs an uncaught exception with its stack, then relaunches once', () => {
    const proc = new StandInEmitter();
    const logs: { message: string; detail: Record<string, unknown> }[] = [];
    const relaunches: string[] = [];
    guardProcess(proc, { log: (_l, message, detail) => logs.push({ message, detail }), relaunch: (r) => relaunches.push(r) });
    proc.emit('uncaughtException', new Error('serial port exploded'));
    proc.emit('unhandledRejection', 'late rejection');
    expect(logs[0]?.message).toBe('uncaughtException in the main process');
    expect(logs[0]?.detail.message).toBe('serial port exploded');
    expect(String(logs[0]?.detail.stack)).toContain('serial port exploded');
    expect(logs[1]).toEqual({ message: 'unhandledRejection in the main process', detail: { reason: 'late rejection' } });
    expect(relaunches).toEqual(['uncaughtException']);
  });
});
