// `npm run restore -- <backup> [--data-dir <dir>]`: put a nightly backup back as the cabinet's
// database. Refuses while a cabinet runs on that data directory, and a backup that fails its
// check; the replaced database is kept beside it. The data directory is the one the app uses
// (CABINET_DATA_DIR, the configuration's dataDir, or the default).
import { resolve } from 'node:path';
import { loadConfig } from '../main/app/config-file';
import { restoreBackup, RestoreRefused } from '../main/app/backup';

function main(argv: string[]): number {
  const at = argv.indexOf('--data-dir');
  const dataDirArg = at >= 0 ? argv[at + 1] : undefined;
  const rest = at < 0 ? argv : argv.filter((_, i) => i !== at && i !== at + 1);
  const backup = rest[0];
  if (!backup || backup.startsWith('-') || (at >= 0 && !dataDirArg)) {
    process.stderr.write('usage: npm run restore -- <backup.sqlite> [--data-dir <dir>]\n');
    return 2;
  }
  const dataDir = dataDirArg ? resolve(dataDirArg) : loadConfig().dataDir;
  try {
    const r = restoreBackup({ backup: resolve(backup), dataDir, now: Date.now() });
    process.stdout.write(`restored ${backup} as ${r.restored} (integrity ok, ${r.verdict.audit.rows} audit rows verified)\n`);
    if (r.previous) process.stdout.write(`the database it replaced is kept as ${r.previous}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`restore refused: ${error instanceof RestoreRefused ? error.message : (error as Error).stack}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
