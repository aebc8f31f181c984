// Proves the layer rules of docs/architecture.md are enforced by the lint, not by good intentions:
// each deliberate bad import below must fail, and each allowed one must pass.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

const RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports']);

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  // A snippet that does not parse would pass vacuously.
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${filePath}: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && RULES.has(m.ruleId)).map((m) => m.message);
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
    ['main/store/bad.ts', "import { createCabinet } from '../app/cabinet';\nexport const x = createCabinet;"],
    // The core does no I/O and builds no hardware: it gets ports from main/app.
    ['main/core/bad.ts', "import { createCabinet } from '../app/cabinet';\nexport const x = createCabinet;"],
    ['main/core/bad.ts', "import { createBusTransport } from '../../hardware/transport/bus-transport';\nexport const x = createBusTransport;"],
    ['main/core/staff/bad.ts', "import type { BusTransport } from '../../../hardware/transport/bus-transport';\nexport type X = BusTransport;"],
    ['main/core/bad.ts', "import { serialPortOpener } from '../../hardware/transport/serial-port';\nexport const x = serialPortOpener;"],
    ['main/core/bad.ts', "import { systemTimers } from '../../hardware/transport/timers';\nexport const x = systemTimers;"],
    ['main/core/doors/bad.ts', "import type { Timers } from '../../../hardware/transport/timers';\nexport type X = Timers;"],
    ['main/core/bad.ts', "import { createVirtualBus } from '../../hardware/simulator/virtual-bus';\nexport const x = createVirtualBus;"],
    ['main/core/bad.ts', "import { listSerialDeviceNodes } from '../../hardware/cli/ports';\nexport const x = listSerialDeviceNodes;"],
    ['main/core/bad.ts', "import { createPrinter } from '../../hardware/printer/printer';\nexport const x = createPrinter;"],
    ['main/core/bad.ts', "import { scanBus } from '../../hardware/boards/scan-bus';\nexport const x = scanBus;"],
    ['main/core/bad.ts', "import { SerialPort } from 'serialport';\nexport const x = SerialPort;"],
    ['main/core/notify/bad.ts', "import nodemailer from 'nodemailer';\nexport const x = nodemailer;"],
    ['main/core/notify/bad.ts', "import http from 'node:http';\nexport const x = http;"],
    ['main/core/notify/bad.ts', "import https from 'node:https';\nexport const x = https;"],
    ['main/core/bad.ts', "import { connect } from 'node:net';\nexport const x = connect;"],
    ['main/core/bad.ts', "import { request } from 'http';\nexport const x = request;"],
    ['main/core/bad.ts', "import { WebSocketServer } from 'ws';\nexport const x = WebSocketServer;"],
    ['main/core/bad.ts', "import { writeFileSync } from 'node:fs';\nexport const x = writeFileSync;"],
    // The store owns every query: the core never holds the database handle.
    ['main/core/bad.ts', "import { openDatabase } from '../store/database';\nexport const x = openDatabase;"],
    ['main/core/staff/bad.ts', "import type { Db } from '../../store/database';\nexport type X = Db;"],
    ['main/core/bad.ts', "import Database from 'better-sqlite3';\nexport const x = Database;"],
    // main/app composes; the shells use it, never the reverse.
    ['main/app/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['main/app/bad.ts', "import { CALL_CHANNEL } from '../electron/channels';\nexport const x = CALL_CHANNEL;"],
    ['main/app/bad.ts', "import { startWebHarness } from '../web/server';\nexport const x = startWebHarness;"],
    ['main/app/bad.ts', "import { App } from '../../renderer/App';\nexport const x = App;"],
    // The hub uses only the cabinet's pure code; all its SQL is in hub/store; its rules are pure.
    ['hub/ingest/bad.ts', "import { createCabinet } from '../../main/app/cabinet';\nexport const x = createCabinet;"],
    ['hub/services/bad.ts', "import { openDatabase } from '../../main/store/database';\nexport const x = openDatabase;"],
    ['hub/store/bad.ts', "import { dueDate } from '../domain/calendar';\nexport const x = dueDate;"],
    ['hub/domain/bad.ts', "import { createPool } from '../db/pool';\nexport const x = createPool;"],
    ['hub/domain/bad.ts', "import pg from 'pg';\nexport const x = pg;"],
    ['hub/domain/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['hub/console/bad.tsx', "import { listCabinets } from '../store/cabinets';\nexport const x = listCabinets;"],
    ['hub/console/bad.tsx', "import pg from 'pg';\nexport const x = pg;"],
    ['hub/bad.ts', "import { App } from '../renderer/App';\nexport const x = App;"],
    ['hub/store/bad.ts', "import { startHubServer } from '../server/server';\nexport const x = startHubServer;"],
    ['hub/console/Bad.tsx', "import { createHash } from 'node:crypto';\nexport const x = createHash;"],
    // … and the cabinet never leans on the hub.
    ['main/core/bad.ts', "import { allows } from '../../hub/domain/access';\nexport const x = allows;"],
    ['renderer/Bad.tsx', "import { maskName } from '../hub/domain/access';\nexport const x = maskName;"],
  ])('%s: a wrong import fails', async (file, code) => {
    expect((await restricted(file, code)).length).toBeGreaterThan(0);
  });

  it.each([
    ['renderer/Good.tsx', "import { methods } from '../main/contract/api';\nexport const x = methods;"],
    ['main/electron/good.ts', "import { app } from 'electron';\nimport { createCabinet } from '../app/cabinet';\nexport const x = [app, createCabinet];"],
    ['main/core/good.ts', "import { BusError } from '../../hardware/lock-bus';\nimport type { Repositories } from '../store/repositories';\nexport const x: [typeof BusError, Repositories?] = [BusError];"],
    ['main/core/good.ts', "import { toHex } from '../../hardware/protocols/bytes';\nimport { codecForProtocol } from '../../hardware/protocols/codec-for-protocol';\nexport const x = [toHex, codecForProtocol];"],
    ['main/core/good.ts', "import { encodeDocument } from '../../hardware/printer/escpos';\nimport type { Timers } from './clock';\nexport const x: [typeof encodeDocument, Timers?] = [encodeDocument];"],
    ['main/core/good.ts', "import { join } from 'node:path';\nimport { createHash } from 'node:crypto';\nexport const x = [join, createHash];"],
    [
      'main/app/good.ts',
      [
        "import { createCore } from '../core/core';",
        "import { openDatabase } from '../store/database';",
        "import { methods } from '../contract/api';",
        "import { createBusTransport } from '../../hardware/transport/bus-transport';",
        "import { serialPortOpener } from '../../hardware/transport/serial-port';",
        "import { createVirtualBus } from '../../hardware/simulator/virtual-bus';",
        "import { listSerialDeviceNodes } from '../../hardware/cli/ports';",
        "import { createPrinter } from '../../hardware/printer/printer';",
        "import nodemailer from 'nodemailer';",
        "import http from 'node:http';",
        "import { writeFileSync } from 'node:fs';",
        "export const x = [createCore, openDatabase, methods, createBusTransport, serialPortOpener, createVirtualBus, listSerialDeviceNodes, createPrinter, nodemailer, http, writeFileSync];",
      ].join('\n'),
    ],
    ['main/web/good.ts', "import { createDispatch } from '../app/dispatch';\nexport const x = createDispatch;"],
    ['renderer/good.ts', "import type { KioskBridge } from '../main/contract/bridge';\nexport type X = KioskBridge;"],
    ['hardware/boards/good.ts', "import { BusError } from '../lock-bus';\nexport const x = BusError;"],
    ['hub/domain/good.ts', "import { signCommand } from '../../main/core/fleet/command-check';\nimport type { CaseState } from '../store/cases';\nexport const x: [typeof signCommand, CaseState?] = [signCommand];"],
    ['hub/server/good.ts', "import { signCommand } from '../../main/core/fleet/command-check';\nimport { createAuditStore } from '../store/audit';\nexport const x = [signCommand, createAuditStore];"],
    ['hub/domain/good.ts', "import { afterFailure } from '../../main/core/cases/rate-limit';\nimport { createHash } from 'node:crypto';\nexport const x = [afterFailure, createHash];"],
    ['hub/console/Good.tsx', "import { allows } from '../domain/access';\nexport const x = allows;"],
    ['hub/services/good.ts', "import { createPool } from '../db/pool';\nimport { listCabinets } from '../store/cabinets';\nimport { dueDate } from '../domain/calendar';\nexport const x = [createPool, listCabinets, dueDate];"],
  ])('%s: an allowed import passes', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
