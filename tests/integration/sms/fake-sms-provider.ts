// A local stand-in for the two SMS providers' APIs, real HTTP on 127.0.0.1. It checks each request
// as the provider's gateway would, recomputing the signature from what arrived on the wire,
// written from the providers' documents alone (it does not import the cabinet's signer):
//   Aliyun V3:  https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature
//   Tencent v3: https://cloud.tencent.com/document/product/213/30654
// It answers the documented success and error JSON, and can be told to fail, to skew its clock
// or to see a body altered in transit.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderSms {
  provider: 'aliyun' | 'tencent';
  phone: string;
  signName: string;
  template: string;
  /** Aliyun: the TemplateParam object; Tencent: the TemplateParamSet, as {"1": …, "2": …}. */
  params: Record<string, string>;
  /** Aliyun OutId / Tencent SessionContext: the cabinet's idempotency key. */
  context: string;
}

export interface Refusal {
  provider: 'aliyun' | 'tencent';
  code: string;
}

export interface FakeSmsProvider {
  url: string;
  /** Messages accepted (signature valid, parameters fine), in arrival order. */
  sent: ProviderSms[];
  /** Requests refused, with the provider's error code. */
  refusals: Refusal[];
  /** Key id → secret, as the provider's console holds them. */
  keys: Map<string, string>;
  /** Added to the real time when checking a request's time (a cabinet clock off by this much). */
  skewMs: number;
  /** Answer the next requests with this business error code instead of sending. */
  failNext: { code: string; times: number };
  /** Change one character of the next request bodies before checking (a body altered in transit). */
  tamperNext: number;
  /** Answer the next requests with these bodies as they are (HTTP 200), whatever was asked. */
  rawAnswers: string[];
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

// ---- Aliyun: ACS3-HMAC-SHA256 as the gateway checks it ----

/** RFC 3986 with %20 for space, %2A for *, ~ unencoded (the document's percentCode). */
const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function parseAcsAuthorization(value: string): { id: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(value);
  return m ? { id: m[1] as string, signedHeaders: (m[2] as string).split(';'), signature: m[3] as string } : undefined;
}

function aliyunExpectedSignature(req: http.IncomingMessage, url: URL, body: Buffer, signedHeaders: string[], secret: string): string {
  const query = [...url.searchParams.entries()].map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).sort().join('&');
  const headerLines = signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  // The gateway hashes the body it received, whatever x-acs-content-sha256 claims.
  const canonical = `${req.method}\n${url.pathname}\n${query}\n${headerLines}\n${signedHeaders.join(';')}\n${sha256(body)}`;
  return createHmac('sha256', secret).update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`).digest('hex');
}

type Answer = { status: number; json: unknown };
const aliyunError = (status: number, code: string, message: string): Answer => ({ status, json: { RequestId: randomUUID(), HostId: 'dysmsapi.aliyuncs.com', Code: code, Message: message } });

function aliyunAuth(state: FakeSmsProvider, seenNonces: Set<string>, req: http.IncomingMessage, url: URL, body: Buffer): Answer | undefined {
  const auth = parseAcsAuthorization(String(req.headers.authorization ?? ''));
  if (!auth) return aliyunError(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  const secret = state.keys.get(auth.id);
  if (secret === undefined) return aliyunError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const required = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
  if (!required.every((h) => auth.signedHeaders.includes(h))) return aliyunError(400, 'IncompleteSignature', 'A required header is not signed.');
  const date = String(req.headers['x-acs-date'] ?? '');
  // The document: the time must be within 15 minutes of the request being sent.
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(date) || Math.abs(Date.parse(date) - (Date.now() + state.skewMs)) > 15 * 60_000) {
    return aliyunError(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired.`);
  }
  const nonce = String(req.headers['x-acs-signature-nonce'] ?? '');
  if (!nonce || seenNonces.has(nonce)) return aliyunError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  seenNonces.add(nonce);
  if (aliyunExpectedSignature(req, url, body, auth.signedHeaders, secret) !== auth.signature) {
    return aliyunError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
  }
  return undefined;
}

