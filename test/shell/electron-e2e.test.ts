/**
 * End to end in a real Electron (Playwright `_electron`). Runs where an
 * Electron binary is installed (and a display is available); elsewhere it is
 * reported as skipped, with the reason in the test name and on the console.
 *
 * Needs: the Electron binary (`npx install-electron --no`, or npm start once),
 * the Electron build of better-sqlite3 (prepared here on first run, as npm
 * start does), and a build with the `nodeCliInspect` fuse left on (dev
 * Electron from node_modules always has it; Playwright passes --inspect=0).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ElectronApplication, Page } from 'playwright-core'
import { electronSqliteSetup, ensureSqliteBinding, planElectronSqlite } from '../../src-main/shell/native-sqlite.js'

const root = join(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)

/** The Electron executable, without `require('electron')` (which would try to download it). */
function electronExecutable(): { path: string | null; reason: string } {
  const dir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron'
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const candidate = override ? join(override, rel) : existsSync(pathFile) ? join(dir, 'dist', rel) : null
  if (!candidate) return { path: null, reason: 'Electron binary not installed: node_modules/electron/path.txt is missing (the binary downloads lazily; run `npx install-electron --no` with network access, or set ELECTRON_OVERRIDE_DIST_PATH)' }
  if (!existsSync(candidate)) return { path: null, reason: `Electron binary not installed: ${candidate} does not exist` }
  return { path: candidate, reason: '' }
}

function readiness(): { ready: boolean; reason: string; executable: string | null; binding: string | null } {
  const exe = electronExecutable()
  if (!exe.path) return { ready: false, reason: exe.reason, executable: null, binding: null }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { ready: false, reason: 'no display for Electron (run the tests under xvfb-run)', executable: exe.path, binding: null }
  try {
    const setup = electronSqliteSetup(root)
    const binding = ensureSqliteBinding(planElectronSqlite(setup), setup.sqliteDir)
    return { ready: true, reason: '', executable: exe.path, binding }
  } catch (err) {
    return { ready: false, reason: `better-sqlite3 for Electron could not be prepared: ${(err as Error).message}`, executable: exe.path, binding: null }
  }
}

const env = readiness()
if (!env.ready) console.warn(`[electron-e2e] skipped: ${env.reason}`)
const title = (name: string) => (env.ready ? name : `${name} — skipped: ${env.reason}`)

describe('the desktop app in Electron', () => {
  let app: ElectronApplication
  let page: Page
  let userData: string

  beforeAll(async () => {
    if (!env.ready) return
    const build = spawnSync(process.execPath, [join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`)
    userData = mkdtempSync(join(tmpdir(), 'ss-e2e-'))
    const { _electron } = await import('playwright-core')
    const childEnv: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL' && k !== 'ELECTRON_RUN_AS_NODE') childEnv[k] = v
    app = await _electron.launch({
      executablePath: env.executable!,
      args: [root],
      cwd: root,
      env: { ...childEnv, SESSION_SCOPE_SQLITE_BINDING: env.binding!, SESSION_SCOPE_USER_DATA: userData },
    })
    page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    if (userData) rmSync(userData, { recursive: true, force: true })
  })

  it.skipIf(!env.ready)(title('loads the UI from app://, not file://'), async () => {
    expect(page.url()).toBe('app://session-scope/index.html')
    const csp = await page.evaluate(async () => (await fetch('app://session-scope/index.html')).headers.get('content-security-policy'))
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it.skipIf(!env.ready)(title('the page behaves as sandboxed, context-isolated, without Node'), async () => {
    // Electron has no API to read a window's webPreferences back; the options object itself is
    // asserted by window-options.test.ts and desktop-app.test.ts. Here: their observable effects.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
    expect(await page.evaluate(() => typeof (globalThis as { module?: unknown }).module)).toBe('undefined')
    // Context isolation: the bridge object is a frozen copy; changing it cannot reach the preload.
    expect(await page.evaluate(() => Object.isFrozen((globalThis as unknown as { sessionScope: object }).sessionScope))).toBe(true)
    const renderer = await app.evaluate(({ app: electronApp, BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents
      const pid = wc.getOSProcessId()
      const metric = electronApp.getAppMetrics().find((m) => m.pid === pid)
      return { type: metric?.type ?? null, sandboxed: metric?.sandboxed ?? null }
    })
    expect(renderer.type).toBe('Tab')
    // ProcessMetric.sandboxed is reported on macOS and Windows only (and Playwright passes --no-sandbox on Linux).
    if (process.platform !== 'linux') expect(renderer.sandboxed).toBe(true)
  })

  it.skipIf(!env.ready)(title('exposes only invoke/subscribe, and the engine answers through the utility process'), async () => {
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { sessionScope: object }).sessionScope).sort())).toEqual(['invoke', 'subscribe'])
    const info = await page.evaluate(() => (globalThis as unknown as { sessionScope: { invoke(m: string, p: unknown): Promise<unknown> } }).sessionScope.invoke('engine.info', {}))
    expect(info).toMatchObject({ ok: true, result: { product: 'Session Scope' } })
    const refused = await page.evaluate(() => (globalThis as unknown as { sessionScope: { invoke(m: string, p: unknown): Promise<unknown> } }).sessionScope.invoke('workspace.openTraceFile', { path: '/etc/passwd' }))
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it.skipIf(!env.ready)(title('refuses navigation away and new windows'), async () => {
    await page.evaluate(() => {
      location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toBe('app://session-scope/index.html')
    await page.evaluate(() => {
      window.open('https://example.com/')
    })
    await page.waitForTimeout(500)
    expect(app.windows()).toHaveLength(1)
  })
})
