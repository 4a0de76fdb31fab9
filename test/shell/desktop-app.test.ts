/**
 * The whole main-process wiring (src-main/index.ts → shell/desktop-app.ts)
 * against a mocked electron. The "utility process" is the real host loop
 * (serveEngine) around a real EngineService, in-process.
 */
import { EventEmitter } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { EngineService, demoTracesDir } from '../../src-main/api/engine-service.js'
import { serveEngine } from '../../src-main/shell/engine-host-serve.js'
import type { HostMessage } from '../../src-main/shell/engine-protocol.js'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-main/shell/ipc-channels.js'

const e = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter } = require('node:events') as typeof import('node:events')
  let readyResolve: () => void = () => {}
  const ready = new Promise<void>((r) => (readyResolve = r))
  const order: string[] = []
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    whenReady: () => ready,
    isReady: () => true,
    enableSandbox: () => order.push('enableSandbox'),
    setPath: vi.fn(),
    getPath: vi.fn(() => process.env.SESSION_SCOPE_USER_DATA!),
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: vi.fn(() => true),
    setAppUserModelId: vi.fn(),
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  })
  const windows: unknown[] = []
  class BrowserWindow extends EventEmitter {
    options: unknown
    webContents = Object.assign(new EventEmitter(), { send: vi.fn(), reload: vi.fn() })
    loadURL = vi.fn(async () => {})
    setTitle = vi.fn()
    setProgressBar = vi.fn()
    setRepresentedFilename = vi.fn()
    maximize = vi.fn()
    setFullScreen = vi.fn()
    show = vi.fn()
    focus = vi.fn()
    restore = vi.fn()
    isMinimized = () => false
    isVisible = () => this.show.mock.calls.length > 0
    isDestroyed = () => false
    isMaximized = () => false
    isFullScreen = () => false
    getNormalBounds = () => ({ x: 10, y: 10, width: 1000, height: 700 })
    constructor(options: unknown) {
      super()
      this.options = options
      windows.push(this)
    }
  }
  const forks: EventEmitter[] = []
  return {
    readyResolve: () => readyResolve(),
    order,
    app,
    windows,
    BrowserWindow,
    forks,
    protocol: { registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemes')), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn(), webRequest: { onBeforeRequest: vi.fn() } } },
    ipcMain: { handle: vi.fn(), on: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })), showErrorBox: vi.fn() },
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: true },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    shell: { openExternal: vi.fn(async () => {}) },
    utilityProcess: { fork: vi.fn() },
  }
})

vi.mock('electron', () => ({
  app: e.app,
  BrowserWindow: e.BrowserWindow,
  protocol: e.protocol,
  session: e.session,
  ipcMain: e.ipcMain,
  Menu: e.Menu,
  dialog: e.dialog,
  nativeTheme: e.nativeTheme,
  screen: e.screen,
  shell: e.shell,
  utilityProcess: e.utilityProcess,
}))

let userData: string
const services: EngineService[] = []
const demo = join(demoTracesDir(), 'per-user.sstrace')

/** A fake utilityProcess running the real host loop in-process (with the workspace file the shell passes, as engine-host.ts does). */
function fakeUtilityProcess(env: Record<string, string | undefined>) {
  const child = Object.assign(new EventEmitter(), { postMessage: (_m: unknown) => {}, kill: vi.fn() })
  const workspacePath = env.SESSION_SCOPE_WORKSPACE
  const service = new EngineService(workspacePath ? { workspacePath } : {})
  services.push(service)
  let onMessage: (m: unknown) => void = () => {}
  serveEngine({ post: (m: HostMessage) => setImmediate(() => child.emit('message', m)), onMessage: (cb) => (onMessage = cb) }, service, () => setImmediate(() => child.emit('exit', 0)))
  child.postMessage = (m: unknown) => setImmediate(() => onMessage(m))
  setImmediate(() => child.emit('message', { kind: 'ready', pid: 1, sqliteBinding: null, workspace: workspacePath ?? null, notice: service.startupNotice }))
  e.forks.push(child)
  return child
}

