// The kiosk shell: app lifecycle, one hardened window, IPC wired to the contract's dispatcher.
// Every rule lives in a pure module beside this one (app-protocol, guards, shortcuts,
// window-options, kiosk-shell, recovery, startup, crash-reporter), tested against a stand-in
// for Electron; this file only wires them to the real thing, in order.
import { app, BrowserWindow, crashReporter, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { createCabinet, type Cabinet } from '../app/cabinet';
import { defaultDataDir, expectedConfigPath, loadConfig } from '../app/config-file';
import { createDispatch } from '../app/dispatch';
import { createLogFile, type LogSource } from '../app/log-file';
import { deferredRestarter, RESTART_EXIT_CODE } from '../app/restart';
import { systemdNotifier } from '../app/systemd';
import { createScreenSession } from '../contract/screen-session';
import { setupHash } from '../contract/setup-screen';
import { APP_INDEX_URL, handleAppScheme, registerAppScheme } from './app-protocol';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { countCrashDumps, startCrashReporter } from './crash-reporter';
import { guardContents, guardPermissions, isTrustedSender } from './guards';
import { applyKioskShell, claimSingleInstance, hardenContents } from './kiosk-shell';
import { createFailureCounter, DEFAULT_FAILURE_BUDGET, guardProcess, watchRenderer } from './recovery';
import { planStartup, windowedRequested } from './startup';
import { SIMULATOR_SURFACE_ENV, surfaceEnvValue } from './surface';
import { kioskWindowOptions } from './window-options';

type Level = 'info' | 'warn' | 'error';

// Before 'ready': the sandbox for every renderer, the app:// scheme's privileges, one instance.
app.enableSandbox();
registerAppScheme(protocol);
let window: BrowserWindow | undefined;
let cabinet: Cabinet | undefined;
const singleInstance = claimSingleInstance(app, () => window);

const packaged = app.isPackaged;
const windowed = windowedRequested(process.argv, packaged);
// Decided before anything is opened: a packaged kiosk without a valid config opens nothing.
const plan = planStartup({ packaged, configPath: expectedConfigPath(), load: () => loadConfig() });
const dataDir = plan.kind === 'cabinet' ? plan.loaded.dataDir : (process.env.CABINET_DATA_DIR ?? defaultDataDir());
const rendererRoot = join(__dirname, '..', 'renderer');

// One log: the cabinet's once it exists; before that (or in setup mode) the same rotated files.
let earlyLog: ReturnType<typeof createLogFile> | undefined;
function log(level: Level, message: string, detail: unknown = {}, source: LogSource = 'main'): void {
  if (cabinet) return cabinet.log(level, message, detail, source);
  earlyLog ??= createLogFile(dataDir);
  earlyLog.write(level, message, detail, source);
  console[level](`[electron] ${message}`, detail);
}

// As early as possible: crashes during start-up are the interesting ones. Not in a second
// instance, which only quits.
if (singleInstance) {
  try {
    const dumps = startCrashReporter({ app, crashReporter }, dataDir);
    const count = countCrashDumps(dumps);
    if (count > 0) log('warn', `${count} crash dump(s) kept in ${dumps}`);
  } catch (error) {
    log('warn', 'crash reporter not started', { message: (error as Error).message });
  }
}

// Under systemd (packaging/linux/civic-cabinet.service): READY, the watchdog heartbeat, STOPPING.
const systemd = systemdNotifier({ env: process.env, pid: process.pid, log: (level, message, detail) => log(level, message, detail ?? {}) });

/** A clean relaunch: the same start-up path as after a power cut (ADR 0012). */
async function relaunch(reason: string): Promise<void> {
  log('warn', `relaunching: ${reason}`);
  systemd.stopping();
  await cabinet?.close().catch(() => undefined);
  // Under systemd a relaunched child would be killed with the exiting main process: let
  // systemd start us again (RestartForceExitStatus=75) instead.
  if (systemd.active) return app.exit(RESTART_EXIT_CODE);
  app.relaunch();
  app.exit(0);
}
guardProcess(process, { log: (level, message, detail) => log(level, message, detail), relaunch: (reason) => void relaunch(reason) });

// Every web contents, whichever creates it: contained and hardened.
app.on('web-contents-created', (_event, contents) => {
  guardContents(contents, (message, detail) => log('warn', message, detail, 'renderer'));
  hardenContents(contents, { devTools: !packaged && windowed, hideCursor: plan.kind === 'cabinet' && plan.loaded.config.kiosk.hideCursor });
});

async function startCabinet(loaded: Extract<typeof plan, { kind: 'cabinet' }>['loaded'], simulatorSurface: boolean): Promise<void> {
  const restarter = deferredRestarter(() => relaunch('restart asked from the console'), (message, error) => log('info', message, error ?? {}));
  cabinet = await createCabinet({ config: loaded.config, dataDir: loaded.dataDir, restarter, ...(loaded.source ? { configPath: loaded.source } : {}) });
  // The kiosk window is one screen: the same audience rules as each web harness connection.
  const screen = createScreenSession();
  const c = cabinet;
  // The simulator's methods answer only when the preload may expose them (defence in depth).
  const dispatch = screen.wrap(createDispatch({ handlers: c.handlers, simulator: simulatorSurface ? c.simulator : undefined }, (e) => c.log(e.level, `${e.method}: ${e.message}`, e.detail, 'ipc')));
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, payload: unknown) => {
    if (!isTrustedSender(event, window)) return { ok: false, error: { code: 'unknown-method', message: 'Calls are accepted only from the kiosk window.' } };
    return dispatch(method, payload);
  });
  c.onScreenEvent((event, data) => screen.deliver(event, data, () => window?.webContents.send(EVENT_CHANNEL, event, data)));
}

async function start(): Promise<void> {
  guardPermissions(session.defaultSession);
  handleAppScheme(protocol, rendererRoot, fs);
  applyKioskShell({ Menu, powerSaveBlocker });
  if (plan.kind === 'cabinet') await startCabinet(plan.loaded, plan.simulatorSurface);
  else log('error', `setup screen: no valid configuration at ${plan.configPath}`, { issues: plan.issues });

  // What the sandboxed preload exposes: it reads this from the environment main hands it.
  process.env[SIMULATOR_SURFACE_ENV] = surfaceEnvValue(plan.kind === 'cabinet' && plan.simulatorSurface);
  window = new BrowserWindow(kioskWindowOptions({ windowed, packaged, preloadPath: join(__dirname, 'preload.cjs') }));
  window.once('ready-to-show', () => window?.show());
  watchRenderer(window, {
    log: (level, message, detail) => log(level, message, detail, 'renderer'),
    relaunch: (reason) => void relaunch(reason),
    counter: createFailureCounter(DEFAULT_FAILURE_BUDGET, () => performance.now()),
  });
  await window.loadURL(plan.kind === 'cabinet' ? APP_INDEX_URL : `${APP_INDEX_URL}${setupHash({ configPath: plan.configPath, issues: plan.issues })}`);
  systemd.ready(plan.kind === 'cabinet' ? 'kiosk window shown' : 'setup screen shown');
}

if (singleInstance) {
  app.whenReady().then(start).catch((error: unknown) => {
    log('error', 'start-up failed', { message: (error as Error)?.message, stack: (error as Error)?.stack });
    app.exit(1);
  });
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  systemd.stopping();
  void cabinet?.close();
});
