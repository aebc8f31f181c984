// Containment: navigation, redirects, pop-ups, webviews, permissions and IPC senders, driven
// through a stand-in web contents and session.
import { describe, expect, it } from 'vitest';
import { guardContents, guardPermissions, isAppUrl, isKioskPage, isTrustedSender, permissionAllowed } from '../../../main/electron/guards';
import { StandInEmitter } from './stand-in';

class StandInContents extends StandInEmitter {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler;
  }
}

function guarded() {
  const contents = new StandInContents();
  const logged: string[] = [];
  guardContents(contents, (message) => logged.push(message));
  return { contents, logged };
}

describe('navigation guards', () => {
  it('lets the kiosk page (with or without its setup fragment) load, and nothing else', () => {
    const { contents, logged } = guarded();
    expect(contents.emitPreventable('will-navigate', 'app://cabinet/index.html')).toBe(false);
    expect(contents.emitPreventable('will-navigate', 'app://cabinet/index.html#setup=%7B%7D')).toBe(false);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://cabinet/assets/x.js', 'app://evil/index.html', 'app://user:pw@cabinet/index.html', 'http://127.0.0.1:8080/index.html', 'javascript:alert(1)', 'data:text/html,hi', 'not a url']) {
      expect(contents.emitPreventable('will-navigate', url), url).toBe(true);
      expect(contents.emitPreventable('will-redirect', url), url).toBe(true);
    }
    expect(logged).toContain('navigation refused');
    expect(logged).toContain('redirect refused');
  });

  it('denies every new window, even of the app itself, and every webview', () => {
    const { contents, logged } = guarded();
    expect(contents.openHandler?.({ url: 'app://cabinet/index.html' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(logged.filter((m) => m === 'new window refused')).toHaveLength(2);
    expect(contents.emitPreventable('will-attach-webview', {}, {})).toBe(true);
  });

  it('tells app URLs from look-alikes', () => {
    expect(isAppUrl('app://cabinet/index.html')).toBe(true);
    expect(isAppUrl('app://cabinet.evil/index.html')).toBe(false);
    expect(isAppUrl('app://cabinet:81/index.html')).toBe(false);
    expect(isAppUrl('apps://cabinet/index.html')).toBe(false);
    expect(isKioskPage('app://cabinet/assets/index.js')).toBe(false);
  });
});

describe('permissions', () => {
  it('answers no to every request and every check, from any origin', async () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void, d: { requestingUrl?: string }) => void) | undefined;
    let check: ((c: unknown, p: string, o: string) => boolean) | undefined;
    guardPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    for (const permission of ['media', 'geolocation', 'notifications', 'fullscreen', 'openExternal', 'serial', 'usb', 'clipboard-read']) {
      const granted = await new Promise<boolean>((resolve) => request?.({}, permission, resolve, { requestingUrl: 'app://cabinet/index.html' }));
      expect(granted, permission).toBe(false);
      expect(check?.({}, permission, 'app://cabinet'), permission).toBe(false);
      expect(check?.({}, permission, 'https://example.com'), permission).toBe(false);
    }
    expect(permissionAllowed('media', 'https://example.com')).toBe(false);
  });
});

describe('IPC senders', () => {
  const mainFrame = { url: 'app://cabinet/index.html' };
  const webContents = { mainFrame };
  const window = { webContents };
  it('trusts only the kiosk window’s own top frame on the kiosk page', () => {
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, window)).toBe(true);
    expect(isTrustedSender({ sender: webContents, senderFrame: { url: 'app://cabinet/index.html' } }, window)).toBe(false);
    expect(isTrustedSender({ sender: {}, senderFrame: mainFrame }, window)).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: null }, window)).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, undefined)).toBe(false);
    const elsewhere = { url: 'https://example.com/' };
    expect(isTrustedSender({ sender: { mainFrame: elsewhere }, senderFrame: elsewhere }, { webContents: { mainFrame: elsewhere } })).toBe(false);
  });
});
