// A Playwright fixture that starts the real web harness (real core, real SQLite file, simulated
// boards) on a fresh data directory for each test, and waits for its ready line.
import { test as base, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { defaultConfig, type CabinetConfig } from '../../main/core/config';

/** Changes to the built-in default cabinet for one test file: test.use({ cabinetConfig: { ... } }). */
export interface CabinetConfigOverrides {
  timeouts?: Partial<CabinetConfig['timeouts']>;
  pickup?: Partial<CabinetConfig['pickup']>;
  /** The whole `notifications` part (channels, routes, retry ...), as written in a configuration file. */
  notifications?: Record<string, unknown>;
  /** The kiosk's voice (e.g. player 'none' and a wavDir to measure what was said). */
  voice?: Partial<CabinetConfig['voice']>;
  /** The cabinet's identity (e.g. its district code, which leads its references). */
  cabinet?: Partial<CabinetConfig['cabinet']>;
  /** Changes to matters of the default catalogue, by id (e.g. identity 'id-card', personal results). */
  matters?: Record<string, Partial<CabinetConfig['matters'][number]>>;
  /** The simulated ID-card reader's settings (e.g. a short wait for a card). */
  idCardReader?: Partial<NonNullable<CabinetConfig['idCardReader']>>;
  /** A serial scanner / staff-card reader (port "simulator": driven with simulator.lineRead). */
  scanner?: Record<string, unknown>;
  cardReader?: Record<string, unknown>;
  /** Offline updates from USB (install root, district keys, media roots). */
  updates?: Record<string, unknown>;
  /** The fleet link (docs/fleet.md), and the key directory holding its broker password. */
  fleet?: CabinetConfig['fleet'];
  keysDir?: string;
}

export interface Harness {
  url: string;
  dataDir: string;
  databaseFile: string;
  /** Read-only query of the harness's database. */
  query<T>(sql: string, ...params: unknown[]): T[];
  /**
   * A write to the harness's database, for test set-up only (what months of use or a clock would
   * bring about, e.g. a deadline in the past). The running core reads state from the database.
   */
  execute(sql: string, ...params: unknown[]): void;
  /** Call a contract method the way the screen does, over the harness's WebSocket. */
  call<T>(method: string, payload?: unknown): Promise<T>;
}

const READY = /Civic Cabinet web harness: (http:\/\/127\.0\.0\.1:\d+\/)/;

async function startHarness(dataDir: string, configFile?: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const args = ['--import', 'tsx', 'main/web/cli.ts', '--port', '0', '--data-dir', dataDir, ...(configFile ? ['--config', configFile] : [])];
  const child = spawn(process.execPath, args, {
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

/** The default cabinet with `overrides`, written as a configuration file in the test's data directory. */
function writeConfig(dataDir: string, overrides: CabinetConfigOverrides): string {
  const config = structuredClone(defaultConfig());
  Object.assign(config.timeouts, overrides.timeouts);
  Object.assign(config.pickup, overrides.pickup);
  Object.assign(config.voice, overrides.voice);
  Object.assign(config.cabinet, overrides.cabinet);
  for (const m of config.matters) Object.assign(m, overrides.matters?.[m.id]);
  if (config.idCardReader) Object.assign(config.idCardReader, overrides.idCardReader);
  const raw: Record<string, unknown> = {
    ...config,
    ...(overrides.notifications ? { notifications: overrides.notifications } : {}),
    ...(overrides.scanner ? { scanner: overrides.scanner } : {}),
    ...(overrides.cardReader ? { cardReader: overrides.cardReader } : {}),
    ...(overrides.updates ? { updates: overrides.updates } : {}),
    ...(overrides.fleet ? { fleet: overrides.fleet } : {}),
    ...(overrides.keysDir ? { keysDir: overrides.keysDir } : {}),
  };
  const file = join(dataDir, 'cabinet.json');
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}

export const test = base.extend<{ harness: Harness; cabinetConfig: CabinetConfigOverrides | undefined }>({
  cabinetConfig: [undefined, { option: true }],
  harness: async ({ cabinetConfig }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cabinet-e2e-'));
    const { child, url } = await startHarness(dataDir, cabinetConfig ? writeConfig(dataDir, cabinetConfig) : undefined);
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
      execute(sql: string, ...params: unknown[]) {
        const db = new Database(databaseFile, { fileMustExist: true });
        try {
          db.pragma('busy_timeout = 5000');
          db.prepare(sql).run(...params);
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

import { expect } from '@playwright/test';
export { expect };

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

export const zhDigit = (d: string) => `数字 ${d}`;
export const enDigit = (d: string) => `Digit ${d}`;

/**
 * Stand-in for the staff return flow (not built yet): collect and return the case, and issue a
 * pickup code, with the core's own transitions and code functions, in a separate process on the
 * harness's database file (WAL). Returns the plain code, as the resident's text message would.
 */
export function seedReturned(harness: Harness, reference: string, options: { expired?: boolean; digits?: number } = {}): string {
  const args = ['--import', 'tsx', 'tests/e2e/seed-returned.ts', harness.databaseFile, reference, options.expired ? '--expired' : '--valid', String(options.digits ?? 6)];
  return execFileSync(process.execPath, args, { encoding: 'utf8' }).trim();
}

/** A drop-off made through the contract (as the screen does) with the door closed by the simulated hand. */
export async function dropOffViaContract(harness: Harness, phone = '13812345678', matterId = 'senior-card'): Promise<{ reference: string; label: string }> {
  const state = await harness.call<{ compartment: { label: string } }>('dropOff.begin', { matterId, phone, phoneConfirmed: true, consent: true, language: 'zh-CN', elderMode: false });
  const label = state.compartment.label;
  await expect.poll(async () => (await harness.call<{ doors: { label: string; open: boolean }[] }>('simulator.state')).doors.find((d) => d.label === label)?.open).toBe(true);
  // The core sees the door open on its next poll; then the hand closes it.
  await expect.poll(() => harness.query<{ status: string }>('SELECT status FROM cases ORDER BY id DESC LIMIT 1')[0]?.status).toBe('door-opened');
  await harness.call('simulator.press', { label });
  await expect.poll(() => harness.query<{ status: string }>('SELECT status FROM cases ORDER BY id DESC LIMIT 1')[0]?.status).toBe('deposited');
  const [row] = harness.query<{ reference: string }>('SELECT reference FROM cases ORDER BY id DESC LIMIT 1');
  return { reference: row?.reference ?? '', label };
}

/** Open frames (generic protocol, command 0x8A) the simulated boards received. */
export async function openFrames(harness: Harness): Promise<string[]> {
  const frames = await harness.call<{ hex: string }[]>('simulator.frames', { limit: 1000 });
  return frames.filter((f) => f.hex.startsWith('8A')).map((f) => f.hex);
}

/** The pickup screen's two keypads: the code, then the last four digits of the registered phone. */
export async function enterPickup(page: Page, code: string, phoneLast4: string, digitName: (d: string) => string = zhDigit, confirmName = '确认'): Promise<void> {
  await typeOnKeypad(page, code, digitName);
  await page.getByRole('button', { name: confirmName, exact: true }).click();
  await typeOnKeypad(page, phoneLast4, digitName);
  await page.getByRole('button', { name: confirmName, exact: true }).click();
}

/** The drop-off phone step without SMS: the number typed once, read back, then 号码正确，同意并打开柜门. */
export async function typePhoneAndAgree(page: Page, phone = '13812345678', digitName: (d: string) => string = zhDigit, confirmName = '确认', agreeName = '号码正确，同意并打开柜门'): Promise<void> {
  await typeOnKeypad(page, phone, digitName);
  await page.getByRole('button', { name: confirmName, exact: true }).click();
  await expect(page.getByTestId('read-back')).toHaveText(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
  await page.getByRole('button', { name: agreeName }).click();
}
