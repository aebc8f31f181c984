// Identity per matter through the real cabinet with its ID-card reader on a real pseudo-terminal
// pair (socat) and the real `serialport`: the simulated reader on one end, the app's reader on
// the other, at 115200 baud. A drop-off that needs the applicant's card; personal results refused
// to another person's card; a proxy's pickup recorded and told to the resident; a card taken away
// mid-read; a proxy authorised later by staff. Nothing but a keyed hash, the last four characters
// and the masked name reaches the database.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../hardware/idcard/text';
import { createVirtualIdReader, serveIdReader, type VirtualIdReader } from '../../hardware/simulator/virtual-idcard-reader';
import { openSerialPort } from '../../hardware/transport/serial-port';
import { simulatedCard } from '../../main/app/simulator-handlers';
import { createTransitions } from '../../main/core/cases/transitions';
import { render } from '../../main/core/notify/render';
import { createRepositories } from '../../main/store/repositories';
import { closeTestCabinets, openTestCabinet, setupCodeOf, type TestCabinet } from './test-cabinet';
import { until } from './until';

const socatMissing = spawnSync('socat', ['-V']).error !== undefined;
if (socatMissing) console.warn('identity-pty: SKIPPED — socat is not installed (apt-get install -y socat)');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await closeTestCabinets();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const idNumber = (first17: string) => first17 + idCheckCharacter(first17);
const APPLICANT = { name: '张三', idNumber: '11010519491231002X' };
const PROXY = { name: '李四', idNumber: idNumber('32010219800101123') };
const STRANGER = { name: '王五', idNumber: idNumber('44030519900202456') };

/** The simulated reader on end A of a pty pair; the cabinet's reader configured on end B. */
async function rig(): Promise<{ env: TestCabinet; sim: VirtualIdReader }> {
  const dir = mkdtempSync(join(tmpdir(), 'identity-pty-'));
  const [a, b] = [join(dir, 'A'), join(dir, 'B')];
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  cleanups.push(() => void socat.kill('SIGTERM'));
  await until(() => existsSync(a) && existsSync(b), 5000, 'the pty pair');
  const sim = createVirtualIdReader();
  const far = await openSerialPort({ path: a, baudRate: 115200 });
  cleanups.push(() => far.close());
  serveIdReader(sim, far);
  const env = await openTestCabinet((raw) => {
    raw.idCardReader = { port: b, baudRate: 115200, enabled: true, waitSeconds: 30 };
    const matter = raw.matters.find((m) => m.id === 'disability-card');
    if (!matter) throw new Error('no disability-card matter in the default catalogue');
    Object.assign(matter, { identity: 'id-card', personalResults: true });
  });
  return { env, sim };
}

/** Place `card` on the reader and read it through the contract: the token for the next step. */
async function readCard(env: TestCabinet, sim: VirtualIdReader, card: { name: string; idNumber: string }): Promise<string> {
  sim.place(simulatedCard(card));
  const read = await env.h['idCard.read']({});
  if (read.status !== 'read') throw new Error(`card not read: ${read.status}`);
  sim.remove();
  return read.token;
}

const begin = (env: TestCabinet, extra: Record<string, unknown>) =>
  env.h['dropOff.begin']({ matterId: 'disability-card', phone: '13900001234', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false, ...extra });

/** A drop-off deposited through the door, then collected and returned by staff: its case and pickup code. */
async function deposit(env: TestCabinet, extra: Record<string, unknown>) {
  const state = await begin(env, extra);
  await until(() => env.drops.some((d) => d.dropOffId === state.dropOffId && d.stage === 'open'), 8000, 'door open');
  env.close(state.compartment.label);
  await until(() => env.drops.some((d) => d.dropOffId === state.dropOffId && d.stage === 'deposited'), 8000, 'deposited');
  const reference = env.drops.find((d) => d.dropOffId === state.dropOffId && d.receipt)?.receipt?.reference as string;
  const { id } = env.cabinet.db.prepare('SELECT id FROM cases WHERE reference = ?').get(reference) as { id: number };
  const t = createTransitions(createRepositories(env.cabinet.db, env.cabinet.secrets));
  const at = Date.now();
  const code = env.cabinet.db.transaction(() => {
    t.moveCase(id, 'collect', { actor: 'staff:test', at });
    t.moveCase(id, 'return', { actor: 'staff:test', at });
    return env.cabinet.services.pickUps.issueCode(id, at).code;
  })();
  return { caseId: id, reference, code, label: state.compartment.label };
}

async function pickUp(env: TestCabinet, input: { code: string; card?: string }) {
  const state = await env.h['pickUp.begin']({ phoneLast4: '1234', ...input });
  await until(() => env.picks.some((p) => p.pickUpId === state.pickUpId && p.stage === 'open'), 8000, 'pickup door open');
  env.close(state.compartment.label);
  await until(() => env.picks.some((p) => p.pickUpId === state.pickUpId && p.stage === 'picked-up'), 8000, 'picked up');
}

const identities = (env: TestCabinet, caseId: number) => env.cabinet.db.prepare('SELECT * FROM case_identities WHERE case_id = ? ORDER BY role').all(caseId) as Record<string, unknown>[];

