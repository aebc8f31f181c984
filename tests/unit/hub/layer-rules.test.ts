// The hub's layer rules (eslint.config.js) hold: each deliberate bad import fails, each allowed one passes.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });
const RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports']);

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && RULES.has(m.ruleId)).map((m) => m.message);
}

describe('hub layer rules', () => {
  it.each([
    ['hub/server/bad.ts', "import { createCabinet } from '../../main/app/cabinet';\nexport const x = createCabinet;"],
    ['hub/store/bad.ts', "import { openDatabase } from '../../main/store/database';\nexport const x = openDatabase;"],
    ['hub/bad.ts', "import { App } from '../renderer/App';\nexport const x = App;"],
    ['hub/domain/bad.ts', "import { Pool } from 'pg';\nexport const x = Pool;"],
    ['hub/domain/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['hub/store/bad.ts', "import { allows } from '../domain/access';\nexport const x = allows;"],
    ['hub/store/bad.ts', "import { startHubServer } from '../server/server';\nexport const x = startHubServer;"],
    ['hub/console/Bad.tsx', "import { createAuditStore } from '../store/audit';\nexport const x = createAuditStore;"],
    ['hub/console/Bad.tsx', "import { createHash } from 'node:crypto';\nexport const x = createHash;"],
    
    ['main/core/bad.ts', "import { allows } from '../../hub/domain/access';\nexport const x = allows;"],
    ['renderer/Bad.tsx', "import { maskName } from '../hub/domain/access';\nexport const x = maskName;"],
  ])('%s: a wrong import fails', async (file, code) => {
    expect((await restricted(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['hub/server/good.ts', "import { signCommand } from '../../main/core/fleet/command-check';\nimport { createAuditStore } from '../store/audit';\nexport const x = [signCommand, createAuditStore];"],
    ['hub/domain/good.ts', "import { afterFailure } from '../../main/core/cases/rate-limit';\nimport { createHash } from 'node:crypto';\nexport const x = [afterFailure, createHash];"],
    ['hub/console/Good.tsx', "import { allows } from '../domain/access';\nexport const x = allows;"],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
