// The one-time setup code that guards the first administrator: on a cabinet with no account the
// app writes 8 random digits to <dataDir>/setup-code (mode 0600). The installer reads it there
// (shell access, or the installation checklist) and types it on the console's first-run screen;
// it is never shown on the kiosk and never logged. It is deleted once the first admin exists.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SetupCode } from '../core/ports';

export const SETUP_CODE_FILE = 'setup-code';

export function setupCodeIn(dataDir: string, needed: boolean): SetupCode & { path: string } {
  const path = join(dataDir, SETUP_CODE_FILE);
  if (needed && !existsSync(path)) {
    const code = Array.from({ length: 8 }, () => randomInt(10)).join('');
    writeFileSync(path, `${code}\n`, { mode: 0o600, flag: 'wx' });
  }
  const read = () => (existsSync(path) ? readFileSync(path, 'utf8').trim() : null);
  return {
    path,
    matches(code: string): boolean {
      const expected = read();
      if (expected === null || code.length !== expected.length) return false;
      return timingSafeEqual(Buffer.from(code), Buffer.from(expected));
    },
    consume: () => rmSync(path, { force: true }),
  };
}
