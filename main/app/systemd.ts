// Telling systemd how the cabinet is doing (packaging/linux/civic-cabinet.service, Type=notify):
// READY=1 once the cabinet and its screen are up, WATCHDOG=1 every half WatchdogSec while the
// event loop turns (a hung process is killed and started again), STOPPING=1 on the way out.
// Sent with the `systemd-notify` tool: no maintained npm binding exists without a native build
// (sd-notify is a node-gyp addon we would have to rebuild for Electron), and Node cannot send a
// unix datagram itself. systemd-notify >= 246 waits until systemd has read the message, so the
// short-lived sender is attributed to our service (NotifyAccess=all in the unit).
import { execFile } from 'node:child_process';

/** Under systemd with a notify socket: the supervisor restarts us, we do not relaunch ourselves. */
export function underSystemd(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.NOTIFY_SOCKET);
}

/** Half the watchdog period systemd asked for (WATCHDOG_USEC), if it asked this process. */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid: number): number | undefined {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.NOTIFY_SOCKET || !Number.isFinite(usec) || usec <= 0) return undefined;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return undefined;
  return Math.max(1, Math.floor(usec / 2000));
}

export interface NotifyDeps {
  env: NodeJS.ProcessEnv;
  pid: number;
  /** Runs `systemd-notify <args>`; the default spawns the tool. */
  send?(args: string[]): Promise<void>;
  log(level: 'info' | 'warn', message: string, detail?: unknown): void;
  setInterval?(fn: () => void, ms: number): unknown;
  clearInterval?(handle: unknown): void;
}

const spawnNotify = (args: string[]) =>
  new Promise<void>((resolve, reject) => execFile('systemd-notify', args, { timeout: 10_000 }, (error) => (error ? reject(error) : resolve())));

export function systemdNotifier(deps: NotifyDeps) {
  const send = deps.send ?? spawnNotify;
  const every = deps.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms).unref());
  const cancel = deps.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));
  const active = underSystemd(deps.env);
  let warned = false;
  let heartbeat: unknown;
  const notify = (args: string[]) => {
    if (!active) return;
    send(args).catch((error: unknown) => {
      // Say it once: without the tool the watchdog will restart us, which the log should explain.
      if (!warned) deps.log('warn', 'systemd-notify failed (is the systemd package installed?)', error);
      warned = true;
    });
  };
  return {
    active,
    /** The cabinet is up: READY, then the heartbeat. */
    ready(status: string): void {
      notify(['--ready', `--status=${status}`]);
      const ms = watchdogIntervalMs(deps.env, deps.pid);
      if (ms !== undefined && heartbeat === undefined) heartbeat = every(() => notify(['WATCHDOG=1']), ms);
    },
    stopping(): void {
      if (heartbeat !== undefined) cancel(heartbeat);
      heartbeat = undefined;
      notify(['STOPPING=1']);
    },
  };
}
