// Staff logins against a real SQLite file: the cabinet-wide guard counts guesses, not right PINs.
// Found by the power-cut suite: its staff log in once per child, and after 20 right logins the
// whole console locked (each login's attempt was counted up front and never taken back).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccounts } from '../../../main/core/staff/accounts';
import { createTransitions } from '../../../main/core/cases/transitions';
import { openDatabase } from '../../../main/store/database';
import { createRepositories } from '../../../main/store/repositories';
import { memorySecrets } from '../../../main/store/secrets-repo';

function accountsOnFile() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'accounts-')), 'cabinet.sqlite'));
  const repos = createRepositories(db, memorySecrets());
  let now = 1_700_000_000_000;
  const timers = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
  const setupCode = { path: '', matches: (code: string) => code === '12345678', consume: () => {} };
  const accounts = createAccounts({ repos, timers: timers as never, transitions: createTransitions(repos), idleMs: 60_000, setupCode });
  return { accounts, advance: (ms: number) => (now += ms), close: () => db.close() };
}

describe('staff logins and the cabinet-wide guard', () => {
  it('right PINs never lock the console; wrong guesses still do', async () => {
    const { accounts, advance, close } = accountsOnFile();
    await accounts.createFirstAdmin({ setupCode: '12345678', login: 'admin', name: 'Admin', pin: '246810' });
    // 30 right logins a second apart (a shift change): counted failures never fade with time, only
    // their lockouts do, so the pace does not matter. None of them is refused, nor locks the next out.
    const refused: number[] = [];
    for (let login = 0; login < 30; login++) {
      await accounts.login({ login: 'admin', pin: '246810' }).then((s) => accounts.logout(s.token), () => refused.push(login));
      advance(1000);
    }
    expect(refused, 'right logins refused').toEqual([]);
    // Guesses spread over logins still lock it after the cabinet-wide limit (20), right PIN or not.
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await accounts.login({ login: `user${i % 5}`, pin: '000000' }).then(() => 'session', (e: { code: string }) => e.code));
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'wrong-code'));
    await expect(accounts.login({ login: 'admin', pin: '246810' })).rejects.toMatchObject({ code: 'locked-out' });
    close();
  }, 60_000); // ~50 argon2 hashes: seconds on a busy machine
});
