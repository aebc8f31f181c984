// Real servers for the notification tests, on 127.0.0.1 only: one HTTP server that plays the
// generic webhook (checks the HMAC signature), the WeCom and DingTalk robots (checks DingTalk's
// sign) and an SMS gateway, and can fail or hang on demand; and an SMTP server (smtp-server) that
// receives real mail over STARTTLS with a certificate made for 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface Received {
  path: string;
  key: string;
  body: string;
  headers: http.IncomingHttpHeaders;
  query: URLSearchParams;
}

export interface HttpTestServer {
  url: string;
  /** Every request that reached the server, accepted or not, in arrival order. */
  requests: Received[];
  /** Requests processed (2xx and a valid signature), once per idempotency key. */
  accepted: Received[];
  /** Requests whose idempotency key was already processed: answered 200, not processed again. */
  replays: Received[];
  /** Times each "path key" was processed (the dedupe count: must never exceed 1). */
  processed: Map<string, number>;
  /** Answer 503 to the next N requests. */
  failNext: number;
  /** Answer 503 to requests whose key matches, this many times. */
  failKey: Map<string, number>;
  /** Process the request but never answer it (the sender hangs until it times out or dies). */
  hang: boolean;
  /** The same, only for these idempotency keys. */
  hangKeys: Set<string>;
  /** Answer the robots with this errcode instead of 0, N times. */
  robotErrcode: { code: number; times: number };
  close(): Promise<void>;
}

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const DINGTALK_SECRET = 'SECtest-dingtalk-secret';

function verifyWebhook(r: Received): boolean {
  const ts = String(r.headers['x-cabinet-timestamp'] ?? '');
  const sig = String(r.headers['x-cabinet-signature'] ?? '');
  const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${ts}.${r.body}`).digest('hex');
  return sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected)) && /^\d+$/.test(ts);
}

function verifyDingtalk(r: Received): boolean {
  const ts = r.query.get('timestamp') ?? '';
  // URLSearchParams has already decoded the url-encoded sign once.
  const sign = r.query.get('sign') ?? '';
  const expected = createHmac('sha256', DINGTALK_SECRET).update(`${ts}\n${DINGTALK_SECRET}`).digest('base64');
  return sign === expected;
}

export async function startHttpServer(): Promise<HttpTestServer> {
  const state: Omit<HttpTestServer, 'url' | 'close'> = {
    requests: [],
    accepted: [],
    replays: [],
    processed: new Map(),
    failNext: 0,
    failKey: new Map(),
    hang: false,
    hangKeys: new Set(),
    robotErrcode: { code: 0, times: 0 },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r: Received = { path: url.pathname, key: String(req.headers['idempotency-key'] ?? ''), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, query: url.searchParams };
      state.requests.push(r);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (state.failNext > 0) {
        state.failNext -= 1;
        return json(503, { error: 'down for the test' });
      }
      const keyFails = state.failKey.get(r.key) ?? 0;
      if (keyFails > 0) {
        state.failKey.set(r.key, keyFails - 1);
        return json(503, { error: 'down for this key' });
      }
      const robot = r.path === '/wecom' || r.path === '/dingtalk';
      if (r.path === '/webhook' && !verifyWebhook(r)) return json(401, { error: 'bad signature' });
      if (r.path === '/dingtalk' && !verifyDingtalk(r)) return json(200, { errcode: 310000, errmsg: 'sign not match' });
      if (robot && state.robotErrcode.times > 0) {
        state.robotErrcode.times -= 1;
        return json(200, { errcode: state.robotErrcode.code, errmsg: 'robot says no' });
      }
      // Each receiver (path) de-duplicates on its own, as separate services would.
      const dedupe = `${r.path} ${r.key}`;
      const seen = state.processed.get(dedupe) ?? 0;
      if (seen > 0) state.replays.push(r);
      else {
        state.processed.set(dedupe, 1);
        state.accepted.push(r);
      }
      if (state.hang || state.hangKeys.has(r.key)) return; // processed, but the answer never comes
      if (robot) return json(200, { errcode: 0, errmsg: 'ok' });
      if (r.path === '/sms') return json(200, { result: { code: 0 }, id: state.accepted.length });
      return json(200, { ok: true });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const result = Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return result;
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  /** The decoded text body (a single-part text/plain mail). */
  text: string;
  user: string | undefined;
  secure: boolean;
}

export interface SmtpTestServer {
  port: number;
  ca: string;
  mails: Mail[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (openssl, made once per test file). */
export function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cert-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

export async function startSmtpServer(auth: { user: string; pass: string }): Promise<SmtpTestServer> {
  const { key, cert } = makeCertificate();
  const mails: Mail[] = [];
  const server = new SMTPServer({
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(a, _session, callback) {
      if (a.username === auth.user && a.password === auth.pass) return callback(null, { user: a.username });
      return callback(new Error('bad credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ').trim() ?? '';
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: header('Subject'),
          messageId: header('Message-ID'),
          text: decodeBody(raw, header('Content-Transfer-Encoding').toLowerCase()),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address() as AddressInfo;
  return { port: address.port, ca: cert, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Decode an RFC 2047 subject (=?UTF-8?B?...?= / =?UTF-8?Q?...?=) to text. */
export function decodeMimeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

function decodeBody(raw: string, encoding: string): string {
  const at = raw.indexOf('\r\n\r\n');
  const body = at < 0 ? '' : raw.slice(at + 4);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
