// Containment of every web contents: no navigation away from app://cabinet, no new windows, no
// webviews, no permissions, and IPC only from the kiosk's own top frame. Pure decisions plus one
// wiring function over a small typed slice of Electron, so tests drive them with a stand-in.
import { APP_HOST, APP_SCHEME } from './app-protocol';

export interface Preventable {
  preventDefault(): void;
}

/** True for a URL of the app's own origin, app://cabinet/… (nothing else is ever loaded). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
  } catch {
    return false;
  }
}

/** The kiosk page itself, with or without a fragment (#setup=… is the technician's setup screen). */
export function isKioskPage(url: string): boolean {
  return isAppUrl(url) && new URL(url).pathname === '/index.html';
}

/** Permissions the kiosk grants: none. A resident's screen needs no camera, microphone, location or notifications. */
export function permissionAllowed(_permission: string, _requestingUrl: string): boolean {
  return false;
}

/** The slice of WebContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export type GuardLog = (message: string, detail: Record<string, unknown>) => void;

/** Wire the containment onto one web contents (called for every one, from 'web-contents-created'). */
export function guardContents(contents: GuardedContents, log: GuardLog): void {
  const refuse = (kind: string) => (event: Preventable, url: string) => {
    if (isKioskPage(url)) return;
    event.preventDefault();
    log(`${kind} refused`, { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The kiosk is one window: no pop-ups, not even of its own pages.
  contents.setWindowOpenHandler(({ url }) => {
    log('new window refused', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
}

/** The slice of Session used: both permission handlers answer from permissionAllowed. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

export function guardPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl ?? '')));
  session.setPermissionCheckHandler((_contents, permission, origin) => permissionAllowed(permission, origin));
}

/** Who may call the core over IPC: the kiosk window's own top frame, showing the kiosk page. */
export function isTrustedSender(
  event: { sender: unknown; senderFrame: { url: string } | null | undefined },
  window: { webContents: { mainFrame: unknown } } | undefined,
): boolean {
  if (!window || event.sender !== window.webContents) return false;
  return event.senderFrame === window.webContents.mainFrame && isKioskPage(event.senderFrame?.url ?? '');
}
