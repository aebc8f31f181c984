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
// What every file of hub/ keeps out: the cabinet's app, store, shells, renderer and hardware.
const HUB_BASE = [
  layer('(^|/)main/(app|store|electron|web)(/|$)', 'The hub may import only pure cabinet code (main/contract, main/core), never main/app, main/store or the shells.'),
  layer('(^|/)(renderer|hardware)(/|$)', 'The hub never imports the cabinet renderer or hardware.'),
];

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
  // The district hub (docs/hub.md): a server of its own. It may use the cabinet's pure code
  // (main/contract, main/core: signCommand, the event schemas) but never its app, store or shells.
  {
    files: ['hub/**'],
    rules: { 'no-restricted-imports': restrict([ELECTRON], HUB_BASE) },
  },
  {
    // All SQL lives in hub/store: nothing above the store takes a connection of its own.
    files: ['hub/ingest/**', 'hub/services/**', 'hub/server/**', 'hub/cli.ts'],
    rules: { 'no-restricted-imports': restrict([ELECTRON], [...HUB_BASE, layer('(^|/)hub/console(/|$)', 'The console is a browser app: the server serves its build, never imports its sources.')]) },
  },
  {
    files: ['hub/store/**'],
    rules: {
      'no-restricted-imports': restrict([ELECTRON], [...HUB_BASE, layer('(^|/)(domain|ingest|server|console)(/|$)', 'The hub store has no domain rules: it imports only hub/db.')]),
    },
  },
  {
    // Pure rules: no database, no I/O, no clock of their own (time comes in as an argument).
    files: ['hub/domain/**'],
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON, ...CORE_IO, { name: 'pg', message: 'hub/domain is pure: the store (hub/store) runs the queries.' }, { name: 'mqtt', message: 'hub/domain is pure: hub/ingest does the I/O.' }],
        [...HUB_BASE, layer('(^|/)(db|ingest|server|console)(/|$)', 'hub/domain is pure: it may use store types, never the database, ingest, server or console.')],
      ),
    },
  },
  {
    files: ['hub/console/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON, ...NODE, ...NATIVE, { name: 'pg', message: 'The console runs in a browser: it talks to hub/server over HTTP.' }],
        [NODE_PREFIX, ...HUB_BASE, layer('(^|/)hub/(db|store|ingest|server)(/|$)|^\\.\\./(db|store|ingest|server)(/|$)', 'The console runs in a browser: it talks to hub/server over HTTP.')],
      ),
    },
  },
  {
    files: ['hardware/**'],
    rules: {
      'no-restricted-imports': restrict([ELECTRON], [layer('(^|/)(main|renderer)(/|$)', 'hardware/ never imports main/ or renderer/.')]),
    },
  },
  {
    // The cabinet never depends on the district hub (a second rule id, so each layer's own
    // no-restricted-imports above stays in force).
    files: ['main/**', 'renderer/**', 'hardware/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)hub(/|$)', message: 'The cabinet never imports the district hub.' }] }],
    },
  },
);
