// The cabinet's keys live outside the database: a copy of cabinet.sqlite alone unseals nothing and
// gives no HMAC secret to brute-force codes with. Keys survive a restart, and keys an earlier
// version kept in the database are moved out once.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCabinet, type Cabinet } from '../../main/app/cabinet';
import { defaultConfig } from '../../main/core/config';
import { openDatabase } from '../../main/store/database';

const opened: Cabinet[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
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
