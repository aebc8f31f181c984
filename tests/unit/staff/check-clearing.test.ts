// Clearing a compartment under check, on a real database file: what staff find there must leave the
// compartment in a state some flow can end. Results of a return cut short by a restart (the case still
// collected, no pickup code issued) cannot stay in as "documents": no flow would ever free that
// compartment (retrieval takes deposited cases, pickup returned ones). Staff take them out instead.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCheckClearing } from '../../../main/core/staff/check-clearing';
import { createTransitions } from '../../../main/core/cases/transitions';
import { defaultConfig } from '../../../main/core/config';
import { openDatabase } from '../../../main/store/database';
import { createRepositories } from '../../../main/store/repositories';
import { memorySecrets } from '../../../main/store/secrets-repo';
import type { StaffSession } from '../../../main/core/staff/accounts';

function setup() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'check-')), 'cabinet.sqlite'));
  const repos = createRepositories(db, memorySecrets());
  repos.compartments.ensure(['A01', 'A02'], 0);
  const caseId = repos.cases.insert({ reference: '2611300001', matterId: 'other', phone: '13812345678', status: 'collected', compartment: 'A01', language: 'zh-CN', elderMode: false, at: 0 });
  // A return reserved A02 for the results, the power went, the restart put A02 under check.
  repos.compartments.set('A02', 'check', caseId, 0);
  const checks = createCheckClearing({ repos, config: defaultConfig(), timers: { now: () => 1000 } as never, transitions: createTransitions(repos) });
  const session = { token: 't', account: { id: 1, login: 'wang', name: '王', role: 'staff' }, startedAt: 0, lastActivity: 0 } as StaffSession;
  const state = () => db.prepare("SELECT state, case_id AS caseId FROM compartments WHERE label = 'A02'").get();
  return { checks, session, state, caseId, status: () => repos.cases.byId(caseId)?.status };
}

describe('clearing a check after a return cut short', () => {
  it('refuses "documents" (the compartment would be held for good) and leaves it under check; "empty" frees it and the case can be returned again', () => {
    const { checks, session, state, caseId, status } = setup();
    expect(() => checks.clear(session, 'A02', 'documents')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(state()).toEqual({ state: 'check', caseId });
    expect(checks.clear(session, 'A02', 'empty')).toEqual({ state: 'free' });
    expect(status()).toBe('collected');
  });
});
