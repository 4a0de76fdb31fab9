// Layering rules of docs/architecture.md, enforced: a boundary that is only
// written down gets crossed. `npm run lint` fails when one is.
//
//   - only src-main/index.ts and src-main/shell/ import `electron` — statically,
//     dynamically (`import('electron')`) or with `require`;
//   - inside the shell, the code that runs outside the Electron main process
//     stays honest: the sandboxed preload imports only `electron` and its two
//     sibling files (no Node built-ins: a sandboxed preload cannot load them),
//     and the engine host (a utilityProcess, also forked under plain Node by
//     tests) never imports `electron`;
//   - the engine layers never import UI code, the shells, the CLI or the renderer;
//   - src-renderer/ never imports Node built-ins, native modules or src-main/
//     except the contract in src-main/api/.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

const ELECTRON_ONLY_IN_SHELL = 'Only src-main/index.ts and src-main/shell/ may import electron.'
const noElectron = { name: 'electron', message: ELECTRON_ONLY_IN_SHELL }
const noElectronSubpaths = { group: ['electron/*'], message: ELECTRON_ONLY_IN_SHELL }
const pureLayerPatterns = [
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'], message: 'The engine layers never import UI code.' },
  { group: ['**/shell/**', '**/web-host/**', '**/src-renderer/**', '**/cli/**'], message: 'The engine layers never import the shells, the CLI or the renderer.' },
  noElectronSubpaths,
]

// `import('electron')` and `require('electron')` slip past no-restricted-imports.
const noDynamicElectron = [
  { selector: "ImportExpression[source.value='electron']", message: ELECTRON_ONLY_IN_SHELL },
  { selector: "ImportExpression[source.value=/^electron\\u002F/]", message: ELECTRON_ONLY_IN_SHELL },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: ELECTRON_ONLY_IN_SHELL },
]

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-artifacts/', 'resources/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noElectronSubpaths] }],
      'no-restricted-syntax': ['error', ...noDynamicElectron],
    },
  },
  {
    // Plain JS entry scripts run under Node.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['src-main/{engine,trace,timeline,apex-import,api}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: pureLayerPatterns }],
    },
  },
  {
    // The other hosts of the engine: never the Electron shell, never the renderer.
    files: ['src-main/{web-host,cli}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [noElectronSubpaths, { group: ['**/shell/**', '**/src-renderer/**'], message: 'The browser host and the CLI never import the Electron shell or the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer never imports Node modules.' })),
            ...['better-sqlite3', 'tsx', 'ws'].map((name) => ({ name, message: 'The renderer never imports Node-only packages.' })),
          ],
          patterns: [
            noElectronSubpaths,
            {
              regex: 'src-main/(?!api/)',
              message: 'The renderer sees only the contract in src-main/api/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The shell is the one place that talks to Electron — but never to the
    // renderer's code, the browser host or the CLI.
    files: ['src-main/index.ts', 'src-main/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src-renderer/**', '**/web-host/**', '**/cli/**'], message: 'The desktop shell talks to the engine only through src-main/api/.' }] },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  {
    // The sandboxed preload: a sandboxed renderer can `require` only electron's
    // renderer modules (plus events, timers, url), so it bundles these files only.
    files: ['src-main/shell/{preload,drop,ipc-channels}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'A sandboxed preload cannot load Node modules.' })),
          patterns: [{ regex: '^(?!electron$|\\./(?:ipc-channels|drop)\\.js$)', message: 'The preload imports only electron, ./ipc-channels.js and ./drop.js.' }],
        },
      ],
    },
  },
  {
    // Code that runs in the engine host process (utilityProcess; plain Node in tests) or under plain Node scripts.
    files: ['src-main/shell/{engine-host,engine-host-serve,engine-protocol,native-sqlite}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine host runs outside the Electron main process: no electron import.' }],
          patterns: [{ group: ['electron/*', '**/src-renderer/**', '**/web-host/**', '**/cli/**'], message: 'The engine host imports the engine service and Node only.' }],
        },
      ],
      'no-restricted-syntax': ['error', ...noDynamicElectron],
    },
  },
  {
    // Shell tests import the mocked module (`vi.mock('electron', …)`); test/shell/layering.test.ts
    // checks that every test file importing electron mocks it.
    files: ['test/shell/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
)
