// A private Mosquitto for a test file or the benchmark (npm run bench:fleet): a generated configuration on a free port of
// 127.0.0.1, a password file made with mosquitto_passwd, an optional per-cabinet ACL, persistence
// in a temporary directory (a stop and start loses nothing), stopped by the caller. ADR 0013 says
// why the tests start their own broker. A machine without it fails here, naming the package.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto';
const PASSWD = process.env.MOSQUITTO_PASSWD_PATH ?? '/usr/bin/mosquitto_passwd';

export interface BrokerOptions {
  /** user name → password; none: anonymous clients are allowed (the benchmark's floor only). */
  users?: Record<string, string>;
  /** Cabinets may write only their own topics and read only their own commands; `district` reads and writes all. */
  acl?: boolean;
  /**
   * Seconds between persistence saves (default 1, for tests that stop the broker hard). Mosquitto
   * blocks while it writes the whole database, so a loaded broker wants its default, 1800.
   */
  autosaveSeconds?: number;
  /**
   * TLS on the listener (PEM paths): the broker's certificate and key, and the CA that signs the
   * cabinets' client certificates, which are then required and their CN is the user name.
   */
  tls?: { ca: string; cert: string; key: string };
  /** Extra configuration lines. */
  extra?: string[];
}

export interface Broker {
  port: number;
  url: string;
  dir: string;
  /** SIGTERM and wait: Mosquitto writes its persistence file on the way out. */
  stop(): Promise<void>;
  /** Start again on the same port with the same configuration and persistence. */
  start(): Promise<void>;
  /** The broker's process id (for memory figures). */
  pid(): number | undefined;
}

export function requireMosquitto(): void {
  if (!existsSync(MOSQUITTO) || !existsSync(PASSWD)) {
    throw new Error(`Mosquitto is not installed (${MOSQUITTO}, ${PASSWD}): apt-get install mosquitto (the Debian package; .ci/run installs it).`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const ACL = [
  'user district',
  'topic readwrite district/#',
  '',
  'pattern write district/+/cabinets/%u/events/#',
  'pattern write district/+/cabinets/%u/status',
  'pattern write district/+/cabinets/%u/heartbeat',
  'pattern write district/+/cabinets/%u/responses',
  'pattern write district/+/cabinets/%u/logs/#',
  'pattern read district/+/cabinets/%u/commands',
  '',
].join('\n');

function writeConfig(dir: string, port: number, options: BrokerOptions): string {
  const tls = options.tls ? [`cafile ${options.tls.ca}`, `certfile ${options.tls.cert}`, `keyfile ${options.tls.key}`, 'require_certificate true', 'use_identity_as_username true'] : [];
  const lines = [
    `listener ${port} 127.0.0.1`,
    ...tls,
    // Started as root (CI), Mosquitto would switch to the "mosquitto" user and lose the temp dir.
    'user root',
    'persistence true',
    `persistence_location ${join(dir, 'data')}/`,
    `autosave_interval ${options.autosaveSeconds ?? 1}`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'max_queued_messages 100000',
    'max_connections -1',
  ];
  if (options.tls) {
    lines.push('allow_anonymous false');
  } else if (options.users) {
    const file = join(dir, 'passwd');
    writeFileSync(file, '');
    for (const [user, password] of Object.entries(options.users)) {
      const made = spawnSync(PASSWD, ['-b', file, user, password], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
    }
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.acl) {
    writeFileSync(join(dir, 'acl'), ACL);
    lines.push(`acl_file ${join(dir, 'acl')}`);
  }
  lines.push(...(options.extra ?? []));
  const path = join(dir, 'mosquitto.conf');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Resolves once Mosquitto says it is running; rejects with its own words when it exits first. */
function launch(configPath: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(MOSQUITTO, ['-c', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    const onData = (chunk: Buffer) => {
      said += chunk.toString();
      if (/mosquitto version \S+ running/.test(said)) {
        child.stderr?.off('data', onData);
        child.stderr?.resume(); // keep draining its log
        resolve(child);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`mosquitto exited (${code}) before it ran:\n${said}`)));
    child.once('error', reject);
  });
}

export async function startMosquitto(options: BrokerOptions = {}): Promise<Broker> {
  requireMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  mkdirSync(join(dir, 'data'));
  const port = await freePort();
  const configPath = writeConfig(dir, port, options);
  let child: ChildProcess | undefined = await launch(configPath);
  return {
    port,
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    dir,
    pid: () => child?.pid,
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
    async start() {
      if (!child) child = await launch(configPath);
    },
  };
}
