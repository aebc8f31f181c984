// The link as in the field: TLS to the broker, the cabinet known by its client certificate (no
// password), the district's CA checked by the cabinet. A cabinet without a certificate is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { startMosquitto, type Broker } from '../../scripts/mosquitto';
import { CABINET, deposit, districtKeys, fleetDirs, openFleetCabinet } from './fleet-helpers';
import { makeTestPki } from './test-pki';
import { until } from './until';

let broker: Broker;
const pki = makeTestPki(CABINET);
const keys = districtKeys();

beforeAll(async () => {
  broker = await startMosquitto({ tls: { ca: pki.ca, cert: pki.server.cert, key: pki.server.key }, acl: true });
}, 30_000);
afterAll(async () => {
  await broker?.stop();
});

describe('the fleet link over TLS with a client certificate', () => {
  it('connects by certificate, and its deposit reaches a district consumer over TLS', async () => {
    const district = await mqtt.connectAsync(broker.url, { protocolVersion: 5, ca: readFileSync(pki.ca), cert: readFileSync(pki.district.cert), key: readFileSync(pki.district.key), clientId: 'district-tls' });
    const heard: string[] = [];
    district.on('message', (topic, payload) => heard.push(`${topic} ${payload.toString()}`));
    await district.subscribeAsync(`district/d1/cabinets/${CABINET}/#`, { qos: 1 });
    // No password in the key file: the certificate is the credential.
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey, tweak: (raw) => void (raw.fleet!.tls = { ca: pki.ca, ...pki.client }) }, fleetDirs(null));
    await until(() => heard.some((h) => h.includes('/status') && h.includes('"online"')), 15_000, 'online over TLS');
    const ref = await deposit(c);
    await until(() => heard.some((h) => h.includes('/events/deposit') && h.includes(ref)), 15_000, 'deposit over TLS');
    expect(c.cabinet.services.fleet?.backlog()).toBe(0);
    await c.cabinet.close();
    await district.endAsync();
  });

  it('is refused without a client certificate, and keeps its events', async () => {
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey, tweak: (raw) => void (raw.fleet!.tls = { ca: pki.ca }) }, fleetDirs(null));
    await until(() => c.logged.some((l) => l.message === 'fleet link error'), 15_000, 'the TLS refusal');
    await deposit(c);
    expect(c.cabinet.services.fleet?.backlog()).toBe(1);
    await c.cabinet.close();
  });
});
