// Installing an offline update (ADR 0019) beside the running version, and going back.
//
//   <installRoot>/versions/<x.y.z>/   each installed version, unpacked whole
//   <installRoot>/current  → versions/<x.y.z>   what the launcher starts (symlink, switched by rename: atomic)
//   <installRoot>/previous → versions/<x.y.z>   what a rollback returns to (absent: the installed package)
//   <installRoot>/pending                        the version on trial until it has run healthySeconds
//   <installRoot>/attempts                       one line per start of the version on trial
//
// packaging/linux/civic-cabinet-launch.sh (the systemd unit's ExecStart) counts starts of a
// pending version and switches back after too many — a version that hangs (no watchdog heartbeat)
// or dies is restarted by systemd and rolled back by the launcher. The app clears `pending` once
// it has run healthySeconds. Nothing is written before the package verified in full.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { peekManifest, unpackEntries, verifyPackage, type UpdateProblem } from './package-format';

export interface UpdatesSettings {
  /** Where removable media are mounted (searched two levels deep for `folder`). */
  mediaRoots: readonly string[];
  /** The folder on the USB stick that holds packages (*.ccupdate). */
  folder: string;
  installRoot: string;
  /** Raw base64 Ed25519 public keys of the district's update key(s). */
  publicKeys: readonly string[];
  healthySeconds: number;
}

export interface FoundPackage {
  file: string;
  name: string;
  version: string | null;
  ready: boolean;
  problem: UpdateProblem | null;
  detail: string;
}

export interface UpdateState {
  current: string;
  previous: string | null;
  pending: string | null;
  /** The last version the launcher rolled back on its own, and when (from <installRoot>/rolled-back). */
  rolledBack: { version: string; at: string } | null;
  packages: FoundPackage[];
}

export class UpdateRefused extends Error {
  constructor(
    readonly problem: UpdateProblem | 'not-found' | 'nothing-to-roll-back',
    message: string,
  ) {
    super(message);
  }
}

/** Larger than any app folder we ship: a bigger file on the stick is refused before it is read. */
const MAX_PACKAGE_BYTES = 1024 ** 3;

/** The package's bytes, or a refusal for a file too large to be one. */
function readPackage(file: string): Buffer {
  const size = statSync(file).size;
  if (size > MAX_PACKAGE_BYTES) throw new UpdateRefused('bad-format', `${basename(file)} is ${Math.round(size / 1024 ** 2)} MiB: larger than any update package`);
  return readFileSync(file);
}

const linkTarget = (path: string) => {
  try {
    return basename(readlinkSync(path));
  } catch {
    return null;
  }
};

/** Folders named `folder` at most three levels under each media root (/media/<user>/<label>/folder). */
export function findPackageFiles(mediaRoots: readonly string[], folder: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return; // an unreadable or vanished mount is simply not there
    }
    for (const name of names) {
      const path = join(dir, name);
      if (name === folder && isDirectory(path)) found.push(...readdirSync(path).filter((f) => f.endsWith('.ccupdate')).map((f) => join(path, f)));
      else if (depth < 3 && !name.startsWith('.') && isDirectory(path)) visit(path, depth + 1);
    }
  };
  for (const root of mediaRoots) visit(root, 1);
  return found.sort();
}
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Point `name` at versions/<version> by renaming a fresh link over it (atomic on POSIX). */
function switchLink(root: string, name: 'current' | 'previous', version: string): void {
  const tmp = join(root, `.${name}-${randomBytes(4).toString('hex')}`);
  symlinkSync(join('versions', version), tmp);
  renameSync(tmp, join(root, name));
}

