// `npm run stage`: the folder electron-builder packages from (electron-builder.yml directories.app).
// Builds the app, copies dist (no source maps) and a production package.json + lockfile into
// build/app, installs the run-time packages there, and rebuilds the native modules for Electron's
// ABI in THAT folder only: the node_modules the tests use (built for the system Node) is never
// touched (issue 13 item 1, ADR 0014). STAGED.json records whether the rebuild happened; `npm run
// dist` refuses a folder whose native modules are still built for Node.
//
//   npm run stage -- [--out build/app] [--dist dist] [--no-build] [--install copy|npm-ci]
//                    [--arch x64|arm64] [--skip-rebuild] [--header-url URL] [--build-from-source]
//                    [--require-rebuild]  (exit 1 when the rebuild did not happen: npm run dist)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { elfArch, excludedFromApp, nativeAbi, NATIVE_MODULES, productionLock, productionManifest, runtimeClosure, type Lockfile, type PackageJson } from './package/app-manifest';

export interface StageOptions {
  root: string;
  out: string;
  dist: string;
  install: 'copy' | 'npm-ci';
  arch: string;
  rebuild: boolean;
  headerUrl?: string;
  buildFromSource: boolean;
}

export interface StageResult {
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  rebuilt: boolean;
  /** Why the native modules were not rebuilt, if they were not. */
  reason?: string;
  files: number;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Copies each package of the closure from the project's node_modules (real copies, never links). */
function copyModules(root: string, out: string, lock: Lockfile, closure: readonly string[]): void {
  for (const key of closure) {
    const from = join(root, key);
    // Another platform's optional binary (e.g. @node-rs/argon2-win32-x64-msvc) is not installed here.
    if (!existsSync(from) && lock.packages[key]?.optional) continue;
    if (!existsSync(from)) throw new Error(`${key} is in package-lock.json but not installed: run npm ci first`);
    // Nested node_modules are separate closure entries (or dev-only): each is copied on its own.
    cpSync(from, join(out, key), { recursive: true, dereference: true, filter: (src) => relative(from, src).split(/[\\/]/)[0] !== 'node_modules' });
  }
}

function npmCi(out: string, arch: string): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --ignore-scripts: the native modules are built next, for Electron, by @electron/rebuild.
  const result = spawnSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', `--cpu=${arch}`], { cwd: out, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm ci --omit=dev failed in ${out}`);
}

/** Why the staged better-sqlite3 is not built for Electron's ABI (and, on Linux, the target CPU), or undefined when it is. */
function wrongAbi(out: string, root: string, electronVersion: string, arch: string): string | undefined {
  const nodeAbi = createRequire(join(root, 'package.json'))('node-abi') as { getAbi(target: string, runtime: string): string };
  const wanted = Number(nodeAbi.getAbi(electronVersion, 'electron'));
  const file = join(out, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const binary = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
  const found = nativeAbi(binary);
  if (found !== wanted) return `better-sqlite3 came out for ABI ${found ?? 'none'}, Electron ${electronVersion} needs ${wanted}`;
  const cpu = elfArch(binary);
  return cpu && cpu !== arch ? `better-sqlite3 came out for ${cpu}, not ${arch}` : undefined;
}

/** Why the rebuild failed, from node-gyp's output: most often Electron's headers could not be downloaded. */
function failureLine(error: unknown, output: string, headerUrl: string): string {
  if (/network connectivity|rolling back install|\b40[34]\b/.test(output)) return `Electron's headers could not be downloaded from ${headerUrl}`;
  const cause = output.split('\n').find((l) => /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(l));
  return (cause ?? (error instanceof Error ? error.message : String(error))).replace(/^gyp ERR! /, '').trim();
}

async function rebuildNative(options: StageOptions, electronVersion: string): Promise<string | undefined> {
  const { rebuild } = await import('@electron/rebuild');
  // A nodedir (npm's `nodedir`, e.g. from ~/.npmrc) makes node-gyp compile against *Node's*
  // headers and report success: a module Electron refuses. Electron's headers only, from headerURL.
  const saved = { lower: process.env.npm_config_nodedir, upper: process.env.NPM_CONFIG_NODEDIR, error: console.error };
  delete process.env.npm_config_nodedir;
  delete process.env.NPM_CONFIG_NODEDIR;
  // @electron/rebuild prints node-gyp's whole output on failure: kept in a log beside the folder.
  let output = '';
  console.error = (...args: unknown[]) => void (output += `${args.map(String).join(' ')}\n`);
  try {
    await rebuild({
      buildPath: options.out,
      // The search for modules stops at the staged folder: never the project's node_modules above it.
      projectRootPath: options.out,
      electronVersion,
      arch: options.arch,
      onlyModules: [...NATIVE_MODULES],
      force: true,
      buildFromSource: options.buildFromSource,
      ...(options.headerUrl ? { headerURL: options.headerUrl } : {}),
    });
    return wrongAbi(options.out, options.root, electronVersion, options.arch);
  } catch (error) {
    return failureLine(error, output, options.headerUrl ?? 'https://www.electronjs.org/headers');
  } finally {
    console.error = saved.error;
    if (output) writeFileSync(`${options.out}.rebuild.log`, output);
    if (saved.lower !== undefined) process.env.npm_config_nodedir = saved.lower;
    if (saved.upper !== undefined) process.env.NPM_CONFIG_NODEDIR = saved.upper;
  }
}

/** Deletes what the packaged app must not carry; returns how many files remain. */
function prune(dir: string, base = dir): number {
  let kept = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(base, path).split('\\').join('/');
    if (excludedFromApp(rel)) rmSync(path, { recursive: true, force: true });
    else if (statSync(path).isDirectory()) kept += prune(path, base);
    else kept += 1;
  }
  return kept;
}

