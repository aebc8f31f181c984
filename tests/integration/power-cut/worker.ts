// A child process running a real cabinet through the four door flows, for the power-cut suite:
// `node worker.mjs <dataDir> <config.json> <plan.json>` (bundled once per test run by child.ts).
// It repeats its plan's flow — drop-off, night retrieval, return, pickup — through the contract
// the screens call, doing first what the flow needs (a pickup needs a returned case, a return a
// collected one, a retrieval a deposit). It is SIGKILLed at some instant; stdout says how far it got:
//   markers  <flow> begin|open|closed|commit N, dropoff not-detected|continue N
//   reports  deposited REF LABEL | continued REF LABEL | collected REF | returned REF LABEL |
//            code REF CODE | picked-up REF
// A report is printed only once the step's transaction has committed (its event says so). Writes
// to a pipe are synchronous on Linux: a line printed before the kill is a line the parent reads.
import { readFileSync } from 'node:fs';
import { createCabinet } from '../../../main/app/cabinet';
import { methods } from '../../../main/contract/api';
import { createClient } from '../../../main/contract/client';
import { createDispatcher } from '../../../main/contract/dispatch';
import { parseConfig } from '../../../main/core/config';
import type { DropOffState, PickUpState } from '../../../main/contract/schemas';
import type { StaffJob } from '../../../main/contract/staff-schemas';
import type { VirtualBus } from '../../../hardware/simulator/virtual-bus';
import { GAP_MS, type Flow, type WorkerPlan } from './schedule';

const [dataDir, configFile, planFile] = process.argv.slice(2);
if (!dataDir || !configFile || !planFile) throw new Error('usage: worker.mjs <dataDir> <config.json> <plan.json>');
const config = parseConfig(JSON.parse(readFileSync(configFile, 'utf8')));
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as WorkerPlan;
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fail = (why: string): never => {
  process.stderr.write(`${why}\n`);
  process.exit(3);
};

const cabinet = await createCabinet({ config, dataDir, log: (level, message) => level === 'error' && process.stderr.write(`[error] ${message}\n`) });
const api = createClient(methods, createDispatcher(methods, cabinet.handlers));
const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
const doorOf = (label: string) => config.compartments.find((x) => x.label === label) ?? fail(`no compartment ${label}`);

// What the events said, and promises that wait on them.
const drops = new Map<string, DropOffState>();
const jobs = new Map<string, StaffJob>();
const picks = new Map<string, PickUpState>();
const waiters = new Set<() => void>();
function when<T>(find: () => T | undefined, what: string, within = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = find();
      if (found === undefined) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(found);
    };
    const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`no ${what} within ${within} ms`))), within);
    waiters.add(check);
    check();
  });
}

/** The step under way: its flow and number (for the markers) and how long the hand holds a door. */
const step = { flow: 'dropoff' as Flow, n: 0, holdMs: 50, jammed: false, handled: new Set<string>() };
/** A door of the current step seen open: the hand puts documents in (or takes them out) and shuts it. */
function hand(label: string): void {
  if (step.handled.has(label)) return;
  step.handled.add(label);
  const { flow, n } = step;
  say(`${flow} open ${n}`);
  const c = doorOf(label);
  setTimeout(() => {
    virtual.closeDoor(c.board, c.lock);
    say(`${flow} closed ${n}`);
  }, step.holdMs);
}
cabinet.on('dropOff.changed', (s) => {
  drops.set(s.dropOffId, s);
  if (s.stage === 'open') hand(s.compartment.label);
  if (['failed', 'cancelled'].includes(s.stage) || (!step.jammed && ['open-not-detected', 'open-uncertain'].includes(s.stage))) fail(`unexpected drop-off stage ${s.stage}`);
  waiters.forEach((w) => w());
});
cabinet.on('staff.job', (j) => {
  jobs.set(j.jobId, j);
  if (j.stage === 'open') hand(j.label);
  if (j.stage === 'failed' || j.stage === 'open-not-detected') fail(`unexpected ${j.kind} job stage ${j.stage}: ${j.problem ?? ''}`);
  waiters.forEach((w) => w());
});
cabinet.on('pickUp.changed', (s) => {
  picks.set(s.pickUpId, s);
  if (s.stage === 'open') hand(s.compartment.label);
  if (s.stage === 'failed' || s.stage === 'open-not-detected') fail(`unexpected pickup stage ${s.stage}`);
  waiters.forEach((w) => w());
});

const counters: Record<Flow, number> = { dropoff: 0, retrieve: 0, return: 0, pickup: 0 };
function begin(flow: Flow): number {
  const n = ++counters[flow];
  Object.assign(step, { flow, n, holdMs: plan.holdMs[(n - 1) % plan.holdMs.length] ?? 50, jammed: false, handled: new Set<string>() });
  return n;
}

