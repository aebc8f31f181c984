// SMS through the two providers' own signed APIs: Aliyun dysmsapi SendSms (version 2017-05-25,
// signature V3) and Tencent Cloud SMS SendSms (version 2021-01-11, TC3-HMAC-SHA256). A message goes
// out as the approved template configured for its kind, filled with its values; the provider's
// answer is read as the documents describe, and an error code decides retry or give up.
// The access key secret is read from the key file by name at each send (ADR 0010: never in the
// configuration or the database), so an installer can add or rotate it without a restart.
//   Aliyun SendSms (parameters, answer, error codes): https://help.aliyun.com/document_detail/55284.html
//     (en: https://help.aliyun.com/en/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms)
//   Tencent SendSms (parameters, answer, error codes): https://cloud.tencent.com/document/api/382/55981
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock';
import { DeliveryError, type Channel, type Outgoing } from '../../core/notify/channels';
import type { ChannelConfig, SmsTemplateKind, SmsTemplateValue } from '../../core/notify/config-schema';
import type { HttpClient, HttpResponse } from './http';
import { acsDate, percentEncode, signAcs3, signTc3 } from './sms-signing';

type AliyunConfig = Extract<ChannelConfig, { type: 'sms-aliyun' }>;
type TencentConfig = Extract<ChannelConfig, { type: 'sms-tencent' }>;

export interface ProviderDeps {
  clock: Clock;
  http: HttpClient;
  timeoutMs: number;
  /** A provider secret from the key file, by entry name; undefined when the installer put none. */
  secretOf(name: string): string | undefined;
  /** A fresh x-acs-signature-nonce (random by default; a test injects its own). */
  nonce?: () => string;
}

export type Verdict = 'retry' | 'permanent';

// Aliyun: isv.* is about the request itself (number, template, signature, content): sending it
// again cannot help, except the flow-control and balance codes listed here.
const ALIYUN_RETRY = new Set([
  'isv.BUSINESS_LIMIT_CONTROL', // per-number flow control (minute/hour/day): later will pass
  'isv.DAY_LIMIT_CONTROL',
  'isv.AMOUNT_NOT_ENOUGH', // the account is topped up, then it goes
  'isv.OUT_OF_SERVICE',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'ServiceUnavailable',
  'InternalError',
  'InvalidTimeStamp.Expired', // our clock is off by more than 15 min: NTP fixes it, the clock-jump alarm says so
  'SignatureNonceUsed', // the next attempt carries a new nonce
]);

/** Whether an Aliyun error code can pass on a later attempt. */
export function aliyunVerdict(code: string): Verdict {
  if (ALIYUN_RETRY.has(code) || code.startsWith('isp.') || code.startsWith('Throttling')) return 'retry';
  if (code.startsWith('isv.') || code.startsWith('InvalidAccessKeyId') || code.startsWith('Forbidden') || code.startsWith('Missing') || code.startsWith('Invalid')) return 'permanent';
  if (code === 'SignatureDoesNotMatch' || code === 'IncompleteSignature') return 'permanent';
  return 'retry';
}

/** Whether a Tencent Cloud error code can pass on a later attempt. */
export function tencentVerdict(code: string): Verdict {
  if (code.startsWith('LimitExceeded.') || code === 'RequestLimitExceeded' || code.startsWith('InternalError')) return 'retry';
  if (code === 'AuthFailure.SignatureExpire' || code === 'FailedOperation.InsufficientBalanceInSmsPackage' || code === 'ResourceUnavailable') return 'retry';
  if (/^(InvalidParameter|InvalidParameterValue|MissingParameter|UnauthorizedOperation|UnsupportedOperation|AuthFailure|FailedOperation|UnknownParameter)(\.|$)/.test(code)) return 'permanent';
  return 'retry';
}

const short = (value: string, max = 300) => (value.length > max ? `${value.slice(0, max)}…` : value);
/** A field of the provider's answer as text: whatever arrives, never a crash. */
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

function refused(provider: string, code: string, message: string, verdict: Verdict): DeliveryError {
  const hint =
    code === 'SignatureDoesNotMatch' || code.startsWith('AuthFailure.Signature') || code === 'AuthFailure.SecretIdNotFound' || code.startsWith('InvalidAccessKeyId')
      ? ' (check the access key and its secret in the key file)'
      : code === 'InvalidTimeStamp.Expired' || code === 'AuthFailure.SignatureExpire'
        ? ' (the cabinet clock is off: check the time source)'
        : '';
  return new DeliveryError(`${provider} ${code}: ${short(message)}${hint}`, verdict === 'permanent');
}

/** The approved template for the message's kind, its parameters filled, or a permanent error. */
function templateFor<T extends { params: unknown }>(channel: { id: string; templates: Partial<Record<SmsTemplateKind, T>> }, m: Outgoing): T {
  const template = channel.templates[m.kind as SmsTemplateKind];
  if (!template) throw new DeliveryError(`no approved template for "${m.kind}" messages on channel "${channel.id}" (notifications.channels: templates)`, true);
  return template;
}

function valueOf(m: Outgoing, name: SmsTemplateValue, param: string): string {
  const value = m.values?.[name] ?? '';
  // A template sent with a blank (a pickup code left out) would tell the resident something false.
  if (value === '') throw new DeliveryError(`the template parameter "${param}" takes "${name}", which this ${m.kind} message does not have`, true);
  return value;
}

