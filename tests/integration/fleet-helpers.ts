// A cabinet on the fleet link for the tests: the real cabinet (simulated boards, real SQLite) with
// its broker password in its key file, a district client on the same Mosquitto that collects what
// the cabinet publishes, and the district's signing key.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { KEY_FILE } from '../../main/app/key-file';
import type { Clock } from '../../main/core/clock';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import { rawPublicKey, signCommand, type UnsignedCommand } from '../../main/core/fleet/command-check';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import type { DropOffState } from '../../main/contract/schemas';
import type { Broker } from '../../scripts/mosquitto';
import { until } from './until';

export const DISTRICT = 'd1';
export const CABINET = 'demo-01';
export const USERS = { district: 'district-pw', [CABINET]: 'cabinet-pw', intruder: 'intruder-pw' };

export function districtKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

export interface FleetCabinetOptions {
  broker: Broker;
  publicKey: KeyObject;
  dataDir?: string;
  timers?: Clock;
  tweak?: (raw: CabinetConfig) => void;
}

/** What the cabinet logged, for tests that wait on what it said. */
export type LogLine = { level: string; message: string; detail: unknown };

/** A fresh data directory and key directory with the broker password in the key file (null: none, a certificate instead). */
export function fleetDirs(password: string | null = USERS[CABINET]): { dataDir: string; keysDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'fleet-cab-'));
  const dataDir = join(root, 'data');
  const keysDir = join(root, 'keys');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const entries = password === null ? {} : { 'fleet-password': Buffer.from(password).toString('base64') };
  writeFileSync(join(keysDir, KEY_FILE), JSON.stringify(entries), { mode: 0o600 });
  return { dataDir, keysDir };
}

export function fleetConfig(options: FleetCabinetOptions, keysDir: string): CabinetConfig {
  const raw = structuredClone(defaultConfig());
  raw.timeouts.pollIntervalMs = 50;
  raw.dropOff.maxPerTenMinutes = 1000;
  raw.keysDir = keysDir;
  raw.fleet = {
    url: options.broker.url,
    districtId: DISTRICT,
    districtPublicKey: rawPublicKey(options.publicKey),
    heartbeatSeconds: 60,
    commandMaxAgeSeconds: 300,
    remoteOpen: false,
    inflight: 16,
    sessionExpirySeconds: 3600,
  };
  options.tweak?.(raw);
  return parseConfig(raw);
}

export async function openFleetCabinet(options: FleetCabinetOptions, dirs = fleetDirs()) {
  const config = fleetConfig(options, dirs.keysDir);
  const logged: LogLine[] = [];
  const log = (level: string, message: string, detail?: unknown) => void logged.push({ level, message, detail });
  const cabinet = await createCabinet({ config, dataDir: options.dataDir ?? dirs.dataDir, timers: options.timers, log, fleetReconnectMs: 200 });
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  const drops: DropOffState[] = [];
  cabinet.on('dropOff.changed', (s) => drops.push(s));
  return { cabinet, virtual, drops, dirs, logged };
}

const begin = { matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true as const, consent: true as const, language: 'zh-CN' as const, elderMode: false };

/** One whole drop-off through the contract's handler and the simulated door: answers the reference. */
export async function deposit(c: { cabinet: Cabinet; virtual: VirtualBus; drops: DropOffState[] }): Promise<string> {
  const state = await c.cabinet.handlers['dropOff.begin'](begin);
  const label = state.compartment.label;
  await until(() => c.drops.some((d) => d.dropOffId === state.dropOffId && d.stage === 'open'), 8000, `door ${label} open`);
  c.virtual.closeDoor(label.startsWith('A') ? 1 : 2, Number(label.slice(1)));
  await until(() => c.drops.some((d) => d.dropOffId === state.dropOffId && d.stage === 'deposited'), 8000, `deposit in ${label}`);
  const done = c.drops.find((d) => d.dropOffId === state.dropOffId && d.stage === 'deposited');
  return done?.receipt?.reference ?? '';
}

function parseOrEmpty(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {}; // a log upload is text
  }
}

export interface Heard {
  topic: string;
  text: string;
  json: Record<string, unknown>;
  retain: boolean;
}

/** The district's side: a client that hears everything the cabinet publishes and sends it commands. */
export async function district(broker: Broker, privateKey: KeyObject, clientId = `district-${randomBytes(4).toString('hex')}`) {
  // A persistent session too: what the cabinet publishes while the district is reconnecting waits for it.
  const client = await mqtt.connectAsync(broker.url, {
    protocolVersion: 5, clientId, username: 'district', password: USERS.district, clean: false, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 200,
  });
  const heard: Heard[] = [];
  client.on('message', (topic, payload, packet) => {
    const text = payload.toString('utf8');
    heard.push({ topic, text, json: parseOrEmpty(text), retain: packet.retain });
  });
  await client.subscribeAsync(`district/${DISTRICT}/cabinets/${CABINET}/#`, { qos: 1 });
  const base = `district/${DISTRICT}/cabinets/${CABINET}`;
  return {
    client,
    heard,
    events: () => heard.filter((h) => h.topic.startsWith(`${base}/events/`)),
    responses: (id: string) => heard.filter((h) => h.topic === `${base}/responses` && h.json.id === id),
    status: () => heard.filter((h) => h.topic === `${base}/status`).at(-1)?.json,
    /** Sign and send a command; `mutate` may spoil it after signing (forgeries). */
    async command(c: Partial<UnsignedCommand> & Pick<UnsignedCommand, 'type' | 'body'>, now = Date.now(), mutate?: (signed: Record<string, unknown>) => void) {
      const full: UnsignedCommand = { v: 1, id: `c-${randomBytes(6).toString('hex')}`, cabinet: CABINET, issuedAt: now, nonce: randomBytes(18).toString('base64url'), ...c };
      const signed: Record<string, unknown> = signCommand(full, privateKey);
      mutate?.(signed);
      await client.publishAsync(`${base}/commands`, JSON.stringify(signed), { qos: 1 });
      return { id: full.id, text: JSON.stringify(signed) };
    },
    sendRaw: (text: string) => client.publishAsync(`${base}/commands`, text, { qos: 1 }),
    close: () => client.endAsync(),
  };
}
export type District = Awaited<ReturnType<typeof district>>;

/**
 * Wall time the test moves forward: timers of a second or more wait for advance(); shorter ones
 * (door polls) run on real time, so the cabinet keeps working while the minutes are stepped.
 */
export function steppedClock(): Clock & { advance(ms: number): void } {
  let skew = 0;
  let nextId = 0;
  const manual = new Map<number, { at: number; fn: () => void }>();
  const now = () => Date.now() + skew;
  return {
    now,
    setTimeout(fn, ms) {
      if (ms < 1000) return { real: setTimeout(fn, ms) };
      manual.set(++nextId, { at: now() + ms, fn });
      return { manual: nextId };
    },
    clearTimeout(handle) {
      const h = handle as { real?: ReturnType<typeof setTimeout>; manual?: number };
      if (h.real) clearTimeout(h.real);
      if (h.manual) manual.delete(h.manual);
    },
    advance(ms) {
      skew += ms;
      for (const [id, t] of [...manual].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now()) continue;
        manual.delete(id);
        t.fn();
      }
    },
  };
}