describe.skipIf(socatMissing)('identity per matter, over a pty ID-card reader', () => {
  it('a drop-off that needs the card: refused without one, then the applicant recorded as a keyed hash, last four and masked name only', async () => {
    const { env, sim } = await rig();
    await expect(begin(env, {})).rejects.toMatchObject({ code: 'id-card-required' });
    expect(await env.h['idCard.read']({})).toEqual({ status: 'no-card' });
    const token = await readCard(env, sim, APPLICANT);
    const { caseId } = await deposit(env, { applicantCard: token });
    const [applicant] = identities(env, caseId);
    expect(applicant).toMatchObject({ role: 'applicant', id_last4: '002X', masked_name: '张*', personal: 1, anyone: 0 });
    expect(applicant?.id_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify([env.cabinet.db.prepare('SELECT * FROM case_identities').all(), env.cabinet.db.prepare('SELECT * FROM audit_log').all(), env.cabinet.db.prepare('SELECT * FROM outbox').all()]);
    expect(dump).not.toContain(APPLICANT.idNumber);
    expect(dump).not.toContain('张三');
    // The staff see the name and number masked.
    const session = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    expect(await env.h['cases.identity']({ token: session.token, caseId })).toEqual({
      applicant: { maskedName: '张*', maskedIdNumber: '**************002X' },
      personal: true,
      proxy: null,
      collector: null,
    });
  });

  it('personal results: refused without a card and with another person\'s card (no door fires), opened for the applicant\'s', async () => {
    const { env, sim } = await rig();
    const { caseId, code } = await deposit(env, { applicantCard: await readCard(env, sim, APPLICANT) });
    env.virtual.clearLog();
    await expect(env.h['pickUp.begin']({ code, phoneLast4: '1234' })).rejects.toMatchObject({ code: 'id-card-required' });
    await expect(env.h['pickUp.begin']({ code, phoneLast4: '1234', card: await readCard(env, sim, STRANGER) })).rejects.toMatchObject({ code: 'id-card-mismatch' });
    expect(env.opens()).toEqual([]);
    const denied = env.cabinet.db.prepare("SELECT detail FROM audit_log WHERE action = 'pickup.identity' AND outcome = 'denied'").all() as { detail: string }[];
    expect(denied.map((d) => JSON.parse(d.detail).reason)).toEqual(['card-required', 'card-mismatch']);
    await pickUp(env, { code, card: await readCard(env, sim, APPLICANT) });
    expect(identities(env, caseId).find((r) => r.role === 'collector')).toMatchObject({ collected_as: 'applicant', id_last4: '002X', masked_name: '张*' });
  });

  it('a proxy authorised at drop-off collects with their card: recorded, and the resident is told who and when (masked)', async () => {
    const { env, sim } = await rig();
    const applicantCard = await readCard(env, sim, APPLICANT);
    const proxyCard = await readCard(env, sim, PROXY);
    const { caseId, code, reference } = await deposit(env, { applicantCard, proxy: { card: proxyCard } });
    await pickUp(env, { code, card: await readCard(env, sim, PROXY) });
    expect(identities(env, caseId).find((r) => r.role === 'collector')).toMatchObject({ collected_as: 'proxy', id_last4: PROXY.idNumber.slice(-4), masked_name: '李*' });
    const message = env.cabinet.db.prepare("SELECT payload, audience FROM outbox WHERE kind = 'picked-up'").get() as { payload: string; audience: string };
    expect(message.audience).toBe('resident');
    const payload = JSON.parse(message.payload) as Record<string, unknown>;
    expect(payload).toMatchObject({ reference, by: 'proxy', maskedName: '李*', idLast4: PROXY.idNumber.slice(-4) });
    const zh = render(env.cabinet.config, { kind: 'picked-up', payload, createdAt: 0, language: 'zh-CN' }).text;
    expect(zh).toContain(`由代领人李*（身份证尾号${PROXY.idNumber.slice(-4)}）领取`);
    expect(render(env.cabinet.config, { kind: 'picked-up', payload, createdAt: 0, language: 'en' }).text).toContain(`by your proxy 李* (ID card ending ${PROXY.idNumber.slice(-4)})`);
  });

  it('a card taken away mid-read is "card-moved", then read again; a SAM fault is "reader-fault"', async () => {
    const { env, sim } = await rig();
    sim.place(simulatedCard(APPLICANT));
    sim.setFaults({ removeDuringRead: true });
    expect(await env.h['idCard.read']({})).toEqual({ status: 'card-moved' });
    sim.setFaults({ removeDuringRead: false });
    sim.place(simulatedCard(APPLICANT));
    expect(await env.h['idCard.read']({})).toMatchObject({ status: 'read', maskedName: '张*', maskedIdNumber: '**************002X' });
    sim.setFaults({ samFault: true });
    expect(await env.h['idCard.read']({})).toEqual({ status: 'reader-fault' });
  });

  it('staff authorise "anyone with the code and phone digits" later: the personal results then open without a card', async () => {
    const { env, sim } = await rig();
    const { caseId, code } = await deposit(env, { applicantCard: await readCard(env, sim, APPLICANT) });
    const session = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    expect(await env.h['cases.setProxy']({ token: session.token, caseId, proxy: { anyone: true } })).toMatchObject({ proxy: { anyone: true } });
    await pickUp(env, { code });
    expect(identities(env, caseId).find((r) => r.role === 'collector')).toMatchObject({ collected_as: 'anyone', id_hash: null });
    const audit = env.cabinet.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'case.proxy'").get() as { actor: string; detail: string };
    expect(audit).toEqual({ actor: 'account:admin', detail: JSON.stringify({ proxy: 'anyone' }) });
  });
});
