// Lint, and the layer rules of ../shared/design/architecture.md as no-restricted-imports:
// renderer → contract only; only main/electron imports electron; hardware never imports main
// or renderer; contract is pure; store has no domain. tests/unit/layer-rules.test.ts proves
// that a wrong import fails.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));

const layer = (regex, message) => ({ regex, message });
const ELECTRON = { name: 'electron', message: 'Only main/electron may import electron (architecture.md).' };
const NODE = nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins here: this layer must run in a browser.' }));
const NODE_PREFIX = layer('^node:', 'No Node built-ins here: this layer must run in a browser.');
const NATIVE = ['serialport', 'better-sqlite3', 'ws'].map((name) => ({ name, message: 'Native/server packages stay out of this layer.' }));

const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-results/', 'playwright-report/', 'tests/artifacts/', 'tests/lint-fixtures/'] },
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
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': restrict(
        [ELECTRON],
        [layer('(^|/)(electron|web|renderer)(/|$)', 'The core imports only contract, store and hardware.')],
      ),
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
