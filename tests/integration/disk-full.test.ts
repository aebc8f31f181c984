// Issue 11: a full or read-only disk at every phase of each flow. For each flow (drop-off, drop-off
// with an SMS-verified phone, night retrieval, staff return, pickup, rating, clearing a compartment
// under check) and each phase (before the first call, after it while the door opens, while the door
// stands open, at the commit when it closes, after the commit, while the outbox delivers), the disk
// refuses writes, then space returns. Checked every time: no door opened for an action not recorded
// first; the caller got a typed 'unavailable' (which the screens show in both languages); nothing
// committed is lost (the audit chain's rows before the failure are all there and it verifies); no
// compartment is free while it may hold documents; and once space returns (after a restart where the
// phase calls for one) the flow completes or is recovered into the check state.
// Each phase runs on two disks (disk.ts): SQLite's own limit everywhere, a real full tmpfs as root.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { methods } from '../../main/contract/api';
import { createClient } from '../../main/contract/client';
import { createDispatcher } from '../../main/contract/dispatch';
import type { DropOffState, PickUpState } from '../../main/contract/schemas';
import type { StaffJob } from '../../main/contract/staff-schemas';
import type { VirtualBus } from '../../hardware/simulator/virtual-bus';
import { createRepositories } from '../../main/store/repositories';
import { SETUP_CODE_FILE } from '../../main/app/setup-code';
import { sqliteDisk, tmpfsDisk, tmpfsUnavailable, type Disk } from './disk';
import { startHttpServer, WEBHOOK_SECRET, type HttpTestServer } from './notify-servers';
import { until } from './until';

let web: HttpTestServer;
beforeAll(async () => {
  web = await startHttpServer();
});
afterAll(() => web.close());

const runs: Run[] = [];
afterEach(async () => {
  // Close first, then unmount: even when the test failed half way.
  const problems: unknown[] = [];
  for (const run of runs.splice(0)) {
    await run.env.cabinet.close().catch(() => undefined);
    try {
      run.disk.release();
    } catch (error) {
      problems.push(error);
    }
  }
  web.failNext = 0;
  // Each test reads the receiver's record of its own messages only.
  for (const list of [web.requests, web.accepted, web.replays]) list.length = 0;
  web.processed.clear();
  if (problems.length) throw problems[0];
});

function config() {
  const raw = structuredClone(defaultConfig()) as unknown as Record<string, unknown> & ReturnType<typeof defaultConfig>;
  raw.timeouts.pollIntervalMs = 50;
  raw.timeouts.doorOpenDetectSeconds = 2;
  raw.timeouts.doorLeftOpenSeconds = 1;
  raw.notifications = {
    channels: [
      { type: 'webhook', id: 'office', url: `${web.url}/webhook`, secret: WEBHOOK_SECRET },
      { type: 'sms', id: 'sms', url: `${web.url}/sms`, body: '{"to":"{{phone}}","content":"{{text}}","code":"{{code}}"}', success: { jsonPath: 'result.code', equals: 0 } },
    ],
    routes: { staff: ['office'], technician: ['office'] },
    digest: { enabled: false },
    // The outbox phases count the one resident SMS of a flow: a drop-off confirmation would be a second.
    dropOffConfirmation: false,
    retry: { firstDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxAgeHours: 1 },
  } as never;
  return parseConfig(raw);
}

async function boot(dataDir: string) {
  const cabinet: Cabinet = await createCabinet({ config: config(), dataDir, log: process.env.DISKFULL_LOG ? (l, m, d) => console.log(l, m, d instanceof Error ? d.message : (d ?? '')) : () => {} });
  const virtual = cabinet.hardware.virtualBuses.get('bus1') as VirtualBus;
  const drops: DropOffState[] = [];
  const picks: PickUpState[] = [];
  const jobs: StaffJob[] = [];
  cabinet.on('dropOff.changed', (s) => drops.push(s));
  cabinet.on('pickUp.changed', (s) => picks.push(s));
  cabinet.on('staff.job', (j) => jobs.push(j));
  return { cabinet, virtual, drops, picks, jobs, h: createClient(methods, createDispatcher(methods, cabinet.handlers)) };
}
type Env = Awaited<ReturnType<typeof boot>>;

