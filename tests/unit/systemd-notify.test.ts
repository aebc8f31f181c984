// What the app tells systemd, with the sender and the interval injected.
import { describe, expect, it } from 'vitest';
import { systemdNotifier, underSystemd, watchdogIntervalMs } from '../../main/app/systemd';

function harness(env: NodeJS.ProcessEnv, fail = false) {
  const sent: string[][] = [];
  const intervals: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const logs: string[] = [];
  const notifier = systemdNotifier({
    env,
    pid: 42,
    send: async (args) => {
      sent.push(args);
      if (fail) throw new Error('spawn systemd-notify ENOENT');
    },
    log: (level, message) => logs.push(`${level} ${message}`),
    setInterval: (fn, ms) => {
      const h = { fn, ms, cleared: false };
      intervals.push(h);
      return h;
    },
    clearInterval: (h) => ((h as { cleared: boolean }).cleared = true),
  });
  return { notifier, sent, intervals, logs };
}

describe('systemd notifications', () => {
  it('reads the watchdog period systemd gives, for this process only', () => {
    expect(underSystemd({})).toBe(false);
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '60000000' }, 42)).toBe(30_000);
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '7' }, 42)).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: '60000000' }, 42)).toBeUndefined();
    expect(watchdogIntervalMs({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: 'soon' }, 42)).toBeUndefined();
  });

  it('says nothing outside systemd', () => {
    const { notifier, sent, intervals } = harness({});
    notifier.ready('up');
    notifier.stopping();
    expect(notifier.active).toBe(false);
    expect(sent).toEqual([]);
    expect(intervals).toEqual([]);
  });

  it('READY once up, WATCHDOG every half period, STOPPING at the end with the heartbeat stopped', () => {
    const { notifier, sent, intervals } = harness({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '60000000', WATCHDOG_PID: '42' });
    notifier.ready('kiosk window shown');
    expect(sent).toEqual([['--ready', '--status=kiosk window shown']]);
    expect(intervals.map((i) => i.ms)).toEqual([30_000]);
    intervals[0]!.fn();
    intervals[0]!.fn();
    notifier.stopping();
    expect(sent.slice(1)).toEqual([['WATCHDOG=1'], ['WATCHDOG=1'], ['STOPPING=1']]);
    expect(intervals[0]!.cleared).toBe(true);
  });

  it('a missing systemd-notify is logged once, never thrown', async () => {
    const { notifier, logs } = harness({ NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '2000000' }, true);
    notifier.ready('up');
    notifier.stopping();
    await new Promise((r) => setImmediate(r));
    expect(logs).toEqual(['warn systemd-notify failed (is the systemd package installed?)']);
  });
});
