// The identity rules (issue 14, items 2 and 3): what is kept of a card (keyed hash, last four,
// masked name), who may collect personal results, what a drop-off records, the configuration's
// errors naming the field, the driver errors as the core's failures, the resident's message, and
// the purge with the case — the store on a real SQLite file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdCardError } from '../../hardware/idcard/reader';
import { failureOf } from '../../main/app/id-card-reader';
import { CabinetError } from '../../main/contract/errors';
import { purgePersonalData } from '../../main/core/cases/privacy';
import { defaultConfig, parseConfig } from '../../main/core/config';
import { createIdCards } from '../../main/core/identity/id-cards';
import { dropOffIdentity, idHash, maskIdNumber, maskName, pickupIdentity, storedIdentity } from '../../main/core/identity/identity-rules';
import { render } from '../../main/core/notify/render';
import { openDatabase } from '../../main/store/database';
import type { CaseIdentities } from '../../main/store/identities-repo';
import { createRepositories } from '../../main/store/repositories';
import { memorySecrets } from '../../main/store/secrets-repo';
import { configIssues } from './config-issues';

const KEY = Buffer.alloc(32, 7);
const APPLICANT = storedIdentity(KEY, { name: '张三', idNumber: '11010519491231002X' });
const PROXY = storedIdentity(KEY, { name: '李四', idNumber: '320102198001011235' });
const STRANGER = storedIdentity(KEY, { name: '王五', idNumber: '440305199002024561' });
const DAY = 24 * 3600_000;

const ids = (over: Partial<CaseIdentities>): CaseIdentities => ({ applicant: undefined, proxy: undefined, collector: undefined, ...over });

