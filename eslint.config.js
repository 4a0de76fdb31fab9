// Layering rules of docs/architecture.md, enforced: a boundary that is only
// written down gets crossed. `npm run lint` fails when one is.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

const noElectron = { name: 'electron', message: 'Only src-main/index.ts and src-main/shell/ may import electron.' }
const pureLayerPatterns = [
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*'], message: 'The engine layers never import UI code.' },
  { group: ['**/shell/**', '**/web-host/**', '**/src-renderer/**', '**/cli/**'], message: 'The engine layers never import the shells, the CLI or the renderer.' },
]

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-artifacts/', 'resources/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
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
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer never imports Node modules.' }))],
          patterns: [
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
    // The shell is the one place that talks to Electron.
    files: ['src-main/index.ts', 'src-main/shell/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
