// The `notifications` part of the cabinet's configuration: any number of channels (a discriminated
// union on `type`, each field checked and named on error), which audience goes to which channel,
// the nightly digest's local time, and the retry policy of the outbox worker.
import { z } from 'zod';

const channelId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, "-" or "_" (at most 40)');

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'expected an http:// or https:// URL');

const headers = z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string()).default({});
const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'an e-mail address');

/** Generic webhook: a JSON POST signed with HMAC-SHA256 over `${timestamp}.${body}`. */
const webhookChannel = z
  .object({
    type: z.literal('webhook'),
    id: channelId,
    url: httpUrl,
    /** Shared secret of the signature (at least 16 characters). */
    secret: z.string().min(16, 'at least 16 characters'),
    headers,
  })
  .strict();

/** 企业微信 group robot: the robot's webhook URL (with its key). */
const wecomChannel = z.object({ type: z.literal('wecom'), id: channelId, url: httpUrl }).strict();

/** 钉钉 robot: the webhook URL (with access_token); `secret` turns on signed mode (加签). */
const dingtalkChannel = z
  .object({
    type: z.literal('dingtalk'),
    id: channelId,
    url: httpUrl,
    secret: z.string().min(1).optional(),
    msgtype: z.enum(['markdown', 'text']).default('markdown'),
  })
  .strict();

/** E-mail through SMTP: implicit TLS (465), STARTTLS required (587), or plain for a LAN relay. */
const emailChannel = z
  .object({
    type: z.literal('email'),
    id: channelId,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).strict().optional(),
    /** PEM of a private CA the mail server's certificate is issued by. */
    ca: z.string().includes('BEGIN CERTIFICATE', { message: 'a PEM certificate' }).optional(),
    from: email,
    to: z.array(email).min(1, 'at least one recipient'),
  })
  .strict();

/**
 * SMS through any HTTP gateway, described by a template so a provider plugs in without code.
 * Placeholders in url, headers and body: {{phone}} {{text}} {{code}} {{kind}} {{reference}}
 * {{cabinet}} {{idempotencyKey}}; values are encoded for where they stand (URL, JSON or form).
 */
