// What arrives from the cabinets (docs/fleet.md, schema v1): topics parsed and payloads validated.
// Pure: text in, a typed message or the reason it is refused out. Nothing here throws.
import { z } from 'zod';
import { fleetEventTypes } from '../../main/core/fleet/events';
import { FLEET_SCHEMA_VERSION } from '../../main/core/fleet/topics';

/** Far above any real event (a few hundred bytes): larger payloads are refused unread. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

const id = z.string().min(1).max(100);
/** Epoch ms up to the year 9999: PostgreSQL's timestamptz refuses beyond. */
const epochMs = z.number().int().nonnegative().max(253_402_300_799_999);

export const eventSchema = z.object({
  v: z.literal(FLEET_SCHEMA_VERSION),
  id: z.string().min(8).max(100),
  seq: z.number().int().nonnegative(),
  district: id,
  cabinet: id,
  type: z.enum(fleetEventTypes),
  at: epochMs,
  data: z.record(z.string(), z.unknown()),
});
export type FleetEventMessage = z.infer<typeof eventSchema>;

export const statusSchema = z.object({
  v: z.literal(FLEET_SCHEMA_VERSION),
  cabinet: id,
  state: z.enum(['online', 'offline']),
  version: z.string().max(40).optional(),
  reason: z.string().max(100).optional(),
  at: epochMs.optional(),
});

export const heartbeatSchema = z
  .object({ v: z.literal(FLEET_SCHEMA_VERSION), cabinet: id, at: epochMs, version: z.string().max(40).optional() })
  .passthrough();

export const responseSchema = z.object({
  v: z.literal(FLEET_SCHEMA_VERSION),
  id: z.string().max(100).nullable(),
  at: epochMs,
  ok: z.boolean(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().max(100).optional(),
  message: z.string().max(2000).optional(),
});

export type Incoming =
  | { kind: 'event'; district: string; cabinet: string; event: FleetEventMessage }
  | { kind: 'status'; district: string; cabinet: string; status: z.infer<typeof statusSchema> }
  | { kind: 'heartbeat'; district: string; cabinet: string; heartbeat: z.infer<typeof heartbeatSchema> }
  | { kind: 'response'; district: string; cabinet: string; response: z.infer<typeof responseSchema> };

export type Parsed = { ok: true; message: Incoming } | { ok: false; reason: string };

const TOPIC = /^district\/([^/]+)\/cabinets\/([^/]+)\/(events\/[^/]+|status|heartbeat|responses)$/;

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

function versionOf(value: unknown): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>).v : undefined;
}

/** The topic says who (district, cabinet) and what; the payload must agree on who. */
export function parseIncoming(topic: string, payload: Buffer): Parsed {
  const m = TOPIC.exec(topic);
  if (!m) return { ok: false, reason: 'unknown-topic' };
  const [, district = '', cabinet = '', what = ''] = m;
  if (payload.length > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'too-large' };
  // PostgreSQL text and jsonb cannot hold U+0000: such a payload would fail its batch forever.
  if (payload.includes('\\u0000') || payload.includes(0)) return { ok: false, reason: 'nul-character' };
  const value = parseJson(payload);
  if (value === undefined) return { ok: false, reason: 'not-json' };
  if (versionOf(value) !== FLEET_SCHEMA_VERSION) return { ok: false, reason: 'unknown-version' };
  const base = { district, cabinet };
  if (what.startsWith('events/')) {
    const parsed = eventSchema.safeParse(value);
    if (!parsed.success) return { ok: false, reason: 'bad-event' };
    if (parsed.data.cabinet !== cabinet || parsed.data.district !== district || `events/${parsed.data.type}` !== what) return { ok: false, reason: 'topic-mismatch' };
    return { ok: true, message: { kind: 'event', ...base, event: parsed.data } };
  }
  const schema = what === 'status' ? statusSchema : what === 'heartbeat' ? heartbeatSchema : responseSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `bad-${what}` };
  const data = parsed.data as { cabinet?: string };
  if (what !== 'responses' && data.cabinet !== cabinet) return { ok: false, reason: 'topic-mismatch' };
  if (what === 'status') return { ok: true, message: { kind: 'status', ...base, status: parsed.data as z.infer<typeof statusSchema> } };
  if (what === 'heartbeat') return { ok: true, message: { kind: 'heartbeat', ...base, heartbeat: parsed.data as z.infer<typeof heartbeatSchema> } };
  return { ok: true, message: { kind: 'response', ...base, response: parsed.data as z.infer<typeof responseSchema> } };
}