let token: string | undefined;
async function staffToken(): Promise<string> {
  token ??= (await api['staff.login']({ login: plan.staff.login, pin: plan.staff.pin })).token;
  return token;
}

/** A resident's drop-off (a jammed first door, a continuation, as the plan says). */
async function dropOff(): Promise<void> {
  const n = begin('dropoff');
  const jammed = plan.jam.includes(n);
  step.jammed = jammed;
  const jamAll = (on: boolean) => config.compartments.forEach((c) => virtual.setJammed(c.board, c.lock, on));
  if (jammed) jamAll(true);
  say(`dropoff begin ${n}`);
  const started = await api['dropOff.begin']({ matterId: 'social-insurance', phone: plan.phone, phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
  const id = started.dropOffId;
  if (jammed) {
    // A jammed generic lock is never certain (the open's ~500 ms reply hides the door): the resident is asked.
    await when(() => (drops.get(id)?.stage === 'open-uncertain' ? true : undefined), 'open-uncertain');
    await api['dropOff.answer']({ dropOffId: id, inside: false });
    say(`dropoff not-detected ${n}`);
    jamAll(false);
    await sleep(plan.retryAfterMs);
    await api['dropOff.retry']({ dropOffId: id });
  }
  const deposited = await when(() => (drops.get(id)?.stage === 'deposited' ? drops.get(id) : undefined), 'deposit');
  say(`deposited ${deposited.receipt?.reference} ${deposited.compartment.label}`);
  if (plan.continueAfter.includes(n)) {
    say(`dropoff continue ${n}`);
    step.handled = new Set();
    const more = await api['dropOff.continue']({ dropOffId: id });
    const continued = await when(() => (drops.get(more.dropOffId)?.stage === 'deposited' ? drops.get(more.dropOffId) : undefined), 'continued deposit');
    say(`continued ${continued.receipt?.reference} ${continued.compartment.label}`);
  }
  say(`dropoff commit ${n}`);
}

/** Staff take the oldest deposited case out (night retrieval): every door of it opened and shut. */
async function retrieve(): Promise<void> {
  let [c] = await api['retrieval.pending']({ token: await staffToken() });
  if (!c) {
    await dropOff();
    [c] = await api['retrieval.pending']({ token: await staffToken() });
  }
  if (!c) return fail('nothing to retrieve after a deposit');
  const n = begin('retrieve');
  say(`retrieve begin ${n} ${c.reference}`);
  const started = await api['retrieval.open']({ token: await staffToken(), caseId: c.caseId });
  await when(() => (started.every((j) => jobs.get(j.jobId)?.stage === 'done') ? true : undefined), 'retrieval done');
  say(`collected ${c.reference}`);
  say(`retrieve commit ${n}`);
}

/** Staff put a collected case's results back: a compartment opens, shuts, a pickup code is issued. */
async function putBack(): Promise<void> {
  let [c] = await api['returns.returnable']({ token: await staffToken() });
  if (!c) {
    await retrieve();
    [c] = await api['returns.returnable']({ token: await staffToken() });
  }
  if (!c) return fail('nothing to return after a retrieval');
  const n = begin('return');
  say(`return begin ${n} ${c.reference}`);
  const job = await api['returns.putBack']({ token: await staffToken(), caseId: c.caseId, kind: 'return' });
  await when(() => (jobs.get(job.jobId)?.stage === 'done' ? true : undefined), 'return done');
  say(`returned ${c.reference} ${job.label}`);
  const { code } = await api['returns.takeCode']({ token: await staffToken(), jobId: job.jobId });
  plan.codes.push({ reference: c.reference, code });
  say(`code ${c.reference} ${code}`);
  say(`return commit ${n}`);
}

/** A resident picks up results with the code and the phone's last four digits. */
async function pickUp(): Promise<void> {
  if (plan.codes.length === 0) await putBack();
  const held = plan.codes.shift() ?? fail('no pickup code after a return');
  const n = begin('pickup');
  say(`pickup begin ${n} ${held.reference}`);
  const started = await api['pickUp.begin']({ code: held.code, phoneLast4: plan.phone.slice(-4) });
  await when(() => (picks.get(started.pickUpId)?.stage === 'picked-up' ? true : undefined), 'pickup done');
  say(`picked-up ${held.reference}`);
  say(`pickup commit ${n}`);
}

const run: Record<Flow, () => Promise<void>> = { dropoff: dropOff, retrieve, return: putBack, pickup: pickUp };
say('ready');
try {
  for (;;) {
    await run[plan.flow]();
    await sleep(GAP_MS);
  }
} catch (error) {
  fail(`worker failed: ${error instanceof Error ? error.stack : String(error)}`);
}
