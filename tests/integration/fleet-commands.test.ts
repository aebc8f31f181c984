// District commands against a real Mosquitto: only a well-formed command for this cabinet, signed
// by the district key, fresh and never seen before is carried out; every refusal is answered under
// the command's id and audited; remote opening is refused while disabled (the default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMosquitto, type Broker } from '../../scripts/mosquitto';
import { deposit, district, districtKeys, openFleetCabinet, USERS, type District } from './fleet-helpers';
import { until } from './until';
import { signCommand, type UnsignedCommand } from '../../main/core/fleet/command-check';

let broker: Broker;
let d: District;
let c: Awaited<ReturnType<typeof openFleetCabinet>>;
const keys = districtKeys();
const stranger = districtKeys();
const PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$fUnmrls7QdMvg40xqlkTgA$GFQiESXrqg+9XJH74P3WXV+VzLihoRjCFl/ARazPXKo';

beforeAll(async () => {
  broker = await startMosquitto({ users: USERS, acl: true });
  d = await district(broker, keys.privateKey, 'district-commands');
  c = await openFleetCabinet({ broker, publicKey: keys.publicKey });
  await until(() => d.status()?.state === 'online', 15_000, 'online status');
}, 30_000);
afterAll(async () => {
  await c?.cabinet.close();
  await d?.close();
  await broker?.stop();
});

async function answer(id: string, n = 1) {
  await until(() => d.responses(id).length >= n, 15_000, `answer to ${id}`);
  return d.responses(id)[n - 1]?.json as { ok: boolean; error?: string; result?: Record<string, unknown> };
}
const audited = (id: string) =>
  (c.cabinet.db.prepare("SELECT outcome, detail FROM audit_log WHERE action = 'fleet.command'").all() as { outcome: string; detail: string }[]).filter((r) => JSON.parse(r.detail).id === id);

