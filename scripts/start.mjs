#!/usr/bin/env node
// `npm start`: build, make sure the Electron binary is there, and open the app.
// Electron 45 downloads its binary lazily; where that is impossible (offline,
// locked-down machines) we say so plainly and point to the browser host.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js')

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts })
  return r.status ?? 1
}

function electronBinaryPresent() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()))
}

if (run(process.execPath, [electronVite, 'build']) !== 0) process.exit(1)

if (!electronBinaryPresent()) {
  console.log('Fetching the Electron binary (first start only)…')
  const status = run(process.execPath, [join(electronDir, 'install.js')], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } })
  if (status !== 0 || !electronBinaryPresent()) {
    console.error(`
Session Scope could not start its desktop window: the Electron binary is not
installed and could not be downloaded (no network access to Electron's
releases from this machine?).

Everything else works without it. Open the same UI in your browser with:

    npm run web

or replay traces from the command line with:

    npx session-scope replay resources/demos/traces/onboarding-wizard.sstrace
`)
    process.exit(1)
  }
}

process.exit(run(process.execPath, [electronVite, 'preview', '--skipBuild']))
