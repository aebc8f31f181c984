// Personal data purge and restart recovery, on a real database file.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/store/database';
import { createRepositories } from '../../main/store/repositories';
import { memorySecrets } from '../../main/store/secrets-repo';
import { createCasesRepo } from '../../main/store/cases-repo';
import { createCompartmentsRepo } from '../../main/store/compartments-repo';
import { createTransitions } from '../../main/core/cases/transitions';
import { purgePersonalData } from '../../main/core/cases/privacy';
import { recoverInterrupted } from '../../main/core/doors/recovery';
import { defaultConfig } from '../../main/core/config';
import { phoneCipher } from '../../main/store/field-cipher';

const DAY = 24 * 3600_000;

function setup() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'priv-')), 'cabinet.sqlite'));
  const secrets = memorySecrets();
  const cases = createCasesRepo(db, phoneCipher(secrets));
  const compartments = createCompartmentsRepo(db);
  compartments.ensure(['A01', 'A02', 'A03', 'A04'], 0);
  const repos = createRepositories(db, secrets);
  const t = createTransitions(repos);
  const add = (ref: string, label: string, status: string, closedAt: number | null) => {
    const id = cases.insert({ reference: ref, matterId: 'other', phone: '13812345678', status, compartment: label, language: 'zh-CN', elderMode: false, at: 0 });
    db.prepare('UPDATE cases SET closed_at = ? WHERE id = ?').run(closedAt, id);
    return id;
  };
  return { db, repos, t, add, compartments };
}

describe('personal data purge', () => {
  it('removes phone numbers of cases closed longer ago than the retention, and only those', () => {
    const { db, repos, add } = setup();
    const now = 100 * DAY;
    add('2611270001', 'A01', 'picked-up', now - 31 * DAY);
    add('2611270002', 'A02', 'picked-up', now - 29 * DAY);
    add('2611270003', 'A03', 'returned', null);
    expect(purgePersonalData(repos, now, 30)).toBe(1);
    const rows = db.prepare('SELECT reference, phone, phone_last4 FROM cases ORDER BY reference').all();
    // Stored sealed (a copy of the file shows no number), read back whole through the repository.
    expect(rows).toEqual([
      { reference: '2611270001', phone: null, phone_last4: null },
      { reference: '2611270002', phone: expect.stringMatching(/^enc1:/), phone_last4: '5678' },
      { reference: '2611270003', phone: expect.stringMatching(/^enc1:/), phone_last4: '5678' },
    ]);
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect(repos.cases.byReference('2611270002')?.phone).toBe('13812345678');
    expect(repos.cases.byReference('2611270001')?.phone).toBeNull();
    expect(purgePersonalData(repos, now, 30)).toBe(0);
    expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'privacy.purge'").get()).toEqual({ n: 1 });
  });
});

describe('restart recovery', () => {
  it('settles reserved and door-opened cases, opening nothing: a reserved one may have opened, so its compartment goes to check', () => {
    const { db, repos, t, add, compartments } = setup();
    const reservedClosed = add('2611270001', 'A01', 'reserved', null);
    const reservedOpen = add('2611270002', 'A02', 'reserved', null);
    const openedClosed = add('2611270003', 'A03', 'door-opened', null);
    const openedOpen = add('2611270004', 'A04', 'door-opened', null);
    compartments.set('A01', 'reserved', reservedClosed, 0);
    compartments.set('A02', 'reserved', reservedOpen, 0);
    compartments.set('A03', 'reserved', openedClosed, 0);
    compartments.set('A04', 'reserved', openedOpen, 0);
    const doors: Record<string, boolean> = { A01: false, A02: true, A03: false, A04: true };
    const result = recoverInterrupted(repos, t, 1000, (label) => doors[label], defaultConfig());
    expect(result).toEqual({ abandoned: ['A01', 'A02'], deposited: ['A03', 'A04'] });
    const states = db.prepare('SELECT c.reference, c.status, k.state FROM cases c JOIN compartments k ON k.label = c.compartment ORDER BY c.reference').all();
    expect(states).toEqual([
      // The open may have fired before the cut: documents may be inside, whatever the door reads now.
      { reference: '2611270001', status: 'abandoned', state: 'check' },
      { reference: '2611270002', status: 'abandoned', state: 'check' },
      { reference: '2611270003', status: 'deposited', state: 'occupied' },
      { reference: '2611270004', status: 'deposited', state: 'fault' },
    ]);
  });
});

describe('restart recovery of a staff return', () => {
  it('puts a compartment reserved for a return that was cut short under check (the results may be inside); the case stays collected', () => {
    const { db, repos, t, add, compartments } = setup();
    const id = add('2611270009', 'A01', 'collected', null);
    compartments.set('A02', 'reserved', id, 0);
    compartments.set('A03', 'reserved', add('2611270010', 'A01', 'collected', null), 0);
    const result = recoverInterrupted(repos, t, 1000, (label) => label === 'A03', defaultConfig());
    expect(result.abandoned).toEqual(['A02', 'A03']);
    expect(db.prepare("SELECT label, state, case_id FROM compartments WHERE label IN ('A02','A03') ORDER BY label").all()).toEqual([
      { label: 'A02', state: 'check', case_id: id },
      { label: 'A03', state: 'check', case_id: expect.any(Number) },
    ]);
    expect(db.prepare('SELECT status FROM cases WHERE id = ?').get(id)).toEqual({ status: 'collected' });
  });
});
