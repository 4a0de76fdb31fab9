// Layering rules of docs/architecture.md, enforced: a boundary that is only
// written down gets crossed. `npm run lint` fails when one is, and
// test/shell/layering.test.ts breaks each rule once to prove it fires.
//
//   - inward order of the engine layers, each a folder of src-main/:
//       engine ← trace ← timeline ← api,   engine ← apex-import ← api,   engine ← har-import ← api
//     (an arrow points from what is imported to who may import it); a lower layer never
//     imports a higher one or a sibling, and none of them imports UI code, a shell, a host or the CLI;
//   - inside the engine, sql/, database/ and plsql/ (the app database, the Oracle SQL layer,
//     the PL/SQL interpreter) import only each other — usable and testable without the rest;
//   - the contract the renderer loads (src-main/api/contract.ts, shell-command-names.ts, and the
//     engine/model schemas they use) is renderer-safe: its value imports are zod and those files only
//     (types from anywhere: they are erased) — no Node built-ins, no native module, no engine runtime;
//   - src-renderer/ imports no Node built-ins or native modules, and from src-main/ only the contract;
//   - only src-main/index.ts and src-main/shell/ import `electron` — statically, dynamically
//     (`import('electron')`) or with `require`; inside the shell, the sandboxed preload imports only
//     `electron` and its two sibling files, and the engine host never imports `electron`;
//   - tests may import `electron` only as a mock (test/shell/layering.test.ts finds every test that
//     reaches electron, directly or through the shell's modules, and checks it mocks it).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'
import reactHooks from 'eslint-plugin-react-hooks'
import jsxA11y from 'eslint-plugin-jsx-a11y-x'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

const ELECTRON_ONLY_IN_SHELL = 'Only src-main/index.ts and src-main/shell/ may import electron.'
const noElectron = { name: 'electron', message: ELECTRON_ONLY_IN_SHELL }
const noElectronSubpaths = { group: ['electron/*'], message: ELECTRON_ONLY_IN_SHELL }
const pureLayerPatterns = [
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'], message: 'The engine layers never import UI code.' },
  { group: ['**/shell/**', '**/web-host/**', '**/src-renderer/**', '**/cli/**'], message: 'The engine layers never import the shells, the CLI or the renderer.' },
  noElectronSubpaths,
]

/** The engine layers a layer may not import (docs/architecture.md "Layers"), as folder globs. */
const layerRule = (layer, higher) => ({
  files: [`src-main/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [noElectron],
        patterns: [
          ...pureLayerPatterns,
          ...(higher.length > 0 ? [{ group: higher.map((h) => `**/${h}/**`), message: `${layer}/ never imports ${higher.join(', ')} (inward order: docs/architecture.md).` }] : []),
        ],
      },
    ],
  },
})

const nodeOnlyPackages = ['better-sqlite3', 'tsx', 'ws']
/** Renderer-safe code: no Node built-ins, no native or Node-only packages, no electron. */
const rendererSafePaths = (message) => [noElectron, ...nodeBuiltins.map((name) => ({ name, message })), ...nodeOnlyPackages.map((name) => ({ name, message }))]

// `import('electron')` and `require('electron')` slip past no-restricted-imports.
const noDynamicElectron = [
  { selector: "ImportExpression[source.value='electron']", message: ELECTRON_ONLY_IN_SHELL },
  { selector: "ImportExpression[source.value=/^electron\\u002F/]", message: ELECTRON_ONLY_IN_SHELL },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: ELECTRON_ONLY_IN_SHELL },
]

/** A plugin's recommended rules with the ones it only warns about raised to errors (options kept): a warning nobody fails on is a warning nobody reads. */
const asErrors = (rules) =>
  Object.fromEntries(
    Object.entries(rules).map(([name, setting]) => {
      const [level, ...options] = Array.isArray(setting) ? setting : [setting]
      return [name, level === 'warn' || level === 1 ? ['error', ...options] : setting]
    }),
  )

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
  // The inward order: engine ← trace ← timeline ← api; apex-import and har-import beside trace.
  layerRule('engine', ['trace', 'timeline', 'api', 'apex-import', 'har-import']),
  layerRule('trace', ['timeline', 'api', 'apex-import', 'har-import']),
  layerRule('timeline', ['api', 'apex-import', 'har-import']),
  layerRule('apex-import', ['trace', 'timeline', 'api', 'har-import']),
  layerRule('har-import', ['timeline', 'api', 'apex-import']),
  layerRule('api', []),
  {
    // The app database, the SQL layer and the PL/SQL interpreter import only each other (and packages).
    files: ['src-main/engine/{sql,database,plsql}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            ...pureLayerPatterns,
            { regex: '^\\.\\./(?!(?:sql|database|plsql)/)', message: 'engine/sql, engine/database and engine/plsql import only each other, not the rest of the engine (docs/architecture.md).' },
          ],
        },
      ],
    },
  },
  {
    // The contract as the renderer loads it: its value imports are zod, its sibling and the engine's model schemas.
    files: ['src-main/api/{contract,shell-command-names}.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: rendererSafePaths('The contract is loaded by the renderer: no Node modules.'),
          patterns: [
            {
              regex: '^(?!zod$|\\./shell-command-names\\.js$|\\.\\./engine/model/[\\w-]+\\.js$)',
              allowTypeImports: true,
              message: 'The contract is loaded by the renderer: values come from zod, ./shell-command-names.js and ../engine/model/ only (types from anywhere).',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noDynamicElectron, { selector: 'ImportExpression', message: 'The contract loads nothing at run time.' }],
    },
  },
  {
    // The engine's model schemas are part of what the renderer loads with the contract.
    files: ['src-main/engine/model/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: rendererSafePaths('The engine model is loaded by the renderer (through the contract): no Node modules.'),
          patterns: [
            { regex: '^(?!zod$|\\./[\\w-]+\\.js$)', allowTypeImports: true, message: 'The engine model is renderer-safe: values from zod and other model files only (types from anywhere).' },
          ],
        },
      ],
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
          paths: rendererSafePaths('The renderer never imports Node modules or Node-only packages.'),
          patterns: [
            noElectronSubpaths,
            {
              regex: 'src-main/(?!api/contract\\.js$)',
              message: 'The renderer sees only the contract: src-main/api/contract.js.',
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
    // React's rules of hooks and accessibility checks for the renderer's components, as errors
    // (test/shell/react-lint.test.ts proves they fire). A disable in the code says why.
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y-x': jsxA11y },
    rules: {
      ...asErrors(reactHooks.configs.recommended.rules),
      ...asErrors(jsxA11y.configs.recommended.rules),
    },
  },
  {
    // Shell tests import electron's types and modules that import electron, with electron mocked
    // (`vi.mock('electron', …)`): test/shell/layering.test.ts finds every test that reaches electron
    // (directly or through src-main's imports) and checks it mocks it. Only electron is allowed here.
    files: ['test/shell/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
)
