// The channels a message can go out on, one function each: a generic signed webhook, the WeCom
// (企业微信) and DingTalk (钉钉) group robots, e-mail over SMTP, and SMS through a configurable
// HTTP gateway, or the Aliyun and Tencent Cloud SMS APIs, signed (sms-providers.ts). Each throws a DeliveryError that says whether retrying can help; every request
// carries the message's idempotency key (HTTP header Idempotency-Key, mail Message-ID). This is
// I/O (node:http, nodemailer): the app builds the channels and hands the core's notifier the
// OpenChannels port (main/core/notify/channels.ts).
import { createHash, createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Clock } from '../../core/clock';
import { DeliveryError, type Channel, type OpenChannels, type Outgoing } from '../../core/notify/channels';
import type { ChannelConfig } from '../../core/notify/config-schema';
import { createHttpClient, type HttpClient, type HttpResponse } from './http';
import { aliyunChannel, tencentChannel } from './sms-providers';

export interface ChannelDeps {
  clock: Clock;
  http: HttpClient;
  timeoutMs: number;
  /** A provider secret from the key file by entry name (ADR 0010); none when not given. */
  secretOf?: (name: string) => string | undefined;
  /** The Aliyun signature nonce (random unless a test injects one). */
  nonce?: () => string;
}

/** The mail Message-ID of a message: the same key gives the same id, so a resend is recognisable. */
export function messageIdFor(idempotencyKey: string, cabinetId: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${cabinetId.toLowerCase()}.civic-cabinet>`;
}

/** The webhook signature: hex HMAC-SHA256 over `${timestamp}.${body}`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** DingTalk's signed mode: base64(HmacSHA256(secret, `${timestamp}\n${secret}`)), URL-encoded. */
export function dingtalkSign(secret: string, timestamp: string): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

const short = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

async function post(deps: ChannelDeps, url: string, headers: Record<string, string>, body: string | undefined, signal?: AbortSignal, method = 'POST'): Promise<HttpResponse> {
  let response: HttpResponse;
  try {
    response = await deps.http.request(url, { method, headers, body, timeoutMs: deps.timeoutMs, signal });
  } catch (error) {
    throw new DeliveryError(`network: ${(error as Error).message}`);
  }
  if (response.status < 200 || response.status > 299) throw new DeliveryError(`HTTP ${response.status}: ${short(response.body)}`);
  return response;
}

/** WeCom and DingTalk answer HTTP 200 with {"errcode": n, "errmsg": "..."}; only 0 is success. */
function checkErrcode(response: HttpResponse, service: string): void {
  let parsed: { errcode?: unknown; errmsg?: unknown };
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    throw new DeliveryError(`${service} answered something other than JSON: ${short(response.body)}`);
  }
  if (parsed.errcode !== 0) throw new DeliveryError(`${service} errcode ${String(parsed.errcode)}: ${String(parsed.errmsg ?? '')}`);
}

function valueAt(value: unknown, path: string): unknown {
  const parts = path.replace(/^\$?\.?/, '').split('.');
  let at: unknown = value;
  for (const p of parts) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[p];
  }
  return at;
}

type Encode = (value: string) => string;
const encoders: Record<'url' | 'json' | 'form' | 'raw', Encode> = {
  url: encodeURIComponent,
  json: (v) => JSON.stringify(v).slice(1, -1),
  form: (v) => encodeURIComponent(v).replace(/%20/g, '+'),
  raw: (v) => v,
};

/** Fill {{placeholders}}; an unknown placeholder is an error, not a silent blank. */
export function fillTemplate(template: string, values: Record<string, string>, encode: Encode): string {
  return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new DeliveryError(`the SMS template uses an unknown placeholder {{${name}}}`, true);
    return encode(value);
  });
}

export function createChannel(config: ChannelConfig, deps: ChannelDeps): Channel {
  const base = { id: config.id, type: config.type, close: () => {} };
  const commonHeaders = (m: Outgoing) => ({ 'Content-Type': 'application/json; charset=utf-8', 'Idempotency-Key': m.idempotencyKey });
  switch (config.type) {
    case 'webhook':
      return {
        ...base,
        async send(m, signal) {
          const body = JSON.stringify({
            id: m.idempotencyKey,
            kind: m.kind,
            audience: m.audience,
            cabinet: m.cabinetId,
            createdAt: m.createdAt,
            title: m.content.title,
            text: m.content.text,
            data: m.data,
          });
          const timestamp = String(Math.floor(deps.clock.now() / 1000));
          await post(
            deps,
            config.url,
            { ...config.headers, ...commonHeaders(m), 'X-Cabinet-Timestamp': timestamp, 'X-Cabinet-Signature': webhookSignature(config.secret, timestamp, body) },
            body,
            signal,
          );
        },
      };
    case 'wecom':
      return {
        ...base,
        async send(m, signal) {
          // The robot takes at most 4096 bytes of markdown.
          let content = m.content.markdown;
          while (Buffer.byteLength(content) > 4000) content = `${content.slice(0, Math.floor(content.length * 0.9))}…`;
          const response = await post(deps, config.url, commonHeaders(m), JSON.stringify({ msgtype: 'markdown', markdown: { content } }), signal);
          checkErrcode(response, 'WeCom');
        },
      };
    case 'dingtalk':
      return {
        ...base,
        async send(m, signal) {
          let url = config.url;
          if (config.secret) {
            const timestamp = String(Math.round(deps.clock.now()));
            url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${dingtalkSign(config.secret, timestamp)}`;
          }
          const body =
            config.msgtype === 'markdown'
              ? { msgtype: 'markdown', markdown: { title: m.content.title, text: m.content.markdown } }
              : { msgtype: 'text', text: { content: m.content.text } };
          const response = await post(deps, url, commonHeaders(m), JSON.stringify(body), signal);
          checkErrcode(response, 'DingTalk');
        },
      };
    case 'email':
      return emailChannel(config, deps, base);
    case 'sms':
      return smsChannel(config, deps, base);
    case 'sms-aliyun':
      return aliyunChannel(config, { ...deps, secretOf: deps.secretOf ?? (() => undefined) });
    case 'sms-tencent':
      return tencentChannel(config, { ...deps, secretOf: deps.secretOf ?? (() => undefined) });
  }
}

