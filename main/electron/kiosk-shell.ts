// The kiosk around the window: no application menu, the display never sleeps, one instance only
// (a second launch focuses the first), and per web contents: no zoom (pinch or Ctrl+wheel), no
// reload/devtools/close/fullscreen-exit keys, and on touch units no mouse cursor.
import { isBlockedShortcut, type KeyInput, type ShortcutPolicy } from './shortcuts';

export const HIDE_CURSOR_CSS = '*, *::before, *::after { cursor: none !important; }';

export interface ShellApi {
  Menu: { setApplicationMenu(menu: null): void };
  powerSaveBlocker: { start(type: 'prevent-display-sleep'): number };
}

/** App-wide: no menu (its accelerators are shortcuts too), no display sleep. Returns the blocker id. */
export function applyKioskShell(api: ShellApi): number {
  api.Menu.setApplicationMenu(null);
  return api.powerSaveBlocker.start('prevent-display-sleep');
}

export interface HardenedContents {
  on(event: 'before-input-event', listener: (event: { preventDefault(): void }, input: KeyInput) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'zoom-changed', listener: () => void): unknown;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void>;
  setZoomFactor(factor: number): void;
  insertCSS(css: string): Promise<string>;
}

export interface ContentsPolicy extends ShortcutPolicy {
  hideCursor: boolean;
}

export function hardenContents(contents: HardenedContents, policy: ContentsPolicy): void {
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, policy)) event.preventDefault();
  });
  // Ctrl+wheel asks for a zoom change: answered by staying at 100 %.
  contents.on('zoom-changed', () => contents.setZoomFactor(1));
  contents.on('did-finish-load', () => {
    // Pinch and Ctrl+wheel zoom off; set again after every load (a reload resets it).
    void contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
    if (policy.hideCursor) void contents.insertCSS(HIDE_CURSOR_CSS).catch(() => undefined);
  });
}

export interface InstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  quit(): void;
}

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** False (and quitting) when another instance runs; else a second launch brings this one forward. */
export function claimSingleInstance(app: InstanceApp, window: () => FocusableWindow | undefined): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const w = window();
    if (!w || w.isDestroyed()) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  });
  return true;
}
