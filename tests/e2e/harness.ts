// A Playwright fixture that starts the real web harness (real core, real SQLite file, simulated
// boards) on a fresh data directory for each test, and waits for its ready line.
import { test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';

export interface Harness {
  url: string;
  dataDir: string;
  databaseFile: string;
  /** Read-only query of the harness's database. */
  query<T>(sql: string, ...params: unknown[]): T[];
  /** Call a contract method the way the screen does, over the harness's WebSocket. */
  call<T>(method: string, payload?: unknown): Promise<T>;
}

const READY = /Civic Cabinet web harness: (http:\/\/127\.0\.0\.1:\d+\/)/;

async function startHarness(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CABINET_CONFIG: '' },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

export const test = base.extend<{ harness: Harness }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  harness: async ({}, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-e2e-'));
    const { child, url } = await startHarness(dataDir);
    const databaseFile = join(dataDir, 'cabinet.sqlite');
    const ws = new WebSocket(`${url.replace('http', 'ws')}ws`, { origin: url.slice(0, -1) });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    let next = 1;
    const pending = new Map<number, (r: { ok: boolean; result?: unknown; error?: { message: string } }) => void>();
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (typeof m.id === 'number') pending.get(m.id)?.(m.response);
    });
    const harness: Harness = {
      url,
      dataDir,
      databaseFile,
      query<T>(sql: string, ...params: unknown[]) {
        const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).all(...params) as T[];
        } finally {
          db.close();
        }
      },
      call<T>(method: string, payload: unknown = {}) {
        const id = next++;
        return new Promise<T>((resolve, reject) => {
          pending.set(id, (r) => (r.ok ? resolve(r.result as T) : reject(new Error(r.error?.message))));
          ws.send(JSON.stringify({ id, method, payload }));
        });
      },
    };
    await use(harness);
    ws.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (testInfo.status === testInfo.expectedStatus) rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

/** Save a screenshot of the current screen as a kept test artifact, to be looked at. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const dir = join('tests', 'artifacts', 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Type digits on the on-screen keypad, as a resident would. */
export async function typeOnKeypad(page: Page, digits: string, digitName: (d: string) => string): Promise<void> {
  for (const d of digits) await page.getByRole('button', { name: digitName(d), exact: true }).click();
}
