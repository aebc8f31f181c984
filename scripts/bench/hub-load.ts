// Pieces of `npm run bench:hub` (scripts/bench-hub.ts): lightweight cabinet publishers (many
// simulated cabinets over a few MQTT connections, schema-v1 events with realistic case moves),
// COPY into PostgreSQL through psql's stdin, and the supervision queries' timings.
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import type { Pool } from '../../hub/db/pool';
import { defaultMatters } from '../../main/core/cases/default-matters';

export const BENCH_DISTRICT = 'bench';
export const epochNow = (): number => performance.timeOrigin + performance.now();

interface SimCabinet {
  id: string;
  seq: number;
  counter: number;
  open: string[];
  collected: string[];
}

export interface BenchEvent {
  v: 1;
  id: string;
  seq: number;
  district: string;
  cabinet: string;
  type: string;
  at: number;
  data: Record<string, unknown>;
}

const MATTERS = defaultMatters.map((m) => m.id);

/** The next event of a simulated cabinet: deposits, then collections and returns of its own cases, ratings, alarms. */
export function nextEvent(c: SimCabinet, at: number, rnd: () => number): BenchEvent {
  c.seq += 1;
  const base = { v: 1 as const, id: randomUUID(), seq: c.seq, district: BENCH_DISTRICT, cabinet: c.id, at };
  const roll = rnd();
  if (roll < 0.25 && c.open.length > 0) {
    const reference = c.open.shift() as string;
    c.collected.push(reference);
    return { ...base, type: 'collected', data: { reference, matterId: MATTERS[0], compartment: 'A01' } };
  }
  if (roll < 0.45 && c.collected.length > 0) {
    const reference = c.collected.shift() as string;
    return { ...base, type: 'returned', data: { reference, matterId: MATTERS[0], compartment: 'A01', correction: rnd() < 0.1 } };
  }
  if (roll < 0.55) return { ...base, type: 'rating', data: { reference: null, flow: 'pickup', level: 1 + Math.floor(rnd() * 5), comments: [] } };
  if (roll < 0.6) return { ...base, type: 'alarm', data: { alarm: 'door-forced', compartment: 'B02', detail: {} } };
  c.counter += 1;
  const reference = `${c.id.slice(-3)}${String(c.counter).padStart(10, '0')}`;
  c.open.push(reference);
  return { ...base, type: 'deposit', data: { reference, matterId: MATTERS[Math.floor(rnd() * MATTERS.length)], compartment: 'A01', found: false } };
}

export interface Publishers {
  clients: MqttClient[];
  cabinets: SimCabinet[][];
  published: number;
  /** Publishes `n` events spread over every cabinet, round robin; resolves when all are PUBACKed. */
  publish(n: number, stamp?: () => number, keep?: BenchEvent[]): Promise<void>;
  close(): Promise<void>;
}

export async function startPublishers(url: string, cabinets: number, connections: number, rnd: () => number): Promise<Publishers> {
  const clients = await Promise.all(
    Array.from({ length: connections }, (_, i) => mqtt.connectAsync(url, { protocolVersion: 5, clientId: `bench-pub-${i}`, clean: true, reconnectPeriod: 0 })),
  );
  const groups: SimCabinet[][] = clients.map(() => []);
  for (let i = 0; i < cabinets; i += 1) groups[i % connections]!.push({ id: `cab-${String(i).padStart(4, '0')}`, seq: 0, counter: 0, open: [], collected: [] });
  const cursor = groups.map(() => 0);
  const p: Publishers = {
    clients,
    cabinets: groups,
    published: 0,
    async publish(n, stamp = epochNow, keep) {
      const sends: Promise<unknown>[] = [];
      for (let k = 0; k < n; k += 1) {
        const g = k % connections;
        const group = groups[g]!;
        const cab = group[cursor[g]! % group.length]!;
        cursor[g]! += 1;
        const e = nextEvent(cab, Math.round(stamp()), rnd);
        keep?.push(e);
        sends.push(clients[g]!.publishAsync(`district/${BENCH_DISTRICT}/cabinets/${cab.id}/events/${e.type}`, JSON.stringify(e), { qos: 1 }));
      }
      p.published += n;
      await Promise.all(sends);
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync()));
    },
  };
  return p;
}

/** COPY … FROM STDIN through psql (pg has no COPY stream of its own without another package). */
export async function copyIn(port: number, database: string, sql: string, rows: AsyncIterable<string> | Iterable<string>): Promise<void> {
  const child = spawn('/usr/bin/psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'hub', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<void>((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY: ${err}`)))));
  let chunk: string[] = [];
  const flush = async () => {
    if (!child.stdin.write(chunk.join(''))) await new Promise((r) => child.stdin.once('drain', r));
    chunk = [];
  };
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length >= 5000) await flush();
  }
  await flush();
  child.stdin.end();
  await done;
}

const csv = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
export const csvRow = (values: (string | number | null)[]): string => `${values.map(csv).join(',')}\n`;

/** Times `run` `n` times (after 5 warm-up runs); answers the samples in ms. */
export async function timeQuery(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i += 1) await run(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function explain(pool: Pool, sql: string, params: unknown[]): Promise<string> {
  const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
  return r.rows.map((x) => x['QUERY PLAN'] as string).join('\n');
}
