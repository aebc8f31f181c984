// Lint, and the layer rules of docs/architecture.md#layer-rules-and-how-they-are-enforced as no-restricted-imports:
// renderer → contract only; only main/electron imports electron; hardware never imports main
// or renderer; contract is pure; store has no domain; the core does no I/O of its own (ports from
// main/app, the composition root, which the shells use). tests/unit/layer-rules.test.ts proves
// that a wrong import fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

const layer = (regex, message) => ({ regex, message });
const ELECTRON = { name: 'electron', message: 'Only main/electron may import electron (docs/architecture.md).' };
const NODE = nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins here: this layer must run in a browser.' }));
const NODE_PREFIX = layer('^node:', 'No Node built-ins here: this layer must run in a browser.');
const NATIVE = ['serialport', 'better-sqlite3', 'ws'].map((name) => ({ name, message: 'Native/server packages stay out of this layer.' }));
// I/O the core gets through ports from main/app, never by itself.
const CORE_IO = [
  ...['serialport', 'nodemailer', 'ws', 'better-sqlite3'],
  ...['http', 'https', 'http2', 'net', 'tls', 'dgram', 'fs', 'fs/promises', 'child_process'].flatMap((m) => [m, `node:${m}`]),
].map((name) => ({ name, message: 'I/O stays out of the core: main/app builds it and hands the core a port (main/core/ports.ts).' }));

const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'release/', 'test-results/', 'playwright-report/', 'tests/artifacts/', 'tests/lint-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrict([ELECTRON], []),
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON, ...NODE, ...NATIVE],
        [
          NODE_PREFIX,
          layer('(^|/)main/(?!contract(/|$))', 'The renderer knows only the contract (main/contract).'),
          layer('(^|/)hardware(/|$)', 'The renderer knows only the contract (main/contract).'),
        ],
      ),
    },
  },
  {
    files: ['main/contract/**'],
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON, ...NODE, ...NATIVE],
        [NODE_PREFIX, layer('(^|/)(app|core|store|electron|web|hardware|renderer)(/|$)', 'The contract is pure TypeScript + zod: it imports no other layer.')],
      ),
    },
  },
  {
    files: ['main/store/**'],
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON],
        [layer('(^|/)(app|core|electron|web|renderer|hardware)(/|$)', 'The store has no domain rules: it imports no higher layer.')],
      ),
    },
  },
  {
    // The core gets its hardware, channels and clock as ports from main/app: from hardware/ it may
    // import only the pure protocol and port files — lock-bus.ts (LockBus, BusError), protocols/*,
    // printer/escpos.ts (the ESC/POS encoder, no I/O), printer/status.ts (DLE EOT bits, no I/O) and line-device/lines.ts (line splitting, no I/O). Its time is its own Clock port (main/core/clock.ts).
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON, ...CORE_IO],
        [
          layer('(^|/)(app|electron|web|renderer)(/|$)', 'The core imports only contract, store and the pure hardware protocol/port files; main/app composes it.'),
          layer('(^|/)store/database(\\.[cm]?[jt]s)?$', 'The core takes repositories (main/store/repositories.ts), never the database handle: the store owns every query.'),
          layer(
            '(^|/)hardware/(?!(lock-bus|printer/escpos|printer/status|line-device/lines)(\\.[cm]?[jt]s)?$|protocols/)',
            'The core may import from hardware/ only lock-bus, protocols/*, printer/escpos, printer/status and line-device/lines: transports and their timers, serial ports, the simulator, boards, the CLI and the printer device are built in main/app and handed in as ports (main/core/ports.ts, main/core/clock.ts).',
          ),
        ],
      ),
    },
  },
  {
    // The composition root: builds hardware, channels and the store and hands them to the core.
    files: ['main/app/**'],
    rules: {
      'no-restricted-imports': restrict([ELECTRON], [layer('(^|/)(electron|web|renderer)(/|$)', 'main/app composes core, store, hardware and contract; the shells (electron, web) use it, never the reverse.')]),
    },
  },
  {
    files: ['main/web/**'],
    rules: {
      'no-restricted-imports': restrict([ELECTRON], [layer('(^|/)(electron|renderer)(/|$)', 'The web harness uses the core, never the Electron shell or renderer sources.')]),
    },
  },
  {
    files: ['main/electron/**', 'tests/electron/**'],
    rules: {
      'no-restricted-imports': restrict([], [layer('(^|/)(web|renderer)(/|$)', 'The Electron shell uses the core, never the web harness or renderer sources.')]),
    },
  },
  {
    files: ['hardware/**'],
    rules: {
      'no-restricted-imports': restrict([ELECTRON], [layer('(^|/)(main|renderer)(/|$)', 'hardware/ never imports main/ or renderer/.')]),
    },
  },
);