const smsChannel = z
  .object({
    type: z.literal('sms'),
    id: channelId,
    url: httpUrl,
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    headers,
    body: z.string().optional(),
    bodyEncoding: z.enum(['json', 'form', 'raw']).default('json'),
    /** Beyond HTTP 2xx: a value the JSON answer must hold at a dotted path, e.g. "result.code" = 0. */
    success: z
      .object({ jsonPath: z.string().regex(/^\$?\.?[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dotted path such as "result.code"'), equals: z.union([z.string(), z.number(), z.boolean()]) })
      .strict()
      .optional(),
  })
  .strict();

/** The message kinds a provider template can be approved for (a provider sends only approved templates). */
export const smsTemplateKinds = ['verification-code', 'ready-for-pickup', 'correction-needed', 'pickup-reminder', 'pickup-overdue', 'collected', 'drop-off-confirmation', 'test'] as const;
/** The values a template parameter can carry (main/core/notify/template-values.ts fills them). */
export const smsTemplateValues = ['code', 'reference', 'cabinet', 'location', 'compartment', 'deadline', 'expectedDate', 'statusUrl', 'pickupUrl', 'matter', 'time', 'reason'] as const;
const templateValue = z.enum(smsTemplateValues);
/** The installer's name of a key-file entry that holds a provider secret (ADR 0010: never in config). */
const secretName = z.string().regex(/^[a-z0-9-]{1,60}$/, 'a key-file entry name: lower-case letters, digits, "-"');

/** Aliyun SendSms: an approved TemplateCode per kind, and which value fills each ${name} of it. */
const aliyunTemplate = z.object({ templateCode: z.string().regex(/^SMS_\d+$/, 'an approved TemplateCode such as SMS_154950909'), params: z.record(z.string().regex(/^[A-Za-z0-9_]+$/, 'a template variable name'), templateValue).default({}) }).strict();

/** SMS through Aliyun (阿里云短信, dysmsapi SendSms 2017-05-25), signed with signature V3. */
const aliyunSmsChannel = z
  .object({
    type: z.literal('sms-aliyun'),
    id: channelId,
    endpoint: httpUrl.default('https://dysmsapi.aliyuncs.com'),
    accessKeyId: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'an AccessKey ID'),
    /** Key-file entry holding the AccessKey secret. */
    secretName: secretName.default('sms-aliyun-secret'),
    /** The approved signature name (签名), e.g. 阿里云短信测试. */
    signName: z.string().min(1).max(40),
    templates: z.partialRecord(z.enum(smsTemplateKinds), aliyunTemplate).default({}),
  })
  .strict();

/** Tencent SendSms: an approved TemplateId per kind, and the values of its {1}, {2}… in order. */
const tencentTemplate = z.object({ templateId: z.string().regex(/^\d{1,12}$/, 'an approved TemplateId (digits)'), params: z.array(templateValue).max(10).default([]) }).strict();

/** SMS through Tencent Cloud (腾讯云短信, SendSms 2021-01-11), signed with TC3-HMAC-SHA256. */
const tencentSmsChannel = z
  .object({
    type: z.literal('sms-tencent'),
    id: channelId,
    endpoint: httpUrl.default('https://sms.tencentcloudapi.com'),
    region: z.string().regex(/^[a-z]{2}-[a-z]+$/, 'a region such as ap-guangzhou').default('ap-guangzhou'),
    secretId: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'a SecretId'),
    /** Key-file entry holding the SecretKey. */
    secretName: secretName.default('sms-tencent-secret'),
    smsSdkAppId: z.string().regex(/^\d{10}$/, 'the SMS application\'s SdkAppId (10 digits)'),
    signName: z.string().min(1).max(40),
    templates: z.partialRecord(z.enum(smsTemplateKinds), tencentTemplate).default({}),
  })
  .strict();

export const channelSchema = z.discriminatedUnion('type', [webhookChannel, wecomChannel, dingtalkChannel, emailChannel, smsChannel, aliyunSmsChannel, tencentSmsChannel]);
export type ChannelConfig = z.output<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export type SmsTemplateKind = (typeof smsTemplateKinds)[number];
export type SmsTemplateValue = (typeof smsTemplateValues)[number];

/** An SMS channel (the generic template or a provider): it sends to residents' phones only. */
export function isSmsType(type: ChannelType): boolean {
  return type === 'sms' || type === 'sms-aliyun' || type === 'sms-tencent';
}

export const audiences = ['staff', 'technician', 'resident'] as const;
export type Audience = (typeof audiences)[number];

export const notificationsSchema = z
  .object({
    channels: z.array(channelSchema).default([]),
    /**
     * Which channels each audience's messages go to. When left out: staff and technician
     * messages go to every channel that is not SMS, resident messages to every SMS channel.
     */
    routes: z
      .object({ staff: z.array(channelId).optional(), technician: z.array(channelId).optional(), resident: z.array(channelId).optional() })
      .strict()
      .prefault({}),
    digest: z
      .object({
        enabled: z.boolean().default(true),
        /** Local time of the nightly digest, HH:MM. */
        localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM').default('21:00'),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        /** Delay after the first failed attempt; each further one doubles (with jitter). */
        firstDelaySeconds: z.number().positive().max(3600).default(10),
        maxDelaySeconds: z.number().positive().max(86_400).default(1800),
        /** After this long without success a message is marked failed (staff may retry it by hand). */
        maxAgeHours: z.number().positive().max(24 * 90).default(72),
      })
      .strict()
      .prefault({}),
    /** Seconds before a network call is given up (and retried later). */
    timeoutSeconds: z.number().positive().max(120).default(10),
    /** Recipients delivered to at the same time; one recipient's messages always go in order. */
    concurrency: z.number().int().min(1).max(64).default(8),
    /**
     * The resident's status page of a case, sent in the drop-off confirmation SMS and printed as a
     * QR on the receipt: {{cabinet}} and {{reference}} are filled in, e.g.
     * https://zwfw.example.gov.cn/cabinet/status?c={{cabinet}}&r={{reference}}
     */
    statusUrl: httpUrl
      .refine((v) => v.includes('{{reference}}'), 'the link must hold {{reference}}')
      .refine((v) => !/\{\{\s*(?!cabinet\s*\}\}|reference\s*\}\})[^}]*\}\}/.test(v), 'only {{cabinet}} and {{reference}} can be filled in')
      .optional(),
    /**
     * The district hub's page that draws a case's pickup QR (e.g. https://hub.example.gov.cn/pickup):
     * the ready-for-pickup SMS links to it with #CCP-<code>-<last4> in the fragment, which a browser
     * never sends to any server.
     */
    pickupUrl: httpUrl.refine((v) => !v.includes('#'), 'the link must not hold a "#": the pickup QR goes there').optional(),
    /** SMS to residents, at most (a message over a limit is held until it frees, and says so). */
    smsLimits: z
      .object({
        perPhonePerHour: z.number().int().min(1).max(100).default(5),
        perPhonePerDay: z.number().int().min(1).max(500).default(10),
        perCabinetPerHour: z.number().int().min(1).max(100_000).default(200),
      })
      .strict()
      .prefault({}),
    /** Text the resident a drop-off confirmation (reference, expected date, status link) when an SMS channel takes resident messages. */
    dropOffConfirmation: z.boolean().default(true),
    /** Verify a resident's phone by an SMS code when an SMS channel is routed to residents. */
    smsVerification: z.boolean().default(true),
  })
  .strict()
  .superRefine((n, ctx) => {
    const byId = new Map<string, ChannelConfig>();
    n.channels.forEach((c, i) => {
      if (byId.has(c.id)) ctx.addIssue({ code: 'custom', path: ['channels', i, 'id'], message: `duplicate channel id "${c.id}"` });
      byId.set(c.id, c);
      if (c.type === 'sms' && c.method !== 'GET' && c.body === undefined) {
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'body'], message: `expected a body template for ${c.method}` });
      }
    });
    // Codes go through the first resident channel: a provider there must have a template for them.
    const first = n.smsVerification ? byId.get(routeOf(n, 'resident')[0] ?? '') : undefined;
    if ((first?.type === 'sms-aliyun' || first?.type === 'sms-tencent') && !('verification-code' in first.templates)) {
      const i = n.channels.indexOf(first);
      ctx.addIssue({ code: 'custom', path: ['channels', i, 'templates', 'verification-code'], message: `phone verification texts codes through "${first.id}": it needs an approved verification-code template (or set smsVerification to false)` });
    }
    for (const audience of audiences) {
      n.routes[audience]?.forEach((id, i) => {
        const channel = byId.get(id);
        if (!channel) {
          ctx.addIssue({ code: 'custom', path: ['routes', audience, i], message: `expected one of the channel ids (${[...byId.keys()].join(', ') || 'none configured'}), got "${id}"` });
        } else if (audience === 'resident' && !isSmsType(channel.type)) {
          ctx.addIssue({ code: 'custom', path: ['routes', audience, i], message: `resident messages go by SMS only; "${id}" is a ${channel.type} channel` });
        } else if (audience !== 'resident' && isSmsType(channel.type)) {
          ctx.addIssue({ code: 'custom', path: ['routes', audience, i], message: `an SMS channel sends to residents' phones only; "${id}" cannot take ${audience} messages` });
        }
      });
    }
  });

export type NotificationsConfig = z.output<typeof notificationsSchema>;

/** The channel ids an audience's messages go to (explicit routes, or the default by type). */
export function routeOf(n: NotificationsConfig, audience: Audience): string[] {
  const explicit = n.routes[audience];
  if (explicit) return explicit;
  return n.channels.filter((c) => (audience === 'resident') === isSmsType(c.type)).map((c) => c.id);
}

/** The SMS channel that sends verification codes, when phone verification is on. */
export function verificationChannel(n: NotificationsConfig): string | undefined {
  if (!n.smsVerification) return undefined;
  return routeOf(n, 'resident')[0];
}
