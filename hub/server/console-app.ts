// The console's composition: stores on the pool, access, the API routes and the HTTP server.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Pool } from '../db/pool';
import { createAccountsStore, createLoginLimitsStore } from '../store/accounts';
import { createAuditStore } from '../store/audit';
import { createSessionsStore } from '../store/sessions';
import { createAccess, type Access } from './access-service';
import { consoleRoutes, type PushCommand } from './console-routes';
import { reportRoutes } from './report-routes';
import { startHubServer, type HubServer } from './server';

export interface ConsoleAppOptions {
  pool: Pool;
  staticDir: string;
  push: PushCommand;
  now?: () => number;
  randomBytes?: (n: number) => Buffer;
  host?: string;
  port?: number;
  publicOrigin?: string;
  secureCookies?: boolean;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface ConsoleApp {
  server: HubServer;
  access: Access;
  close(): Promise<void>;
}

export async function startConsoleApp(o: ConsoleAppOptions): Promise<ConsoleApp> {
  const now = o.now ?? Date.now;
  const audit = createAuditStore(o.pool);
  const access = createAccess({
    accounts: createAccountsStore(o.pool),
    limits: createLoginLimitsStore(o.pool),
    sessions: createSessionsStore(o.pool),
    audit,
    now,
    randomBytes: o.randomBytes ?? cryptoRandomBytes,
  });
  const routes = [...consoleRoutes({ pool: o.pool, audit, now, push: o.push }), ...reportRoutes({ pool: o.pool, audit, now })];
  const server = await startHubServer({
    access,
    routes,
    staticDir: o.staticDir,
    ...(o.host ? { host: o.host } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.publicOrigin ? { publicOrigin: o.publicOrigin } : {}),
    ...(o.secureCookies !== undefined ? { secureCookies: o.secureCookies } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  return { server, access, close: () => server.close() };
}