describe('district commands', () => {
  it('carries out a signed accounts push once and refuses its replay', async () => {
    const sent = await d.command({ type: 'accounts.push', body: { accounts: [{ login: 'wang.li', name: '王丽', role: 'staff', pinHash: PIN_HASH, cardId: 'CARD-0042' }] } });
    expect(await answer(sent.id)).toMatchObject({ ok: true, result: { accounts: 1 } });
    expect(c.cabinet.db.prepare('SELECT name, role, card_id, disabled FROM accounts WHERE login = ?').get('wang.li')).toEqual({ name: '王丽', role: 'staff', card_id: 'CARD-0042', disabled: 0 });
    expect(audited(sent.id).map((r) => r.outcome)).toEqual(['ok']);

    await d.sendRaw(sent.text); // the same bytes again: a replay
    expect(await answer(sent.id, 2)).toMatchObject({ ok: false, error: 'replayed' });
    expect(audited(sent.id).map((r) => r.outcome)).toEqual(['ok', 'denied']);
  });

  it('refuses forged, tampered, stale, future, wrong-cabinet, unsigned and malformed commands, and answers each', async () => {
    const body = { accounts: [{ login: 'mallory', name: 'M', role: 'admin', pinHash: PIN_HASH }] };
    const cases: [Promise<{ id: string }>, string][] = [
      [d.command({ type: 'accounts.push', body }, Date.now(), (s) => (s.sig = strangerSig(s))), 'bad-signature'],
      [d.command({ type: 'accounts.push', body }, Date.now(), (s) => ((s.body as { accounts: { role: string }[] }).accounts[0]!.role = 'staff')), 'bad-signature'],
      [d.command({ type: 'accounts.push', body }, Date.now() - 10 * 60_000), 'stale'],
      [d.command({ type: 'accounts.push', body }, Date.now() + 10 * 60_000), 'stale'],
      [d.command({ type: 'accounts.push', body, cabinet: 'other-07' }), 'wrong-cabinet'],
      [d.command({ type: 'accounts.push', body }, Date.now(), (s) => delete s.sig), 'unsigned'],
      [d.command({ type: 'accounts.push', body }, Date.now(), (s) => (s.nonce = 'short')), 'malformed'],
    ];
    for (const [sending, refusal] of cases) {
      const { id } = await sending;
      expect(await answer(id), refusal).toMatchObject({ ok: false, error: refusal });
      expect(audited(id).map((r) => r.outcome)).toEqual(['denied']);
    }
    await d.sendRaw('{not json');
    await until(() => d.heard.some((h) => h.topic.endsWith('/responses') && h.json.id === null && h.json.error === 'malformed'), 15_000, 'malformed answer');
    expect(c.cabinet.db.prepare("SELECT COUNT(*) AS n FROM accounts WHERE login = 'mallory'").get()).toEqual({ n: 0 });
  });

  it('refuses a remote open while it is disabled, and opens nothing', async () => {
    const opens = () => c.virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A')).length;
    const before = opens();
    const sent = await d.command({ type: 'door.open', body: { label: 'A05', reason: 'resident locked out' } });
    expect(await answer(sent.id)).toMatchObject({ ok: false, error: 'disabled' });
    expect(opens()).toBe(before);
    expect(audited(sent.id).map((r) => r.outcome)).toEqual(['denied']);
  });

  it('applies a holiday push at once, and a matters push only once no door is open', async () => {
    const holidays = await d.command({ type: 'holidays.push', body: { calendar: { holidays: ['2027-01-01'], workdays: ['2027-01-04'] } } });
    expect(await answer(holidays.id)).toMatchObject({ ok: true, result: { state: 'applied', restartNeeded: false } });
    expect(c.cabinet.config.calendar.holidays).toEqual(['2027-01-01']);
    const saved = JSON.parse(readFileSync(join(c.dirs.dataDir, 'cabinet.json'), 'utf8'));
    expect(saved.calendar.workdays).toEqual(['2027-01-04']);

    // A resident is mid drop-off with the door open: the push waits for the door to close.
    const state = await c.cabinet.handlers['dropOff.begin']({ matterId: 'social-insurance', phone: '13812345678', phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
    await until(() => c.drops.some((s) => s.dropOffId === state.dropOffId && s.stage === 'open'), 8000, 'door open');
    const matters = [...c.cabinet.config.matters, { id: 'tax-refund', name: { 'zh-CN': '个税退税', en: 'Tax refund' }, materials: [{ 'zh-CN': '身份证复印件', en: 'ID copy' }], processingDays: 5 }];
    const count = c.cabinet.config.matters.length;
    const push = await d.command({ type: 'matters.push', body: { matters } });
    expect(await answer(push.id)).toMatchObject({ ok: true, result: { state: 'scheduled' } });
    expect(c.cabinet.config.matters.map((m) => m.id)).not.toContain('tax-refund');
    c.virtual.closeDoor(1, Number(state.compartment.label.slice(1)));
    expect(await answer(push.id, 2)).toMatchObject({ ok: true, result: { state: 'applied' } });
    expect(c.cabinet.config.matters.map((m) => m.id)).toContain('tax-refund');
    expect(c.cabinet.config.matters).toHaveLength(count + 1);
  });

  it('refuses a config push that fails validation or would change the cabinet id or the link', async () => {
    const bad = await d.command({ type: 'config.push', body: { config: { ...c.cabinet.config, pickup: { codeDigits: 3 } } } });
    expect(await answer(bad.id)).toMatchObject({ ok: false, error: 'bad-request' });
    const renamed = await d.command({ type: 'config.push', body: { config: { ...c.cabinet.config, cabinet: { ...c.cabinet.config.cabinet, id: 'x-99' } } } });
    expect(await answer(renamed.id)).toMatchObject({ ok: false, error: 'bad-request' });
    const relinked = await d.command({ type: 'config.push', body: { config: { ...c.cabinet.config, fleet: { ...c.cabinet.config.fleet, remoteOpen: true } } } });
    expect(await answer(relinked.id)).toMatchObject({ ok: false, error: 'bad-request' });
    expect(c.cabinet.config.fleet?.remoteOpen).toBe(false);
    const good = await d.command({ type: 'config.push', body: { config: { ...c.cabinet.config, pickup: { ...c.cabinet.config.pickup, validDays: 10 } } } });
    expect(await answer(good.id)).toMatchObject({ ok: true, result: { state: 'applied', restartNeeded: true } });
    expect(existsSync(join(c.dirs.dataDir, 'cabinet.json'))).toBe(true);
  });

  it('uploads the log on request, and a deposit and a call for help still reach the district', async () => {
    const ref = await deposit(c);
    await c.cabinet.handlers['help.call']({ screen: 'drop-off/phone', language: 'zh-CN' });
    await until(() => d.events().some((e) => e.json.type === 'help-call'), 15_000, 'help-call event');
    expect(d.events().find((e) => e.json.type === 'help-call')?.json.data).toEqual({ screen: 'drop-off/phone', language: 'zh-CN' });
    const sent = await d.command({ type: 'logs.upload', body: { days: 1 } });
    expect(await answer(sent.id)).toMatchObject({ ok: true });
    await until(() => d.heard.some((h) => h.topic.endsWith(`/logs/${sent.id}`)), 15_000, 'log upload');
    await until(() => d.events().some((e) => (e.json.data as { reference?: string }).reference === ref), 15_000, 'deposit event');
  });
});

/** A signature over the same bytes by a key that is not the district's. */
function strangerSig(s: Record<string, unknown>): string {
  const { v, id, type, cabinet, issuedAt, nonce, body } = s as UnsignedCommand;
  return signCommand({ v, id, type, cabinet, issuedAt, nonce, body }, stranger.privateKey).sig;
}

describe('remote open, when the installer enabled it', () => {
  it('opens the named compartment once, as an audited override by the district', async () => {
    await c.cabinet.close();
    c = await openFleetCabinet({ broker, publicKey: keys.publicKey, tweak: (raw) => void (raw.fleet!.remoteOpen = true) });
    await until(() => c.cabinet.services.fleet !== undefined && d.status()?.state === 'online', 15_000, 'online again');
    const opens = () => c.virtual.log().filter((e) => e.kind === 'rx' && e.hex.startsWith('8A'));
    const noReason = await d.command({ type: 'door.open', body: { label: 'A05' } });
    expect(await answer(noReason.id)).toMatchObject({ ok: false, error: 'bad-request' });
    const sent = await d.command({ type: 'door.open', body: { label: 'A05', reason: 'resident locked out, phoned the hotline' } });
    expect(await answer(sent.id)).toMatchObject({ ok: true, result: { jobId: expect.any(String) } });
    expect(opens().map((e) => e.hex)).toEqual(['8A 01 05 11 9F']);
    const override = c.cabinet.db.prepare("SELECT actor, compartment, detail FROM audit_log WHERE action = 'override.open'").get() as { actor: string; compartment: string; detail: string };
    expect(override).toMatchObject({ actor: 'account:district', compartment: 'A05' });
    expect(JSON.parse(override.detail).reason).toBe('resident locked out, phoned the hotline');
    // The same signed command again opens nothing more.
    await d.sendRaw(sent.text);
    expect(await answer(sent.id, 2)).toMatchObject({ ok: false, error: 'replayed' });
    expect(opens()).toHaveLength(1);
  });
});
