// `npm run bench:hardware`: latency of real transactions through the whole hardware stack —
// createLockBus → bus transport → `serialport` → socat pty pair → scripts/simulator.ts (a separate
// process) pacing every byte at the line speed — against the wire-time floor of the same frames
// (docs/lock-protocols.md#timing-and-bus-discipline: "a 5-byte request plus a 7-byte reply is 12.5 ms. That is the floor").
//
//   tsx scripts/bench-hardware.ts [--reads 200] [--opens 40] [--polls 200] [--json out.json]
//                                 [--sim-reply-ms 0] [--spacing-ms 20] [--target 1.15]
//                                 [--door-changes 200] [--pairs 50] [--deposits 90] [--open-cuts 50] [--poll-pause-ms MS]
//
// Measured: (a) generic open of one lock with its reply (floor: both frames + the board's own
// reply delay, which the simulator announces); (b) read-all of one 24-channel board (5-byte
// request, 7-byte reply); (c) a poll cycle, readAll over 4 boards × 24 channels (floor: 4 × (b)).
// Single transactions are spaced --spacing-ms apart so each is timed alone; the poll cycle runs
// its 4 reads back to back and so includes the inter-transaction gaps the protocol requires.
// Then door truth (scripts/bench/door-truth.ts): the whole cabinet on a pty with 4 boards, its door
// monitor polling: door change → core, quick open/close pairs, close → receipt, an open cutting
// in ahead of polls; each against its issue-11 target, PASS/FAIL. A count of 0 skips that part.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLockBus } from '../hardware/boards/lock-bus-driver';
import type { BoardSettings } from '../hardware/lock-bus';
import { createGenericCodec } from '../hardware/protocols/generic';
import { createBusTransport, type TrafficEvent, type TransportStats } from '../hardware/transport/bus-transport';
import { interTransactionGapMs } from '../hardware/transport/line-timing';
import { serialPortOpener } from '../hardware/transport/serial-port';
import { formatDoorTruth, runDoorTruth, type DoorTruthCounts, type DoorTruthReport } from './bench/door-truth';
import { socatAvailable, startSimulatorProcess } from './bench/simulator-process';
import { pollFloorMs, summarize, transactionFloorMs, verdict, type FrameTiming, type Summary } from './bench/stats';