export function createUpdates(settings: UpdatesSettings, runningVersion: string, log: (level: 'info' | 'warn', message: string, detail?: unknown) => void) {
  const root = settings.installRoot;
  const current = () => linkTarget(join(root, 'current')) ?? runningVersion;
  const pending = () => (existsSync(join(root, 'pending')) ? readFileSync(join(root, 'pending'), 'utf8').trim() : null);

  function inspect(file: string): FoundPackage {
    const name = basename(file);
    try {
      const bytes = readPackage(file);
      const verdict = verifyPackage(bytes, settings.publicKeys, current());
      if (verdict.ok) return { file, name, version: verdict.manifest.version, ready: true, problem: null, detail: 'signature valid' };
      return { file, name, version: verdict.manifest?.version ?? peekManifest(bytes)?.version ?? null, ready: false, problem: verdict.problem, detail: verdict.detail };
    } catch (error) {
      const detail = error instanceof UpdateRefused ? error.message : `unreadable: ${(error as Error).message}`;
      return { file, name, version: null, ready: false, problem: 'bad-format', detail };
    }
  }

  /** The launcher's last line in rolled-back: "<version> <ISO time>". */
  function rolledBack(): UpdateState['rolledBack'] {
    const file = join(root, 'rolled-back');
    const last = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').pop() : undefined;
    const [version, at] = last?.split(' ') ?? [];
    return version && at ? { version, at } : null;
  }

  function state(): UpdateState {
    const packages = findPackageFiles(settings.mediaRoots, settings.folder).map(inspect);
    return { current: current(), previous: linkTarget(join(root, 'previous')), pending: pending(), rolledBack: rolledBack(), packages };
  }

  /** Verify, unpack beside the current version, then switch `current`; the old one becomes `previous`. */
  function apply(file: string): { version: string; previous: string } {
    // Only a file the scan finds: the console names a package, it does not hand us a path to read.
    if (!findPackageFiles(settings.mediaRoots, settings.folder).includes(file)) throw new UpdateRefused('not-found', 'That package is no longer on the media.');
    const before = current();
    const verdict = verifyPackage(readPackage(file), settings.publicKeys, before);
    if (!verdict.ok) throw new UpdateRefused(verdict.problem, verdict.detail);
    const { version } = verdict.manifest;
    const versions = join(root, 'versions');
    const staging = join(versions, `.partial-${version}-${randomBytes(4).toString('hex')}`);
    mkdirSync(staging, { recursive: true });
    try {
      for (const entry of unpackEntries(verdict.payload)) {
        const target = join(staging, entry.path);
        if (entry.kind === 'dir') mkdirSync(target, { recursive: true, mode: entry.mode || 0o755 });
        else {
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, entry.data ?? Buffer.alloc(0), { mode: entry.mode || 0o644 });
        }
      }
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new UpdateRefused('bad-format', `the package could not be unpacked: ${(error as Error).message}`);
    }
    rmSync(join(versions, version), { recursive: true, force: true });
    renameSync(staging, join(versions, version));
    if (linkTarget(join(root, 'current'))) switchLink(root, 'previous', before);
    else rmSync(join(root, 'previous'), { force: true }); // previous = the installed package itself
    writeFileSync(join(root, 'pending'), `${version}\n`);
    rmSync(join(root, 'attempts'), { force: true });
    switchLink(root, 'current', version);
    log('info', `update ${version} installed beside ${before}; it runs from the next start, on trial for ${settings.healthySeconds} s`);
    return { version, previous: before };
  }

  /** Back to the previous version (or the installed package when there is none). */
  function rollback(): { version: string } {
    const from = linkTarget(join(root, 'current'));
    if (!from) throw new UpdateRefused('nothing-to-roll-back', 'This cabinet runs the installed package: there is nothing to go back to.');
    const to = linkTarget(join(root, 'previous'));
    if (to) switchLink(root, 'current', to);
    else rmSync(join(root, 'current'), { force: true });
    for (const f of ['previous', 'pending', 'attempts']) rmSync(join(root, f), { force: true });
    log('warn', `rolled back from ${from} to ${to ?? `the installed package (${runningVersion})`}`);
    return { version: to ?? runningVersion };
  }

  /**
   * This process has stayed up healthySeconds: its version is no longer on trial. Only the
   * version this process runs: an old process must not vouch for a package applied under it.
   */
  function confirmHealthy(): void {
    const trial = pending();
    if (!trial || trial !== runningVersion || trial !== current()) return;
    rmSync(join(root, 'pending'), { force: true });
    rmSync(join(root, 'attempts'), { force: true });
    log('info', `update ${trial} confirmed healthy`);
  }

  return { state, apply, rollback, confirmHealthy, settings };
}
export type Updates = ReturnType<typeof createUpdates>;