export async function stageApp(options: StageOptions): Promise<StageResult> {
  const pkg = readJson<PackageJson>(join(options.root, 'package.json'));
  const lock = readJson<Lockfile>(join(options.root, 'package-lock.json'));
  const electronVersion = readJson<PackageJson>(join(options.root, 'node_modules', 'electron', 'package.json')).version;
  if (!existsSync(join(options.dist, 'electron', 'main.cjs'))) throw new Error(`${options.dist}/electron/main.cjs is missing: build first (npm run build)`);
  rmSync(options.out, { recursive: true, force: true });
  mkdirSync(options.out, { recursive: true });
  cpSync(options.dist, join(options.out, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  const manifest = productionManifest(pkg);
  const closure = runtimeClosure(lock);
  writeFileSync(join(options.out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(options.out, 'package-lock.json'), `${JSON.stringify(productionLock(lock, manifest, closure), null, 2)}\n`);
  if (options.install === 'npm-ci') npmCi(options.out, options.arch);
  else copyModules(options.root, options.out, lock, closure);
  const reason = options.rebuild ? await rebuildNative(options, electronVersion) : 'skipped (--skip-rebuild)';
  const files = prune(options.out);
  const result: StageResult = { electronVersion, platform: process.platform, arch: options.arch, rebuilt: reason === undefined, ...(reason ? { reason } : {}), files };
  writeFileSync(join(options.out, 'STAGED.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'build/app' },
      dist: { type: 'string', default: 'dist' },
      'no-build': { type: 'boolean', default: false },
      install: { type: 'string', default: 'copy' },
      arch: { type: 'string', default: process.arch },
      'skip-rebuild': { type: 'boolean', default: false },
      'header-url': { type: 'string' },
      'build-from-source': { type: 'boolean', default: false },
      'require-rebuild': { type: 'boolean', default: false },
    },
  });
  if (values.install !== 'copy' && values.install !== 'npm-ci') throw new Error('--install is copy or npm-ci');
  if (values.install === 'copy' && values.arch !== process.arch) throw new Error(`--arch ${values.arch} needs --install npm-ci (the local node_modules holds ${process.arch} binaries)`);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (!values['no-build']) {
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const started = Date.now();
  const result = await stageApp({
    root,
    out: resolve(root, values.out),
    dist: resolve(root, values.dist),
    install: values.install,
    arch: values.arch,
    rebuild: !values['skip-rebuild'],
    buildFromSource: values['build-from-source'],
    ...(values['header-url'] ? { headerUrl: values['header-url'] } : {}),
  });
  const where = relative(root, resolve(root, values.out));
  if (result.rebuilt) console.log(`staged ${where}: ${result.files} files, native modules rebuilt for Electron ${result.electronVersion} (${result.arch}) in ${Date.now() - started} ms`);
  else {
    console.log(`staged ${where} WITHOUT an Electron rebuild (${result.reason}) — not packageable; stage again where Electron's headers can be fetched (electronjs.org or --header-url/npm_config_disturl mirror)`);
    if (values['require-rebuild']) process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
