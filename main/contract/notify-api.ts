// Notifications in the contract: the console's delivery status, retry by hand and a technician's
// channel test (behind a staff session), and the resident's SMS verification of the drop-off phone
// number (no session: the kiosk's own screen).
import { z } from 'zod';
import { phoneNumber } from './schemas';
import { token } from './staff-schemas';

const withToken = <T extends z.ZodRawShape>(shape: T) => z.object({ token, ...shape }).strict();

export const messageStatus = z.enum(['pending', 'delivered', 'failed']);

export const notifyMessage = z.object({
  id: z.number().int(),
  createdAt: z.number(),
  kind: z.string(),
  audience: z.enum(['staff', 'technician', 'resident']),
  status: messageStatus,
  idempotencyKey: z.string(),
  reference: z.string().nullable(),
  deliveredAt: z.number().nullable(),
  failedAt: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveries: z.array(
    z.object({
      channel: z.string(),
      status: z.enum(['pending', 'delivered', 'failed']),
      attempts: z.number().int(),
      nextAttemptAt: z.number().nullable(),
      lastAttemptAt: z.number().nullable(),
      lastError: z.string().nullable(),
      deliveredAt: z.number().nullable(),
    }),
  ),
});
export type NotifyMessage = z.infer<typeof notifyMessage>;

/** A verification token from phone.verifyCode, handed to dropOff.begin. */
export const verificationToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a verification token');

export const notifyMethods = {
  'notify.messages': {
    input: withToken({ status: messageStatus.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.array(notifyMessage),
  },
  'notify.retry': { input: withToken({ id: z.number().int().positive() }), output: notifyMessage },
  /** The configured channels and the audiences routed to each (for the technician's test). */
  'notify.channels': {
    input: withToken({}),
    output: z.array(z.object({ id: z.string(), type: z.enum(['webhook', 'wecom', 'dingtalk', 'email', 'sms', 'sms-aliyun', 'sms-tencent']), audiences: z.array(z.enum(['staff', 'technician', 'resident'])) })),
  },
  /** A technician's notification test: one message through one channel now (SMS needs a number). */
  'notify.test': {
    input: withToken({ channelId: z.string().min(1).max(40), phone: phoneNumber.optional() }),
    output: z.object({ ok: z.boolean(), error: z.string().optional(), ms: z.number() }),
  },
  'phone.sendCode': {
    input: z.object({ phone: phoneNumber }).strict(),
    output: z.object({ sent: z.literal(true), expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() }),
  },
  'phone.verifyCode': {
    input: z.object({ phone: phoneNumber, code: z.string().regex(/^\d{6}$/, '6 digits') }).strict(),
    output: z.object({ verification: verificationToken, expiresInSeconds: z.number().int() }),
  },
} as const;
