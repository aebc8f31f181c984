// `npm run bench:fleet`: ≥ 1,000 simulated cabinets (each the real fleet client: the app's MQTT 5
// link and the core's outbox, marked sent on PUBACK) in a few worker processes, on ONE private
// Mosquitto on 127.0.0.1 with password authentication, and one district consumer. A steady phase
// at a realistic rate, then a burst (every cabinet replays a backlog at once). Reports events/s,
// end-to-end latency p50/p99 (cabinet outbox → district consumer), lost / duplicate / out-of-order
// events, memory per cabinet client and the broker's memory; next to it the broker's own floor for
// the same message size: mosquitto_pub → mosquitto_sub (C clients) throughput, and one unloaded
// publisher → subscriber pair's latency. Everything stays on 127.0.0.1 and stops by itself.
// Usage: npm run bench:fleet [-- --cabinets 1000 --workers 4 --rate 0.2 --seconds 30 --burst 20 --json out.json]
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { requireMosquitto, startMosquitto, type Broker } from './mosquitto';
import { summarize, type Summary } from './bench/stats';
import type { FromWorker, ToWorker } from './bench/fleet-clients';

const { values } = parseArgs({
  options: {
    cabinets: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '4' },
    rate: { type: 'string', default: '0.2' },
    seconds: { type: 'string', default: '30' },
    burst: { type: 'string', default: '20' },
    json: { type: 'string' },
  },
});
const CABINETS = Number(values.cabinets);
const WORKERS = Number(values.workers);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const BURST = Number(values.burst);
const DISTRICT = 'bench';
const USERS = { bench: 'bench-password', district: 'district-password' };
const now = () => performance.timeOrigin + performance.now();

interface Phase {
  latencies: number[];
  first: number;
  last: number;
}

/** The district's consumer: drops duplicates by id, checks order by seq per cabinet. */
async function consumer(broker: Broker) {
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'district-consumer', username: 'district', password: USERS.district, clean: true });
  const seen = new Set<string>();
  const lastSeq = new Map<string, number>();
  const phases = new Map<string, Phase>();
  const counts = { received: 0, duplicates: 0, outOfOrder: 0, bytes: 0 };
  client.on('message', (_topic, payload) => {
    const at = now();
    counts.received++;
    counts.bytes += payload.length;
    const e = JSON.parse(payload.toString()) as { id: string; seq: number; cabinet: string; at: number; data: { phase: string } };
    if (seen.has(e.id)) return void counts.duplicates++;
    seen.add(e.id);
    if ((lastSeq.get(e.cabinet) ?? 0) > e.seq) counts.outOfOrder++;
    lastSeq.set(e.cabinet, Math.max(lastSeq.get(e.cabinet) ?? 0, e.seq));
    const phase = phases.get(e.data.phase) ?? { latencies: [], first: at, last: at };
    phase.latencies.push(at - e.at);
    phase.last = at;
    phases.set(e.data.phase, phase);
  });
  await client.subscribeAsync(`district/${DISTRICT}/cabinets/+/events/#`, { qos: 1 });
  return { unique: () => seen.size, counts, phases, close: () => client.endAsync() };
}

