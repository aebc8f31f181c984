// The cabinet's keys live outside the database: a copy of cabinet.sqlite alone unseals nothing and
// gives no HMAC secret to brute-force codes with. Keys survive a restart, and keys an earlier
// version kept in the database are moved out once. The phone-field key rotates with a re-encryption pass.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig } from '../../main/core/config';
import { openDatabase } from '../../main/store/database';
import { fieldCipher } from '../../main/store/field-cipher';
import { createRepositories } from '../../main/store/repositories';
import { closeTestCabinets, openTestCabinet, setupCodeOf } from './test-cabinet';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
  await closeTestCabinets();
});

async function start(dataDir: string): Promise<Cabinet> {
  const cabinet = await createCabinet({ config: defaultConfig(), dataDir, log: () => {} });
  opened.push(cabinet);
  return cabinet;
}

describe('the cabinet keys', () => {
  it('are kept in a 0600 file in a 0700 directory beside the data directory, never in the database, and survive a restart', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keys-')), 'data');
    const cabinet = await start(dataDir);
    const seal = cabinet.secrets.getOrCreate('outbox-seal');
    expect(statSync(`${dataDir}-keys`).mode & 0o777).toBe(0o700);
    expect(statSync(join(`${dataDir}-keys`, 'cabinet.keys')).mode & 0o777).toBe(0o600);
    expect(cabinet.db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
    await opened.pop()!.close();
    const again = await start(dataDir);
    expect(again.secrets.getOrCreate('outbox-seal').equals(seal)).toBe(true);
  });

  it('moves keys an earlier version kept in the database into the key file, and drops them there', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keys-')), 'data');
    mkdirSync(dataDir);
    const old = randomBytes(32);
    const db = openDatabase(join(dataDir, 'cabinet.sqlite'));
    db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?)').run('pickup-code', old);
    db.close();
    const cabinet = await start(dataDir);
    expect(cabinet.secrets.getOrCreate('pickup-code').equals(old)).toBe(true); // codes already issued stay valid
    expect(cabinet.db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });
});

describe('rotating the phone-field key', () => {
  const phoneOf = (db: Database.Database, reference: string) => db.prepare('SELECT phone FROM cases WHERE reference = ?').pluck().get(reference) as string;
  const insertCase = (cabinet: Cabinet, reference: string, phone: string) =>
    createRepositories(cabinet.db, cabinet.secrets).cases.insert({ reference, matterId: 'residence-permit', phone, status: 'deposited', compartment: 'A01', language: 'zh-CN', elderMode: false, at: 1 });

  it('seals every stored number under a fresh key, forgets the old key, and is audited', async () => {
    const env = await openTestCabinet();
    const admin = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    insertCase(env.cabinet, '2611300001', '13800001111');
    insertCase(env.cabinet, '2611300002', '13900002222');
    // Plaintext an earlier version wrote is sealed by the same pass.
    insertCase(env.cabinet, '2611300003', '13700003333');
    env.cabinet.db.prepare("UPDATE cases SET phone = '13700003333' WHERE reference = '2611300003'").run();
    const oldKey = env.cabinet.secrets.getOrCreate('phone-field');
    const before = phoneOf(env.cabinet.db, '2611300001');

    expect(await env.h['maintenance.rotatePhoneKey']({ token: admin.token })).toEqual({ resealed: 3 });

    const ring = env.cabinet.secrets.ring('phone-field');
    expect(ring).toHaveLength(1);
    expect(ring[0]!.equals(oldKey)).toBe(false);
    const keyFile = JSON.parse(readFileSync(join(dirname(env.cabinet.databaseFile) + '-keys', 'cabinet.keys'), 'utf8')) as Record<string, unknown>;
    expect(keyFile['retired']).toBeUndefined();
    for (const reference of ['2611300001', '2611300002', '2611300003']) expect(phoneOf(env.cabinet.db, reference)).toMatch(/^enc1:/);
    expect(phoneOf(env.cabinet.db, '2611300001')).not.toBe(before);
    // The old key opens nothing any more; the new ring opens everything.
    expect(() => fieldCipher(() => [oldKey]).open(phoneOf(env.cabinet.db, '2611300001'))).toThrow(/no key/);
    const repos = createRepositories(env.cabinet.db, env.cabinet.secrets);
    expect(repos.cases.contact(repos.cases.byReference('2611300002')!.id)?.phone).toBe('13900002222');
    expect(env.cabinet.db.prepare("SELECT actor, outcome, detail FROM audit_log WHERE action = 'keys.rotated'").all()).toEqual([
      { actor: 'account:admin', outcome: 'ok', detail: JSON.stringify({ key: 'phone-field', resealed: 3 }) },
    ]);
  });

  it('is refused to a technician', async () => {
    const env = await openTestCabinet();
    const admin = await env.h['staff.createFirstAdmin']({ setupCode: setupCodeOf(env.cabinet), login: 'admin', name: 'Admin', pin: '246810' });
    await env.h['staff.createAccount']({ token: admin.token, login: 'tech', name: 'Tech', role: 'technician', pin: '135790' });
    const tech = await env.h['staff.login']({ login: 'tech', pin: '135790' });
    await expect(env.h['maintenance.rotatePhoneKey']({ token: tech.token })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('cut after the new key was saved, before the numbers were resealed, is finished at the next start', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keys-')), 'data');
    const first = await start(dataDir);
    insertCase(first, '2611300001', '13800001111');
    first.secrets.rotate('phone-field'); // step 1 of 3, then the power goes
    await opened.pop()!.close();

    const again = await start(dataDir);
    expect(again.secrets.ring('phone-field')).toHaveLength(1);
    const repos = createRepositories(again.db, again.secrets);
    expect(repos.cases.contact(repos.cases.byReference('2611300001')!.id)?.phone).toBe('13800001111');
    expect(again.db.prepare("SELECT detail FROM audit_log WHERE action = 'keys.rotation-finished'").pluck().all()).toEqual([JSON.stringify({ key: 'phone-field', resealed: 1 })]);
  });
});
