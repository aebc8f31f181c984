// The audit log is append-only and hash-chained: verify() finds any edited or deleted row.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../main/store/database';
import { createAuditRepo } from '../../main/store/audit-repo';

function withEntries(n: number): { db: Db; audit: ReturnType<typeof createAuditRepo> } {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'audit-')), 'cabinet.sqlite'));
  const audit = createAuditRepo(db);
  for (let i = 1; i <= n; i++) audit.append({ at: 1000 + i, actor: 'resident', action: `step.${i}`, outcome: i % 3 ? 'ok' : 'denied', caseId: i, compartment: 'A01', detail: { i } });
  return { db, audit };
}

/** What someone with the file and a SQLite shell could do: drop the guards first. */
const tamper = (db: Db, sql: string) => {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
};

describe('audit log', () => {
  it('verifies an untouched chain', () => {
    const { audit } = withEntries(10);
    expect(audit.verify()).toEqual({ ok: true, rows: 10, problems: [] });
  });

  it('refuses updates and deletes through SQL', () => {
    const { db } = withEntries(3);
    expect(() => db.exec("UPDATE audit_log SET actor = 'x' WHERE id = 2")).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_log WHERE id = 2')).toThrow(/append-only/);
  });

  it('finds an edited row', () => {
    const { db, audit } = withEntries(10);
    tamper(db, "UPDATE audit_log SET outcome = 'ok' WHERE id = 6");
    expect(audit.verify().problems).toEqual([{ kind: 'edited', id: 6 }]);
  });

  it('finds a deleted row in the middle', () => {
    const { db, audit } = withEntries(10);
    tamper(db, 'DELETE FROM audit_log WHERE id = 4');
    expect(audit.verify().problems).toEqual([{ kind: 'broken-link', id: 5 }]);
  });

  it('finds a deleted tail', () => {
    const { db, audit } = withEntries(10);
    tamper(db, 'DELETE FROM audit_log WHERE id >= 9');
    expect(audit.verify().problems).toEqual([{ kind: 'missing-tail', expectedLastId: 10, foundLastId: 8 }]);
  });

  it('finds a row whose hash was recomputed to hide an edit (the next link breaks)', () => {
    const { db, audit } = withEntries(5);
    tamper(db, "UPDATE audit_log SET actor = 'staff', hash = 'f' || substr(hash, 2) WHERE id = 2");
    const kinds = audit.verify().problems.map((p) => `${p.kind}:${'id' in p ? p.id : ''}`);
    expect(kinds).toEqual(['edited:2', 'broken-link:3']);
  });

  it('keeps chaining across reopening the database', () => {
    const { db, audit } = withEntries(3);
    const file = db.name;
    db.close();
    const again = openDatabase(file);
    const repo = createAuditRepo(again);
    repo.append({ at: 5000, actor: 'staff', action: 'later', outcome: 'ok' });
    expect(repo.verify()).toMatchObject({ ok: true, rows: 4 });
    void audit;
  });
});
