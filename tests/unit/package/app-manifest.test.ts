// The packaged app's contents, computed from package.json and the lockfile (pure functions).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elfArch, excludedFromApp, nativeAbi, productionLock, productionManifest, resolveInLock, runtimeClosure, type Lockfile, type PackageJson } from '../../../scripts/package/app-manifest';

const lock = (packages: Lockfile['packages']): Lockfile => ({ lockfileVersion: 3, packages: { '': {}, ...packages } });

describe('the run-time closure', () => {
  it('resolves nested copies before hoisted ones, the way node does', () => {
    const l = lock({ 'node_modules/a': {}, 'node_modules/b/node_modules/a': {}, 'node_modules/b': {} });
    expect(resolveInLock(l, 'node_modules/b', 'a')).toBe('node_modules/b/node_modules/a');
    expect(resolveInLock(l, 'node_modules/c', 'a')).toBe('node_modules/a');
    expect(resolveInLock(l, '', 'z')).toBeUndefined();
  });

  it('follows dependencies and optional ones, skips a missing optional one and fails on a missing required one', () => {
    const l = lock({
      'node_modules/app': { dependencies: { x: '1' }, optionalDependencies: { 'x-win32': '1', gone: '1' } },
      'node_modules/x': { dependencies: { y: '1' } },
      'node_modules/y': {},
      'node_modules/x-win32': { optional: true },
      'node_modules/dev-only': { dev: true },
    });
    expect(runtimeClosure(l, ['app'])).toEqual(['node_modules/app', 'node_modules/x', 'node_modules/x-win32', 'node_modules/y']);
    expect(() => runtimeClosure(lock({ 'node_modules/app': { dependencies: { missing: '1' } } }), ['app'])).toThrow(/cannot resolve missing/);
  });

  it('the project\'s own lockfile: the native modules in, React, Vite and Electron out', () => {
    const real = JSON.parse(readFileSync('package-lock.json', 'utf8')) as Lockfile;
    const closure = runtimeClosure(real);
    expect(closure).toEqual(expect.arrayContaining(['node_modules/better-sqlite3', 'node_modules/@serialport/bindings-cpp', 'node_modules/@node-rs/argon2']));
    for (const absent of ['react', 'vite', 'electron', 'pino', 'vitest']) expect(closure).not.toContain(`node_modules/${absent}`);
  });
});

describe('the production package.json and lockfile', () => {
  const pkg: PackageJson = { name: 'civic-cabinet', version: '1.2.3', main: 'dist/electron/main.cjs', scripts: { test: 'x' }, devDependencies: { vitest: '1' }, dependencies: { 'better-sqlite3': '^12', serialport: '^13', '@node-rs/argon2': '^2', react: '^19' } };

  it('keeps the run-time packages only, no scripts, no dev dependencies', () => {
    const m = productionManifest(pkg);
    expect(m.dependencies).toEqual({ 'better-sqlite3': '^12', serialport: '^13', '@node-rs/argon2': '^2' });
    expect(m).not.toHaveProperty('scripts');
    expect(m).not.toHaveProperty('devDependencies');
    expect(() => productionManifest({ ...pkg, dependencies: {} })).toThrow(/better-sqlite3/);
  });

  it('writes a lockfile of the root and the closure, without dev flags', () => {
    const l = lock({ 'node_modules/x': { version: '1.0.0', devOptional: true }, 'node_modules/other': {} });
    const out = productionLock(l, productionManifest(pkg), ['node_modules/x']);
    expect(Object.keys(out.packages)).toEqual(['', 'node_modules/x']);
    expect(out.packages['node_modules/x']).toEqual({ version: '1.0.0' });
  });
});

describe('what never goes into the app', () => {
  it.each([
    ['dist/electron/main.cjs.map', true],
    ['node_modules/x/README.md', true],
    ['node_modules/x/test/a.js', true],
    ['node_modules/debug/src/index.js', false],
    ['node_modules/better-sqlite3/src/better_sqlite3.cpp', true],
    ['node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', true],
    ['node_modules/better-sqlite3/build/Release/obj.target/x.o', true],
    ['node_modules/better-sqlite3/build/Release/test_extension.node', true],
    ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', false],
    ['node_modules/better-sqlite3/build', false],
    ['node_modules/better-sqlite3/build/Release', false],
    ['node_modules/better-sqlite3/lib/database.js', false],
  ])('%s → excluded %s', (path, excluded) => expect(excludedFromApp(path)).toBe(excluded));
});

describe('the ABI of a native module', () => {
  it('reads the registration symbol: the tests\' better-sqlite3 is built for this Node', () => {
    const file = readFileSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(nativeAbi(file)).toBe(Number(process.versions.modules));
    expect(nativeAbi(Buffer.from('xx napi_register_module_v1 xx'))).toBe('napi');
    expect(nativeAbi(Buffer.from('nothing'))).toBeUndefined();
  });

  it('reads the CPU of an ELF module: the tests\' better-sqlite3 is built for this machine', () => {
    const file = readFileSync('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(elfArch(file)).toBe(process.arch);
    const arm = Buffer.from(file.subarray(0, 64));
    arm.writeUInt16LE(0xb7, 18);
    expect(elfArch(arm)).toBe('arm64');
    expect(elfArch(Buffer.from('MZ not elf at all......'))).toBeUndefined();
  });
});
