// `npm run hub:try`: everything to try the district console on one machine, in one command — a
// throwaway PostgreSQL and Mosquitto (scripts/postgres.ts, scripts/mosquitto.ts), a hub on
// http://127.0.0.1:8080 with an admin and a supervisor whose passwords are printed once, and the
// fleet settings to give a cabinet (`npm run web -- --config …`). Ctrl-C stops and removes it all.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from './mosquitto';
import { startPostgres } from './postgres';
import { hubConfigSchema, startHub } from '../hub/start';

const port = Number(process.env.HUB_PORT ?? 8080);
const cabinetPassword = randomBytes(12).toString('base64url');
const districtPassword = randomBytes(12).toString('base64url');
const broker = await startMosquitto({ users: { district: districtPassword, 'demo-01': cabinetPassword }, acl: true });
const cluster = await startPostgres({ fsync: false });
const root = mkdtempSync(join(tmpdir(), 'hub-try-'));
const config = hubConfigSchema.parse({
  databaseUrl: await cluster.createDatabase('hub_try'),
  districtId: 'xh',
  keysDir: join(root, 'keys'),
  mqtt: { url: broker.url, username: 'district', password: districtPassword, clientId: 'hub:xh:1' },
  http: { port },
});
const wall = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
const hub = await startHub(config, { timers: wall, log: (level, message) => level !== 'info' && console.error(`[hub] ${level} ${message}`) });
const passwords: Record<string, string> = {};
for (const [login, name, role] of [['admin', '系统管理员', 'admin'], ['supervisor', '督办员', 'supervisor']] as const) {
  passwords[login] = randomBytes(12).toString('base64url');
  await hub.console.access.createAccount({ login, name, role, departmentId: null, password: passwords[login] }, 'hub:try');
}
console.log(`District console: ${hub.console.server.url}`);
for (const [login, password] of Object.entries(passwords)) console.log(`  ${login.padEnd(10)} ${password}`);
console.log('A cabinet joins with this in its cabinet.json (and fleet-password in its key file):');
console.log(JSON.stringify({ fleet: { url: broker.url, districtId: 'xh', districtPublicKey: hub.publicKeyRaw } }));
console.log(`  fleet-password for demo-01: ${cabinetPassword}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await hub.stop();
  await broker.stop();
  await cluster.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
