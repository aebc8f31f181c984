// One hub instance: PostgreSQL (migrated, seeded), the ingest on the shared subscription, the
// sweeps, the signed commands back to cabinets, and the console's HTTP server. Used by hub/cli.ts
// (`npm run hub`) and by the whole-loop test, which injects the clock.
import { z } from 'zod';
import type { Timers } from '../main/core/clock';
import { migrate } from './db/migrate';
import { createPool, type Pool } from './db/pool';
import { startIngest, type Ingest } from './ingest/ingest';
import { startConsoleApp, type ConsoleApp } from './server/console-app';
import type { PushCommand } from './server/console-routes';
import { HttpError } from './server/http-basics';
import { createCommands, type Commands } from './services/commands';
import { createCaseActions } from './services/cases';
import { loadDistrictKey } from './services/keys';
import { seed } from './services/seed';
import { startSweeps } from './services/sweeps';

export const hubConfigSchema = z.object({
  databaseUrl: z.string().min(1),
  districtId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  /** The district's signing key file lives here (hub/services/keys.ts), never in the database. */
  keysDir: z.string().min(1),
  mqtt: z.object({
    url: z.string().min(1),
    username: z.string().default('district'),
    /** The broker password; or HUB_MQTT_PASSWORD in the environment. */
    password: z.string().optional(),
    /** Stable per instance: hub:{district}:{n}. */
    clientId: z.string().min(1),
  }),
  http: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** The console's address as browsers see it behind a TLS proxy (then set secureCookies). */
      publicOrigin: z.string().url().optional(),
      secureCookies: z.boolean().default(false),
    })
    .default({ host: '127.0.0.1', port: 8080, secureCookies: false }),
  staticDir: z.string().default('dist/hub-console'),
  sweepEveryMs: z.number().int().min(1000).default(30_000),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;

export interface Hub {
  pool: Pool;
  ingest: Ingest;
  commands: Commands;
  console: ConsoleApp;
  sweeps: { runOnce(): Promise<void>; stop(): void };
  publicKeyRaw: string;
  stop(): Promise<void>;
}

const pushedAccounts = z
  .array(z.object({ login: z.string().min(1).max(64), name: z.string().min(1).max(100), role: z.enum(['staff', 'technician', 'admin']), pin: z.string().regex(/^\d{6,12}$/), cardId: z.string().max(64).nullable().optional(), disabled: z.boolean().optional() }).strict())
  .min(1)
  .max(200);

function parseAccounts(value: unknown) {
  const r = pushedAccounts.safeParse(value);
  if (!r.success) throw new HttpError(400, 'bad-request', `accounts: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data.map((a) => ({ ...a, cardId: a.cardId ?? null }));
}

/** The console's push port onto hub-core's commands: the district's calendar and catalogue, or a whole configuration. */
function pushWith(commands: Commands): PushCommand {
  return async ({ cabinet, type, body, issuedBy }) => {
    if (type === 'holidays.push') return commands.pushHolidays(cabinet, issuedBy);
    if (type === 'config.push') return commands.pushConfig(cabinet, (body.config ?? {}) as Record<string, unknown>, issuedBy);
    if (type === 'accounts.push') return commands.pushAccounts(cabinet, parseAccounts(body.accounts), issuedBy);
    if (type === 'matters.push') return commands.pushMatters(cabinet, Array.isArray(body.matters) ? body.matters : [], issuedBy);
    return commands.send(cabinet, type, body, issuedBy);
  };
}

/** `fn` every `ms` on the injected timers until stop(). */
function every(timers: Timers, ms: number, fn: () => unknown): { stop(): void } {
  let handle: unknown;
  let stopped = false;
  const tick = () => {
    void Promise.resolve(fn()).finally(() => {
      if (!stopped) handle = timers.setTimeout(tick, ms);
    });
  };
  handle = timers.setTimeout(tick, ms);
  return { stop: () => ((stopped = true), timers.clearTimeout(handle)) };
}

export async function startHub(config: HubConfig, deps: { timers: Timers; log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void }): Promise<Hub> {
  const log = deps.log ?? (() => undefined);
  const now = () => deps.timers.now();
  const pool = createPool(config.databaseUrl, { applicationName: config.mqtt.clientId });
  await migrate(pool);
  await seed(pool);
  const key = loadDistrictKey(config.keysDir, { create: true });
  const password = config.mqtt.password ?? process.env.HUB_MQTT_PASSWORD;
  const ingest = await startIngest({ url: config.mqtt.url, username: config.mqtt.username, ...(password ? { password } : {}), clientId: config.mqtt.clientId, districtId: config.districtId, pool, now, log });
  const commands = createCommands({ pool, link: ingest, districtId: config.districtId, key: key.privateKey, now });
  const sweeps = startSweeps({ pool, timers: deps.timers, everyMs: config.sweepEveryMs, log });
  let consoleApp: ConsoleApp | undefined;
  const console = (consoleApp = await startConsoleApp({
    pool,
    staticDir: config.staticDir,
    push: pushWith(commands),
    // 办结 from the console sends cases.ready to the case's cabinet (hub-core's createCaseActions).
    cases: createCaseActions({ pool, now, commands, log: (message, detail) => log('warn', message, detail) }),
    now,
    host: config.http.host,
    port: config.http.port,
    secureCookies: config.http.secureCookies,
    ...(config.http.publicOrigin ? { publicOrigin: config.http.publicOrigin } : {}),
    log,
  }));
  const housekeeping = every(deps.timers, config.sweepEveryMs, () => consoleApp?.housekeep().catch((e: Error) => log('warn', `session housekeeping: ${e.message}`)));
  return {
    pool,
    ingest,
    commands,
    console,
    sweeps,
    publicKeyRaw: key.publicKeyRaw,
    async stop() {
      sweeps.stop();
      housekeeping.stop();
      await console.close();
      await ingest.stop();
      await pool.end();
    },
  };
}
