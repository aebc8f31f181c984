// `npm run bench:hub`: the district hub under load, on this machine, with real parts: a private
// Mosquitto, a private PostgreSQL 15 (fsync on), the hub's own ingest (one or more instances on the
// shared subscription) and 1,000 simulated cabinets publishing schema-v1 events over a few MQTT
// connections. Reports
//   1. steady ingest at a field-like rate: event-to-database latency p50/p99 (the cabinet's `at`
//      stamp → the row's stored_at, same machine, same clock);
//   2. a flood: the sustained ingest rate when events come faster than they can be written;
//   3. PostgreSQL's floor for the same rows: a bare COPY and a batched INSERT (500 a transaction);
//   4. the supervision queries' p50/p99 with 1,000,000 cases loaded by COPY, and their EXPLAIN.
// Usage: npm run bench:hub [-- --cabinets 1000 --connections 10 --rate 0.5 --seconds 20 --flood 30000
//        --cases 1000000 --queries 200 --instances 1 --json out.json]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { migrate } from '../hub/db/migrate';
import { createPool, inTransaction, type Pool } from '../hub/db/pool';
import { startIngest, type Ingest } from '../hub/ingest/ingest';
import { seed } from '../hub/services/seed';
import { sweepDeadlines } from '../hub/services/sweeps';
import { listCabinets } from '../hub/store/cabinets';
import { cabinetCases, casesInState, countsByDepartmentAndState, departmentQueue, overdueFirst, supervisionSql } from '../hub/store/cases';
import { listMatters } from '../hub/store/departments';
import { insertEvents } from '../hub/store/events';
import { startMosquitto } from './mosquitto';
import { startPostgres, type PgCluster } from './postgres';
import { summarize, type Summary } from './bench/stats';
import { BENCH_DISTRICT, copyIn, csvRow, epochNow, explain, startPublishers, timeQuery, type BenchEvent } from './bench/hub-load';

const { values } = parseArgs({
  options: {
    cabinets: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '0.5' },
    seconds: { type: 'string', default: '20' },
    flood: { type: 'string', default: '30000' },
    cases: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    instances: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
const N = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'json').map(([k, v]) => [k, Number(v)])) as Record<string, number>;
const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (s: Summary) => ({ n: s.n, p50: +s.p50.toFixed(1), p99: +s.p99.toFixed(1), max: +s.max.toFixed(1) });

let seedValue = 42;
/** Deterministic, so two runs publish the same mix. */
const rnd = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

async function count(pool: Pool, sql = 'SELECT count(*)::int AS n FROM events'): Promise<number> {
  return (await pool.query(sql)).rows[0].n as number;
}

async function waitFor(pool: Pool, n: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await count(pool)) < n) {
    if (Date.now() > end) throw new Error(`only ${await count(pool)} of ${n} events stored in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function latency(pool: Pool, fromSeq: number): Promise<{ p50: number; p99: number; max: number }> {
  const r = await pool.query(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
     FROM (SELECT extract(epoch FROM stored_at - at) * 1000 AS ms FROM events WHERE received_at >= to_timestamp($1 / 1000.0)) t`,
    [fromSeq],
  );
  const x = r.rows[0];
  return { p50: Math.round(Number(x.p50)), p99: Math.round(Number(x.p99)), max: Math.round(Number(x.max)) };
}

