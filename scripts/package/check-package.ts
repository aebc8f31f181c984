// The packaging check CI runs without Electron (issue 13 item 4): electron-builder.yml through
// electron-builder's own loader and schema (app-builder-lib's scheme.json) plus the fields our
// targets need, then the staged app packed with @electron/asar the way electron-builder packs it
// (the yml's `files` and `asarUnpack`) and app.asar's contents checked. Each check returns a list
// of problems: empty means good.
import { createPackageFromFiles, extractFile, getRawHeader, listPackage } from '@electron/asar';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { minimatch } from 'minimatch';
import { runtimeClosure, type Lockfile, type PackageJson } from './app-manifest';

export async function loadBuilderConfig(projectDir: string): Promise<Configuration> {
  const config = await getConfig(projectDir, join(projectDir, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

type Targets = { target: string; arch?: string[] }[];
const targetsOf = (value: unknown): Targets => (Array.isArray(value) ? (value as Targets) : []);

/** What our targets need beyond the schema: deb metadata fpm insists on, both Linux CPUs, icons, no in-place rebuild. */
export function builderConfigProblems(config: Configuration, projectDir: string, pkg: PackageJson): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, message: string) => (ok ? undefined : problems.push(message));
  const linux = config.linux ?? {};
  const linuxTargets = targetsOf(linux.target);
  for (const name of ['AppImage', 'deb']) {
    const t = linuxTargets.find((x) => x.target === name);
    need(t && ['x64', 'arm64'].every((a) => t.arch?.includes(a)), `linux target ${name} for x64 and arm64`);
  }
  need(targetsOf(config.win?.target).some((t) => t.target === 'nsis'), 'win target nsis');
  need(linux.maintainer || pkg.author, 'linux.maintainer (fpm refuses a deb without one)');
  need(pkg.homepage, 'homepage in package.json (fpm refuses a deb without one)');
  for (const field of ['vendor', 'synopsis', 'description', 'category'] as const) need(linux[field], `linux.${field}`);
  need((config.deb?.depends ?? []).length > 0, 'deb.depends');
  need(config.npmRebuild === false, 'npmRebuild: false (native modules are rebuilt in the staged folder, never in place)');
  need(config.directories?.app === 'build/app', 'directories.app: build/app (the folder npm run stage prepares)');
  need([config.asarUnpack].flat().includes('**/*.node'), 'asarUnpack "**/*.node"');
  const iconDir = join(projectDir, String(linux.icon ?? ''));
  need(linux.icon && existsSync(iconDir) && readdirSync(iconDir).includes('256x256.png'), `linux.icon directory with 256x256.png (${linux.icon})`);
  // Files the packages carry from the repository (the launcher, the unit): each must exist.
  const extra = [linux.extraFiles, config.win?.extraFiles].flat().flatMap((f) => (f && typeof f === 'object' && 'from' in f && f.from ? [f.from] : typeof f === 'string' ? [f] : []));
  const fpm = (config.deb?.fpm ?? []).filter((a) => a.includes('=')).map((a) => a.slice(0, a.indexOf('=')));
  for (const from of [...extra, ...fpm]) need(existsSync(join(projectDir, from)), `${from} (packaged from the repository) is missing`);
  need(config.win?.icon && existsSync(join(projectDir, config.win.icon)), `win.icon file (${config.win?.icon})`);
  return problems;
}

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path).split('\\').join('/')];
  });
}

/** The staged files electron-builder would take: the yml's `files` patterns, in order, `!` excluding. */
export function selectFiles(appDir: string, patterns: readonly string[]): string[] {
  if (!patterns.some((p) => !p.startsWith('!'))) patterns = ['**/*', ...patterns];
  return walk(appDir).filter((file) => {
    let included = false;
    for (const p of patterns) {
      if (p.startsWith('!')) included = included && !minimatch(file, p.slice(1), { dot: true, matchBase: !p.includes('/') });
      else included = included || minimatch(file, p, { dot: true });
    }
    return included;
  });
}

/** The yml's `files` as a flat pattern list (electron-builder's loader wraps them as { filter }). */
export function filePatterns(config: Configuration): string[] {
  return [config.files ?? []].flat().flatMap((f) => (typeof f === 'string' ? [f] : f && typeof f === 'object' && 'filter' in f ? [f.filter ?? []].flat() : []));
}

/** Packs the staged folder into `dest` (app.asar + app.asar.unpacked) with the yml's files and asarUnpack. */
export async function packStaged(appDir: string, dest: string, config: Configuration): Promise<void> {
  const files = selectFiles(appDir, filePatterns(config)).map((f) => join(appDir, f));
  const unpack = [config.asarUnpack].flat()[0] ?? undefined;
  await createPackageFromFiles(appDir, dest, files, undefined, unpack ? { unpack } : {});
}

interface HeaderNode { files?: Record<string, HeaderNode>; unpacked?: boolean }
function headerEntry(header: HeaderNode, path: string): HeaderNode | undefined {
  return path.split('/').filter(Boolean).reduce<HeaderNode | undefined>((node, part) => node?.files?.[part], header);
}

/** What app.asar must and must not hold. `rootPkg`/`lock` say which packages are dev-only. */
export function asarProblems(asarPath: string, rootPkg: PackageJson, lock: Lockfile): string[] {
  const problems: string[] = [];
  const entries = listPackage(asarPath, { isPack: false }).map((p) => p.split('\\').join('/'));
  const has = (path: string) => entries.includes(path);
  if (!has('/package.json')) return ['package.json missing'];
  const appPkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as PackageJson;
  const main = `/${(appPkg.main ?? '').replace(/^\.\//, '')}`;
  if (!has(main)) problems.push(`main entry ${main} missing`);
  if (!has('/dist/electron/preload.cjs')) problems.push('preload /dist/electron/preload.cjs missing');
  if (!has('/dist/renderer/index.html')) problems.push('renderer /dist/renderer/index.html missing');
  if (!entries.some((e) => /^\/dist\/renderer\/assets\/.+\.js$/.test(e))) problems.push('renderer script in /dist/renderer/assets missing');
  if (appPkg.devDependencies || appPkg.scripts) problems.push('package.json in app.asar carries devDependencies or scripts');
  for (const e of entries) {
    if (e.endsWith('.map')) problems.push(`source map ${e}`);
    if (/^\/(tests|main|renderer|hardware|scripts)\//.test(e)) problems.push(`project source ${e}`);
    if (/\/(test|tests|__tests__)\//.test(e)) problems.push(`tests ${e}`);
  }
  const runtime = new Set(runtimeClosure(lock).map((key) => key.replace(/^.*node_modules\//, '')));
  for (const dev of Object.keys(rootPkg.devDependencies as Record<string, string>)) {
    if (!runtime.has(dev) && entries.some((e) => e.startsWith(`/node_modules/${dev}/`))) problems.push(`dev dependency ${dev} in app.asar`);
  }
  const header = getRawHeader(asarPath).header as HeaderNode;
  const natives = entries.filter((e) => e.endsWith('.node'));
  if (!natives.some((e) => e.includes('/better-sqlite3/'))) problems.push('better-sqlite3 native module missing');
  for (const e of natives) {
    if (!headerEntry(header, e)?.unpacked) problems.push(`${e} is inside app.asar (a .node file must be unpacked)`);
    else if (!existsSync(join(`${asarPath}.unpacked`, e))) problems.push(`${e} is marked unpacked but missing from app.asar.unpacked`);
  }
  return problems;
}
