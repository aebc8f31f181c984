// Packaging without Electron (issue 13 items 1 and 4): `npm run stage` run for real on a small
// dist fixture, its native-module rebuild tried against a 127.0.0.1 header mirror that answers 404
// (so it is skipped, in one line) and the node_modules the tests use left byte for byte as it was;
// electron-builder.yml through electron-builder's own schema and our required fields; the staged
// app packed with @electron/asar the way the yml says, and app.asar's contents checked — each
// check also shown to fail on a broken input.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_PACKAGES, type Lockfile, type PackageJson } from '../../scripts/package/app-manifest';
import { asarProblems, builderConfigProblems, loadBuilderConfig, packStaged } from '../../scripts/package/check-package';

const ROOT = process.cwd();
const NATIVE = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const rootPkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile;

// Inside the repository on purpose: the folder @electron/rebuild must not climb out of.
const out = join(ROOT, 'build', `stage-test-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'packaging-'));
let server: Server;
const headerRequests: string[] = [];
let stage: { code: number; stdout: string; stderr: string };
let nativeBefore: string;

function distFixture(): string {
  const dist = join(work, 'dist');
  mkdirSync(join(dist, 'electron'), { recursive: true });
  mkdirSync(join(dist, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dist, 'electron', 'main.cjs'), 'require("better-sqlite3");\n');
  writeFileSync(join(dist, 'electron', 'main.cjs.map'), '{}');
  writeFileSync(join(dist, 'electron', 'preload.cjs'), '"use strict";\n');
  writeFileSync(join(dist, 'renderer', 'index.html'), '<!doctype html><script type="module" src="./assets/index-abc.js"></script>\n');
  writeFileSync(join(dist, 'renderer', 'assets', 'index-abc.js'), 'console.log(1);\n');
  return dist;
}

beforeAll(async () => {
  nativeBefore = hash(NATIVE);
  server = createServer((req, res) => {
    headerRequests.push(req.url ?? '');
    res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  // An empty home and node-gyp dir: no cached Electron headers, so the rebuild must ask the mirror.
  const home = mkdtempSync(join(work, 'home-'));
  // The mirror is local: never through a proxy the machine may set.
  const env = { ...process.env, HOME: home, npm_config_devdir: join(home, 'gyp'), npm_config_cache: join(home, 'npm'), NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
  const args = ['--import', 'tsx', 'scripts/stage-app.ts', '--no-build', '--dist', distFixture(), '--out', out, '--build-from-source', '--header-url', `http://127.0.0.1:${port}/headers`];
  stage = await new Promise((resolve) =>
    execFile(process.execPath, args, { env, timeout: 170_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr })),
  );
}, 180_000);

afterAll(() => {
  server?.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}.rebuild.log`, { force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('npm run stage', () => {
  it('tries the Electron rebuild, and with no headers says so in one line and marks the folder not packageable', () => {
    expect(stage.code, stage.stderr).toBe(0);
    expect(headerRequests.some((u) => u.includes('45.') || u.includes('headers'))).toBe(true);
    const lines = stage.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^staged .* WITHOUT an Electron rebuild \(.+\) — not packageable/);
    const staged = JSON.parse(readFileSync(join(out, 'STAGED.json'), 'utf8'));
    expect(staged).toMatchObject({ rebuilt: false, arch: process.arch, platform: process.platform });
  });

  it('never touches the node_modules the tests use', () => {
    expect(hash(NATIVE)).toBe(nativeBefore);
    expect(existsSync(join(out, NATIVE))).toBe(true);
  });

  it('holds a production package.json with only the run-time packages, and no source maps', () => {
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as PackageJson;
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual([...RUNTIME_PACKAGES].sort());
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
    expect(existsSync(join(out, 'dist', 'electron', 'main.cjs'))).toBe(true);
    expect(existsSync(join(out, 'dist', 'electron', 'main.cjs.map'))).toBe(false);
    expect(existsSync(join(out, 'node_modules', 'electron'))).toBe(false);
    expect(existsSync(join(out, 'node_modules', 'better-sqlite3', 'deps'))).toBe(false);
  });
});

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema and has every field our targets need', async () => {
    const config = await loadBuilderConfig(ROOT);
    expect(builderConfigProblems(config, ROOT, rootPkg)).toEqual([]);
  });

  it('the checks fail on a config without deb metadata, arm64 or the staged folder', async () => {
    const config = await loadBuilderConfig(ROOT);
    const broken = { ...config, npmRebuild: true, directories: { output: 'release' }, linux: { ...config.linux, maintainer: undefined, target: ['deb'], extraFiles: [{ from: 'packaging/linux/gone.sh', to: 'gone.sh' }] } };
    const problems = builderConfigProblems(broken, ROOT, { ...rootPkg, author: undefined, homepage: undefined });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^linux target deb/), expect.stringMatching(/^linux.maintainer/), expect.stringMatching(/^homepage/), expect.stringMatching(/^npmRebuild/), expect.stringMatching(/^directories.app/), expect.stringMatching(/^packaging\/linux\/gone.sh/)]),
    );
    const dir = mkdtempSync(join(work, 'yml-'));
    writeFileSync(join(dir, 'electron-builder.yml'), `${readFileSync('electron-builder.yml', 'utf8')}\nlinux_typo: true\n`);
    cpSync('package.json', join(dir, 'package.json'));
    await expect(loadBuilderConfig(dir)).rejects.toThrow(/linux_typo/);
  });
});

describe('app.asar of the staged app', () => {
  it('holds the main entry and the renderer, no tests, maps or dev dependencies, and every .node unpacked', async () => {
    const asar = join(work, 'good', 'app.asar');
    await packStaged(out, asar, await loadBuilderConfig(ROOT));
    expect(asarProblems(asar, rootPkg, lock)).toEqual([]);
  });

  it('the check fails on a staged folder with a map, tests, a dev dependency, and .node packed inside', async () => {
    const bad = join(work, 'bad-app');
    cpSync(out, bad, { recursive: true });
    rmSync(join(bad, 'dist', 'renderer', 'index.html'));
    writeFileSync(join(bad, 'dist', 'electron', 'main.cjs.map'), '{}');
    mkdirSync(join(bad, 'node_modules', 'vitest'), { recursive: true });
    writeFileSync(join(bad, 'node_modules', 'vitest', 'index.js'), '');
    mkdirSync(join(bad, 'tests'), { recursive: true });
    writeFileSync(join(bad, 'tests', 'a.test.js'), '');
    const config = await loadBuilderConfig(ROOT);
    const asar = join(work, 'bad', 'app.asar');
    await packStaged(bad, asar, { ...config, files: ['**/*'], asarUnpack: [] });
    const problems = asarProblems(asar, rootPkg, lock).join('\n');
    expect(problems).toMatch(/renderer \/dist\/renderer\/index.html missing/);
    expect(problems).toMatch(/source map \/dist\/electron\/main.cjs.map/);
    expect(problems).toMatch(/dev dependency vitest in app.asar/);
    expect(problems).toMatch(/tests \/tests\/a.test.js|project source \/tests\/a.test.js/);
    expect(problems).toMatch(/better_sqlite3.node is inside app.asar/);
  });
});
