// Presence against a real Mosquitto: the retained status says online on connect, offline on a
// clean shutdown, and the broker itself says offline (the Last Will) when a cabinet vanishes; the
// heartbeat comes every minute of the cabinet's clock (a clock the test moves) with its health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { startMosquitto, type Broker } from '../../scripts/mosquitto';
import { CABINET, DISTRICT, deposit, district, steppedClock, districtKeys, fleetDirs, openFleetCabinet, USERS, type District } from './fleet-helpers';
import { until } from './until';
import { openFleetLink } from '../../main/app/fleet-link';
import { fleetConfig } from './fleet-helpers';
import { APP_VERSION } from '../../main/app/system-info';

let broker: Broker;
let d: District;
const keys = districtKeys();
const base = `district/${DISTRICT}/cabinets/${CABINET}`;

beforeAll(async () => {
  broker = await startMosquitto({ users: USERS, acl: true });
  d = await district(broker, keys.privateKey, 'district-presence');
}, 30_000);
afterAll(async () => {
  await d?.close();
  await broker?.stop();
});

async function retainedStatus(): Promise<Record<string, unknown>> {
  // A newcomer reads the retained status: what a district dashboard sees when it starts.
  const viewer = await mqtt.connectAsync(broker.url, { protocolVersion: 5, username: 'district', password: USERS.district, clean: true });
  const got = new Promise<Record<string, unknown>>((resolve) => viewer.on('message', (_t, payload) => resolve(JSON.parse(payload.toString()))));
  await viewer.subscribeAsync(`${base}/status`, { qos: 1 });
  const status = await got;
  await viewer.endAsync();
  return status;
}

describe('presence', () => {
  it('beats every minute of the cabinet clock with version, uptime, disk, buses, printer, backlog and door faults', async () => {
    const clock = steppedClock();
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey, timers: clock });
    await until(() => d.status()?.state === 'online', 15_000, 'online');
    expect(d.status()).toMatchObject({ v: 1, cabinet: CABINET, state: 'online', version: APP_VERSION });
    const beats = () => d.heard.filter((h) => h.topic === `${base}/heartbeat`);
    const before = beats().length;
    clock.advance(59_000);
    clock.advance(0);
    expect(beats().length).toBe(before); // not yet a minute
    clock.advance(1_000);
    await until(() => beats().length === before + 1, 15_000, 'first heartbeat');
    const beat = beats().at(-1)?.json;
    expect(beat).toMatchObject({ v: 1, cabinet: CABINET, district: DISTRICT, version: APP_VERSION, backlog: { events: 0 }, doorFaults: [], printer: { configured: true, lastFailureAt: null } });
    expect(beat?.uptimeSeconds).toBeGreaterThanOrEqual(60);
    expect(beat?.freeDiskBytes).toBeGreaterThan(0);
    expect(beat?.buses).toEqual([expect.objectContaining({ id: 'bus1', state: 'online' })]);
    clock.advance(60_000);
    await until(() => beats().length === before + 2, 15_000, 'second heartbeat');
    await c.cabinet.close();
    await until(() => d.status()?.state === 'offline', 15_000, 'offline on shutdown');
    expect(await retainedStatus()).toMatchObject({ state: 'offline', reason: 'shutdown' });
  });

  it('is declared offline by the broker (Last Will) when the cabinet vanishes without a goodbye', async () => {
    const dirs = fleetDirs();
    const config = fleetConfig({ broker, publicKey: keys.publicKey }, dirs.keysDir);
    const link = openFleetLink({ fleet: config.fleet!, cabinetId: CABINET, password: USERS[CABINET], reconnectMs: 60_000, log: () => {} });
    await until(() => link.connected, 15_000, 'link up');
    await link.publish(`${base}/status`, JSON.stringify({ v: 1, cabinet: CABINET, state: 'online' }), { retain: true });
    expect(await retainedStatus()).toMatchObject({ state: 'online' });
    link.client.stream.destroy(); // the power cut: no DISCONNECT reaches the broker
    await until(async () => (await retainedStatus()).state === 'offline', 15_000, 'the Last Will');
    expect(await retainedStatus()).toMatchObject({ v: 1, cabinet: CABINET, state: 'offline', reason: 'connection-lost' });
    await link.close();
  });

  it('keeps working, and keeps its events, when the broker refuses its password', async () => {
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey }, fleetDirs('wrong-password'));
    await until(() => c.logged.some((l) => l.message === 'fleet link error'), 15_000, 'the refusal');
    expect(c.cabinet.services.fleet).toBeDefined();
    await deposit(c);
    expect(c.cabinet.services.fleet?.backlog()).toBe(1);
    await c.cabinet.close();
  });

  it('never marks sent what the broker refused to take (ACL: another cabinet\'s topics)', async () => {
    // Logged in as "intruder", the cabinet's topics are not its own: the broker answers not-authorized.
    const c = await openFleetCabinet({ broker, publicKey: keys.publicKey, tweak: (raw) => void (raw.fleet!.username = 'intruder') }, fleetDirs(USERS.intruder));
    await deposit(c);
    await until(() => c.logged.some((l) => l.message.startsWith('fleet event not acknowledged')), 15_000, 'the refused publish');
    expect(c.cabinet.services.fleet?.backlog()).toBe(1);
    await c.cabinet.close();
  });
});