const where = (label: string): [number, number] => [label.startsWith('A') ? 1 : 2, Number(label.slice(1))];
const opensOf = (virtual: VirtualBus) => virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A')).length;

/** One cabinet on one disk, across restarts: opens are counted over all of its lives. */
class Run {
  private earlierOpens = 0;
  pin = '246810';
  constructor(
    readonly disk: Disk,
    public env: Env,
  ) {}
  static async start(disk: Disk): Promise<Run> {
    try {
      const run = new Run(disk, await boot(disk.dataDir));
      runs.push(run);
      return run;
    } catch (error) {
      disk.release();
      throw error;
    }
  }
  get h() {
    return this.env.h;
  }
  get db() {
    return this.env.cabinet.db;
  }
  opens(): number {
    return this.earlierOpens + opensOf(this.env.virtual);
  }
  refuse = () => this.disk.refuse(this.db);
  restore = () => this.disk.restore(this.db);
  close = (label: string) => this.env.virtual.closeDoor(...where(label));
  forceOpen = (label: string) => this.env.virtual.forceOpen(...where(label));
  jamAll(jammed: boolean): void {
    for (const c of this.env.cabinet.config.compartments) this.env.virtual.setJammed(...where(c.label), jammed);
  }
  async restart(): Promise<void> {
    this.earlierOpens = this.opens();
    await this.env.cabinet.close();
    this.env = await boot(this.disk.dataDir);
  }
  /** The first administrator (before any failure), or a fresh login after a restart. */
  async token(): Promise<string> {
    if ((await this.h['staff.setupNeeded']({})).setupNeeded) {
      const setupCode = readFileSync(join(this.disk.dataDir, SETUP_CODE_FILE), 'utf8').trim();
      return (await this.h['staff.createFirstAdmin']({ setupCode, login: 'admin', name: 'Admin', pin: this.pin })).token;
    }
    return (await this.h['staff.login']({ login: 'admin', pin: this.pin })).token;
  }
  row<T>(sql: string, ...args: unknown[]): T {
    return this.db.prepare(sql).get(...args) as T;
  }
  compartment(label: string): string {
    return this.row<{ state: string }>('SELECT state FROM compartments WHERE label = ?', label).state;
  }
  caseStatus(caseId: number): string {
    return this.row<{ status: string }>('SELECT status FROM cases WHERE id = ?', caseId).status;
  }
  auditRows(): { id: number; hash: string }[] {
    return this.db.prepare('SELECT id, hash FROM audit_log ORDER BY id').all() as { id: number; hash: string }[];
  }
}

// ---------------------------------------------------------------------------------------------
// The flows, each from a prepared cabinet: `begin` is the caller's first call (it answers once the
// open went out) and names the door; `last` is the latest state the screen was sent.

interface Ctx {
  token: string;
  phone: string;
  caseId: number;
  reference: string;
  code: string;
  label: string;
}
type Last = { stage: string; doorLeftOpen?: string | undefined; codeReady?: boolean | undefined } | undefined;

interface DoorFlow {
  name: string;
  prepare(run: Run): Promise<Ctx>;
  begin(run: Run, ctx: Ctx): Promise<string>;
  last(run: Run, ctx: Ctx): Last;
  done: string;
  /** What the screen is told when the door closed but the outcome could not be written. */
  notRecorded: string;
  /** The database after the flow completed. */
  expectDone(run: Run, ctx: Ctx): void;
  /**
   * After a close that could not be recorded, space back and a restart: what the cabinet holds,
   * and how the flow is then completed (or recovered).
   */
  recover(run: Run, ctx: Ctx): Promise<void>;
  /** A message the completed flow leaves in the outbox, if any: its kind. */
  outbox?: string;
}

const blank: Ctx = { token: '', phone: '13800001111', caseId: 0, reference: '', code: '', label: '' };

