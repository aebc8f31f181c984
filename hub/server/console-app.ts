// The console's composition: stores on the pool, access, the API routes and the HTTP server.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { Pool } from '../db/pool';
import { createAccountsStore, createLoginLimitsStore } from '../store/accounts';
import { createAuditStore } from '../store/audit';
import { createSessionsStore } from '../store/sessions';
import { createCaseActions, type CaseActions } from '../services/cases';
import { createAccess, type Access } from './access-service';
import { consoleRoutes, type PushCommand } from './console-routes';
import { reportRoutes } from './report-routes';
import { accountRoutes } from './account-routes';
import { DEFAULT_SESSION_POLICY } from '../domain/sessions';
import { startHubServer, type HubServer } from './server';

export interface ConsoleAppOptions {
  pool: Pool;
  staticDir: string;
  push: PushCommand;
  /** Case moves with their consequences; without it a move tells no cabinet (tests of the console alone). */
  cases?: CaseActions;
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
  /** Deletes sessions past their idle or absolute limit (each request checks too; this keeps the table small). */
  housekeep(): Promise<number>;
  close(): Promise<void>;
}

export async function startConsoleApp(o: ConsoleAppOptions): Promise<ConsoleApp> {
  const now = o.now ?? Date.now;
  const audit = createAuditStore(o.pool);
  const accounts = createAccountsStore(o.pool);
  const sessions = createSessionsStore(o.pool);
  const access = createAccess({
    accounts,
    limits: createLoginLimitsStore(o.pool),
    sessions,
    audit,
    now,
    randomBytes: o.randomBytes ?? cryptoRandomBytes,
  });
  const routes = [...consoleRoutes({ pool: o.pool, audit, now, push: o.push, cases: o.cases ?? createCaseActions({ pool: o.pool, now }) }), ...reportRoutes({ pool: o.pool, audit, now }), ...accountRoutes({ access, accounts, sessions, audit, now })];
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
  const housekeep = () => sessions.removeExpired(now(), DEFAULT_SESSION_POLICY.idleMs, DEFAULT_SESSION_POLICY.absoluteMs);
  return { server, access, housekeep, close: () => server.close() };
}
