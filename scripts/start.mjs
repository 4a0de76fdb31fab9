#!/usr/bin/env node
// `npm start`: build, make sure the Electron binary and an Electron build of
// better-sqlite3 are there, and open the app.
//
// - Electron 45 downloads its binary lazily; where that is impossible
//   (offline, locked-down machines) we say so plainly and point to the
//   browser host (`npm run web`).
// - better-sqlite3 in node_modules stays built for Node (tests, CLI, browser
//   host). The app gets its own Electron-ABI copy under
//   node_modules/.cache/session-scope/ (prepared once, see
//   src-main/shell/native-sqlite.ts), passed to the engine through
//   SESSION_SCOPE_SQLITE_BINDING. So `npm test` keeps working right after
//   `npm start`: nothing is rebuilt in place.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const projectRoot = join(import.meta.dirname, '..')
const electronDir = dirname(require.resolve('electron/package.json'))
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false, ...opts })
  return r.status ?? 1
}

function electronBinaryPresent() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()))
}

const useBrowserInstead = `
Everything else works without it. Open the same UI in your browser with:

    npm run web

or replay traces from the command line with:

    npx session-scope replay resources/demos/traces/onboarding-wizard.sstrace
`

if (run(process.execPath, [electronVite, 'build']) !== 0) process.exit(1)

if (!electronBinaryPresent()) {
  console.log('Fetching the Electron binary (first start only)…')
  const status = run(process.execPath, [join(electronDir, 'install.js')], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } })
  if (status !== 0 || !electronBinaryPresent()) {
    console.error(`
Session Scope could not start its desktop window: the Electron binary is not
installed and could not be downloaded (no network access to Electron's
releases from this machine?).
${useBrowserInstead}`)
    process.exit(1)
  }
}

// The Electron-ABI better-sqlite3 (skipped when the caller already provides one).
const env = { ...process.env }
if (!env.SESSION_SCOPE_SQLITE_BINDING) {
  const { tsImport } = await import('tsx/esm/api')
  const native = await tsImport('../src-main/shell/native-sqlite.ts', import.meta.url)
  const setup = native.electronSqliteSetup(projectRoot)
  const plan = native.planElectronSqlite(setup)
  if (!existsSync(plan.binding)) console.log(`Preparing better-sqlite3 for Electron ${setup.target.version} (first start only)…`)
  try {
    env.SESSION_SCOPE_SQLITE_BINDING = native.ensureSqliteBinding(plan, setup.sqliteDir, native.spawnRunner, (line) => console.log(`  ${line}`))
  } catch (err) {
    const attempts = (err.attempts ?? []).map((a) => `  - ${a.label}:\n      ${a.output.replaceAll('\n', '\n      ')}`).join('\n')
    console.error(`
Session Scope could not start its desktop window: better-sqlite3 (the SQLite
driver) needs a build for Electron ${setup.target.version} (ABI ${setup.target.abi}), and neither a
prebuilt binary could be downloaded nor one built from source (that needs
Electron's headers from electronjs.org and a C++ toolchain).

${attempts || `  ${err.message}`}

Your Node build of better-sqlite3 is untouched: npm test still works.
To retry, run npm start again with network access. See docs/desktop.md
"Native module" for a manual rebuild.
${useBrowserInstead}`)
    process.exit(1)
  }
}

process.exit(run(process.execPath, [electronVite, 'preview', '--skipBuild'], { env }))