async function ingestPhases(cluster: PgCluster, pool: Pool) {
  const broker = await startMosquitto({ autosaveSeconds: 1800, extra: ['max_inflight_messages 1000'] });
  const hubs: Ingest[] = [];
  for (let i = 0; i < N.instances!; i += 1) {
    hubs.push(await startIngest({ url: broker.url, clientId: `hub:bench:${i}`, districtId: BENCH_DISTRICT, pool: createPool(cluster.url(), { max: 4 }), batchMax: 500, batchMs: 50 }));
  }
  const pubs = await startPublishers(broker.url, N.cabinets!, N.connections!, rnd);
  try {
    // 1. Steady: cabinets × rate events a second, in ticks of 100 ms.
    const perSecond = N.cabinets! * N.rate!;
    say(`steady: ${N.cabinets} cabinets × ${N.rate} events/s = ${perSecond} events/s for ${N.seconds} s, ${N.instances} hub instance(s)`);
    const steadyFrom = epochNow();
    const ticks = N.seconds! * 10;
    let owed = 0;
    const started = epochNow();
    for (let t = 0; t < ticks; t += 1) {
      owed += perSecond / 10;
      const n = Math.floor(owed);
      owed -= n;
      void pubs.publish(n);
      const next = started + (t + 1) * 100;
      await new Promise((r) => setTimeout(r, Math.max(0, next - epochNow())));
    }
    await waitFor(pool, pubs.published, 120_000);
    const steady = { events: pubs.published, perSecond, latencyMs: await latency(pool, steadyFrom) };
    say(`  stored ${steady.events}; event → database latency p50 ${steady.latencyMs.p50} ms, p99 ${steady.latencyMs.p99} ms, max ${steady.latencyMs.max} ms`);

    // 2. Flood: as fast as the publishers go; the rate is what the hub keeps up with.
    const before = pubs.published;
    const floodEvents: BenchEvent[] = [];
    say(`flood: ${N.flood} events as fast as 10 connections publish`);
    const floodFrom = epochNow();
    for (let sent = 0; sent < N.flood!; sent += 2000) await pubs.publish(Math.min(2000, N.flood! - sent), epochNow, floodEvents);
    await waitFor(pool, before + N.flood!, 300_000);
    const floodMs = epochNow() - floodFrom;
    const flood = { events: N.flood!, seconds: +(floodMs / 1000).toFixed(2), perSecond: Math.round(N.flood! / (floodMs / 1000)), latencyMs: await latency(pool, floodFrom), batches: hubs.map((h) => h.stats.batches) };
    say(`  ${flood.perSecond} events/s sustained (${flood.seconds} s); latency p50 ${flood.latencyMs.p50} ms, p99 ${flood.latencyMs.p99} ms (queueing); batches per instance ${flood.batches.join(', ')}`);
    const duplicates = hubs.reduce((s, h) => s + h.stats.duplicates, 0);
    const rejected = hubs.reduce((s, h) => s + Object.values(h.stats.rejected).reduce((a, b) => a + b, 0), 0);
    return { steady, flood, floodEvents, duplicates, rejected, stored: await count(pool), published: pubs.published };
  } finally {
    await pubs.close();
    for (const h of hubs) await h.stop();
    await broker.stop();
  }
}

/** PostgreSQL's own figure for the same rows into the same table and indexes, in a fresh database. */
async function floor(cluster: PgCluster, events: BenchEvent[]) {
  const url = await cluster.createDatabase('floor');
  const pool = createPool(url, { max: 2 });
  await migrate(pool);
  const received = Date.now();
  const rows = events.map((e) => csvRow([e.id, e.district, e.cabinet, e.seq, e.type, new Date(e.at).toISOString(), JSON.stringify(e.data), new Date(received).toISOString()]));
  let t = epochNow();
  await copyIn(cluster.port, 'floor', 'COPY events (id, district, cabinet, seq, type, at, data, received_at) FROM STDIN WITH (FORMAT csv)', rows);
  const copyMs = epochNow() - t;
  await pool.query('TRUNCATE events');
  t = epochNow();
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500).map((e) => ({ ...e, receivedAt: received }));
    await inTransaction(pool, (tx) => insertEvents(tx, batch));
  }
  const insertMs = epochNow() - t;
  await pool.end();
  const perSecond = (ms: number) => Math.round(events.length / (ms / 1000));
  say(`floor for the same ${events.length} events: COPY ${perSecond(copyMs)} events/s; batched INSERT (500/transaction) ${perSecond(insertMs)} events/s`);
  return { copyPerSecond: perSecond(copyMs), batchedInsertPerSecond: perSecond(insertMs) };
}