type Base = Pick<Channel, 'id' | 'type' | 'close'>;

function emailChannel(config: Extract<ChannelConfig, { type: 'email' }>, deps: ChannelDeps, base: Base): Channel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    ...(config.ca ? { tls: { ca: config.ca } } : {}),
    connectionTimeout: deps.timeoutMs,
    greetingTimeout: deps.timeoutMs,
    socketTimeout: deps.timeoutMs,
  });
  return {
    ...base,
    async send(m) {
      try {
        await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: m.content.title,
          text: m.content.text,
          messageId: messageIdFor(m.idempotencyKey, m.cabinetId),
          headers: { 'X-Idempotency-Key': m.idempotencyKey },
          date: new Date(m.createdAt),
        });
      } catch (error) {
        throw new DeliveryError(`SMTP: ${(error as Error).message}`);
      }
    },
    close: () => transport.close(),
  };
}

function smsChannel(config: Extract<ChannelConfig, { type: 'sms' }>, deps: ChannelDeps, base: Base): Channel {
  return {
    ...base,
    async send(m, signal) {
      if (!m.phone) throw new DeliveryError('no phone number to send to', true);
      const values: Record<string, string> = {
        phone: m.phone,
        text: m.content.text,
        code: m.code ?? '',
        kind: m.kind,
        reference: typeof m.data.reference === 'string' ? m.data.reference : '',
        cabinet: m.cabinetId,
        idempotencyKey: m.idempotencyKey,
      };
      const url = fillTemplate(config.url, values, encoders.url);
      const headers: Record<string, string> = { 'Idempotency-Key': m.idempotencyKey };
      if (config.body !== undefined) {
        headers['Content-Type'] = config.bodyEncoding === 'json' ? 'application/json; charset=utf-8' : config.bodyEncoding === 'form' ? 'application/x-www-form-urlencoded' : 'text/plain; charset=utf-8';
      }
      for (const [name, value] of Object.entries(config.headers)) headers[name] = fillTemplate(value, values, encoders.raw);
      const body = config.body === undefined || config.method === 'GET' ? undefined : fillTemplate(config.body, values, encoders[config.bodyEncoding]);
      const response = await post(deps, url, headers, body, signal, config.method);
      if (config.success) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(response.body);
        } catch {
          throw new DeliveryError(`the SMS gateway answered something other than JSON: ${short(response.body)}`);
        }
        const got = valueAt(parsed, config.success.jsonPath);
        if (got !== config.success.equals && String(got) !== String(config.success.equals)) {
          throw new DeliveryError(`the SMS gateway answered ${config.success.jsonPath} = ${JSON.stringify(got)}, expected ${JSON.stringify(config.success.equals)}: ${short(response.body)}`);
        }
      }
    },
  };
}

/**
 * The core's OpenChannels port: every configured channel over one keep-alive HTTP client. The
 * providers' secrets come from `secretOf` (the app reads the key file, main/app/key-file.ts).
 */
export function channelOpener(options: Pick<ChannelDeps, 'secretOf' | 'nonce'> = {}): OpenChannels {
  return (configs, { clock, timeoutMs }) => {
    const http = createHttpClient();
    const channels = new Map<string, Channel>(configs.map((c) => [c.id, createChannel(c, { clock, http, timeoutMs, ...options })]));
    return {
      channels,
      close() {
        for (const c of channels.values()) c.close();
        http.close();
      },
    };
  };
}

/** Channels with no provider secrets (every channel but the signed SMS providers works). */
export const openChannels: OpenChannels = channelOpener();
