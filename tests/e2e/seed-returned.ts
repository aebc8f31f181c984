// Stand-in for the staff return flow, which is another issue: moves a deposited case to
// 'returned' and issues a pickup code exactly as main/core/resident/pickup.ts issueCode does, with the
// core's own transitions and code functions, on the harness's database file (WAL lets a second
// connection write between the running core's transactions). Prints the plain code.
//   node --import tsx tests/e2e/seed-returned.ts <database file> <reference> [--expired|--valid] [digits]
import { dirname } from 'node:path';
import { keysDirFor, openKeyFile } from '../../main/app/key-file';
import { openDatabase } from '../../main/store/database';
import { createRepositories } from '../../main/store/repositories';
import { createTransitions } from '../../main/core/cases/transitions';
import { defaultConfig } from '../../main/core/config';
import { codeSecret, generateCode, hashCode } from '../../main/core/cases/pickup-codes';

const [file, reference, flag, digits] = process.argv.slice(2);
if (!file || !reference) throw new Error('usage: seed-returned.ts <database file> <reference> [--expired]');
const db = openDatabase(file);
try {
  const row = db.prepare('SELECT id FROM cases WHERE reference = ?').get(reference) as { id: number } | undefined;
  if (!row) throw new Error(`no case ${reference}`);
  // The harness's keys: the key file beside its data directory.
  const repos = createRepositories(db, openKeyFile(keysDirFor(dirname(file), undefined)));
  const transitions = createTransitions(repos);
  const at = Date.now();
  const move = { actor: 'staff:e2e-seed', at };
  const code = db.transaction(() => {
    transitions.moveCase(row.id, 'collect', move);
    transitions.moveCase(row.id, 'return', move);
    // As issueCode: a fresh code not in use, stored only as its HMAC, valid for pickup.validDays.
    const secret = codeSecret(repos.secrets);
    // --expired: a deadline before any instant of the core's clock.
    const deadline = flag === '--expired' ? 1 : at + defaultConfig().pickup.validDays * 24 * 3600_000;
    for (;;) {
      const candidate = generateCode(digits ? Number(digits) : defaultConfig().pickup.codeDigits);
      const hash = hashCode(secret, candidate);
      if (db.prepare('SELECT 1 FROM cases WHERE pickup_code_hash = ?').get(hash)) continue;
      db.prepare('UPDATE cases SET pickup_code_hash = ?, pickup_deadline = ? WHERE id = ?').run(hash, deadline, row.id);
      return candidate;
    }
  })();
  console.log(code);
} finally {
  db.close();
}