async function deposit(run: Run, phone: string): Promise<{ caseId: number; reference: string; label: string }> {
  const { drops } = run.env;
  drops.length = 0;
  const state = await run.h['dropOff.begin']({ matterId: 'social-insurance', phone, phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
  await until(() => drops.some((d) => d.stage === 'open'), 8000, 'deposit door open');
  run.close(state.compartment.label);
  await until(() => drops.some((d) => d.stage === 'deposited'), 8000, 'deposited');
  const reference = drops.find((d) => d.receipt)!.receipt!.reference;
  const { id } = run.row<{ id: number }>('SELECT id FROM cases WHERE reference = ?', reference);
  drops.length = 0;
  return { caseId: id, reference, label: state.compartment.label };
}

const lastJob = (kind: string) => (run: Run) => [...run.env.jobs].reverse().find((j) => j.kind === kind);

async function jobThrough(run: Run, kind: string, label: string): Promise<void> {
  await until(() => lastJob(kind)(run)?.stage === 'open', 8000, `${kind} door open`);
  run.close(label);
  await until(() => lastJob(kind)(run)?.stage === 'done', 8000, `${kind} done`);
}

async function collected(run: Run): Promise<Ctx> {
  const token = await run.token();
  const d = await deposit(run, blank.phone);
  await run.h['retrieval.open']({ token, caseId: d.caseId });
  await jobThrough(run, 'retrieve', d.label);
  run.env.jobs.length = 0;
  return { ...blank, token, ...d };
}

async function returned(run: Run): Promise<Ctx> {
  const ctx = await collected(run);
  const job = await run.h['returns.putBack']({ token: ctx.token, caseId: ctx.caseId, kind: 'return' });
  await jobThrough(run, 'return', job.label);
  const { code } = await run.h['returns.takeCode']({ token: ctx.token, jobId: job.jobId });
  run.env.jobs.length = 0;
  return { ...ctx, code, label: job.label };
}

const dropOffLast = (run: Run): Last => run.env.drops.at(-1);

function dropOffFlow(name: string, verified: boolean): DoorFlow {
  return {
    name,
    prepare: async () => ({ ...blank }),
    async begin(run, ctx) {
      const common = { matterId: 'social-insurance', phone: ctx.phone, consent: true as const, language: 'zh-CN' as const, elderMode: false };
      let proof: { phoneConfirmed: true } | { verification: string } = { phoneConfirmed: true };
      if (verified) {
        // The code comes by SMS (the gateway on 127.0.0.1); each begin needs a fresh verification.
        const before = web.accepted.filter((r) => r.path === '/sms').length;
        await run.h['phone.sendCode']({ phone: ctx.phone });
        const sms = web.accepted.filter((r) => r.path === '/sms')[before];
        const { code } = JSON.parse(sms!.body) as { code: string };
        proof = { verification: (await run.h['phone.verifyCode']({ phone: ctx.phone, code })).verification };
      }
      return (await run.h['dropOff.begin']({ ...common, ...proof })).compartment.label;
    },
    last: dropOffLast,
    done: 'deposited',
    notRecorded: 'not-recorded',
    expectDone(run, ctx) {
      const c = run.row<{ status: string; compartment: string }>('SELECT status, compartment FROM cases ORDER BY id DESC LIMIT 1');
      expect(c).toEqual({ status: 'deposited', compartment: ctx.label });
      expect(run.compartment(ctx.label)).toBe('occupied');
      expect(run.row<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'deposit'").n).toBe(1);
    },
    async recover(run, ctx) {
      // The next start records the deposit the documents made (the door was seen open).
      this.expectDone(run, ctx);
    },
    outbox: 'deposit',
  };
}

const retrievalFlow: DoorFlow = {
  name: 'night retrieval',
  async prepare(run) {
    const token = await run.token();
    const d = await deposit(run, blank.phone);
    return { ...blank, token, ...d };
  },
  async begin(run, ctx) {
    const [job] = await run.h['retrieval.open']({ token: ctx.token, caseId: ctx.caseId });
    return job!.label;
  },
  last: lastJob('retrieve'),
  done: 'done',
  notRecorded: 'failed',
  expectDone(run, ctx) {
    expect(run.caseStatus(ctx.caseId)).toBe('collected');
    expect(run.compartment(ctx.label)).toBe('free');
    expect(run.row<{ n: number }>('SELECT COUNT(*) AS n FROM retrievals').n).toBe(1);
  },
  async recover(run, ctx) {
    // Not recorded as collected: the case still waits for retrieval, its compartment occupied (not
    // free: staff may not have taken everything). Opening it again completes the retrieval.
    expect(run.caseStatus(ctx.caseId)).toBe('deposited');
    expect(run.compartment(ctx.label)).toBe('occupied');
    run.env.jobs.length = 0;
    await this.begin(run, { ...ctx, token: await run.token() });
    await jobThrough(run, 'retrieve', ctx.label);
    this.expectDone(run, ctx);
  },
};

const returnFlow: DoorFlow = {
  name: 'staff return',
  prepare: collected,
  async begin(run, ctx) {
    return (await run.h['returns.putBack']({ token: ctx.token, caseId: ctx.caseId, kind: 'return' })).label;
  },
  last: lastJob('return'),
  done: 'done',
  notRecorded: 'failed',
  expectDone(run, ctx) {
    // The job (while this cabinet runs) says a code waits for its issuer.
    const job = lastJob('return')(run);
    if (job) expect(job.codeReady).toBe(true);
    expect(run.caseStatus(ctx.caseId)).toBe('returned');
    const { compartment } = run.row<{ compartment: string }>('SELECT compartment FROM cases WHERE id = ?', ctx.caseId);
    expect(compartment).toBe(job?.label ?? ctx.label);
    expect(run.compartment(compartment)).toBe('occupied');
    expect(run.row<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'ready-for-pickup'").n).toBe(1);
  },
  async recover(run, ctx) {
    // No code was issued; the results may be inside: the compartment is under check, the case still
    // collected. Staff look on site, take the results out, and put them back through the console.
    expect(run.caseStatus(ctx.caseId)).toBe('collected');
    expect(run.compartment(ctx.label)).toBe('check');
    const token = await run.token();
    expect(await run.h['check.list']({ token })).toEqual([{ label: ctx.label, caseId: ctx.caseId, reference: ctx.reference }]);
    expect(await run.h['check.clear']({ token, label: ctx.label, found: 'empty' })).toEqual({ state: 'free' });
    run.env.jobs.length = 0;
    const label = await this.begin(run, { ...ctx, token });
    await jobThrough(run, 'return', label);
    this.expectDone(run, ctx);
  },
  outbox: 'ready-for-pickup',
};

const pickupFlow: DoorFlow = {
  name: 'resident pickup',
  prepare: returned,
  async begin(run, ctx) {
    return (await run.h['pickUp.begin']({ code: ctx.code, phoneLast4: ctx.phone.slice(-4) })).compartment.label;
  },
  last: (run) => run.env.picks.at(-1),
  done: 'picked-up',
  notRecorded: 'not-recorded',
  expectDone(run, ctx) {
    expect(run.caseStatus(ctx.caseId)).toBe('picked-up');
    expect(run.compartment(ctx.label)).toBe('free');
  },
  async recover(run, ctx) {
    // The pickup was not recorded: the case still waits with its code, the compartment occupied
    // (never free on a guess). The resident's code opens it again and the pickup completes.
    expect(run.caseStatus(ctx.caseId)).toBe('returned');
    expect(run.compartment(ctx.label)).toBe('occupied');
    run.env.picks.length = 0;
    await this.begin(run, ctx);
    await until(() => run.env.picks.at(-1)?.stage === 'open', 8000, 'pickup open again');
    run.close(ctx.label);
    await until(() => run.env.picks.at(-1)?.stage === 'picked-up', 8000, 'picked up');
    this.expectDone(run, ctx);
  },
};

const doorFlows: DoorFlow[] = [dropOffFlow('resident drop-off', false), dropOffFlow('resident drop-off, SMS-verified phone', true), retrievalFlow, returnFlow, pickupFlow];

// ---------------------------------------------------------------------------------------------
// What must hold whatever happened: checked at the end of every test, with space back.

/** The audit rows committed before the failure, to prove none was lost. */
type Committed = { id: number; hash: string }[];

function invariants(run: Run, committed: Committed): void {
  // No door opened for an action not recorded first: each open went out after its flow's record,
  // and each open is itself in the audit log.
  expect(run.opens()).toBe(run.row<{ n: number }>("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lock.open'").n);
  // Nothing committed lost, and the chain verifies.
  const now = new Map(run.auditRows().map((r) => [r.id, r.hash]));
  for (const r of committed) expect(now.get(r.id)).toBe(r.hash);
  expect(createRepositories(run.db, run.env.cabinet.secrets).audit.verify()).toMatchObject({ ok: true });
  expect(run.db.pragma('integrity_check', { simple: true })).toBe('ok');
  // No compartment free while a case says documents are in it.
  const freeButHeld = run.db
    .prepare(
      "SELECT k.compartment FROM cases k JOIN compartments c ON c.label = k.compartment WHERE c.state = 'free' AND k.status IN ('door-opened', 'deposited', 'returned', 'needs-correction', 'expired')",
    )
    .all();
  expect(freeButHeld).toEqual([]);
  expect(run.db.prepare("SELECT status FROM cases WHERE status IN ('reserved', 'door-opened')").all()).toEqual([]);
}

async function refused(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toMatchObject({ name: 'CallError', code: 'unavailable' });
}

// ---------------------------------------------------------------------------------------------
// The phases of a door flow.

type Phase = (run: Run, flow: DoorFlow, ctx: Ctx) => Promise<Committed>;

async function completes(run: Run, flow: DoorFlow, ctx: Ctx): Promise<void> {
  await until(() => flow.last(run, ctx)?.stage === 'open', 8000, `${flow.name}: door open`);
  run.close(ctx.label);
  await until(() => flow.last(run, ctx)?.stage === flow.done, 8000, `${flow.name}: ${flow.done}`);
  flow.expectDone(run, ctx);
}

const doorPhases: Record<string, Phase> = {
  async 'before the first call'(run, flow, ctx) {
    const committed = run.auditRows();
    const opens = run.opens();
    run.refuse();
    await refused(flow.begin(run, ctx));
    expect(run.opens()).toBe(opens);
    run.restore();
    ctx.label = await flow.begin(run, ctx);
    await completes(run, flow, ctx);
    return committed;
  },

  async 'after the call, before the door opens'(run, flow, ctx) {
    // Jammed: the open goes out but the door stays shut until the hand pulls it, on a full disk.
    run.jamAll(true);
    ctx.label = await flow.begin(run, ctx);
    run.jamAll(false);
    const committed = run.auditRows();
    run.refuse();
    run.forceOpen(ctx.label);
    await until(() => flow.last(run, ctx)?.stage === 'open', 8000, `${flow.name}: seen open on a full disk`);
    run.restore();
    run.close(ctx.label);
    await until(() => flow.last(run, ctx)?.stage === flow.done, 8000, `${flow.name}: ${flow.done}`);
    flow.expectDone(run, ctx);
    return committed;
  },

  async 'while the door stands open'(run, flow, ctx) {
    ctx.label = await flow.begin(run, ctx);
    await until(() => flow.last(run, ctx)?.stage === 'open', 8000, `${flow.name}: door open`);
    const committed = run.auditRows();
    run.refuse();
    // Left open long enough for the reminder and the alarm, neither of which can be written.
    await until(() => flow.last(run, ctx)?.doorLeftOpen === 'alarm', 8000, `${flow.name}: door-left-open alarm`);
    expect(run.row<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alarm'").n).toBe(0);
    run.restore();
    // The alarm the disk refused reaches the technician once space returns.
    await until(() => run.row<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'alarm' AND json_extract(payload, '$.alarm') = 'door-left-open'").n === 1, 10_000, 'the refused alarm recorded');
    run.close(ctx.label);
    await until(() => flow.last(run, ctx)?.stage === flow.done, 8000, `${flow.name}: ${flow.done}`);
    flow.expectDone(run, ctx);
    return committed;
  },

  async 'at the commit, when the door closes'(run, flow, ctx) {
    ctx.label = await flow.begin(run, ctx);
    await until(() => flow.last(run, ctx)?.stage === 'open', 8000, `${flow.name}: door open`);
    const committed = run.auditRows();
    run.refuse();
    run.close(ctx.label);
    await until(() => flow.last(run, ctx)?.stage === flow.notRecorded, 8000, `${flow.name}: told ${flow.notRecorded}`);
    expect(run.compartment(ctx.label)).not.toBe('free');
    run.restore();
    const opens = run.opens();
    await run.restart();
    expect(run.opens()).toBe(opens); // nothing opens on start-up
    await flow.recover(run, ctx);
    return committed;
  },

  async 'at the commit, restarted while the disk is still full'(run, flow, ctx) {
    ctx.label = await flow.begin(run, ctx);
    await until(() => flow.last(run, ctx)?.stage === 'open', 8000, `${flow.name}: door open`);
    const committed = run.auditRows();
    run.refuse();
    run.close(ctx.label);
    await until(() => flow.last(run, ctx)?.stage === flow.notRecorded, 8000, `${flow.name}: told ${flow.notRecorded}`);
    const opens = run.opens();
    // It starts (settling what was interrupted must wait for space), opens nothing, reads, and
    // answers 'unavailable' to what would write.
    await run.restart();
    expect(run.opens()).toBe(opens);
    expect(await run.h['cabinet.info']({})).toMatchObject({ id: expect.any(String) });
    await refused(run.h['dropOff.begin']({ matterId: 'social-insurance', phone: '13900002222', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false }));
    expect(run.opens()).toBe(opens);
    expect(run.compartment(ctx.label)).not.toBe('free');
    run.restore();
    await until(() => settled(run), 10_000, 'interrupted flows settled once space returned');
    await flow.recover(run, ctx);
    return committed;
  },

  async 'after the commit'(run, flow, ctx) {
    ctx.label = await flow.begin(run, ctx);
    await completes(run, flow, ctx);
    const committed = run.auditRows();
    run.refuse();
    // Reading goes on; what would write answers 'unavailable' and changes nothing.
    expect(await run.h['cabinet.info']({})).toMatchObject({ id: expect.any(String) });
    await refused(run.h['rating.submit']({ flow: 'drop-off', level: 5, comments: [] }));
    run.restore();
    await run.restart();
    flow.expectDone(run, ctx);
    return committed;
  },
};

/** Nothing left half done: what a restart settles is settled. */
function settled(run: Run): boolean {
  const cases = run.row<{ n: number }>("SELECT COUNT(*) AS n FROM cases WHERE status IN ('reserved', 'door-opened')").n;
  return cases === 0 && run.row<{ n: number }>("SELECT COUNT(*) AS n FROM compartments WHERE state = 'reserved'").n === 0;
}

/** A restart keeps no connection setting: only a disk that stays full refuses writes across one. */
const ACROSS_RESTART = new Set(['at the commit, restarted while the disk is still full']);

/** The outbox: the message the commit wrote is delivered, once, though its delivery could not be recorded. */
async function outboxPhase(run: Run, flow: DoorFlow, ctx: Ctx): Promise<Committed> {
  const kind = flow.outbox!;
  const path = kind === 'deposit' ? '/webhook' : '/sms';
  ctx.label = await flow.begin(run, ctx);
  web.failNext = 1_000_000; // the receiver is down: the message waits in the outbox
  await completes(run, flow, ctx);
  const sent = () => web.requests.filter((r) => r.path === path).length;
  await until(() => sent() > 0, 8000, 'a first delivery attempt');
  const committed = run.auditRows();
  run.refuse();
  web.failNext = 0; // the receiver is back, but the cabinet cannot write that it delivered
  await until(() => web.accepted.some((r) => r.path === path), 8000, 'delivered while the disk is full');
  const afterDelivery = sent();
  await until(() => sent() > afterDelivery, 8000, 'tried again: its delivery was not recorded');
  run.restore();
  await until(() => run.row<{ status: string }>('SELECT status FROM outbox WHERE kind = ?', kind).status === 'delivered', 8000, 'recorded as delivered');
  // The receiver processed it once: every attempt carries the message's idempotency key.
  expect([...web.processed.values()].every((n) => n === 1)).toBe(true);
  expect(web.accepted.filter((r) => r.path === path)).toHaveLength(1);
  return committed;
}

// ---------------------------------------------------------------------------------------------
// Flows without a door of their own: the 好差评 rating, and staff clearing a compartment under check
// (they open it on site with an override, then say what they found).

interface PlainFlow {
  name: string;
  prepare(run: Run): Promise<Ctx>;
  /** The whole flow up to its commit; answers once it is written. */
  act(run: Run, ctx: Ctx): Promise<unknown>;
  expectDone(run: Run, ctx: Ctx): void;
  /** The state before it (what a refused call must leave as it was). */
  expectBefore(run: Run, ctx: Ctx): void;
}

const ratingFlow: PlainFlow = {
  name: 'rating',
  prepare: async (run) => ({ ...blank, ...(await deposit(run, blank.phone)) }),
  act: (run, ctx) => run.h['rating.submit']({ flow: 'drop-off', reference: ctx.reference, level: 4, comments: ['slow'] }),
  expectBefore: (run) => expect(run.row<{ n: number }>('SELECT COUNT(*) AS n FROM ratings').n).toBe(0),
  expectDone: (run, ctx) => expect(run.db.prepare('SELECT case_id AS caseId, level FROM ratings').all()).toEqual([{ caseId: ctx.caseId, level: 4 }]),
};

const checkFlow: PlainFlow = {
  name: 'staff clearing a compartment under check',
  async prepare(run) {
    const token = await run.token();
    // A jammed door that may have opened unseen; the resident walks away without answering.
    run.jamAll(true);
    const { drops } = run.env;
    await run.h['dropOff.begin']({ matterId: 'social-insurance', phone: blank.phone, phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await until(() => drops.some((d) => d.stage === 'open-uncertain'), 8000, 'open-uncertain');
    await run.h['dropOff.cancel']({ dropOffId: drops.at(-1)!.dropOffId });
    run.jamAll(false);
    const { id, reference, compartment } = run.row<{ id: number; reference: string; compartment: string }>('SELECT id, reference, compartment FROM cases');
    return { ...blank, token, caseId: id, reference, label: compartment };
  },
  async act(run, ctx) {
    const job = await run.h['maintenance.override']({ token: ctx.token, label: ctx.label, reason: 'inspection' });
    await jobThrough(run, 'override', job.label);
    return run.h['check.clear']({ token: ctx.token, label: ctx.label, found: 'documents' });
  },
  expectBefore(run, ctx) {
    expect(run.compartment(ctx.label)).toBe('check');
    expect(run.caseStatus(ctx.caseId)).toBe('abandoned');
  },
  expectDone(run, ctx) {
    expect(run.compartment(ctx.label)).toBe('occupied');
    expect(run.caseStatus(ctx.caseId)).toBe('deposited');
    expect(run.row<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'deposit'").n).toBe(1);
  },
};

type PlainPhase = (run: Run, flow: PlainFlow, ctx: Ctx) => Promise<Committed>;

const plainPhases: Record<string, PlainPhase> = {
  async 'before the first call'(run, flow, ctx) {
    const committed = run.auditRows();
    const opens = run.opens();
    run.refuse();
    await refused(flow.act(run, ctx) as Promise<unknown>);
    expect(run.opens()).toBe(opens);
    flow.expectBefore(run, ctx);
    run.restore();
    await flow.act(run, ctx);
    flow.expectDone(run, ctx);
    return committed;
  },
  async 'after the commit'(run, flow, ctx) {
    await flow.act(run, ctx);
    const committed = run.auditRows();
    run.refuse();
    await refused(run.h['rating.submit']({ flow: 'status', level: 1, comments: [] }));
    run.restore();
    await run.restart();
    flow.expectDone(run, ctx);
    return committed;
  },
};

/** Clearing a check: the door opened on site, then the finding cannot be written; space back, a restart, it can. */
async function checkCommitPhase(run: Run, flow: PlainFlow, ctx: Ctx): Promise<Committed> {
  const job = await run.h['maintenance.override']({ token: ctx.token, label: ctx.label, reason: 'inspection' });
  await jobThrough(run, 'override', job.label);
  const committed = run.auditRows();
  run.refuse();
  await refused(run.h['check.clear']({ token: ctx.token, label: ctx.label, found: 'documents' }));
  flow.expectBefore(run, ctx);
  run.restore();
  await run.restart();
  flow.expectBefore(run, ctx);
  expect(await run.h['check.clear']({ token: await run.token(), label: ctx.label, found: 'documents' })).toEqual({ state: 'occupied' });
  flow.expectDone(run, ctx);
  return committed;
}

describe('the screens say it', () => {
  it("have words for 'unavailable' and for a pickup not recorded, in zh-CN and en, and use them", () => {
    for (const lang of ['zh-CN', 'en']) {
      const text = JSON.parse(readFileSync(join(import.meta.dirname, `../../renderer/locales/${lang}.json`), 'utf8')) as Record<string, Record<string, string>>;
      expect(text.errors?.cannotRecord?.length, lang).toBeGreaterThan(10);
      expect(text.pickUp?.notRecordedHint, lang).toContain('{{label}}');
      expect(text.dropOff?.notRecordedHint, lang).toContain('{{label}}');
    }
    const helper = readFileSync(join(import.meta.dirname, '../../renderer/failure-text.ts'), 'utf8');
    expect(helper).toMatch(/code === 'unavailable' \? t\('errors\.cannotRecord'\)/);
    for (const screen of ['screens/pick-up/CodeStep.tsx', 'screens/Rating.tsx', 'screens/drop-off/DoorStep.tsx', 'screens/drop-off/use-drop-off-flow.ts']) {
      expect(readFileSync(join(import.meta.dirname, '../../renderer', screen), 'utf8'), screen).toMatch(/failureText\(t, (e|problem\.error)\)/);
    }
    // The staff console, in the console's language rather than the core's English message.
    expect(readFileSync(join(import.meta.dirname, '../../renderer/staff/StaffConsole.tsx'), 'utf8')).toMatch(/code === 'unavailable'\) setMessage\(t\('errors\.cannotRecord'\)\)/);
  });
});

// ---------------------------------------------------------------------------------------------

const tmpfsReason = tmpfsUnavailable();
const disks: { name: string; make: () => Disk; skip: string | undefined }[] = [
  { name: 'sqlite refuses writes (query_only)', make: sqliteDisk, skip: undefined },
  { name: 'a real full tmpfs (2 MiB)', make: () => tmpfsDisk(2), skip: tmpfsReason },
];

for (const disk of disks) {
  describe(`disk full: ${disk.name}`, () => {
    for (const flow of doorFlows) {
      // query_only belongs to a connection and a restart opens a new one: a restart while still full
      // is a phase of the real tmpfs only, so the SQLite-limit disk makes no test for it.
      const phases: [string, Phase][] = Object.entries(doorPhases).filter(([phase]) => !(ACROSS_RESTART.has(phase) && disk.name.startsWith('sqlite')));
      if (flow.outbox) phases.push(['the outbox message', outboxPhase]);
      for (const [phase, run] of phases) {
        it(`${flow.name} — ${phase}`, async (t) => {
          if (disk.skip) t.skip(disk.skip);
          const r = await Run.start(disk.make());
          const ctx = await flow.prepare(r);
          const committed = await run(r, flow, ctx);
          invariants(r, committed);
        }, 40_000);
      }
    }
    for (const flow of [ratingFlow, checkFlow]) {
      const phases: [string, PlainPhase][] = Object.entries(plainPhases);
      if (flow === checkFlow) phases.splice(1, 0, ['at the commit, after the door was opened on site', checkCommitPhase]);
      for (const [phase, run] of phases) {
        it(`${flow.name} — ${phase}`, async (t) => {
          if (disk.skip) t.skip(disk.skip);
          const r = await Run.start(disk.make());
          const ctx = await flow.prepare(r);
          const committed = await run(r, flow, ctx);
          invariants(r, committed);
        }, 40_000);
      }
    }
  });
}
