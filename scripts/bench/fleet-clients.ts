// One worker process of `npm run bench:fleet`: `count` simulated cabinets, each the real fleet
// client of a cabinet — the app's MQTT link (openFleetLink: MQTT 5, persistent session, Last
// Will) and the core's fleet outbox (marked sent on PUBACK) over its own in-memory SQLite store.
// Driven by the parent over IPC: connect, a steady phase at `ratePerSecond` per cabinet, a burst
// of `burst` events per cabinet at once (a backlog replayed after an outage), then close.
import { randomUUID } from 'node:crypto';
import { openFleetLink } from '../../main/app/fleet-link';
import { createFleetOutbox, type FleetOutbox } from '../../main/core/fleet/outbox';
import { eventPayload } from '../../main/core/fleet/events';
import { fleetTopics } from '../../main/core/fleet/topics';
import { rawPublicKey } from '../../main/core/fleet/command-check';
import { wallClock } from '../../main/app/clock';
import { openDatabase } from '../../main/store/database';
import { createFleetRepo, type FleetRepo } from '../../main/store/fleet-repo';
import { generateKeyPairSync } from 'node:crypto';
import type { FleetLink } from '../../main/core/ports';

export type ToWorker =
  | { kind: 'connect'; url: string; district: string; first: number; count: number; password: string }
  | { kind: 'steady'; seconds: number; ratePerSecond: number }
  | { kind: 'burst'; events: number }
  | { kind: 'close' };
export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'connected'; rssBefore: number; rssStores: number; rssAfter: number; count: number }
  | { kind: 'published'; phase: string; events: number }
  | { kind: 'drained'; phase: string; backlog: number; cpuSeconds: number }
  | { kind: 'closed' };

interface SimCabinet {
  id: string;
  link: FleetLink & { client: { connected: boolean } };
  repo: FleetRepo;
  outbox: FleetOutbox;
}

const send = (m: FromWorker) => process.send?.(m);
const now = () => performance.timeOrigin + performance.now();
const KEY = rawPublicKey(generateKeyPairSync('ed25519').publicKey);
let cabinets: SimCabinet[] = [];
let district = 'bench';

function open(url: string, id: string, password: string, repo: FleetRepo): SimCabinet {
  const fleet = { url, username: 'bench', districtId: district, districtPublicKey: KEY, heartbeatSeconds: 60, commandMaxAgeSeconds: 300, remoteOpen: false, inflight: 16, sessionExpirySeconds: 600 };
  const link = openFleetLink({ fleet, cabinetId: id, password, reconnectMs: 1000, log: () => {} });
  const outbox = createFleetOutbox({
    repos: { fleet: repo }, link, topics: fleetTopics(district, id), clock: wallClock, newId: randomUUID, ids: { districtId: district, cabinetId: id }, inflight: 16, log: () => {},
  });
  link.onConnect(() => outbox.reconnected());
  return { id, link, repo, outbox };
}

/** One case event in the outbox, as the feed writes it (the same envelope and size). */
function addEvent(c: SimCabinet, n: number, phase: string): void {
  const seq = c.repo.nextSeq();
  const id = randomUUID();
  const data = { reference: `2611300${String(n % 1000).padStart(3, '0')}`, matterId: 'social-insurance', compartment: 'A01', found: false, phase };
  c.repo.feed([{ messageId: id, type: 'deposit', createdAt: Date.now(), payload: eventPayload({ type: 'deposit', at: now(), data }, { id, seq, districtId: district, cabinetId: c.id }) }], {});
  c.outbox.wake();
}

async function connect(m: Extract<ToWorker, { kind: 'connect' }>) {
  district = m.district;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  // The stores first, then the links: the figures tell the MQTT client's share from the outbox's.
  const repos = Array.from({ length: m.count }, () => createFleetRepo(openDatabase(':memory:')));
  global.gc?.();
  const rssStores = process.memoryUsage().rss;
  cabinets = repos.map((repo, i) => open(m.url, `cab-${String(m.first + i).padStart(5, '0')}`, m.password, repo));
  const deadline = Date.now() + 120_000;
  while (cabinets.some((c) => !c.link.connected)) {
    if (Date.now() > deadline) throw new Error(`${cabinets.filter((c) => !c.link.connected).length} cabinets not connected after 120 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  global.gc?.();
  send({ kind: 'connected', rssBefore, rssStores, rssAfter: process.memoryUsage().rss, count: m.count });
}

/** Each cabinet publishes at the same mean rate, at its own moments (spread, not in lock step). */
async function steady(seconds: number, rate: number) {
  const end = Date.now() + seconds * 1000;
  let events = 0;
  await Promise.all(
    cabinets.map(async (c, i) => {
      await new Promise((r) => setTimeout(r, Math.random() * (1000 / rate)));
      while (Date.now() < end) {
        addEvent(c, i + events++, 'steady');
        await new Promise((r) => setTimeout(r, (1000 / rate) * (0.5 + Math.random())));
      }
    }),
  );
  send({ kind: 'published', phase: 'steady', events });
}

let cpuFrom = process.cpuUsage();
const cpuSince = () => {
  const u = process.cpuUsage(cpuFrom);
  return (u.user + u.system) / 1e6;
};

async function drained(phase: string) {
  while (cabinets.some((c) => c.repo.backlog() > 0)) await new Promise((r) => setTimeout(r, 50));
  send({ kind: 'drained', phase, backlog: 0, cpuSeconds: cpuSince() });
}

process.on('message', (m: ToWorker) => {
  if (m.kind === 'connect')
    void connect(m).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  if (m.kind === 'steady' || m.kind === 'burst') cpuFrom = process.cpuUsage();
  if (m.kind === 'steady') void steady(m.seconds, m.ratePerSecond).then(() => drained('steady'));
  if (m.kind === 'burst') {
    cabinets.forEach((c, i) => {
      for (let k = 0; k < m.events; k++) addEvent(c, i * m.events + k, 'burst');
    });
    send({ kind: 'published', phase: 'burst', events: cabinets.length * m.events });
    void drained('burst');
  }
  if (m.kind === 'close') void Promise.all(cabinets.map((c) => c.link.close())).then(() => send({ kind: 'closed' }));
});
send({ kind: 'ready' }); // messages sent before this listener existed would be lost
