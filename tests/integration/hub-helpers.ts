// Hub tests: a broker with a hub account, cabinets that publish schema-v1 events as raw MQTT
// clients (the full cabinet is in hub-cabinet.test.ts), and a wait for rows in PostgreSQL.
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Pool } from '../../hub/db/pool';
import { startIngest, type Ingest, type IngestOptions } from '../../hub/ingest/ingest';
import type { Broker } from '../../scripts/mosquitto';
import { until } from './until';

export const HUB_USERS = { district: 'district-pw', hub: 'hub-pw' };

export async function publisher(broker: Broker): Promise<MqttClient> {
  return mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: `pub-${randomUUID().slice(0, 8)}`, username: 'district', password: HUB_USERS.district, clean: true });
}

let currentGroup = 'hub';
/** A fresh share group for the instances started from now on. */
export function newGroup(): string {
  currentGroup = `hub${randomUUID().slice(0, 8)}`;
  return currentGroup;
}

export async function hubIngest(broker: Broker, pool: Pool, extra: Partial<IngestOptions> = {}): Promise<Ingest> {
  // A group per test: a stopped instance keeps its place in its group (its session stays), and
  // the broker would go on queueing part of the next test's stream for it.
  return startIngest({ url: broker.url, username: 'hub', password: HUB_USERS.hub, clientId: `hub:t:${randomUUID().slice(0, 8)}`, districtId: 'xh', group: currentGroup, pool, batchMs: 20, ...extra });
}

export interface TestEvent {
  id: string;
  seq: number;
  cabinet: string;
  type: string;
  at: number;
  data: Record<string, unknown>;
}

export function event(cabinet: string, seq: number, type: string, data: Record<string, unknown>, at = Date.parse('2026-03-09T10:00:00+08:00') + seq * 60_000): TestEvent {
  return { id: randomUUID(), seq, cabinet, type, at, data };
}

export async function send(client: MqttClient, e: TestEvent): Promise<void> {
  await client.publishAsync(`district/xh/cabinets/${e.cabinet}/events/${e.type}`, JSON.stringify({ v: 1, district: 'xh', ...e }), { qos: 1 });
}

export async function countRows(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await pool.query(sql, params)).rows[0]?.n ?? 0);
}

export async function untilRows(pool: Pool, sql: string, n: number, what: string, ms = 15_000): Promise<void> {
  await until(async () => (await countRows(pool, sql)) >= n, ms, what);
}
