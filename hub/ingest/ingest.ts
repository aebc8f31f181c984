// The hub's subscriber: every cabinet event of the district into PostgreSQL exactly once. A shared
// subscription ($share/hub/…) spreads the stream over the hub instances; MQTT 5, QoS 1, clean start
// false and a stable client id per instance, so what arrives while an instance is away waits for
// it. Events are written in batches (one transaction each, duplicates dropped by id) and acked
// only after the commit (acks.ts); status, heartbeat and responses are written as they come. A bad
// payload is counted, kept in ingest_rejects and acked: it would be just as bad next time.
import mqtt, { type IClientPublishOptions, type MqttClient } from 'mqtt';
import { inTransaction, type Pool } from '../db/pool';
import { parseIncoming, type FleetEventMessage, type Incoming } from '../domain/messages';
import { projectEvents } from '../services/projection';
import { ensureCabinets, recordHeartbeat, setPresence, touchLastEvent } from '../store/cabinets';
import { recordResponse } from '../store/commands';
import { insertEvents, recordReject } from '../store/events';
import { gateAcks } from './acks';
import { createBatcher } from './batcher';

export interface IngestOptions {
  url: string;
  username?: string;
  password?: string;
  /** Stable per instance (e.g. hub:xh:1): the broker keeps its session and its share of the queue. */
  clientId: string;
  /** '+' for every district on the broker. */
  districtId: string;
  /** The shared-subscription group (default 'hub'); every instance of one hub uses the same. */
  group?: string;
  pool: Pool;
  /** Events per transaction (default 500) and the longest wait for a batch to fill (default 50 ms). */
  batchMax?: number;
  batchMs?: number;
  /** Messages the broker may have in flight to this instance unacknowledged (MQTT 5 Receive Maximum). */
  receiveMaximum?: number;
  sessionExpirySeconds?: number;
  now?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
}

export interface IngestStats {
  received: number;
  stored: number;
  duplicates: number;
  rejected: Record<string, number>;
  batches: number;
  failedBatches: number;
}

export interface Ingest {
  client: MqttClient;
  stats: IngestStats;
  /** Resolves when every event received so far is committed. */
  drain(): Promise<void>;
  publish(topic: string, payload: string, options?: IClientPublishOptions): Promise<void>;
  /**
   * Stops after committing what it has. The session stays on the broker (a restart loses
   * nothing), and with it this instance's place in the shared group: the broker keeps queueing
   * its share. An instance leaving for good passes retire, which unsubscribes first.
   */
  stop(options?: { retire?: boolean }): Promise<void>;
}

export function subscriptions(districtId: string, group = 'hub'): string[] {
  const base = `district/${districtId}/cabinets/+`;
  // Events shared across instances; the rest shared too, so each is written once.
  return [`${base}/events/#`, `${base}/status`, `${base}/heartbeat`, `${base}/responses`].map((t) => `$share/${group}/${t}`);
}

interface Pending {
  event: FleetEventMessage;
  receivedAt: number;
  done: () => void;
}

export async function startIngest(o: IngestOptions): Promise<Ingest> {
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => undefined);
  const stats: IngestStats = { received: 0, stored: 0, duplicates: 0, rejected: {}, batches: 0, failedBatches: 0 };
  const batcher = createBatcher<Pending>({
    max: o.batchMax ?? 500,
    delayMs: o.batchMs ?? 50,
    retryMs: 1000,
    flush: (items) => writeBatch(o.pool, items, stats),
    onError: (error, size) => {
      stats.failedBatches += 1;
      log('error', 'ingest batch failed; retrying', { size, error: String(error) });
    },
  });
  const client = mqtt.connect(o.url, {
    protocolVersion: 5,
    clientId: o.clientId,
    username: o.username,
    password: o.password,
    clean: false,
    reconnectPeriod: 1000,
    properties: { sessionExpiryInterval: o.sessionExpirySeconds ?? 7 * 86400, receiveMaximum: o.receiveMaximum ?? 1000 },
  });
  const gate = gateAcks(client);
  let chain = Promise.resolve();
  client.on('message', (topic, payload, packet) => {
    const done = packet.qos > 0 && packet.messageId !== undefined ? gate.hold(packet.messageId) : () => undefined;
    stats.received += 1;
    const parsed = parseIncoming(topic, payload);
    if (!parsed.ok) {
      stats.rejected[parsed.reason] = (stats.rejected[parsed.reason] ?? 0) + 1;
      log('warn', 'payload refused', { topic, reason: parsed.reason });
      chain = chain.then(() => recordReject(o.pool, topic, parsed.reason).catch(() => undefined)).finally(done);
      return;
    }
    const m = parsed.message;
    if (m.kind === 'event') return batcher.add({ event: m.event, receivedAt: now(), done });
    // Side messages one at a time: heartbeats of a thousand cabinets are a few a second.
    chain = chain.then(() => writeSideRetrying(o.pool, m, log)).finally(done);
  });
  client.on('error', (error) => log('warn', 'mqtt error', String(error)));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(subscriptions(o.districtId, o.group), { qos: 1 });
  return {
    client,
    stats,
    drain: () => batcher.drain(),
    async publish(topic, payload, options) {
      await client.publishAsync(topic, payload, { qos: 1, ...options });
    },
    async stop(options = {}) {
      if (options.retire) await client.unsubscribeAsync(subscriptions(o.districtId, o.group));
      await batcher.drain();
      batcher.stop();
      await chain;
      await client.endAsync();
    },
  };
}

async function writeBatch(pool: Pool, items: Pending[], stats: IngestStats): Promise<void> {
  await inTransaction(pool, async (tx) => {
    const cabinets = new Map(items.map((i) => [i.event.cabinet, { id: i.event.cabinet, district: i.event.district, at: i.event.at }]));
    await ensureCabinets(tx, [...cabinets.values()]);
    const fresh = await insertEvents(tx, items.map((i) => ({ ...i.event, receivedAt: i.receivedAt })));
    await projectEvents(tx, items.filter((i) => fresh.has(i.event.id)).map((i) => i.event));
    await touchLastEvent(tx, [...cabinets.values()]);
    stats.stored += fresh.size;
    stats.duplicates += items.length - fresh.size;
  });
  stats.batches += 1;
  // Committed: now the broker may forget them.
  for (const i of items) i.done();
}

/** Tried a few times (the database may be restarting); then refused, so it never blocks later acks. */
async function writeSideRetrying(pool: Pool, m: Exclude<Incoming, { kind: 'event' }>, log: NonNullable<IngestOptions['log']>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await writeSide(pool, m);
    } catch (error) {
      log('error', `${m.kind} not stored`, { cabinet: m.cabinet, attempt, error: String(error) });
      if (attempt >= 5) return;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

async function writeSide(pool: Pool, m: Exclude<Incoming, { kind: 'event' }>): Promise<void> {
  if (m.kind === 'status') {
    const s = m.status;
    await setPresence(pool, { cabinet: m.cabinet, district: m.district, state: s.state, reason: s.reason ?? null, version: s.version ?? null, at: s.at ?? Date.now() });
  } else if (m.kind === 'heartbeat') {
    const { v: _v, cabinet: _c, at, version, ...health } = m.heartbeat;
    await recordHeartbeat(pool, { cabinet: m.cabinet, district: m.district, at, version: version ?? null, health, intervalSeconds: null });
  } else {
    await recordResponse(pool, m.cabinet, m.response);
  }
}