type Win = InstanceType<typeof e.BrowserWindow>
const win = () => e.windows[0] as Win
const invoke = () => e.ipcMain.handle.mock.calls.find((c) => c[0] === INVOKE_CHANNEL)![1] as (ev: unknown, m: unknown, p: unknown) => Promise<{ ok: boolean; result?: unknown; error?: { code: string } }>
const trusted = { senderFrame: { url: 'app://session-scope/index.html', parent: null } }
type Item = { id?: string; click?: () => void; submenu?: Item[]; checked?: boolean }
function menuItem(id: string): Item {
  const template = e.Menu.setApplicationMenu.mock.calls.at(-1)![0] as Item[]
  const walk = (items: Item[]): Item | undefined => {
    for (const i of items) {
      if (i.id === id) return i
      const inner = i.submenu && walk(i.submenu)
      if (inner) return inner
    }
  }
  return walk(template)!
}
function sentEvents(topic: string) {
  return win()
    .webContents.send.mock.calls.filter((c) => c[0] === EVENT_CHANNEL && c[1] === topic)
    .map((c) => c[2])
}

beforeAll(async () => {
  ;(process as { resourcesPath?: string }).resourcesPath = '/opt/session-scope/resources'
  userData = mkdtempSync(join(tmpdir(), 'ss-desktop-'))
  process.env.SESSION_SCOPE_USER_DATA = userData
  // A saved workspace that cannot be reopened: the app must say so, keep it aside and start empty.
  mkdirSync(join(userData, 'workspace'), { recursive: true })
  writeFileSync(join(userData, 'workspace', 'current.ssws'), 'damaged beyond repair')
  e.utilityProcess.fork.mockImplementation((_entry: string, _args: string[], opts: { env: Record<string, string | undefined> }) => fakeUtilityProcess(opts.env))
  await import('../../src-main/index.js')
})

afterAll(() => {
  for (const s of services) s.close()
  delete process.env.SESSION_SCOPE_USER_DATA
  rmSync(userData, { recursive: true, force: true })
})

describe('before ready', () => {
  it('sandboxes every renderer, registers app:// and takes the single-instance lock', () => {
    expect(e.order).toEqual(['enableSandbox', 'registerSchemes'])
    expect(e.app.setPath).toHaveBeenCalledWith('userData', userData)
    expect(e.app.requestSingleInstanceLock).toHaveBeenCalled()
    expect(e.app.listenerCount('web-contents-created')).toBe(1)
    expect(e.app.listenerCount('second-instance')).toBe(1)
    expect(e.windows).toHaveLength(0)
  })
})