function* caseRows(total: number, departments: (string | null)[], matters: string[]) {
  const now = Date.now();
  const states = ['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'rejected', 'accepted', 'in-progress', 'in-progress', 'correction'];
  for (let i = 0; i < total; i += 1) {
    const m = Math.floor(rnd() * matters.length);
    const deposited = now - Math.floor(rnd() * 365 * 86_400_000);
    const state = states[Math.floor(rnd() * states.length)]!;
    const due = new Date(deposited + (5 + Math.floor(rnd() * 25)) * 86_400_000).toISOString().slice(0, 10);
    const completed = state === 'completed' ? new Date(deposited + Math.floor(rnd() * 20 * 86_400_000)).toISOString() : null;
    yield csvRow([`cab-${String(i % 1000).padStart(4, '0')}`, `R${i}`, matters[m]!, departments[m] ?? null, state, 'A01', new Date(deposited).toISOString(), due, completed]);
  }
}

async function supervision(cluster: PgCluster, pool: Pool) {
  const matters = await listMatters(pool);
  say(`loading ${N.cases} cases with COPY …`);
  let t = epochNow();
  await copyIn(cluster.port, 'hub', 'COPY cases (cabinet, reference, matter_id, department_id, state, compartment, deposited_at, due_date, completed_at) FROM STDIN WITH (FORMAT csv)', caseRows(N.cases!, matters.map((m) => m.departmentId), matters.map((m) => m.id)));
  await pool.query('ANALYZE cases');
  const loadSeconds = +((epochNow() - t) / 1000).toFixed(1);
  say(`  loaded in ${loadSeconds} s (COPY + ANALYZE)`);
  t = epochNow();
  const flags = await sweepDeadlines(pool, Date.now());
  const sweepSeconds = +((epochNow() - t) / 1000).toFixed(1);
  say(`  first deadline sweep over them: ${flags.length} flags in ${sweepSeconds} s (later sweeps write only what is new)`);
  t = epochNow();
  await sweepDeadlines(pool, Date.now());
  const resweepMs = Math.round(epochNow() - t);
  // What autovacuum would have done by now: measure the queries on a settled table, not during its catch-up.
  await pool.query('VACUUM ANALYZE cases');
  await pool.query('VACUUM ANALYZE case_flags');
  const departments = [...new Set(matters.map((m) => m.departmentId).filter((d): d is string => d !== null))];
  const states = ['accepted', 'in-progress', 'correction', 'completed'] as const;
  const q = N.queries!;
  const results: Record<string, ReturnType<typeof round>> = {
    'department queue, overdue first (50)': round(summarize(await timeQuery(q, (i) => departmentQueue(pool, departments[i % departments.length]!, 50)))),
    'district, overdue first (50)': round(summarize(await timeQuery(q, () => overdueFirst(pool, 50)))),
    'cases by state, newest (50)': round(summarize(await timeQuery(q, (i) => casesInState(pool, states[i % states.length]!, 50)))),
    'counts by department × state (all cases)': round(summarize(await timeQuery(Math.min(q, 30), () => countsByDepartmentAndState(pool)))),
    'cabinet overview (1,000 cabinets)': round(summarize(await timeQuery(q, () => listCabinets(pool)))),
    "one cabinet's cases (50)": round(summarize(await timeQuery(q, (i) => cabinetCases(pool, `cab-${String(i % 1000).padStart(4, '0')}`, 50)))),
  };
  say(`  a second sweep (nothing new): ${resweepMs} ms`);
  for (const [name, s] of Object.entries(results)) say(`  ${name.padEnd(44)} p50 ${s.p50} ms  p99 ${s.p99} ms  (n=${s.n})`);
  const plans = {
    departmentQueue: await explain(pool, supervisionSql.departmentQueue, [departments[0], 50]),
    overdueFirst: await explain(pool, supervisionSql.overdueFirst, [50]),
    casesInState: await explain(pool, supervisionSql.casesInState, ['in-progress', 50]),
    cabinetCases: await explain(pool, supervisionSql.cabinetCases, ['cab-0007', 50]),
    counts: await explain(pool, supervisionSql.counts, []),
  };
  for (const [name, plan] of Object.entries(plans)) say(`\nEXPLAIN ${name}:\n${plan}`);
  return { cases: N.cases, loadSeconds, firstSweep: { flags: flags.length, seconds: sweepSeconds }, resweepMs, queries: results, plans };
}

async function main(): Promise<void> {
  const cluster = await startPostgres({ fsync: true, extra: ['shared_buffers = 256MB', 'max_wal_size = 2GB'] });
  say(`PostgreSQL 15 started in ${cluster.startMs} ms (fsync on, synchronous_commit on); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const pool = createPool(cluster.url(), { max: 4 });
  try {
    await migrate(pool);
    await seed(pool);
    const ingest = await ingestPhases(cluster, pool);
    say(`stored ${ingest.stored} of ${ingest.published} published (duplicates dropped ${ingest.duplicates}, rejected ${ingest.rejected})`);
    const floorFigures = await floor(cluster, ingest.floodEvents);
    const queries = await supervision(cluster, pool);
    const { floodEvents: _events, ...ingestFigures } = ingest;
    const report = { at: new Date().toISOString(), options: N, loadAverage: loadavg(), pgStartMs: cluster.startMs, ingest: ingestFigures, floor: floorFigures, supervision: queries };
    if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  } finally {
    await pool.end();
    await cluster.stop();
  }
}

await main();
