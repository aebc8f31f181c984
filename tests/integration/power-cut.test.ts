// The crash suite for "nothing is lost: a deposit survives a power cut at any instant", "never open
// a door by itself" and "an uncertain compartment is never free", across the four door flows. A
// child process runs a real cabinet doing drop-offs, night retrievals, returns and pickups
// (power-cut/worker.ts) and is SIGKILLed at an instant drawn from a seeded schedule spread over each
// flow's phases (power-cut/schedule.ts); after each kill the same data directory is opened with a
// fresh createCabinet and checked (power-cut/checks.ts). Kills run in lanes — independent cabinets,
// each with its own data directory — so one lane's restart check overlaps another's child: a kill
// is mostly waiting on doors and polls, not on the CPU. Within a lane each restart settles on top of
// the earlier ones. Reproduce a failure with POWER_CUT_SEED=<seed> (and the same POWER_CUT_RUNS and
// POWER_CUT_LANES). SIGKILL loses the process, not the OS page cache: durability against a real
// power loss rests on synchronous=FULL, not proven here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, parseConfig, type CabinetConfig } from '../../main/core/config';
import { bundleWorker, runUntilCut } from './power-cut/child';
import { checkRestart, interrupted, STAFF, type LaneModel } from './power-cut/checks';
import { flows, landedIn, phases, schedule, type Cut } from './power-cut/schedule';

/** 200 kills in `npm test`; `npm run test:faults -- N` runs N. */
const RUNS = Number(process.env.POWER_CUT_RUNS ?? 200);
const LANES = Number(process.env.POWER_CUT_LANES ?? 8);
// A fixed schedule by default, so CI repeats itself; POWER_CUT_SEED=random explores new ones.
const SEED = process.env.POWER_CUT_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.POWER_CUT_SEED ?? 517149364);
const PHONE = '13812345678';

/** A cabinet with 2 boards × 32 small compartments, fast polls, drop-offs not rate-limited. */
function crashConfig(): CabinetConfig {
  const raw = structuredClone(defaultConfig());
  raw.buses[0]!.boards = [1, 2].map((address) => ({ address, channels: 32, statusByteOrder: 'last-byte-first-channels' as const, polarity: 'closing' as const }));
  raw.compartments = [1, 2].flatMap((board) =>
    Array.from({ length: 32 }, (_, i) => ({ label: `${board === 1 ? 'A' : 'B'}${String(i + 1).padStart(2, '0')}`, bus: 'bus1', board, lock: i + 1, size: 'S' as const, column: board, row: i + 1 })),
  );
  raw.matters = raw.matters.map((m) => ({ ...m, size: 'S' as const }));
  raw.timeouts.pollIntervalMs = 50;
  // Generous: a door seen open late on a busy machine must not read as a jam (the jammed runs wait it out).
  raw.timeouts.doorOpenDetectSeconds = 3;
  raw.dropOff.maxPerTenMinutes = 1000;
  raw.nightlyCheckAt = null;
  return parseConfig(raw);
}

/**
 * Kills aimed at a phase the seeded schedule missed (a kill comes late on a busy machine, and a
 * pickup's closed→commit window is one 50 ms poll): each is aimed at the phase's marker with no
 * delay, on a cabinet polling every 400 ms so the short phases last long enough to be hit. Every
 * top-up kill is checked like the others; only where it lands is helped.
 */