const { values } = parseArgs({
  options: {
    reads: { type: 'string', default: '200' },
    opens: { type: 'string', default: '40' },
    polls: { type: 'string', default: '200' },
    json: { type: 'string' },
    'sim-reply-ms': { type: 'string', default: '0' },
    'spacing-ms': { type: 'string', default: '20' },
    target: { type: 'string', default: '1.15' },
    baud: { type: 'string', default: '9600' },
    'door-changes': { type: 'string', default: '200' },
    pairs: { type: 'string', default: '50' },
    deposits: { type: 'string', default: '90' },
    'open-cuts': { type: 'string', default: '50' },
    'poll-pause-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(`${readHeader()}\n`);
  process.exit(0);
}

function readHeader(): string {
  return 'usage: tsx scripts/bench-hardware.ts [--reads N] [--opens N] [--polls N] [--json PATH] [--sim-reply-ms MS] [--spacing-ms MS] [--target RATIO] [--baud N] [--door-changes N] [--pairs N] [--deposits N (≤ 96)] [--open-cuts N] [--poll-pause-ms MS]';
}

function count(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a number ≥ 0\n${readHeader()}\n`);
    process.exit(2);
  }
  return n;
}

const reads = count('reads', values.reads);
const opens = count('opens', values.opens);
const polls = count('polls', values.polls);
const simReplyMs = count('sim-reply-ms', values['sim-reply-ms']);
const spacingMs = count('spacing-ms', values['spacing-ms']);
const target = count('target', values.target);
const baudRate = count('baud', values.baud);
const doorCounts: DoorTruthCounts = {
  changes: count('door-changes', values['door-changes']),
  pairs: count('pairs', values.pairs),
  // One compartment each: the rig has 4 × 24.
  deposits: Math.min(96, count('deposits', values.deposits)),
  openCuts: count('open-cuts', values['open-cuts']),
  ...(values['poll-pause-ms'] === undefined ? {} : { pollIntervalMs: count('poll-pause-ms', values['poll-pause-ms']) }),
};

if (!socatAvailable()) {
  process.stderr.write('bench:hardware needs socat for the pseudo-terminal pair (apt-get install -y socat).\n');
  process.exit(2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const boards: BoardSettings[] = [1, 2, 3, 4].map((address) => ({
  address,
  channels: 24,
  statusBytes: 3,
  statusByteOrder: 'last-byte-first-channels',
  polarity: 'closing',
}));

interface Run {
  total: number[];
  wire: number[];
  host: number[];
}

interface Row {
  name: string;
  floorMs: number;
  floorNote: string;
  summary: Summary;
  ratio: number;
  met: boolean;
  /** Time from the first request byte handed to the port to the last reply byte received, p50. */
  wireP50Ms?: number;
  /** The rest: request issued → first byte handed to the port, plus last byte in → resolved, p50. */
  hostP50Ms?: number;
  /** A second reference, e.g. the floor with the protocol's required gaps between transactions. */
  reference?: { label: string; ms: number; ratio: number; met: boolean };
}

/** Per-transaction timestamps from the transport's traffic tap: first tx, last rx. */
function trafficClock(): { reset(): void; firstTx(): number | undefined; lastRx(): number | undefined; on(e: TrafficEvent): void } {
  let tx: number | undefined;
  let rx: number | undefined;
  return {
    reset() {
      tx = undefined;
      rx = undefined;
    },
    firstTx: () => tx,
    lastRx: () => rx,
    on(e) {
      if (e.direction === 'tx') tx ??= e.at;
      else rx = e.at;
    },
  };
}

async function main(): Promise<void> {
  const sim = await startSimulatorProcess([
    '--protocol', 'generic',
    '--boards', boards.map((b) => `${b.address}x${b.channels}:${b.statusBytes ?? 3}`).join(','),
    '--baud', String(baudRate),
    '--pace',
    '--reply-ms', String(simReplyMs),
  ]);
  const transport = createBusTransport({ open: serialPortOpener({ path: sim.hostPath, baudRate }), baudRate });
  const clock = trafficClock();
  transport.onTraffic((e) => clock.on(e));
  // No read retries: a failed read must show as a failure here, not as a slow sample.
  const lockBus = createLockBus({ codec: createGenericCodec(boards), transport, boards, retryReads: false });
  const failures: string[] = [];

  try {
    await transport.whenOnline(5000);

    async function time(what: string, n: number, run: (i: number) => Promise<unknown>): Promise<Run> {
      const total: number[] = [];
      const wire: number[] = [];
      const host: number[] = [];
      for (let i = 0; i < n; i++) {
        await sleep(spacingMs);
        clock.reset();
        const started = performance.now();
        try {
          await run(i);
        } catch (error) {
          failures.push(`${what} #${i}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const elapsed = performance.now() - started;
        total.push(elapsed);
        const tx = clock.firstTx();
        const rx = clock.lastRx();
        if (tx !== undefined && rx !== undefined) {
          wire.push(rx - tx);
          host.push(elapsed - (rx - tx));
        }
      }
      process.stdout.write(`  ${what}: ${total.length}/${n} done\n`);
      return { total, wire, host };
    }

    // Warm-up: JIT, the pty, the simulator's first timers. Not counted.
    for (let i = 0; i < 10; i++) await lockBus.readBoard(1);

    const readFrames: FrameTiming = { requestBytes: 5, replyBytes: 7, baudRate, boardDelayMs: sim.replyDelayMs };
    const openFrames: FrameTiming = { requestBytes: 5, replyBytes: 5, baudRate, boardDelayMs: sim.openReplyDelayMs };

    process.stdout.write('measuring…\n');
    const readRun = await time('read-all of board 1', reads, () => lockBus.readBoard(1));
    const openRun = await time('open board 2 lock L', opens, (i) => lockBus.openLock(2, (i % 24) + 1));
    const pollRun = await time('poll cycle (readAll, 4 boards)', polls, () => lockBus.readAll());

    const rows: Row[] = [];
    const row = (
      name: string,
      floorMs: number,
      floorNote: string,
      run: Run,
      reference?: { label: string; ms: number },
    ): void => {
      if (run.total.length === 0) return;
      const summary = summarize(run.total);
      const v = verdict(summary.p50, floorMs, target);
      const ref = reference && { ...reference, ...verdict(summary.p50, reference.ms, target) };
      rows.push({
        name,
        floorMs,
        floorNote,
        summary,
        ratio: v.ratio,
        met: v.met,
        ...(run.wire.length > 0 ? { wireP50Ms: summarize(run.wire).p50, hostP50Ms: summarize(run.host).p50 } : {}),
        ...(ref ? { reference: ref } : {}),
      });
    };
    const gapMs = interTransactionGapMs(baudRate);
    const boardDelayNote = (ms: number) => (ms > 0 ? ` + board delay ${ms} ms` : '');
    row('(a) open + reply', transactionFloorMs(openFrames), `10 B wire${boardDelayNote(sim.openReplyDelayMs)}`, openRun);
    row('(b) read-all, 1 board', transactionFloorMs(readFrames), `12 B wire${boardDelayNote(sim.replyDelayMs)}`, readRun);
    row('(c) poll cycle, 4 boards', pollFloorMs(boards.length, readFrames), `4 × (b) floor`, pollRun, {
      label: `4 × (b) floor + 3 required gaps of ${gapMs} ms`,
      ms: pollFloorMs(boards.length, readFrames, gapMs),
    });

    const stats = transport.stats();
    printTable(rows, stats, sim.readyLine);
    for (const failure of failures.slice(0, 10)) process.stdout.write(`failure: ${failure}\n`);

    // Its own cabinet, pty and simulator; the bus above stays idle meanwhile.
    const doors = await doorTruth();

    if (values.json) {
      const report = {
        at: new Date().toISOString(),
        baudRate,
        target,
        spacingMs,
        simulator: { readyLine: sim.readyLine, openReplyDelayMs: sim.openReplyDelayMs, replyDelayMs: sim.replyDelayMs },
        interTransactionGapMs: interTransactionGapMs(baudRate),
        rows,
        transport: stats,
        failures,
        doorTruth: doors.report,
      };
      writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`wrote ${values.json}\n`);
    }
    process.exitCode = failures.length > 0 || !doors.passed ? 1 : 0;
  } finally {
    await lockBus.close();
    await sim.close();
  }
}

