/**
 * The desktop app as built: `electron-vite build` once, then the BUILT
 * out/main/engine-host.js started under plain Node (the desktop starts the same
 * file in a utilityProcess) and driven by the real EngineClient. Every other
 * test runs the TypeScript sources, which is how a build that could not open a
 * trace file (no load-worker.js beside the bundle) went unnoticed.
 *
 * The build sits in a temporary folder laid out like the packaged app
 * (helpers/built-bundle.ts): resources copied, runtime dependencies only,
 * better-sqlite3 without its build/ folder and its binding handed over by path.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiResponse, EventPayloads, MethodName } from '../../src-main/api/contract.js'
import { EngineClient } from '../../src-main/shell/engine-client.js'
import type { HostMessage } from '../../src-main/shell/engine-protocol.js'
import { shellPaths } from '../../src-main/shell/paths.js'
import type { Browser } from 'playwright-core'
import { launchChrome } from '../e2e/helpers/chrome.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import type { BuiltApp } from './helpers/built-bundle.js'
import { REPO_ROOT, buildDesktopApp, forkBuiltHost } from './helpers/built-bundle.js'
import type { BuiltRendererPage } from './helpers/built-renderer-page.js'
import { PAGE_ORIGIN, openBuiltRenderer } from './helpers/built-renderer-page.js'

const DEMO_TRACES = join(REPO_ROOT, 'resources/demos/traces')

let app: BuiltApp
let work: string
let client: EngineClient
const hostMessages: HostMessage[] = []
const progress: EventPayloads['load.progress'][] = []

beforeAll(async () => {
  app = buildDesktopApp()
  // The figure the issue asked for; printed so a slow build shows up in CI logs.
  console.info(`[built-bundle] electron-vite build took ${Math.round(app.buildMs)} ms`)
  work = mkdtempSync(join(tmpdir(), 'ss-built-work-'))
  client = new EngineClient(() => forkBuiltHost(app, hostEnv('userData'), hostMessages))
  client.subscribe('load.progress', (p) => progress.push(p))
  await client.start()
}, 180_000)

afterAll(async () => {
  await client?.close(10_000)
  app?.remove()
  if (work) rmSync(work, { recursive: true, force: true })
})

/** The persisted workspace in its own user-data folder; TMPDIR so the index files of opened traces go away with `work`. */
function hostEnv(userData: string): Record<string, string> {
  return { SESSION_SCOPE_WORKSPACE: join(work, userData, 'current.ssws'), TMPDIR: join(work, 'tmp') }
}