function aliyunSendSms(state: FakeSmsProvider, req: http.IncomingMessage, body: Buffer): Answer {
  if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25') return aliyunError(400, 'InvalidAction.NotFound', 'Specified api is not found.');
  const form = new URLSearchParams(body.toString('utf8'));
  const phone = form.get('PhoneNumbers') ?? '';
  const template = form.get('TemplateCode') ?? '';
  const signName = form.get('SignName') ?? '';
  if (!phone || !template || !signName) return aliyunError(400, 'MissingParameter', 'PhoneNumbers, SignName and TemplateCode are required.');
  if (state.failNext.times > 0) {
    state.failNext.times -= 1;
    return { status: 200, json: { RequestId: randomUUID(), Code: state.failNext.code, Message: `fake provider: ${state.failNext.code}` } };
  }
  if (!/^(\+?86)?1\d{10}$/.test(phone)) return { status: 200, json: { RequestId: randomUUID(), Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } };
  let params: Record<string, string>;
  try {
    params = form.has('TemplateParam') ? (JSON.parse(form.get('TemplateParam') as string) as Record<string, string>) : {};
  } catch {
    return { status: 200, json: { RequestId: randomUUID(), Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' } };
  }
  state.sent.push({ provider: 'aliyun', phone, signName, template, params, context: form.get('OutId') ?? '' });
  return { status: 200, json: { RequestId: randomUUID(), Code: 'OK', Message: 'OK', BizId: `${state.sent.length}^0` } };
}

// ---- Tencent Cloud: TC3-HMAC-SHA256 as the API gateway checks it ----

const tencentError = (code: string, message: string): Answer => ({ status: 200, json: { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } } });

function tencentAuth(state: FakeSmsProvider, req: http.IncomingMessage, body: Buffer): Answer | undefined {
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization ?? ''));
  if (!m) return tencentError('AuthFailure.InvalidAuthorization', 'Authorization header is not valid.');
  const [, id, date, service, signedList, signature] = m as unknown as [string, string, string, string, string, string];
  const secret = state.keys.get(id);
  if (secret === undefined) return tencentError('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  const timestamp = Number(req.headers['x-tc-timestamp']);
  // The document: a request more than 5 minutes off the server's time is refused.
  if (!Number.isInteger(timestamp) || Math.abs(timestamp * 1000 - (Date.now() + state.skewMs)) > 300_000) {
    return tencentError('AuthFailure.SignatureExpire', 'Signature expired. Timestamp and server time cannot differ by more than 5 minutes.');
  }
  const signed = signedList.split(';');
  if (!signed.includes('content-type') || !signed.includes('host') || date !== new Date(timestamp * 1000).toISOString().slice(0, 10)) {
    return tencentError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
  }
  const headerLines = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim().toLowerCase()}\n`).join('');
  const canonical = `POST\n/\n\n${headerLines}\n${signedList}\n${sha256(body)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${secret}`, date), service), 'tc3_request');
  if (createHmac('sha256', key).update(stringToSign).digest('hex') !== signature) {
    return tencentError('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
  }
  return undefined;
}

function tencentSendSms(state: FakeSmsProvider, req: http.IncomingMessage, body: Buffer): Answer {
  if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11') return tencentError('InvalidAction', 'The action is not found.');
  let p: { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[]; SessionContext?: string };
  try {
    p = JSON.parse(body.toString('utf8')) as typeof p;
  } catch {
    return tencentError('InvalidParameter', 'The body is not JSON.');
  }
  if (!p.PhoneNumberSet?.length || !p.SmsSdkAppId || !p.TemplateId) return tencentError('MissingParameter', 'PhoneNumberSet, SmsSdkAppId and TemplateId are required.');
  const phone = p.PhoneNumberSet[0] as string;
  const status = (code: string, message: string) => ({ SerialNo: code === 'Ok' ? randomUUID() : '', PhoneNumber: phone, Fee: code === 'Ok' ? 1 : 0, SessionContext: p.SessionContext ?? '', Code: code, Message: message, IsoCode: 'CN' });
  const answer = (code: string, message: string): Answer => ({ status: 200, json: { Response: { SendStatusSet: [status(code, message)], RequestId: randomUUID() } } });
  if (state.failNext.times > 0) {
    state.failNext.times -= 1;
    return answer(state.failNext.code, `fake provider: ${state.failNext.code}`);
  }
  if (!/^\+861\d{10}$/.test(phone)) return answer('InvalidParameterValue.IncorrectPhoneNumber', 'incorrect number format');
  const params = Object.fromEntries((p.TemplateParamSet ?? []).map((v, i) => [String(i + 1), v]));
  state.sent.push({ provider: 'tencent', phone, signName: p.SignName ?? '', template: p.TemplateId, params, context: p.SessionContext ?? '' });
  return answer('Ok', 'send success');
}

function tamper(body: Buffer): Buffer {
  const copy = Buffer.from(body);
  const i = copy.indexOf('8'); // a digit of the phone number, 13800… → 13900…
  if (i >= 0) copy[i] = '9'.charCodeAt(0);
  return copy;
}

/** Aliyun at /aliyun/, Tencent at /tencent/ (each client's endpoint points at its path). */
export async function startFakeSmsProvider(keys: Record<string, string>): Promise<FakeSmsProvider> {
  const seenNonces = new Set<string>();
  const state = { sent: [], refusals: [], keys: new Map(Object.entries(keys)), skewMs: 0, failNext: { code: '', times: 0 }, tamperNext: 0, rawAnswers: [] } as Omit<FakeSmsProvider, 'url' | 'close'>;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = state.rawAnswers.shift();
      if (raw !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' });
        res.end(raw);
        return;
      }
      let body: Buffer = Buffer.concat(chunks);
      if (state.tamperNext > 0) {
        state.tamperNext -= 1;
        body = tamper(body);
      }
      const provider = url.pathname.startsWith('/aliyun') ? 'aliyun' : 'tencent';
      const answer =
        provider === 'aliyun'
          ? (aliyunAuth(state as FakeSmsProvider, seenNonces, req, url, body) ?? aliyunSendSms(state as FakeSmsProvider, req, body))
          : (tencentAuth(state as FakeSmsProvider, req, body) ?? tencentSendSms(state as FakeSmsProvider, req, body));
      const json = answer.json as { Code?: string; Response?: { Error?: { Code?: string }; SendStatusSet?: { Code?: string }[] } };
      const code = json.Code ?? json.Response?.Error?.Code ?? json.Response?.SendStatusSet?.[0]?.Code;
      if (code && code !== 'OK' && code !== 'Ok') state.refusals.push({ provider, code });
      res.writeHead(answer.status, { 'Content-Type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as FakeSmsProvider;
}
