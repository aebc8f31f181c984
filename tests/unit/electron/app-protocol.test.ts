// The app:// scheme against real files on disk: what the built renderer folder holds is served
// with its MIME type and the CSP header; nothing outside it is, however the URL is spelled.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  handleAppScheme,
  registerAppScheme,
  resolveAppPath,
  serveAppRequest,
} from '../../../main/electron/app-protocol';

// Made at collection time: the refusal table below names paths under it.
const base = mkdtempSync(join(tmpdir(), 'app-scheme-'));
const root = join(base, 'renderer');
const get = (url: string, method = 'GET') => serveAppRequest({ url, method }, root, fs);

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'noto.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(base, 'secret.txt'), 'the data key');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'index.html'), join(root, 'inside-link.html'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('serving the built renderer over app://', () => {
  it('serves index.html for / with the CSP as a response header', async () => {
    const response = await get('app://cabinet/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>kiosk</title>');
  });

  it('gives each asset its MIME type', async () => {
    expect((await get('app://cabinet/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://cabinet/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const font = await get('app://cabinet/assets/noto.woff2');
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(new Uint8Array(await font.arrayBuffer())).toEqual(new Uint8Array([0x77, 0x4f, 0x46, 0x32]));
  });

  it('follows a symlink that stays inside the folder', async () => {
    expect((await get('app://cabinet/inside-link.html')).status).toBe(200);
  });

  it.each([
    ['dot segments', 'app://cabinet/../secret.txt'],
    ['encoded dot segments', 'app://cabinet/%2e%2e/secret.txt'],
    ['mixed-case encoded dots', 'app://cabinet/assets/%2E%2e/%2e%2E/secret.txt'],
    ['encoded slashes', 'app://cabinet/assets/..%2f..%2fsecret.txt'],
    ['encoded backslashes', 'app://cabinet/assets/..%5c..%5csecret.txt'],
    ['an absolute path', `app://cabinet/${encodeURIComponent(join(base, 'secret.txt'))}`],
    ['a doubled slash', `app://cabinet/${join(base, 'secret.txt')}`],
    ['a drive letter', 'app://cabinet/C:/Windows/win.ini'],
    ['a NUL byte', 'app://cabinet/index.html%00.png'],
    ['a symlinked file leading out', 'app://cabinet/assets/escape.txt'],
    ['a symlinked folder leading out', 'app://cabinet/up/secret.txt'],
    ['another host', 'app://elsewhere/index.html'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', async (_what, url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('the data key');
  });

  it('answers 404 for a missing file or a folder, 400 for a malformed escape, 405 for a POST', async () => {
    expect((await get('app://cabinet/nothing.js')).status).toBe(404);
    expect((await get('app://cabinet/assets')).status).toBe(404);
    expect((await get('app://cabinet/%E0%A4%A')).status).toBe(400);
    expect((await get('app://cabinet/index.html', 'POST')).status).toBe(405);
  });

  it('resolves lexically inside the root only', () => {
    expect(resolveAppPath('app://cabinet/assets/app.css', root)).toEqual({ ok: true, path: join(root, 'assets', 'app.css') });
    expect(resolveAppPath('not a url', root)).toEqual({ ok: false, status: 400 });
  });
});

describe('registering the scheme with Electron (stand-in protocol module)', () => {
  it('asks for standard, secure, fetch and CORS, never bypassCSP, and serves through protocol.handle', async () => {
    const registered: unknown[] = [];
    const handlers = new Map<string, (r: Request) => Promise<Response>>();
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    handleAppScheme({ handle: (scheme, handler) => handlers.set(scheme, handler) }, root, fs);
    expect(registered).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    const response = await handlers.get('app')!(new Request('app://cabinet/index.html'));
    expect(response.status).toBe(200);
  });
});