async function call<T>(method: MethodName, payload: unknown): Promise<T> {
  const r: ApiResponse<MethodName> = await client.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`)
  return r.result as T
}

interface Summary {
  title: string
  steps: number
  expects: { total: number; passed: number; failed: number }
  file?: { workspace: string | null; source: string | null; reused: boolean }
}

describe('the built desktop bundle', () => {
  it('holds every file the shell and the engine host load by path', () => {
    const paths = shellPaths(app.mainDir, join(work, 'userData'))
    expect(existsSync(paths.engineHost)).toBe(true)
    expect(existsSync(paths.preload)).toBe(true)
    expect(existsSync(join(paths.rendererDir, 'index.html'))).toBe(true)
    // worker-url.ts: the load worker beside the bundle.
    expect(existsSync(join(app.mainDir, 'load-worker.js'))).toBe(true)

    // Every relative import of the main bundle names an emitted file (index.js needs Electron
    // to run, so its imports are checked here rather than by running it).
    const mainFiles = readdirSync(app.mainDir).filter((f) => f.endsWith('.js'))
    const relativeImports = mainFiles.flatMap((f) =>
      [...readFileSync(join(app.mainDir, f), 'utf8').matchAll(/(?:from|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => ({ from: f, spec: m[1]! })),
    )
    expect(relativeImports.length).toBeGreaterThan(0)
    for (const { from, spec } of relativeImports) expect(existsSync(resolve(app.mainDir, spec)), `${from} imports ${spec}`).toBe(true)

    // A sandboxed preload can require nothing but electron.
    const preload = readFileSync(paths.preload, 'utf8')
    expect([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron'])

    // The renderer page's scripts and styles exist where app:// will look for them.
    const html = readFileSync(join(paths.rendererDir, 'index.html'), 'utf8')
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((a) => !/^[a-z]+:/i.test(a))
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true)
    for (const asset of assets) expect(existsSync(join(paths.rendererDir, asset.replace(/^\.?\//, ''))), asset).toBe(true)
  })

  it('starts under plain Node with the binding handed over in SESSION_SCOPE_SQLITE_BINDING', async () => {
    const ready = hostMessages.find((m) => m.kind === 'ready')
    expect(ready).toMatchObject({ kind: 'ready', sqliteBinding: app.sqliteBinding })
    expect(await client.dispatch('engine.info', {})).toMatchObject({ ok: true, result: { product: 'Session Scope' } })
  })

  it('lists and opens the demos shipped in resources/', async () => {
    const shipped = readdirSync(DEMO_TRACES).filter((f) => f.endsWith('.sstrace')).map((f) => f.slice(0, -'.sstrace'.length))
    const listed = await call<{ name: string }[]>('demos.list', {})
    expect(listed.map((d) => d.name).sort()).toEqual(shipped.sort())
    const opened = await call<Summary>('workspace.openDemo', { name: 'onboarding-wizard' })
    expect(opened.expects.failed).toBe(0)
    expect(opened.expects.total).toBeGreaterThan(0)
  })

  it('judges a pasted link by its browser’s cookie (issue #16): the demo’s browsers, Open browser, a link not joined', async () => {
    const opened = await call<Summary>('workspace.openDemo', { name: 'why-did-my-link-log-me-out' })
    expect(opened.expects).toMatchObject({ total: 10, failed: 0 })
    const last = opened.steps - 1
    type Row = { kind: 'browser'; browser: { name: string } } | { kind: 'session'; session: { id: number; alias: string | null } }
    const tree = await call<{ grouped: boolean; rows: Row[] }>('timeline.browsers', { point: { step: last }, offset: 0, limit: 100 })
    expect(tree.grouped).toBe(true)
    expect(tree.rows.flatMap((r) => (r.kind === 'browser' ? [r.browser.name] : [])).sort()).toEqual(['Alice', 'Bob'])
    const a = tree.rows.find((r): r is Extract<Row, { kind: 'session' }> => r.kind === 'session' && r.session.alias === 'A')!
    const { name } = await call<{ name: string }>('browser.open', {})
    const pasted = await call<{ steps: { outcome: string; effects?: unknown }[] }>('operate', { op: { type: 'request', browser: name, session: 'A', url: `f?p=100:1:${a.session.id}` } })
    expect(pasted.steps[0]!.outcome).toBe('ok')
    expect(JSON.stringify(pasted.steps[0])).toContain('sessionNotJoined')
    // New session / Clone in the Sessions panel name the session by the engine's free alias (session 7): the first letter
    // no session of the workspace has — read here from the built host's own session window at the end.
    const end = (await call<{ count: number }>('steps.count', {})).count - 1
    const listed = await call<{ total: number; rows: { session: { alias: string | null } }[] }>('timeline.sessions', { point: { step: end }, offset: 0, limit: 1000 })
    expect(listed.rows.length).toBe(listed.total)
    const used = new Set(listed.rows.map((x) => x.session.alias))
    const { alias } = await call<{ alias: string }>('sessions.freeAlias', {})
    expect(alias).toBe([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((l) => !used.has(l)))
  })

  it('opens a browser recording (HAR) by path: imported with the open demo’s apps, compared, its answers searchable', async () => {
    // The constructed recording's fifth request went to page 45 where the onboarding app branches to 44; its sixth rendered P45_SUMMARY = 'KING (CLERK)'.
    await call<Summary>('workspace.openDemo', { name: 'onboarding-wizard' })
    const har = join(REPO_ROOT, 'test/fixtures/har/onboarding-next-to-45.constructed.har')
    const opened = await call<Summary & { observed?: { divergences: { line: number; field: string }[] } }>('workspace.openHarFile', { path: har })
    expect(opened.observed?.divergences).toMatchObject([{ line: 6, field: 'redirect' }])
    const found = await call<{ answers?: { total: number; hits: { item: string; value: string | null }[] } }>('timeline.search', { query: 'KING (CLERK)' })
    expect(found.answers).toMatchObject({ total: 1, hits: [{ item: 'P45_SUMMARY', value: 'KING (CLERK)' }] })
  })

  it('opens a trace file by path in the load worker, operates, exports, and reopens what it wrote', async () => {
    // In-process replay of the demo gives the step count the worker must reach by path.
    const demo = await call<Summary>('workspace.openDemo', { name: 'phone-number' })
    const trace = join(work, 'phone.sstrace')
    writeFileSync(trace, readFileSync(join(DEMO_TRACES, 'phone-number.sstrace')))

    progress.length = 0
    const opened = await call<Summary>('workspace.openTraceFile', { path: trace })
    expect(opened).toMatchObject({ title: demo.title, steps: demo.steps, expects: demo.expects })
    expect(opened.file?.source).toBe(trace)
    expect(progress.at(-1)?.fraction).toBe(1)

    const before = (await call<{ count: number }>('steps.count', {})).count
    expect(before).toBe(demo.steps)
    const op = await call<{ steps: unknown[] }>('operate', { op: { type: 'request', url: 'f?p=200:1', as: 'BUILT' } })
    expect(op.steps.length).toBeGreaterThan(0)
    const after = (await call<{ count: number }>('steps.count', {})).count
    expect(after).toBe(before + op.steps.length)
    expect(await call<{ alias: string | null }[]>('sessions.list', {})).toEqual(expect.arrayContaining([expect.objectContaining({ alias: 'BUILT' })]))

    const exported = join(work, 'exported.sstrace')
    const written = await call<{ path: string; events: number }>('workspace.exportTraceFile', { path: exported })
    expect(written.path).toBe(exported)
    const lines = readFileSync(exported, 'utf8').trimEnd().split('\n')
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'session-trace', version: 1 })
    expect(lines.length - 1).toBe(written.events)

    const reopened = await call<Summary>('workspace.openTraceFile', { path: exported })
    expect(reopened.steps).toBe(after)
    expect(reopened.expects.failed).toBe(0)
  }, 60_000)

  it('saves a workspace file and opens it again through the load worker', async () => {
    await call<Summary>('workspace.openDemo', { name: 'session-cloning' })
    const steps = (await call<{ count: number }>('steps.count', {})).count
    const saved = join(work, 'cloning.ssws')
    await call('workspace.save', { path: saved })
    expect(existsSync(saved)).toBe(true)
    await call<Summary>('workspace.openDemo', { name: 'phone-number' })
    const reopened = await call<Summary>('workspace.openTraceFile', { path: saved })
    expect(reopened.steps).toBe(steps)
    expect(reopened.file).toMatchObject({ workspace: saved, reused: true })
  }, 60_000)

  it('works while idle after a trace opens: End answered, the step-word index finished in the background (session 8)', async () => {
    // A generated trace opened by path: the built host warms End's answer and, once a search near a step starts it,
    // builds the step-word index in idle slices (timeline/idle-work.ts) — both only in the built bundle's scheduling here.
    const trace = join(work, 'idle.sstrace')
    writeFileSync(trace, generateTraceText({ events: 3000, sessions: 20, seed: 8, recorded: true }))
    const opened = await call<Summary>('workspace.openTraceFile', { path: trace })
    const last = opened.steps - 1
    const end = await call<{ point: { step: number } }>('timeline.state', { point: { step: last }, encoding: 'columns', here: true, userRows: false, tables: false, sessionList: false, sessionsShown: [] })
    expect(end.point.step).toBe(last)
    // `near` searches with no budget of its own: what is not indexed yet is left to the background build.
    await call('timeline.search', { query: 'f?p', stepWords: true, limit: 5, near: { step: 0, direction: 'forward' } })
    let progress = await call<{ searched: number; of: number; building: boolean }>('timeline.stepWordsProgress', {})
    expect(progress.of).toBe(opened.steps)
    expect(progress.searched).toBeLessThan(progress.of)
    // Waits for the state asked. Each ask is itself a request and a slice runs only after 100 ms without one
    // (STEP_TEXT_IDLE_MS), so the test asks as the search box does, every 500 ms (STEP_WORDS_PROGRESS_MS).
    while (progress.building || progress.searched < progress.of) {
      await new Promise((r) => setTimeout(r, 500))
      progress = await call('timeline.stepWordsProgress', {})
    }
    expect(progress).toEqual({ searched: opened.steps, of: opened.steps, building: false })
  }, 120_000)

  it('answers a missing trace file with a typed error naming the path', async () => {
    const missing = join(dirname(app.engineHost), 'no-such.sstrace')
    expect(await client.dispatch('workspace.openTraceFile', { path: missing })).toMatchObject({
      ok: false,
      error: { code: 'notFound', field: 'path', message: expect.stringContaining('no-such.sstrace') },
    })
  })
})

/**
 * The built renderer and preload in real Chromium, wired to a second built
 * engine host (a fresh, empty workspace) as main wires them; see
 * helpers/built-renderer-page.ts for the two stand-ins (app:// and electron).
 */
describe('the built renderer and preload in Chromium, on the built engine host', () => {
  let browser: Browser
  let uiClient: EngineClient
  let ui: BuiltRendererPage

  beforeAll(async () => {
    uiClient = new EngineClient(() => forkBuiltHost(app, hostEnv('ui-userData')))
    ;[browser] = await Promise.all([launchChrome(), uiClient.start()])
    ui = await openBuiltRenderer(browser, join(app.root, 'out'), uiClient)
  }, 120_000)

  afterAll(async () => {
    await ui?.close()
    await browser?.close()
    await uiClient?.close(10_000)
  })

  const row = (item: string, alias = 'A') => ui.page.locator(`[data-testid=state-row][data-session-alias="${alias}"][data-item="${item}"]`)

  it('loads under the CSP header, opens a demo through the preload bridge, and follows a trace main opens by path', async () => {
    const { page } = ui
    await page.goto(`${PAGE_ORIGIN}/index.html`)
    // The page found the preload's bridge (not the browser host's WebSocket) and asked the engine for demos.
    await page.getByTestId('open-demo-onboarding-wizard').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
    await expect(row('G_EMP_COUNT').getAttribute('data-value')).resolves.toBe('0')
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { sessionScope: object }).sessionScope).sort())).toEqual(['invoke', 'subscribe'])

    // As File → Open Trace… does: main asks the engine by path; the window follows the workspace.changed event.
    const trace = join(work, 'opened-by-main.sstrace')
    writeFileSync(trace, readFileSync(join(DEMO_TRACES, 'phone-number.sstrace')))
    expect(await uiClient.dispatch('workspace.openTraceFile', { path: trace })).toMatchObject({ ok: true })
    await page.waitForSelector('[data-testid=workspace-title]:has-text("P1_PHONENO")')
    await page.keyboard.press('End')
    await expect(row('P1_PHONENO').getAttribute('data-value')).resolves.toMatch(/\d/)

    expect(ui.errors).toEqual([])
  }, 60_000)
})