describe('after ready', () => {
  beforeAll(async () => {
    e.readyResolve()
    await vi.waitFor(() => expect(e.windows).toHaveLength(1), { timeout: 15_000 })
  })

  it('serves app://, guards the session, starts the engine process with the workspace path', () => {
    expect(e.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(e.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(e.session.defaultSession.webRequest.onBeforeRequest).toHaveBeenCalled()
    const [entry, , opts] = e.utilityProcess.fork.mock.calls[0]! as [string, string[], { env: Record<string, string>; serviceName: string }]
    expect(entry).toMatch(/engine-host\.js$/)
    expect(opts.env.SESSION_SCOPE_WORKSPACE).toBe(join(userData, 'workspace', 'current.ssws'))
    // Packaged: the Electron build of better-sqlite3 from outside the asar.
    expect(opts.env.SESSION_SCOPE_SQLITE_BINDING).toBe(join(process.resourcesPath, 'native', 'better_sqlite3.node'))
    expect(existsSync(join(userData, 'workspace'))).toBe(true)
  })

  it('tells the user, once the window shows, when the saved workspace could not be reopened, and where it was kept', () => {
    expect(e.dialog.showMessageBox).not.toHaveBeenCalled()
    win().emit('ready-to-show')
    expect(e.dialog.showMessageBox).toHaveBeenCalledWith(win(), expect.objectContaining({ type: 'warning', detail: expect.stringMatching(/could not be reopened.*current\.ssws\.damaged-/s) }))
    expect(readdirSync(join(userData, 'workspace')).filter((f) => f.startsWith('current.ssws.damaged-'))).toHaveLength(1)
    expect(readFileSync(join(userData, 'workspace', 'current.ssws')).subarray(0, 15).toString('latin1')).toBe('SQLite format 3')
  })

  it('opens a locked-down window on app://', () => {
    const o = win().options as { show: boolean; webPreferences: Record<string, unknown> }
    expect(o.show).toBe(false)
    expect(o.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false })
    expect(String(o.webPreferences.preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(win().loadURL).toHaveBeenCalledWith('app://session-scope/index.html')
    win().emit('ready-to-show')
    expect(win().show).toHaveBeenCalled()
  })

  it('bridges IPC to the engine process, checking the sender', async () => {
    expect(await invoke()(trusted, 'engine.info', {})).toMatchObject({ ok: true, result: { product: 'Session Scope' } })
    expect(await invoke()({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'engine.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await invoke()(trusted, 'steps.range', { from: 'x' })).toMatchObject({ ok: false, error: { code: 'invalidPayload' } })
  })

  it('sends Go and View commands to the renderer as shell.command events', () => {
    menuItem('go.stepForward').click!()
    menuItem('view.panel.timeline').click!()
    expect(sentEvents('shell.command')).toEqual([{ command: 'go.stepForward' }, { command: 'view.panel.timeline' }])
  })

  it('switches the theme natively and remembers it', () => {
    menuItem('view.theme.dark').click!()
    expect(e.nativeTheme.themeSource).toBe('dark')
    expect(JSON.parse(readFileSync(join(userData, 'preferences.json'), 'utf8'))).toEqual({ theme: 'dark' })
    expect(menuItem('view.theme.dark').checked).toBe(true)
  })

  it('File → Open Trace: dialog in main, engine loads it, events reach the window, recent list and title update', async () => {
    e.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [demo] })
    menuItem('file.openTrace').click!()
    await vi.waitFor(() => expect(e.app.addRecentDocument).toHaveBeenCalledWith(demo), { timeout: 20_000 })
    expect(sentEvents('workspace.changed')).toHaveLength(1)
    expect(win().setTitle).toHaveBeenLastCalledWith(expect.stringMatching(/ — Session Scope$/))
    expect(JSON.parse(readFileSync(join(userData, 'recent-files.json'), 'utf8'))).toEqual([demo])
    expect(menuItem('file.openRecent.0')).toBeDefined()
    expect(win().setProgressBar).toHaveBeenLastCalledWith(-1)
  })

  it('the UI can ask main to open the dialog (shell.run), never to read a path itself', async () => {
    e.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await invoke()(trusted, 'shell.run', { command: 'file.openTrace' })).toEqual({ ok: true, result: { done: true } })
    expect(await invoke()(trusted, 'workspace.openTraceFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('a second launch with a trace focuses the window and opens it', async () => {
    e.app.addRecentDocument.mockClear()
    e.app.emit('second-instance', {}, ['/opt/session-scope', demo], '/')
    expect(win().focus).toHaveBeenCalled()
    await vi.waitFor(() => expect(e.app.addRecentDocument).toHaveBeenCalledWith(demo), { timeout: 20_000 })
  })

  it('Save Trace As writes the trace chosen in the save dialog', async () => {
    const out = join(userData, 'saved')
    e.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: out })
    menuItem('file.saveTraceAs').click!()
    await vi.waitFor(() => expect(existsSync(`${out}.sstrace`)).toBe(true), { timeout: 20_000 })
    expect(readFileSync(`${out}.sstrace`, 'utf8').split('\n')[0]).toContain('session-trace')
  })

  it('Help → Documentation opens only the allowlisted https URL', async () => {
    menuItem('help.documentation').click!()
    await vi.waitFor(() => expect(e.shell.openExternal).toHaveBeenCalledWith(expect.stringMatching(/^https:\/\/github\.com\//)), { timeout: 15_000 })
  })

  it('remembers the window bounds on close, and shuts the engine down on quit', async () => {
    win().emit('close')
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ x: 10, y: 10, width: 1000, height: 700 })
    const event = { preventDefault: vi.fn() }
    e.app.emit('will-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(e.app.quit).toHaveBeenCalled(), { timeout: 15_000 })
  })
})
