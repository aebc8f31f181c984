// The renderer is served over a privileged `app://cabinet/` scheme instead of file:// (ADR
// "app-scheme-csp-guards"): a real origin, so module scripts with `crossorigin` and fonts load under
// CORS with the fuse grantFileProtocolExtraPrivileges off, and every response carries the CSP as a
// header. Files come only from the built renderer folder: dot segments, encoded ones, absolute
// paths, drive letters and symlinks leading out are refused. Pure apart from the file reads, which
// are injected, so tests run it against real files on disk without Electron.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { contentTypeFor } from '../contract/content-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'cabinet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The privileges asked of registerSchemesAsPrivileged: standard (relative URLs, storage), secure, fetch, CORS (fonts, module scripts). Never bypassCSP. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } as const;

/**
 * The policy sent with every response. Stricter than the meta tag in index.html (which also allows
 * the web harness's WebSocket): the kiosk talks to the core only over IPC, so it connects nowhere.
 * Inline styles stay allowed (React style props); inline scripts never.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');



export type Resolved = { ok: true; path: string } | { ok: false; status: 400 | 403 | 404 };

/** Map an app:// URL to a file under `root` (lexically; symlinks are checked by serveAppRequest). */
export function resolveAppPath(url: string, root: string): Resolved {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // After decoding, `%2e%2e`, `%2f`, `%5c` and NULs become visible: any of them is an attack, not a file.
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0') || s.includes(':'))) return { ok: false, status: 403 };
  const rel = segments.length ? segments.join('/') : 'index.html';
  if (isAbsolute(rel)) return { ok: false, status: 403 };
  const base = resolve(root);
  const path = resolve(base, rel);
  if (!isInside(base, path)) return { ok: false, status: 403 };
  return { ok: true, path };
}

export function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The file reads serveAppRequest needs (node:fs/promises fits). */
export interface AppFiles {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ isFile(): boolean }>;
  readFile(path: string): Promise<Uint8Array>;
}

function headers(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: headers('text/plain; charset=utf-8') });
}

/** Answer one request of the app:// scheme: a file of the built renderer, or a refusal. */
export async function serveAppRequest(request: { url: string; method: string }, root: string, files: AppFiles): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
  const resolved = resolveAppPath(request.url, root);
  if (!resolved.ok) return refusal(resolved.status);
  try {
    // A symlink inside the folder may point outside it: compare the real paths.
    const [realRoot, realPath] = await Promise.all([files.realpath(resolve(root)), files.realpath(resolved.path)]);
    if (!isInside(realRoot, realPath)) return refusal(403);
    if (!(await files.stat(realPath)).isFile()) return refusal(404);
    const body = request.method === 'HEAD' ? null : await files.readFile(realPath);
    return new Response(body as BodyInit | null, { status: 200, headers: headers(contentTypeFor(realPath)) });
  } catch {
    return refusal(404);
  }
}

/** The part of Electron's `protocol` module used here. */
export interface ProtocolApi {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: typeof APP_SCHEME_PRIVILEGES }[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Before `ready`: the scheme's privileges (once per process). */
export function registerAppScheme(protocol: Pick<ProtocolApi, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** After `ready`: serve the built renderer folder. */
export function handleAppScheme(protocol: Pick<ProtocolApi, 'handle'>, root: string, files: AppFiles): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, root, files));
}