async function workers(broker: Broker) {
  const list: ChildProcess[] = [];
  const per = Math.ceil(CABINETS / WORKERS);
  for (let w = 0; w < WORKERS; w++) {
    list.push(fork(join(import.meta.dirname, 'bench', 'fleet-clients.ts'), [], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }
  await Promise.all(list.map((child) => new Promise((resolve) => child.once('message', resolve))));
  const all = <K extends FromWorker['kind']>(kind: K, message: (w: number) => ToWorker | undefined, filter: (m: FromWorker) => boolean = () => true) =>
    Promise.all(
      list.map(
        (child, w) =>
          new Promise<Extract<FromWorker, { kind: K }>>((resolve) => {
            const on = (m: FromWorker) => {
              if (m.kind !== kind || !filter(m)) return;
              child.off('message', on);
              resolve(m as Extract<FromWorker, { kind: K }>);
            };
            child.on('message', on);
            const out = message(w);
            if (out) child.send(out);
          }),
      ),
    );
  return {
    connect: () => all('connected', (w) => ({ kind: 'connect', url: broker.url, district: DISTRICT, first: w * per, count: Math.max(0, Math.min(per, CABINETS - w * per)), password: USERS.bench })),
    steady: () => all('drained', () => ({ kind: 'steady', seconds: SECONDS, ratePerSecond: RATE }), (m) => m.kind === 'drained' && m.phase === 'steady'),
    burst: () => all('drained', () => ({ kind: 'burst', events: BURST }), (m) => m.kind === 'drained' && m.phase === 'burst'),
    close: async () => {
      await all('closed', () => ({ kind: 'close' }));
      for (const child of list) child.kill('SIGTERM');
    },
  };
}

/** CPU seconds (user + system) a process has used: fields 14 and 15 of /proc/PID/stat, in ticks of 10 ms. */
function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** The broker's own floor: mosquitto_pub -l feeding `n` lines of `size` bytes, QoS 1, to one mosquitto_sub. */
async function floorThroughput(broker: Broker, n: number, size: number): Promise<number> {
  const auth = ['-h', '127.0.0.1', '-p', String(broker.port), '-u', 'district', '-P', USERS.district, '-V', 'mqttv5', '-q', '1'];
  const sub = spawn('mosquitto_sub', [...auth, '-t', 'floor/t', '-C', String(n), '-i', 'floor-sub'], { stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((r) => setTimeout(r, 500)); // the subscription is made before the first line
  const line = (i: number) => `${String(i).padStart(8, '0')}${'x'.repeat(Math.max(0, size - 9))}\n`;
  const t0 = now();
  const pub = spawn('mosquitto_pub', [...auth, '-t', 'floor/t', '-l', '-i', 'floor-pub'], { stdio: ['pipe', 'ignore', 'inherit'] });
  for (let i = 0; i < n; i++) if (!pub.stdin.write(line(i))) await new Promise((r) => pub.stdin.once('drain', r));
  pub.stdin.end();
  await new Promise((r) => sub.once('exit', r));
  return n / ((now() - t0) / 1000);
}

/** One publisher and one subscriber, unloaded, one message at a time: the latency floor. */
async function floorLatency(broker: Broker, n: number, size: number): Promise<Summary> {
  const opts = { protocolVersion: 5 as const, username: 'district', password: USERS.district };
  const sub = await mqtt.connectAsync(broker.url, { ...opts, clientId: 'floor-lat-sub' });
  const pub = await mqtt.connectAsync(broker.url, { ...opts, clientId: 'floor-lat-pub' });
  await sub.subscribeAsync('floor/lat', { qos: 1 });
  const samples: number[] = [];
  let waiting: (() => void) | undefined;
  sub.on('message', (_t, payload) => {
    samples.push(now() - Number(payload.subarray(0, 20).toString()));
    waiting?.();
  });
  for (let i = 0; i < n; i++) {
    const got = new Promise<void>((r) => (waiting = r));
    await pub.publishAsync('floor/lat', `${now().toFixed(3).padStart(20, '0')}${'x'.repeat(size - 20)}`, { qos: 1 });
    await got;
  }
  await Promise.all([sub.endAsync(), pub.endAsync()]);
  return summarize(samples);
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
const mib = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MiB`;

async function main() {
  requireMosquitto();
  // Mosquitto's own persistence defaults: a save every 1800 s and on shutdown (a save blocks the broker).
  const broker = await startMosquitto({ users: USERS, autosaveSeconds: 1800 });
  const district = await consumer(broker);
  const pool = await workers(broker);
  const brokerRssIdle = rssOf(broker.pid());
  const t0 = now();
  const connected = await pool.connect();
  const connectSeconds = (now() - t0) / 1000;
  const clientRss = connected.reduce((s, c) => s + (c.rssAfter - c.rssBefore), 0);
  const linkRss = connected.reduce((s, c) => s + (c.rssAfter - c.rssStores), 0);
  const brokerRss = rssOf(broker.pid());
  console.log(`${CABINETS} cabinets connected in ${connectSeconds.toFixed(1)} s (${WORKERS} worker processes)`);

  const steadyStart = now();
  await pool.steady();
  const steadyPublished = district.phases.get('steady')?.latencies.length ?? 0;
  console.log(`steady phase done: ${steadyPublished} events`);
  const burstStart = now();
  const brokerCpu0 = cpuSecondsOf(broker.pid());
  const consumerCpu0 = process.cpuUsage();
  const burstWorkers = await pool.burst();
  const burstBrokerCpu = cpuSecondsOf(broker.pid()) - brokerCpu0;
  const consumerCpu = process.cpuUsage(consumerCpu0);
  const cpu = {
    cabinetsSeconds: burstWorkers.reduce((sum, w) => sum + w.cpuSeconds, 0),
    consumerSeconds: (consumerCpu.user + consumerCpu.system) / 1e6,
    brokerSeconds: burstBrokerCpu,
  };
  const steady = district.phases.get('steady');
  const burst = district.phases.get('burst');
  const expected = steadyPublished + CABINETS * BURST;
  await new Promise((r) => setTimeout(r, 500)); // let the consumer's last PUBLISHes land
  const size = Math.round(district.counts.bytes / Math.max(1, district.counts.received));
  const floorN = Math.max(10_000, CABINETS * BURST);
  const floor = { throughput: await floorThroughput(broker, floorN, size), latency: await floorLatency(broker, 1000, size) };
  await pool.close();
  await district.close();
  await broker.stop();

  const result = {
    cabinets: CABINETS,
    workers: WORKERS,
    messageBytes: size,
    connectSeconds,
    steady: steady && { ratePerCabinet: RATE, seconds: SECONDS, events: steady.latencies.length, eventsPerSecond: steady.latencies.length / ((steady.last - steadyStart) / 1000), latency: summarize(steady.latencies) },
    burst: burst && { perCabinet: BURST, events: burst.latencies.length, eventsPerSecond: burst.latencies.length / ((burst.last - burstStart) / 1000), latency: summarize(burst.latencies) },
    lost: CABINETS * BURST + (steady?.latencies.length ?? 0) - district.unique(),
    expectedBurst: CABINETS * BURST,
    duplicates: district.counts.duplicates,
    outOfOrder: district.counts.outOfOrder,
    loadAverage: loadavg(),
    burstCpu: cpu,
    memory: { perCabinetClient: clientRss / CABINETS, perCabinetLink: linkRss / CABINETS, brokerIdle: brokerRssIdle, brokerConnected: brokerRss, brokerPerConnection: (brokerRss - brokerRssIdle) / CABINETS },
    floor: { messages: floorN, eventsPerSecond: floor.throughput, latency: floor.latency },
  };
  report(result, expected);
  if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
  process.exit(result.lost === 0 && result.burst?.events === CABINETS * BURST ? 0 : 1);
}

interface PhaseResult {
  events: number;
  eventsPerSecond: number;
  latency: Summary;
}
interface Result {
  messageBytes: number;
  cabinets: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  steady: PhaseResult | undefined;
  burst: PhaseResult | undefined;
  burstCpu: { cabinetsSeconds: number; consumerSeconds: number; brokerSeconds: number };
  loadAverage: number[];
  floor: { eventsPerSecond: number; latency: Summary };
  memory: { perCabinetClient: number; perCabinetLink: number; brokerIdle: number; brokerConnected: number; brokerPerConnection: number };
}

function report(r: Result, expected: number) {
  console.log(`\nmessage size ${r.messageBytes} B; events expected ${expected}, lost ${r.lost}, duplicates ${r.duplicates}, out of order ${r.outOfOrder}`);
  for (const name of ['steady', 'burst'] as const) {
    const p = r[name];
    if (!p) continue;
    console.log(`${name.padEnd(7)} ${String(p.events).padStart(7)} events  ${p.eventsPerSecond.toFixed(0).padStart(6)} events/s  p50 ${ms(p.latency.p50)}  p99 ${ms(p.latency.p99)}  max ${ms(p.latency.max)}`);
  }
  const burst = r.burst ?? { events: 1, eventsPerSecond: 0, latency: r.floor.latency };
  const steady = r.steady ?? burst;
  const perEvent = (sec: number) => `${((sec / burst.events) * 1e6).toFixed(0)} µs`;
  console.log(`cpu     burst CPU per event: cabinet clients ${perEvent(r.burstCpu.cabinetsSeconds)}, district consumer ${perEvent(r.burstCpu.consumerSeconds)}, broker ${perEvent(r.burstCpu.brokerSeconds)}; load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' / ')} on 2 shared cores`);
  console.log(`floor   mosquitto_pub→sub ${r.floor.eventsPerSecond.toFixed(0)} msgs/s; one unloaded pair p50 ${ms(r.floor.latency.p50)} p99 ${ms(r.floor.latency.p99)}`);
  // A burst's latency is the time to drain a queue of cabinets × burst events: its figure is the drain, not a ratio.
  console.log(`ratios  burst throughput / floor ${(burst.eventsPerSecond / r.floor.eventsPerSecond).toFixed(2)}; steady p50 / floor p50 ${(steady.latency.p50 / r.floor.latency.p50).toFixed(0)}×, steady p99 / floor p99 ${(steady.latency.p99 / r.floor.latency.p99).toFixed(1)}×; burst drained in ${(burst.events / burst.eventsPerSecond).toFixed(1)} s`);
  console.log(`memory  ${(r.memory.perCabinetLink / 1024).toFixed(0)} KiB per cabinet MQTT link; ${(r.memory.perCabinetClient / 1024).toFixed(0)} KiB with its outbox store (in-memory SQLite); broker ${mib(r.memory.brokerIdle)} idle, ${mib(r.memory.brokerConnected)} with ${r.cabinets} connections (${(r.memory.brokerPerConnection / 1024).toFixed(1)} KiB each)`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