describe('what is kept of a card', () => {
  it('a keyed HMAC of the ID number: the same under one key (x or X), different under another key', () => {
    expect(idHash(KEY, '11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
    expect(idHash(KEY, '11010519491231002x')).toBe(idHash(KEY, '11010519491231002X'));
    expect(idHash(Buffer.alloc(32, 8), '11010519491231002X')).not.toBe(idHash(KEY, '11010519491231002X'));
    expect(APPLICANT).toEqual({ idHash: idHash(KEY, '11010519491231002X'), idLast4: '002X', maskedName: '张*' });
  });

  it('masks a name to its first character and an ID number to its last four', () => {
    expect([maskName('张三'), maskName('欧阳小明'), maskName('李'), maskName(' 王五 ')]).toEqual(['张*', '欧***', '李*', '王*']);
    expect(maskIdNumber('002X')).toBe('**************002X');
    expect(maskIdNumber('002X')).toHaveLength(18);
  });
});

describe('who may collect', () => {
  const personal = { ...APPLICANT, personal: true };
  it('results not personal: anyone with the code; a card shown is still recorded', () => {
    expect(pickupIdentity(ids({}), undefined)).toEqual({ allowed: true, as: 'not-required' });
    expect(pickupIdentity(ids({ applicant: { ...APPLICANT, personal: false } }), STRANGER)).toEqual({ allowed: true, as: 'anyone' });
    expect(pickupIdentity(ids({ applicant: { ...APPLICANT, personal: false } }), APPLICANT)).toEqual({ allowed: true, as: 'applicant' });
  });

  it('personal results: the applicant or the authorised proxy, by keyed hash; no card or another card refused', () => {
    const withProxy = ids({ applicant: personal, proxy: { anyone: false, ...PROXY, at: 0 } });
    expect(pickupIdentity(withProxy, APPLICANT)).toEqual({ allowed: true, as: 'applicant' });
    expect(pickupIdentity(withProxy, PROXY)).toEqual({ allowed: true, as: 'proxy' });
    expect(pickupIdentity(withProxy, STRANGER)).toEqual({ allowed: false, reason: 'card-mismatch' });
    expect(pickupIdentity(withProxy, undefined)).toEqual({ allowed: false, reason: 'card-required' });
    expect(pickupIdentity(ids({ applicant: personal }), PROXY)).toEqual({ allowed: false, reason: 'card-mismatch' });
    // A hash under another key is another person: a key change would lock everyone out (never rotated).
    expect(pickupIdentity(ids({ applicant: personal }), storedIdentity(Buffer.alloc(32, 9), { name: '张三', idNumber: '11010519491231002X' }))).toMatchObject({ allowed: false });
  });

  it('"anyone with the code and my phone digits": no card needed, a card still recorded as who it is', () => {
    const anyone = ids({ applicant: personal, proxy: { anyone: true, at: 0 } });
    expect(pickupIdentity(anyone, undefined)).toEqual({ allowed: true, as: 'anyone' });
    expect(pickupIdentity(anyone, APPLICANT)).toEqual({ allowed: true, as: 'applicant' });
  });
});

describe('what a drop-off records', () => {
  const tokens = new Map([['a', APPLICANT], ['p', PROXY], ['a2', APPLICANT]]);
  const identityOf = (t: string) => tokens.get(t) ?? (() => { throw new CabinetError('expired', 'stale'); })();
  const idMatter = { identity: 'id-card' as const, personalResults: true };

  it('a matter without identity: nothing, and a proxy grant refused', () => {
    expect(dropOffIdentity({ identity: 'none', personalResults: false }, {}, identityOf)).toBeUndefined();
    expect(() => dropOffIdentity({ identity: 'none', personalResults: false }, { proxy: { anyone: true } }, identityOf)).toThrow(expect.objectContaining({ code: 'bad-request' }));
  });

  it("an id-card matter: the applicant's card required, a proxy's card or anyone, never the applicant as their own proxy", () => {
    expect(() => dropOffIdentity(idMatter, {}, identityOf)).toThrow(expect.objectContaining({ code: 'id-card-required' }));
    expect(() => dropOffIdentity(idMatter, { applicantCard: 'old' }, identityOf)).toThrow(expect.objectContaining({ code: 'expired' }));
    expect(dropOffIdentity(idMatter, { applicantCard: 'a' }, identityOf)).toEqual({ applicant: APPLICANT, personal: true, proxy: undefined });
    expect(dropOffIdentity(idMatter, { applicantCard: 'a', proxy: { card: 'p' } }, identityOf)?.proxy).toEqual({ anyone: false, ...PROXY });
    expect(dropOffIdentity(idMatter, { applicantCard: 'a', proxy: { anyone: true } }, identityOf)?.proxy).toEqual({ anyone: true });
    expect(() => dropOffIdentity(idMatter, { applicantCard: 'a', proxy: { card: 'a2' } }, identityOf)).toThrow(expect.objectContaining({ code: 'bad-request' }));
  });
});

describe('reading a card for a flow', () => {
  it('keeps only the stored form under a token that expires; a number with a wrong check character is unreadable', async () => {
    let now = 1_000;
    let card = { name: '张三', idNumber: '11010519491231002X', idNumberValid: true };
    const cards = createIdCards({ reader: { read: async () => ({ ok: true, card }) }, key: () => KEY, now: () => now, newId: () => `t${now}` });
    const read = await cards.read();
    expect(read).toEqual({ status: 'read', token: 't1000', maskedName: '张*', maskedIdNumber: '**************002X' });
    expect(cards.identityOf('t1000')).toEqual(APPLICANT);
    now += 5 * 60_000;
    expect(() => cards.identityOf('t1000')).toThrow(expect.objectContaining({ code: 'expired' }));
    card = { ...card, idNumberValid: false };
    expect(await cards.read()).toEqual({ status: 'unreadable' });
    expect(await createIdCards({ reader: undefined, key: () => KEY, now: () => now, newId: () => 'x' }).read()).toEqual({ status: 'no-reader' });
  });

  it('maps every driver error to what the resident can do about it', () => {
    const codes = ['no-card', 'select-failed', 'read-failed', 'bad-checksum', 'bad-reply', 'sam-fault', 'timeout', 'device', 'port'] as const;
    expect(codes.map((c) => failureOf(new IdCardError(c, c)))).toEqual(['no-card', 'card-moved', 'card-moved', 'unreadable', 'unreadable', 'reader-fault', 'reader-fault', 'reader-fault', 'reader-fault']);
    expect(failureOf(new Error('anything else'))).toBe('reader-fault');
  });
});

describe('configuration of identity', () => {
  const issuesOf = configIssues;

  it('the reader: simulator by default at 115200, 30 s; its errors name the field', () => {
    expect(defaultConfig().idCardReader).toEqual({ port: 'simulator', baudRate: 115200, enabled: true, waitSeconds: 30 });
    expect(defaultConfig().matters.every((m) => m.identity === 'none' && !m.personalResults)).toBe(true);
    const raw = structuredClone(defaultConfig()) as Record<string, unknown>;
    expect(issuesOf({ ...raw, idCardReader: { port: '', baudRate: -1, waitSeconds: 1 } })).toEqual([
      expect.stringMatching(/^idCardReader\.port: /),
      expect.stringMatching(/^idCardReader\.baudRate: /),
      expect.stringMatching(/^idCardReader\.waitSeconds: /),
    ]);
  });

  it('a matter asking for the card needs an enabled reader; personal results need the card', () => {
    const raw = structuredClone(defaultConfig());
    raw.matters[0] = { ...raw.matters[0]!, identity: 'id-card' };
    raw.matters[1] = { ...raw.matters[1]!, personalResults: true };
    raw.idCardReader = { ...raw.idCardReader!, enabled: false };
    expect(issuesOf(raw)).toEqual(['matters.0.identity: "id-card" needs an enabled idCardReader', expect.stringMatching(/^matters\.1\.personalResults: personal results need identity "id-card"/)]);
  });

  it('the card wait ends before the idle return, where a matter reads cards; a reader no matter uses waits for none', () => {
    const raw = structuredClone(defaultConfig());
    raw.timeouts.idleSeconds = 20;
    expect(() => parseConfig(raw)).not.toThrow(); // the default 30 s wait, but no matter asks for the card
    raw.matters[0] = { ...raw.matters[0]!, identity: 'id-card' };
    expect(issuesOf(raw)).toEqual(['idCardReader.waitSeconds: expected less than timeouts.idleSeconds (20)']);
  });
});

describe('the resident is told who collected', () => {
  const config = defaultConfig();
  const payload = { reference: '2026113000001', collectedAt: Date.UTC(2026, 10, 30, 2, 5), by: 'proxy', maskedName: '李*', idLast4: '1235' };
  it('in both languages, the proxy masked', () => {
    expect(render(config, { kind: 'picked-up', payload, createdAt: 0, language: 'zh-CN' }).text).toMatch(/^【示范社区政务云柜】您的办件.+已于.+由代领人李\*（身份证尾号1235）领取。/);
    expect(render(config, { kind: 'picked-up', payload: { ...payload, by: 'applicant' }, createdAt: 0, language: 'en' }).text).toMatch(/was collected on .+ by you \(ID card ending 1235\)\./);
    expect(render(config, { kind: 'picked-up', payload: { ...payload, by: 'anyone', maskedName: null, idLast4: null }, createdAt: 0, language: 'en' }).text).toContain('by someone with your pickup code and phone digits');
  });
});

describe('purged with the case', () => {
  it('removes the identities of cases closed before the retention period, and keeps open cases\'', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'identity-')), 'cabinet.sqlite'));
    const repos = createRepositories(db, memorySecrets());
    const now = Date.UTC(2026, 10, 30);
    const newCase = (reference: string) => repos.cases.insert({ reference, matterId: 'senior-card', phone: '13900001234', status: 'picked-up', compartment: 'A01', language: 'zh-CN', elderMode: false, at: now - 60 * DAY });
    const closed = newCase('0000000001');
    const open = newCase('0000000002');
    repos.cases.setStatus(closed, 'picked-up', now - 31 * DAY, true);
    repos.cases.setStatus(open, 'returned', now - 31 * DAY, false);
    for (const id of [closed, open]) {
      repos.identities.setApplicant(id, APPLICANT, true, now - 60 * DAY);
      repos.identities.setProxy(id, { anyone: false, ...PROXY }, now - 60 * DAY);
    }
    repos.identities.setCollector(closed, 'proxy', PROXY, now - 31 * DAY);
    purgePersonalData(repos, now, 30);
    expect(repos.identities.forCase(closed)).toEqual({ applicant: undefined, proxy: undefined, collector: undefined });
    expect(repos.identities.forCase(open).applicant).toEqual({ ...APPLICANT, personal: true });
    const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'privacy.purge'").get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ cases: 1, identities: 3 });
    db.close();
  });
});