async function doorTruth(): Promise<{ report: DoorTruthReport | undefined; passed: boolean }> {
  if ([doorCounts.changes, doorCounts.pairs, doorCounts.deposits, doorCounts.openCuts].every((n) => n === 0)) return { report: undefined, passed: true };
  process.stdout.write('\nmeasuring door truth…\n');
  const report = await runDoorTruth(baudRate, doorCounts, (line) => process.stdout.write(`${line}\n`));
  const { lines, passed } = formatDoorTruth(report);
  process.stdout.write(`${lines.join('\n')}\n`);
  return { report, passed };
}

function printTable(rows: readonly Row[], stats: TransportStats, readyLine: string): void {
  const f = (ms: number) => ms.toFixed(2).padStart(8);
  const head = `${'transaction'.padEnd(26)} ${'n'.padStart(4)} ${'floor'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)} ${'p50/floor'.padStart(9)}  ${'tx→rx p50'.padStart(9)} ${'host p50'.padStart(8)}  floor is`;
  const lines = [
    '',
    `latency in ms, request issued → promise resolved; generic protocol at ${baudRate} baud 8N1 (${(10_000 / baudRate).toFixed(3)} ms a byte)`,
    head,
    '-'.repeat(head.length + 12),
    ...rows.map(
      (r) =>
        `${r.name.padEnd(26)} ${String(r.summary.n).padStart(4)} ${f(r.floorMs)} ${f(r.summary.p50)} ${f(r.summary.p99)} ${f(r.summary.min)} ${f(r.summary.max)} ${`${r.ratio.toFixed(3)}×`.padStart(9)}  ${r.wireP50Ms === undefined ? '—'.padStart(9) : f(r.wireP50Ms).padStart(9)} ${r.hostP50Ms === undefined ? '—'.padStart(8) : f(r.hostP50Ms)}  ${r.floorNote}`,
    ),
    '',
    `tx→rx: first request byte handed to the port → last reply byte received (for (c): first request → last reply of the cycle);`,
    `host: the rest of the latency, spent in the driver and transport (queue, gap, matching, promises).`,
    `simulator: ${readyLine.replace(/^ready \S+ /, '')}`,
    `transport: ${stats.transactions} transactions, ${stats.completed} completed, ${stats.timeouts} timeouts, ${stats.badFrames} bad frames, ${stats.strayBytes} stray bytes, ${stats.flushes} flushes; inter-transaction gap ${interTransactionGapMs(baudRate)} ms`,
    '',
    ...rows.flatMap((r) => [
      `${r.met ? 'MET    ' : 'NOT MET'}  ${r.name}: p50 ${r.summary.p50.toFixed(2)} ms = ${r.ratio.toFixed(3)}× floor ${r.floorMs.toFixed(2)} ms (target ≤ ${target}×)`,
      ...(r.reference
        ? [
            `         (for reference: ${r.reference.ratio.toFixed(3)}× of ${r.reference.ms.toFixed(2)} ms = ${r.reference.label}, ` +
              `${r.reference.met ? 'within' : 'over'} ${target}×; the gaps alone put the wire floor out of reach)`,
          ]
        : []),
    ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:hardware failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
