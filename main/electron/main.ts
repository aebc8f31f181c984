// The kiosk shell: app lifecycle, one hardened window, IPC wired to the contract's dispatcher.
// Hardening lives here in one visible place (inline options so scanners can read them).
import { app, BrowserWindow, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCabinet, type Cabinet } from '../app/cabinet';
import { createDispatch } from '../app/dispatch';
import { createScreenSession } from '../contract/screen-session';
import { ConfigError } from '../core/config';
import { loadConfig } from '../app/config-file';
import { deferredRestarter, RESTART_EXIT_CODE } from '../app/restart';
import { systemdNotifier } from '../app/systemd';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

const rendererIndex = join(__dirname, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const windowed = process.argv.includes('--windowed');

let cabinet: Cabinet | undefined;
// Under systemd (packaging/linux/civic-cabinet.service): READY, the watchdog heartbeat, STOPPING.
const systemd = systemdNotifier({ env: process.env, pid: process.pid, log: (level, message, detail) => console[level](`[electron] ${message}`, detail ?? '') });
let window: BrowserWindow | undefined;

// One handler for every web contents: no navigation away, no new windows, no permissions.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  // Only the app's own top-level frame may call the core.
  return window !== undefined && event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame && event.senderFrame?.url === rendererUrl;
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const loaded = loadConfig();
  // A restart is a relaunch of the whole app: the same start-up path as after a power cut (ADR 0012).
  const restarter = deferredRestarter(
    async () => {
      systemd.stopping();
      await cabinet?.close();
      // Under systemd a relaunched child would be killed with the exiting main process: let
      // systemd start us again (RestartForceExitStatus=75) instead.
      if (systemd.active) return app.exit(RESTART_EXIT_CODE);
      app.relaunch();
      app.exit(0);
    },
    (message, error) => console.info(`[electron] ${message}`, error ?? ''),
  );
  cabinet = await createCabinet({ config: loaded.config, dataDir: loaded.dataDir, restarter, ...(loaded.source ? { configPath: loaded.source } : {}) });
  // The kiosk window is one screen: the same audience rules as each web harness connection.
  const screen = createScreenSession();
  const log = cabinet.log;
  const dispatch = screen.wrap(createDispatch(cabinet, (e) => log(e.level, `${e.method}: ${e.message}`, e.detail, 'ipc')));

  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, payload: unknown) => {
    if (!isOwnFrame(event)) return { ok: false, error: { code: 'unknown-method', message: 'Calls are accepted only from the kiosk window.' } };
    return dispatch(method, payload);
  });

  window = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: !windowed,
    fullscreen: !windowed,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  cabinet.onScreenEvent((event, data) => screen.deliver(event, data, () => window?.webContents.send(EVENT_CHANNEL, event, data)));
  window.once('ready-to-show', () => window?.show());
  // Renderer crashes land in the same log as the main process and IPC errors.
  window.webContents.on('render-process-gone', (_event, details) => log('error', `renderer gone: ${details.reason}`, details, 'renderer'));
  await window.loadFile(rendererIndex);
  systemd.ready('kiosk window shown');
}

app.whenReady().then(start, () => app.quit()).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  systemd.stopping();
  void cabinet?.close();
});
