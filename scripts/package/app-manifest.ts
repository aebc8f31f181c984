// What the packaged app needs at run time, computed from package.json and package-lock.json (pure).
// esbuild bundles the main process and Vite the renderer, so the only packages loaded from
// node_modules at run time are the ones the bundle keeps external (scripts/build-electron.ts):
// the native modules and their dependency closure. Everything else stays out of app.asar.

/** Packages the main bundle requires at run time (kept external by esbuild; electron is the runtime itself). */
export const RUNTIME_PACKAGES = ['better-sqlite3', 'serialport', '@node-rs/argon2'] as const;
/** Native modules rebuilt for Electron's ABI in the staged folder. */
export const NATIVE_MODULES = ['better-sqlite3', '@serialport/bindings-cpp'] as const;

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  optional?: boolean;
  dev?: boolean;
  [key: string]: unknown;
}
export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
  [key: string]: unknown;
}
export interface PackageJson {
  name: string;
  version: string;
  description?: string;
  main?: string;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The production package.json of the staged app: only the run-time packages, no scripts, no dev tooling. */
export function productionManifest(pkg: PackageJson): PackageJson {
  const dependencies: Record<string, string> = {};
  for (const name of RUNTIME_PACKAGES) {
    const range = pkg.dependencies?.[name];
    if (!range) throw new Error(`package.json has no dependency ${name}, which the main bundle requires at run time`);
    dependencies[name] = range;
  }
  return {
    name: pkg.name,
    version: pkg.version,
    ...(pkg.description ? { description: pkg.description } : {}),
    ...(pkg.author ? { author: pkg.author } : {}),
    ...(pkg.homepage ? { homepage: pkg.homepage } : {}),
    license: (pkg.license as string | undefined) ?? 'UNLICENSED',
    private: true,
    main: pkg.main ?? 'dist/electron/main.cjs',
    dependencies,
  };
}

/** Where node would find `name` when required from the package at `from` (a lockfile key; '' is the root). */
export function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/**
 * Every lockfile key (node_modules/...) the run-time packages need, dependencies and optional
 * dependencies followed. A missing required dependency is an error; a missing optional one
 * (another platform's binary) is skipped.
 */
export function runtimeClosure(lock: Lockfile, roots: readonly string[] = RUNTIME_PACKAGES): string[] {
  const seen = new Set<string>();
  const visit = (from: string, name: string, optional: boolean) => {
    const key = resolveInLock(lock, from, name);
    if (!key) {
      if (optional) return;
      throw new Error(`package-lock.json cannot resolve ${name} (needed by ${from || 'the app'})`);
    }
    if (seen.has(key)) return;
    seen.add(key);
    const entry = lock.packages[key]!;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(key, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(key, dep, true);
  };
  for (const root of roots) visit('', root, false);
  return [...seen].sort();
}

/** A lockfile for the staged app: its root and the closure only, so `npm ci --omit=dev` installs exactly that. */
export function productionLock(lock: Lockfile, manifest: PackageJson, closure: readonly string[]): Lockfile {
  const packages: Record<string, LockEntry> = {
    '': { name: manifest.name, version: manifest.version, license: manifest.license, dependencies: manifest.dependencies },
  };
  for (const key of closure) {
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[key]!;
    packages[key] = entry;
  }
  return { name: manifest.name, version: manifest.version, lockfileVersion: lock.lockfileVersion, requires: true, packages };
}

/**
 * Files that never belong in the packaged app, by path inside the staged folder: source maps,
 * TypeScript and docs, tests and examples, and a native module's sources and build intermediates
 * (pruned after the rebuild, which needs them). `src/` of a plain JS package stays (debug runs from it).
 */
export function excludedFromApp(relativePath: string): boolean {
  const p = relativePath.split('\\').join('/');
  if (/\.(map|ts|mts|cts|md|markdown)$/i.test(p)) return true;
  if (/(^|\/)(test|tests|__tests__|example|examples|\.github)(\/|$)/.test(p)) return true;
  const native = NATIVE_MODULES.find((m) => p.startsWith(`node_modules/${m}/`));
  if (!native) return false;
  const inside = p.slice(`node_modules/${native}/`.length);
  if (/^(src|deps)(\/|$)/.test(inside) || /\.(gyp|gypi|cc|cpp|c|h|hpp|mk|o|a)$/.test(inside)) return true;
  // Only the module itself survives from build/: node-gyp's objects and the test extension do not.
  if (inside.endsWith('test_extension.node')) return true;
  if (inside === 'build' || inside === 'build/Release') return false;
  return inside.startsWith('build/') && !/^build\/Release\/[^/]+\.node$/.test(inside);
}

/**
 * The Node ABI a native module was compiled for, read from its registration symbol
 * (`node_register_module_v<ABI>`), 'napi' for an N-API module (ABI-stable, loads in any
 * runtime), undefined when neither is found.
 */
export function nativeAbi(binary: Buffer): number | 'napi' | undefined {
  const text = binary.toString('latin1');
  const abi = /node_register_module_v(\d+)/.exec(text);
  if (abi) return Number(abi[1]);
  return text.includes('napi_register_module_v1') ? 'napi' : undefined;
}

/** The CPU an ELF shared object is built for (Linux .node files), from e_machine; undefined if not ELF. */
export function elfArch(binary: Buffer): string | undefined {
  if (binary.length < 20 || binary.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const machine = binary.readUInt16LE(18);
  return ({ 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm', 0x03: 'ia32', 0xf3: 'riscv64', 0x102: 'loong64' } as Record<number, string>)[machine] ?? `machine-${machine}`;
}