async function topUp(bundle: string, missing: string[]): Promise<number> {
  const raw = structuredClone(crashConfig());
  raw.timeouts.pollIntervalMs = 400;
  const config = parseConfig(raw);
  const dir = mkdtempSync(join(tmpdir(), 'power-cut-top-up-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const model: LaneModel = { dir, statuses: new Map(), codes: new Map(), checksCleared: 0 };
  const startUp: Cut['plan'] = { flow: 'dropoff', holdMs: [300], jam: [], retryAfterMs: 200, continueAfter: [] };
  let kills = 0;
  try {
    // As in every lane, the first kill is during start-up; the check after it sets up the staff accounts.
    await killAndCheck(bundle, config, LANES, kills++, model, { what: 'top-up lane start-up', marker: 'spawned', delayMs: 150, plan: startUp });
    for (const key of missing) {
      const flow = key.split(' ')[0] as Cut['plan']['flow'];
      for (let attempt = 0; attempt < 6 && !tally.landed[key]; attempt++, kills++) {
        const plan: Cut['plan'] = { flow, holdMs: [300, 300, 300], jam: [], retryAfterMs: 200, continueAfter: [] };
        await killAndCheck(bundle, config, LANES, kills, model, { what: `top-up for ${key}`, marker: `${key} 1`, delayMs: 0, plan });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return kills;
}

/** What the kills hit: the phase each landed in, what they left in the file, and where the time went. */
const tally = { landed: {} as Record<string, number>, left: {} as Record<string, number>, lived: [] as number[], checked: [] as number[], reports: {} as Record<string, number> };
const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

async function killAndCheck(bundle: string, config: CabinetConfig, lane: number, run: number, model: LaneModel, cut: Cut): Promise<void> {
  const where = `seed ${SEED}, lane ${lane + 1}, run ${run + 1} (${cut.what}, ${cut.delayMs} ms after "${cut.marker}")`;
  const plan = { ...cut.plan, staff: STAFF, phone: PHONE, codes: [...model.codes].map(([reference, code]) => ({ reference, code })) };
  const files = { dataDir: join(model.dir, 'data'), config: join(model.dir, 'config.json'), planFile: join(model.dir, 'plan.json') };
  const killed = await runUntilCut(bundle, files, cut, plan);
  // A worker that died by itself is a failure, but what it did is still checked (and the lane goes on from it).
  const died = killed.exit.signal === 'SIGKILL' && killed.stderr === '' ? undefined : `${where}: the worker must die by the SIGKILL, not by itself (${JSON.stringify(killed.exit)}):\n${killed.stderr}`;
  count(tally.landed, landedIn(killed.lines));
  for (const line of killed.lines) {
    if (/^(deposited|continued|collected|returned|picked-up) /.test(line)) count(tally.reports, line.split(' ')[0] as string);
    // Steps begun for another flow: what this child did first to have something to work on.
    if (/^\S+ begin /.test(line) && !line.startsWith(`${cut.plan.flow} `)) count(tally.reports, 'steps begun first');
  }
  const before = interrupted(join(files.dataDir, 'cabinet.sqlite'));
  const left = [...before.cases.map((c) => `case ${c.status}`), ...before.reserved.map(() => 'compartment reserved')];
  for (const s of left.length ? left : ['nothing in flight']) count(tally.left, s);
  const checkedFrom = Date.now();
  await checkRestart(model, config, where, killed.lines, before);
  if (died) throw new Error(died);
  tally.lived.push(killed.livedMs);
  tally.checked.push(Date.now() - checkedFrom);
}

describe(`power cut at any instant (seed ${SEED}, ${RUNS} kills in ${LANES} lanes)`, () => {
  const config = crashConfig();
  const cuts = schedule(SEED, LANES, RUNS);
  const lanes: LaneModel[] = cuts.map(() => {
    const dir = mkdtempSync(join(tmpdir(), 'power-cut-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    return { dir, statuses: new Map(), codes: new Map(), checksCleared: 0 };
  });
  let bundle = '';
  const started = Date.now();
  afterAll(() => {
    rmSync(bundle, { force: true });
    for (const lane of lanes) rmSync(lane.dir, { recursive: true, force: true });
  });
  console.log(`power-cut seed: ${SEED} (replay with POWER_CUT_SEED=${SEED} POWER_CUT_RUNS=${RUNS} POWER_CUT_LANES=${LANES})`);

  // The lanes run side by side from the start; within a lane the kills follow one another. One
  // test per lane reports it; a failed check does not stop its lane (the next kill starts from
  // what is in the file), and every failure is reported.
  let running: Promise<Error[]>[] = [];
  beforeAll(async () => {
    bundle = await bundleWorker();
    running = cuts.map(async (laneCuts, lane) => {
      const failures: Error[] = [];
      for (const [run, cut] of laneCuts.entries()) await killAndCheck(bundle, config, lane, run, lanes[lane]!, cut).catch((error: Error) => failures.push(error));
      return failures;
    });
  }, 60_000);
  for (const [lane, laneCuts] of cuts.entries()) {
    it(`lane ${lane + 1}: ${laneCuts.length} kills lose nothing and open nothing`, async () => {
      const failures = await running[lane]!;
      if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${laneCuts.length} kills failed:\n${failures.map((f) => f.message).join('\n')}`);
    }, laneCuts.length * 30_000); // a kill takes 1–3 s, ~15 s with the machine 25 times oversubscribed
  }

  it('the kills landed in every flow and phase, and each flow committed', async () => {
    const wanted = RUNS >= 100 ? flows.flatMap((flow) => phases.map((phase) => `${flow} ${phase}`)) : [];
    const missed = wanted.filter((key) => !tally.landed[key]);
    const topUps = missed.length ? await topUp(bundle, missed) : 0;
    if (missed.length) console.log(`power-cut: the schedule missed ${missed.join(', ')}; ${topUps} top-up kills aimed at them`);
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    console.log(`power-cut: ${tally.lived.length} kills in ${Math.round((Date.now() - started) / 1000)} s; a child lived ${mean(tally.lived)} ms on average, a restart check took ${mean(tally.checked)} ms`);
    const row = (flow: string) => Object.entries(tally.landed).filter(([k]) => k.startsWith(`${flow} `)).map(([k, n]) => `${k.slice(flow.length + 1)} ${n}`).join(', ');
    console.log(`power-cut: kills landed in (flow: phase hits)\n${['start-up', ...flows].map((f) => `  ${f}: ${f === 'start-up' ? (tally.landed['start-up'] ?? 0) : row(f)}`).join('\n')}`);
    console.log(`power-cut: states the kills left behind ${JSON.stringify(tally.left)}; steps reported committed ${JSON.stringify(tally.reports)}`);
    expect(tally.lived.length).toBe(RUNS + topUps);
    for (const report of ['deposited', 'collected', 'returned', 'picked-up']) expect(tally.reports[report] ?? 0, `seed ${SEED}: no step reported ${report}`).toBeGreaterThan(0);
    // A long schedule reaches every phase of every flow (a short one, test:faults -- 20, need not).
    if (RUNS >= 100) for (const flow of flows) for (const phase of phases) expect(tally.landed[`${flow} ${phase}`] ?? 0, `seed ${SEED}: no kill landed in ${flow} ${phase}`).toBeGreaterThan(0);
    expect(Object.keys(tally.left).some((k) => k !== 'nothing in flight'), `seed ${SEED}: no kill landed inside a flow`).toBe(true);
  }, 180_000);
});
