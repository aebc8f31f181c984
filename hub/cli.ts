// `npm run hub -- --config hub.json`: one hub instance from a configuration file (hub/start.ts
// describes the fields). `--add-account login:role[:department]` creates a console account first,
// its password read from HUB_ACCOUNT_PASSWORD (never on the command line). SIGINT/SIGTERM stop it cleanly.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Timers } from '../main/core/clock';
import { hubConfigSchema, startHub } from './start';
import { hubRoles, type HubRole } from './domain/access';

const { values } = parseArgs({ options: { config: { type: 'string' }, 'add-account': { type: 'string', multiple: true } } });
if (!values.config) {
  console.error('usage: npm run hub -- --config hub.json [--add-account login:role[:department]]');
  process.exit(2);
}
const config = hubConfigSchema.parse(JSON.parse(readFileSync(values.config, 'utf8')));
const log = (level: string, message: string, detail?: unknown) => console[level === 'error' ? 'error' : 'log'](`[hub] ${level} ${message}`, detail ?? '');
// The wall clock: cases, deadlines and sessions are dated.
const wallTimers: Timers = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
const hub = await startHub(config, { timers: wallTimers, log });

for (const spec of values['add-account'] ?? []) {
  const [login, role, department] = spec.split(':');
  const password = process.env.HUB_ACCOUNT_PASSWORD ?? '';
  if (!login || !hubRoles.includes(role as HubRole)) throw new Error(`--add-account ${spec}: login:role[:department], role one of ${hubRoles.join(', ')}`);
  await hub.console.access.createAccount({ login, name: login, role: role as HubRole, departmentId: department ?? null, password }, 'hub:cli').catch((e: Error) => log('warn', `account ${login}: ${e.message}`));
}

console.log(`District hub: ${hub.console.server.url} (district ${config.districtId}, cabinets' fleet.districtPublicKey ${hub.publicKeyRaw})`);
const stop = () => void hub.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
