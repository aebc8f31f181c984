// Proves the layer rules of architecture.md are enforced by the lint, not by good intentions:
// each deliberate bad import below must fail, and each allowed one must pass.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['renderer/screens/Bad.tsx', "import { createCabinet } from '../../main/app/cabinet';\nexport const x = createCabinet;"],
    ['renderer/Bad.tsx', "import { openDatabase } from '../main/store/database';\nexport const x = openDatabase;"],
    ['renderer/Bad.tsx', "import { BusError } from '../hardware/lock-bus';\nexport const x = BusError;"],
    ['renderer/Bad.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['renderer/Bad.tsx', "import { SerialPort } from 'serialport';\nexport const x = SerialPort;"],
    ['main/core/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/web/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['hardware/boards/bad.ts', "import { parseConfig } from '../../main/core/config';\nexport const x = parseConfig;"],
    ['hardware/protocols/bad.ts', "import { App } from '../../renderer/App';\nexport const x = App;"],
    ['main/contract/bad.ts', "import { createCabinet } from '../app/cabinet';\nexport const x = createCabinet;"],
    ['main/store/bad.ts', "import { chooseCompartment } from '../core/allocation';\nexport const x = chooseCompartment;"],
  ])('%s: a wrong import fails', async (file, code) => {
    expect((await restricted(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['renderer/Good.tsx', "import { methods } from '../main/contract/api';\nexport const x = methods;"],
    ['main/electron/good.ts', "import { app } from 'electron';\nimport { createCabinet } from '../app/cabinet';\nexport const x = [app, createCabinet];"],
    ['main/core/good.ts', "import { BusError } from '../../hardware/lock-bus';\nimport { openDatabase } from '../store/database';\nexport const x = [BusError, openDatabase];"],
    ['hardware/boards/good.ts', "import { BusError } from '../lock-bus';\nexport const x = BusError;"],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
