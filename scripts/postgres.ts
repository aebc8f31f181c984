// A private PostgreSQL cluster for a test file, the benchmark or someone trying the hub
// (npm run hub:db): initdb into a temporary directory (trust auth, user "hub", UTF8, locale C),
// pg_ctl start on a free port of 127.0.0.1 with its unix socket inside that directory, fsync on
// unless asked. Like scripts/mosquitto.ts (ADR 0013): never a system service, never mocked. As root
// (CI) the server runs as the "postgres" user, which PostgreSQL requires. Missing binaries fail here,
// naming the package.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './mosquitto';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgOptions {
  /** fsync off: only for throwaway test clusters where a power cut is not the question. Default on. */
  fsync?: boolean;
  /** Extra postgresql.conf lines. */
  extra?: string[];
  /** Keep the data directory after stop() (npm run hub:db). */
  keep?: boolean;
  /** A fixed port (npm run hub:db); default a free one. */
  port?: number;
}

export interface PgCluster {
  port: number;
  dir: string;
  /** postgres://hub@127.0.0.1:port/<database> */
  url(database?: string): string;
  /** CREATE DATABASE name (a fresh database per test on one cluster). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  /** Milliseconds initdb + start took (the figure docs/hub.md quotes). */
  startMs: number;
}

export function requirePostgres(): void {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) {
    throw new Error(`PostgreSQL 15 is not installed (${PG_BIN}/initdb): apt-get install postgresql (the Debian package; .ci/run installs it).`);
  }
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root: run it as the package's "postgres" user then. */
function runAs(): { uid?: number; gid?: number } {
  if (!asRoot) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

function run(bin: string, args: string[], options: SpawnSyncOptions = {}): void {
  const done = spawnSync(join(PG_BIN, bin), args, { encoding: 'utf8', ...runAs(), ...options });
  if (done.status !== 0) throw new Error(`${bin} failed (${done.status}): ${done.stderr || done.stdout}`);
}

function prepareDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const who = runAs();
  if (who.uid !== undefined && who.gid !== undefined) chownSync(dir, who.uid, who.gid);
  chmodSync(dir, 0o700);
  return dir;
}

function writeConf(data: string, dir: string, port: number, options: PgOptions): void {
  const lines = [
    `listen_addresses = '127.0.0.1'`,
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    `fsync = ${options.fsync === false ? 'off' : 'on'}`,
    // A test cluster is small: keep its memory modest on a shared 2-core machine.
    'shared_buffers = 64MB',
    'max_connections = 50',
    ...(options.extra ?? []),
  ];
  writeFileSync(join(data, 'postgresql.auto.conf'), `${lines.join('\n')}\n`);
}

async function psqlCreate(port: number, dir: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/bin/psql', ['-h', dir, '-p', String(port), '-U', 'hub', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`CREATE DATABASE ${name}: ${err}`))));
  });
}

export async function startPostgres(options: PgOptions = {}): Promise<PgCluster> {
  requirePostgres();
  const began = Date.now();
  const dir = prepareDir();
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '--auth=trust', '--username=hub', '--encoding=UTF8', '--locale=C', '--no-instructions', ...(options.fsync === false ? ['--no-sync'] : [])]);
  const port = options.port ?? (await freePort());
  writeConf(data, dir, port, options);
  // -w waits until the server accepts connections: an event, not a sleep.
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const url = (database = 'hub') => `postgres://hub@127.0.0.1:${port}/${database}`;
  await psqlCreate(port, dir, 'hub');
  let stopped = false;
  return {
    port,
    dir,
    url,
    startMs: Date.now() - began,
    async createDatabase(name) {
      await psqlCreate(port, dir, name);
      return url(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** npm run hub:db: a local cluster for trying the hub, on port 5433 unless PGPORT says otherwise; Ctrl-C stops it. */
async function main(): Promise<void> {
  const cluster = await startPostgres({ port: Number(process.env.PGPORT ?? 5433), keep: false });
  process.stdout.write(`PostgreSQL is running (started in ${cluster.startMs} ms): ${cluster.url()}\nCtrl-C stops it and removes ${cluster.dir}.\n`);
  // pg_ctl leaves the server running on its own: this timer keeps us here until Ctrl-C stops both.
  const alive = setInterval(() => undefined, 1 << 30);
  const stop = () => {
    clearInterval(alive);
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
