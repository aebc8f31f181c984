// The hub's HTTP server (node:http): the JSON API under /api and the built console. Every API
// request but login needs a live session (HttpOnly cookie); every state change needs the session's
// CSRF token in X-CSRF-Token and an Origin of this hub. Bad input answers 4xx; nothing a client
// sends ends the process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubPermission } from '../domain/access';
import { changesState, csrfMatches, csrfToken, originAllowed } from '../domain/sessions';
import type { Access, SignedIn } from './access-service';
import { HttpError, SESSION_COOKIE, clearedSessionCookie, parseCookies, readJson, sendFile, sendJson, sessionCookie } from './http-basics';
import { serveConsole } from './static';

export interface FileAnswer {
  file: Buffer;
  contentType: string;
  filename: string;
}
export interface RouteContext {
  who: SignedIn;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}
export interface Route {
  method: 'GET' | 'POST';
  /** e.g. `/api/cases/:cabinet/:reference`. */
  path: string;
  permission: HubPermission | 'signed-in';
  handle(ctx: RouteContext): Promise<unknown>;
}

export interface HubServerOptions {
  access: Access;
  routes: Route[];
  staticDir: string;
  host?: string;
  port?: number;
  /** The console's address as browsers see it (behind a proxy: https://hub.district.example). */
  publicOrigin?: string;
  /** Secure cookies: on when the console is served over TLS (by a proxy in front). */
  secureCookies?: boolean;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface HubServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Compiled = Route & { pattern: RegExp; names: string[] };

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => (names.push(name), '([^/]+)'));
  return { ...route, pattern: new RegExp(`^${source}$`), names };
}

function match(routes: Compiled[], method: string, path: string): { route: Compiled; params: Record<string, string> } | 'wrong-method' | null {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
    return { route, params };
  }
  return pathMatched ? 'wrong-method' : null;
}

interface ApiContext {
  access: Access;
  routes: Compiled[];
  secure: boolean;
  /** Filled once the port is known. */
  origins: string[];
}

/** Login: the only API call without a session (the Origin check still applies). */
async function login(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = (await readJson(req, 4096)) as { login?: unknown; password?: unknown };
  if (typeof body.login !== 'string' || typeof body.password !== 'string' || body.password.length > 256) throw new HttpError(400, 'bad-request', 'login and password are required.');
  const { sessionId, csrf, account } = await ctx.access.login({ login: body.login, password: body.password });
  sendJson(res, 200, { signedIn: true, login: account.login, name: account.name, role: account.role, departmentId: account.departmentId, csrf }, { 'set-cookie': sessionCookie(sessionId, ctx.secure) });
}

/** A declared route: its permission checked, its body read for a state change, its answer sent as JSON or a file. */
async function routed(ctx: ApiContext, who: SignedIn, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const found = match(ctx.routes, method, url.pathname);
  if (found === null) throw new HttpError(404, 'not-found', 'No such API.');
  if (found === 'wrong-method') throw new HttpError(405, 'method-not-allowed', 'Wrong method.');
  if (found.route.permission !== 'signed-in') await ctx.access.require(who, found.route.permission);
  const body = changesState(method) ? await readJson(req) : undefined;
  const result = await found.route.handle({ who, params: found.params, query: url.searchParams, body });
  if (result && typeof result === 'object' && 'file' in result && Buffer.isBuffer((result as FileAnswer).file)) {
    const f = result as FileAnswer;
    return sendFile(res, f.file, f.contentType, f.filename);
  }
  sendJson(res, 200, result ?? { ok: true });
}

/** /api/*: Origin on state changes, then the session, then CSRF on state changes, then the route. */
async function api(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  if (changesState(method) && !originAllowed(req.headers.origin, ctx.origins)) throw new HttpError(403, 'bad-origin', 'This request did not come from the console.');
  if (url.pathname === '/api/login' && method === 'POST') return login(ctx, req, res);
  const who = await ctx.access.authenticate(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  if (url.pathname === '/api/session' && method === 'GET') {
    if (!who) return sendJson(res, 200, { signedIn: false });
    return sendJson(res, 200, { signedIn: true, login: who.login, name: who.name, role: who.role, departmentId: who.departmentId, csrf: csrfToken(who.sessionId) });
  }
  if (!who) throw new HttpError(401, 'unauthorized', 'Please sign in.');
  const header = req.headers['x-csrf-token'];
  if (changesState(method) && !csrfMatches(who.sessionId, typeof header === 'string' ? header : undefined)) throw new HttpError(403, 'bad-csrf', 'The page is out of date: reload it.');
  if (url.pathname === '/api/logout' && method === 'POST') {
    await ctx.access.logout(who);
    return sendJson(res, 200, { ok: true }, { 'set-cookie': clearedSessionCookie(ctx.secure) });
  }
  return routed(ctx, who, req, res, url);
}

/** Every request: the API or the console's files; any error becomes an answer, never a crash. */
function requestHandler(ctx: ApiContext, staticDir: string, log: NonNullable<HubServerOptions['log']>) {
  const staticFiles = serveConsole(staticDir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://hub');
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: 'Bad address.' } });
    }
    try {
      if (url.pathname.startsWith('/api/')) await api(ctx, req, res, url);
      else await staticFiles(req, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return sendJson(res, error.status, { ok: false, error: { code: error.code, message: error.message, ...error.detail } });
      log('error', `${req.method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The hub could not complete this request.' } });
    }
  };
}

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const log = options.log ?? (() => undefined);
  const ctx: ApiContext = { access: options.access, routes: options.routes.map(compile), secure: options.secureCookies ?? false, origins: [] };
  const handle = requestHandler(ctx, options.staticDir, log);
  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('clientError', (error, socket) => {
    log('warn', `bad HTTP request: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.origins.push(`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...(options.publicOrigin ? [options.publicOrigin] : []));
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
