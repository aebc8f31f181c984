// The fleet link over MQTT 5 (mqtt.js): one persistent session per cabinet (clean start false, a
// stable client id, a session expiry), QoS 1 publishes resolved on PUBACK, the retained offline
// status as Last Will, the commands topic subscribed. TLS files and the password come from the
// installer's files, never from the database (ADR 0010). Implements the core's FleetLink port.
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions } from 'mqtt';
import type { FleetConfig } from '../core/config';
import type { FleetLink } from '../core/ports';
import { fleetClientId, fleetTopics, statusPayload } from '../core/fleet/topics';

export interface FleetLinkOptions {
  fleet: FleetConfig;
  cabinetId: string;
  /** From the key file's `fleet-password` entry; none with a client certificate. */
  password: string | undefined;
  /** Pause before each reconnection attempt (default 5 s). */
  reconnectMs?: number;
  log(level: 'info' | 'warn', message: string, detail?: unknown): void;
}

function clientOptions(o: FleetLinkOptions): IClientOptions {
  const topics = fleetTopics(o.fleet.districtId, o.cabinetId);
  const tls = o.fleet.tls;
  return {
    protocolVersion: 5,
    clientId: fleetClientId(o.fleet.districtId, o.cabinetId),
    clean: false,
    properties: { sessionExpiryInterval: o.fleet.sessionExpirySeconds },
    username: o.fleet.username ?? o.cabinetId,
    password: o.password,
    reconnectPeriod: o.reconnectMs ?? 5000,
    connectTimeout: 10_000,
    keepalive: 30,
    will: { topic: topics.status, payload: Buffer.from(statusPayload(o.cabinetId, 'offline', { reason: 'connection-lost' })), qos: 1, retain: true },
    ...(tls?.ca ? { ca: readFileSync(tls.ca) } : {}),
    ...(tls?.cert ? { cert: readFileSync(tls.cert) } : {}),
    ...(tls?.key ? { key: readFileSync(tls.key) } : {}),
  };
}

export function openFleetLink(o: FleetLinkOptions): FleetLink & { client: mqtt.MqttClient } {
  const topics = fleetTopics(o.fleet.districtId, o.cabinetId);
  const client = mqtt.connect(o.fleet.url, clientOptions(o));
  const connectListeners = new Set<() => void>();
  const commandListeners = new Set<(payload: string, correlationData: string | undefined) => void>();
  let wasOnline = false;
  const early: [string, string | undefined][] = [];
  client.on('connect', (connack) => {
    o.log('info', `fleet link online (${o.fleet.url}, session ${connack.sessionPresent ? 'resumed' : 'new'})`);
    wasOnline = true;
    client.subscribe(topics.commands, { qos: 1 }, (error) => error && o.log('warn', 'fleet: subscribing to commands failed', error.message));
    for (const l of connectListeners) l();
  });
  client.on('close', () => {
    if (wasOnline) o.log('warn', 'fleet link offline; events wait in the outbox');
    wasOnline = false;
  });
  // mqtt.js throws an 'error' event nobody listens to; a bad broker never ends the process.
  client.on('error', (error) => o.log('warn', 'fleet link error', error.message));
  client.on('message', (topic, payload, packet) => {
    if (topic !== topics.commands) return;
    const correlation = packet.properties?.correlationData?.toString('utf8');
    // Commands that arrive before the core listens wait for it (the broker already has its PUBACK).
    if (commandListeners.size === 0) early.push([payload.toString('utf8'), correlation]);
    for (const l of commandListeners) l(payload.toString('utf8'), correlation);
  });
  return {
    client,
    get connected() {
      return client.connected;
    },
    publish: (topic, payload, options) =>
      new Promise<void>((resolve, reject) => {
        const properties = options?.correlationData ? { correlationData: Buffer.from(options.correlationData) } : undefined;
        client.publish(topic, payload, { qos: options?.qos ?? 1, retain: options?.retain ?? false, properties }, (error) => (error ? reject(error) : resolve()));
      }),
    onConnect(listener) {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
    onCommand(listener) {
      commandListeners.add(listener);
      for (const [text, correlation] of early.splice(0)) listener(text, correlation);
      return () => commandListeners.delete(listener);
    },
    async close(last) {
      if (last && client.connected) {
        const sent = client.publishAsync(last.topic, last.payload, { qos: 1, retain: last.retain }).catch(() => undefined);
        await Promise.race([sent, new Promise((r) => setTimeout(r, 2000))]);
      }
      // A clean DISCONNECT (no Last Will) when the broker is there; a hard stop when it is not.
      const clean = client.connected ? client.endAsync(false).then(() => true, () => false) : Promise.resolve(false);
      const done = await Promise.race([clean, new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
      if (!done) await client.endAsync(true).catch(() => undefined);
    },
  };
}
