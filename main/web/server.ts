// The web harness: the real core and the built renderer on 127.0.0.1, the contract over a
// WebSocket. For development without Electron and for end-to-end tests; never in the kiosk.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Cabinet } from '../app/cabinet';
import { createDispatch } from '../app/dispatch';
import { serveStatic } from './static-files';
import { createScreenSession, type ScreenSession } from '../contract/screen-session';
import type { Dispatch } from '../contract/dispatch';
import type { Response } from '../contract/errors';

export interface WebHarness {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface WebHarnessOptions {
  cabinet: Cabinet;
  staticDir: string;
  port?: number;
  log?: (level: 'warn' | 'error', message: string, detail?: unknown) => void;
}

const LOOPBACK = '127.0.0.1';

type MessageId = number | string | null;
const field = (value: unknown, name: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined);
/**
 * The id echoed in the answer: a number or a short string, as the clients send. Anything else is
 * not echoed (answered with id null): echoing any structure let a deeply nested id make
 * JSON.stringify throw, and the call went unanswered.
 */
function messageId(message: unknown): MessageId {
  const id = field(message, 'id');
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  if (typeof id === 'string' && id.length <= 128) return id;
  return null;
}
const MAX_SCREENS = 64;

export async function startWebHarness(options: WebHarnessOptions): Promise<WebHarness> {
  const { cabinet } = options;
  // By default into the cabinet's one log (file + console), as the kiosk shell's IPC errors.
  const log = options.log ?? ((level, message, detail) => cabinet.log(level, `[web] ${message}`, detail, 'ipc'));
  const dispatch = createDispatch(cabinet, (e) => log(e.level, `${e.method}: ${e.message}`, e.detail));

  const server: Server = createServer(serveStatic(options.staticDir));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<WebSocket>();
  const screens = new Map<WebSocket, ScreenSession>();
  /** Screens by the page's own id, the most recent last; a page that went away is forgotten in time. */
  const byId = new Map<string, ScreenSession>();
  const screenOf = (id: string | undefined): ScreenSession => {
    if (!id || !/^[\w-]{8,64}$/.test(id)) return createScreenSession();
    const screen = byId.get(id) ?? createScreenSession();
    byId.delete(id);
    byId.set(id, screen);
    if (byId.size > MAX_SCREENS) byId.delete(byId.keys().next().value as string);
    return screen;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const allowedOrigins = new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);

  // Nothing a client sends may end the process: a broken request or socket is logged and dropped.
  server.on('clientError', (error, socket) => {
    log('warn', `bad HTTP request: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (error) => log('warn', `WebSocket connection: ${error.message}`));
    // Only pages this harness served may talk to the core (no other site in the browser can).
    const origin = req.headers.origin;
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws' || (origin !== undefined && !allowedOrigins.has(origin))) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    const screenId = new URL(req.url ?? '/', 'http://x').searchParams.get('screen') ?? undefined;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, screenId));
  });

  wss.on('connection', (ws: WebSocket, screenId: string | undefined) => {
    // Each page is one screen (kept across its reconnects by its own id): it sees only its own
    // flows' events, and staff events once logged in.
    const screen = screenOf(screenId);
    const call = screen.wrap(dispatch);
    screens.set(ws, screen);
    clients.add(ws);
    ws.on('close', () => {
      clients.delete(ws);
      screens.delete(ws);
    });
    // A protocol error (oversized, unmasked, bad UTF-8, reserved bits or opcodes): ws closes the
    // connection with the right code; without this listener the error would end the process.
    ws.on('error', (error) => log('warn', `WebSocket closed on a protocol error: ${error.message}`));
    ws.on('message', (raw) => void answer(ws, call, raw.toString()));
  });

  /** One message, one answer: whatever the client sent, it gets a result or a typed error (never a rejection). */
  async function answer(ws: WebSocket, call: Dispatch, text: string): Promise<void> {
    let id: MessageId = null;
    let response: Response;
    try {
      const message: unknown = JSON.parse(text);
      id = messageId(message);
      response = await call(field(message, 'method'), field(message, 'payload'));
    } catch (error) {
      const notJson = error instanceof SyntaxError;
      if (!notJson) log('error', 'a message could not be answered', error instanceof Error ? error.stack : error);
      response = { ok: false, error: notJson ? { code: 'bad-request', message: 'Message is not JSON.' } : { code: 'internal', message: 'The cabinet could not complete this request.' } };
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, response }));
  }

  const unsubscribe = [
    cabinet.onScreenEvent((event, data) => {
      const text = JSON.stringify({ event, data });
      for (const ws of clients) screens.get(ws)?.deliver(event, data, () => ws.readyState === ws.OPEN && ws.send(text));
    }),
  ];

  return {
    url: `http://${LOOPBACK}:${port}/`,
    port,
    async close() {
      unsubscribe.forEach((u) => u());
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