function secret(deps: ProviderDeps, name: string): string {
  const value = deps.secretOf(name);
  if (!value) throw new DeliveryError(`the key file holds no "${name}" entry (the provider's secret): see docs/sms-providers.md`, true);
  return value;
}

async function exchange(deps: ProviderDeps, url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<HttpResponse> {
  try {
    return await deps.http.request(url, { method: 'POST', headers, body, timeoutMs: deps.timeoutMs, signal });
  } catch (error) {
    throw new DeliveryError(`network: ${(error as Error).message}`);
  }
}

function parseJson(provider: string, response: HttpResponse): Record<string, unknown> {
  try {
    const parsed = JSON.parse(response.body) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through: an HTML error page from a proxy, say
  }
  throw new DeliveryError(`${provider} answered HTTP ${response.status} with something other than JSON: ${short(response.body)}`);
}

/** The form body of Aliyun SendSms: PhoneNumbers, SignName, TemplateCode, TemplateParam, OutId. */
export function aliyunSendSmsForm(config: AliyunConfig, m: Outgoing, phone: string): string {
  const template = templateFor(config, m);
  const params = Object.fromEntries(Object.entries(template.params).map(([name, value]) => [name, valueOf(m, value, name)]));
  const fields: Record<string, string> = { PhoneNumbers: phone, SignName: config.signName, TemplateCode: template.templateCode };
  if (Object.keys(params).length > 0) fields.TemplateParam = JSON.stringify(params);
  fields.OutId = m.idempotencyKey.slice(0, 256); // echoed in the delivery receipt: our key
  return Object.entries(fields)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}

export function aliyunChannel(config: AliyunConfig, deps: ProviderDeps): Channel {
  const url = new URL(config.endpoint);
  const nonce = deps.nonce ?? (() => randomBytes(16).toString('hex'));
  return {
    id: config.id,
    type: config.type,
    close: () => {},
    async send(m, signal) {
      if (!m.phone) throw new DeliveryError('no phone number to send to', true);
      const body = aliyunSendSmsForm(config, m, m.phone);
      const signed = signAcs3({
        method: 'POST',
        host: url.host,
        path: url.pathname || '/',
        query: {},
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        action: 'SendSms',
        version: '2017-05-25',
        date: acsDate(deps.clock.now()),
        nonce: nonce(),
        accessKeyId: config.accessKeyId,
        accessKeySecret: secret(deps, config.secretName),
      });
      const response = await exchange(deps, url.toString(), signed.headers, body, signal);
      const answer = parseJson('Aliyun', response);
      if (answer.Code === 'OK' && response.status >= 200 && response.status < 300) return;
      const code = typeof answer.Code === 'string' ? answer.Code : `HTTP ${response.status}`;
      throw refused('Aliyun', code, text(answer.Message), response.status >= 500 ? 'retry' : aliyunVerdict(code));
    },
  };
}

/** Tencent takes E.164 numbers: a mainland 11-digit number gets +86. */
export function e164(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `+86${phone}` : phone;
}

export function tencentSendSmsPayload(config: TencentConfig, m: Outgoing, phone: string): string {
  const template = templateFor(config, m);
  return JSON.stringify({
    PhoneNumberSet: [e164(phone)],
    SmsSdkAppId: config.smsSdkAppId,
    SignName: config.signName,
    TemplateId: template.templateId,
    TemplateParamSet: template.params.map((name, i) => valueOf(m, name, `{${i + 1}}`)),
    SessionContext: m.idempotencyKey.slice(0, 512),
  });
}

interface TencentAnswer {
  Response?: { Error?: { Code?: unknown; Message?: unknown }; SendStatusSet?: { Code?: unknown; Message?: unknown }[] };
}


export function tencentChannel(config: TencentConfig, deps: ProviderDeps): Channel {
  const url = new URL(config.endpoint);
  return {
    id: config.id,
    type: config.type,
    close: () => {},
    async send(m, signal) {
      if (!m.phone) throw new DeliveryError('no phone number to send to', true);
      const payload = tencentSendSmsPayload(config, m, m.phone);
      const signed = signTc3({
        host: url.host,
        service: 'sms',
        action: 'SendSms',
        version: '2021-01-11',
        region: config.region,
        timestamp: Math.floor(deps.clock.now() / 1000),
        payload,
        secretId: config.secretId,
        secretKey: secret(deps, config.secretName),
      });
      const response = await exchange(deps, url.toString(), signed.headers, payload, signal);
      const answer = parseJson('Tencent', response) as TencentAnswer;
      const error = answer.Response?.Error;
      if (error?.Code) throw refused('Tencent', text(error.Code), text(error.Message), tencentVerdict(text(error.Code)));
      if (response.status < 200 || response.status > 299) throw new DeliveryError(`Tencent HTTP ${response.status}: ${short(response.body)}`);
      // One number per request: its status says whether this one went.
      const status = Array.isArray(answer.Response?.SendStatusSet) ? answer.Response.SendStatusSet[0] : undefined;
      if (status?.Code === 'Ok') return;
      const code = text(status?.Code) || 'no SendStatusSet';
      throw refused('Tencent', code, text(status?.Message) || short(response.body), tencentVerdict(code));
    },
  };
}
