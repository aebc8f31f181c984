// Bundle the Electron main process and preload to CommonJS (a sandboxed preload must be one
// file). Native modules (better-sqlite3, serialport) stay external: they are loaded from
// node_modules and rebuilt for Electron's ABI only when packaging (electron-builder).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node' as const,
  format: 'cjs' as const,
  target: 'node22',
  sourcemap: true,
  external: ['electron', 'better-sqlite3', 'serialport', '@serialport/*', '@node-rs/*'],
  logLevel: 'info' as const,
};

await build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs' });
await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs' });
