/**
 * The desktop app's wiring: everything here is glue between Electron and the
 * pure modules next to it (window options, protocol, security, IPC bridge,
 * menus, files, window state, recent files, single instance). Kept free of
 * decisions so that what matters is unit-tested without Electron.
 */
import { mkdirSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { BrowserWindow, Menu, app, dialog, ipcMain, nativeTheme, protocol, screen, session, shell } from 'electron'
import { EVENT_TOPICS, isMethodName } from '../api/contract.js'
import type { WorkspaceSummary } from '../api/contract.js'
import { aboutDetail } from './about.js'
import { installAppProtocol, registerAppScheme } from './app-protocol.js'
import type { MainCommand, MenuAction, ThemeChoice } from './commands.js'
import { isMainCommand, isRendererCommand, themeOf } from './commands.js'
import { EngineClient } from './engine-client.js'
import { WORKSPACE_PATH_ENV } from './engine-protocol.js'
import { forkEngineHost } from './engine-process.js'
import type { FileActionDeps } from './file-actions.js'
import { exportState, importApexDialog, openTraceDialog, openTracePath, pickExportPath, saveTraceAs } from './file-actions.js'
import { EVENT_CHANNEL } from './ipc-channels.js'
import { createInvokeHandler, registerDropHandler, registerInvokeHandler } from './ipc-bridge.js'
import { installMenu } from './menu.js'
import { SQLITE_BINDING_ENV, packagedBindingPath } from './native-sqlite.js'
import type { ShellPaths } from './paths.js'
import { USER_DATA_ENV, shellPaths } from './paths.js'
import { PreferencesFile } from './preferences.js'
import { RecentFiles } from './recent-files.js'
import type { SecurityContext } from './security.js'
import { installSessionGuards, installWebContentsGuards } from './security.js'
import { setupSingleInstance, traceFilesFromArgv } from './single-instance.js'
import { createProgressReporter } from './taskbar-progress.js'
import { APP_ENTRY_URL, DOCS_URL, allowedExternalUrl, devServerOrigin } from './trusted-url.js'
import { buildWindowOptions } from './window-options.js'
import { loadWindowState, trackWindowState } from './window-state.js'
import { writeFileAtomic } from './write-file-atomic.js'

const APP_NAME = 'Session Scope'
const APP_USER_MODEL_ID = 'io.sessionscope.desktop'
/** Contract method that will back File → Import APEX Export… (the menu item appears once it exists). */
const APEX_IMPORT_METHOD = 'workspace.importApexExport'

function log(message: string): void {
  console.warn(`[session-scope] ${message}`)
}

/** Things that must happen before `ready`: scheme privileges, sandbox for all, guards, single instance. */
export function startDesktopApp(): void {
  if (process.env[USER_DATA_ENV]) app.setPath('userData', resolve(process.env[USER_DATA_ENV]!))
  app.enableSandbox()
  registerAppScheme(protocol)
  const rendererUrl = process.env.ELECTRON_RENDERER_URL
  const ctx: SecurityContext = { devServerUrl: !app.isPackaged && rendererUrl && devServerOrigin(rendererUrl) ? rendererUrl : null }
  installWebContentsGuards({ app, shell, log }, ctx)

  const queued: string[] = traceFilesFromArgv(process.argv, process.cwd(), app.isPackaged)
  let desktop: Desktop | null = null
  const open = (paths: string[]) => {
    if (desktop) desktop.openFromOs(paths)
    else queued.push(...paths)
  }
  if (!setupSingleInstance(app, open)) {
    app.quit()
    return
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)

  void app.whenReady().then(async () => {
    const started = new Desktop(ctx, shellPaths(import.meta.dirname, app.getPath('userData')))
    await started.start()
    // Files that arrive while starting wait in `queued` (no second window races the first).
    desktop = started
    desktop.openFromOs(queued.splice(0))
  })
}

class Desktop {
  private win: BrowserWindow | null = null
  private readonly client: EngineClient
  private readonly recent: RecentFiles
  private readonly prefs: PreferencesFile
  private title = 'Untitled workspace'
  private readonly progress = createProgressReporter((v) => this.win?.setProgressBar(v))
  private quitting = false
  /** Engine notices waiting for the window (the first arrives before it exists). */
  private readonly notices: string[] = []

  constructor(
    private readonly ctx: SecurityContext,
    private readonly paths: ShellPaths,
  ) {
    this.recent = new RecentFiles(paths.recentFiles, process.platform)
    this.prefs = new PreferencesFile(paths.preferences)
    // Packaged: the Electron build of better-sqlite3 ships outside the asar (build/after-pack.mjs).
    // npm start: scripts/start.mjs already put SESSION_SCOPE_SQLITE_BINDING in our environment.
    const hostEnv: Record<string, string> = { [WORKSPACE_PATH_ENV]: paths.workspace }
    if (app.isPackaged) hostEnv[SQLITE_BINDING_ENV] = packagedBindingPath(process.resourcesPath)
    this.client = new EngineClient(() => forkEngineHost(paths.engineHost, hostEnv), {
      onRestart: () => {
        log('engine process restarted; reloading the window')
        this.win?.webContents.reload()
      },
      onGiveUp: (message) => {
        if (!this.quitting) dialog.showErrorBox(`${APP_NAME}: the engine stopped`, message)
      },
      // E.g. the persisted workspace was damaged: kept aside, the engine started empty.
      onNotice: (message) => {
        log(message)
        this.notices.push(message)
        this.showNotices()
      },
    })
  }

  async start(): Promise<void> {
    mkdirSync(resolve(this.paths.workspace, '..'), { recursive: true })
    installAppProtocol(protocol, this.paths.rendererDir)
    installSessionGuards(session.defaultSession, this.ctx)
    nativeTheme.themeSource = this.prefs.theme

    for (const topic of EVENT_TOPICS) this.client.subscribe(topic, (payload) => this.send(topic, payload))
    this.client.subscribe('load.progress', (p) => this.progress.update(p))
    this.client.subscribe('workspace.changed', (summary) => this.workspaceChanged(summary))

    registerInvokeHandler(
      ipcMain,
      createInvokeHandler({ dispatch: (m, p) => this.client.dispatch(m, p), runCommand: (c) => this.runMain({ command: c }), devServerUrl: this.ctx.devServerUrl, log }),
    )
    registerDropHandler(ipcMain, this.ctx.devServerUrl, (path) => void this.openPath(path))

    try {
      await this.client.start()
    } catch (err) {
      dialog.showErrorBox(`${APP_NAME} cannot start its engine`, (err as Error).message)
      app.exit(1)
      return
    }
    this.rebuildMenu()
    this.createWindow()

    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit()
    })
    app.on('activate', () => {
      if (!this.win) this.createWindow()
    })
    app.on('will-quit', (event) => {
      if (this.quitting) return
      event.preventDefault()
      this.quitting = true
      void this.client.close().finally(() => app.quit())
    })
  }

  private createWindow(): void {
    const state = loadWindowState(this.paths.windowState, screen)
    // The options come from buildWindowOptions() (sandbox, contextIsolation, no Node…), asserted by
    // test/shell/window-options.test.ts; electronegativity only sees literal objects, hence:
    const win = new BrowserWindow( // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
      buildWindowOptions({
        preloadPath: this.paths.preload,
        bounds: state,
        platform: process.platform,
        devTools: !app.isPackaged,
        backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
      }),
    )
    this.win = win
    if (state.maximized) win.maximize()
    if (state.fullScreen) win.setFullScreen(true)
    trackWindowState(win, this.paths.windowState)
    win.once('ready-to-show', () => {
      win.show()
      this.showNotices()
    })
    // The title names the workspace (set by main on workspace.changed), not the HTML page.
    win.on('page-title-updated', (event) => event.preventDefault())
    win.webContents.once('did-fail-load', (_e, code, description, url) => {
      log(`failed to load ${url}: ${code} ${description}`)
      win.show()
    })
    win.webContents.on('render-process-gone', (_e, details) => log(`renderer gone: ${details.reason}`))
    win.on('closed', () => {
      if (this.win === win) this.win = null
    })
    win.setTitle(`${this.title} — ${APP_NAME}`)
    void win.loadURL(this.ctx.devServerUrl ?? APP_ENTRY_URL)
  }

  private showNotices(): void {
    const win = this.win
    if (!win || !win.isVisible()) return
    for (const detail of this.notices.splice(0)) void dialog.showMessageBox(win, { type: 'warning', title: APP_NAME, message: 'About your saved workspace', detail, buttons: ['OK'] })
  }

  /** Files from the OS: the command line, a second launch, Finder, or a drop. */
  openFromOs(paths: string[]): void {
    if (this.win) {
      if (this.win.isMinimized()) this.win.restore()
      this.win.focus()
    } else if (app.isReady()) this.createWindow()
    const first = paths[0]
    if (first) void this.openPath(first)
  }

  private send(topic: string, payload: unknown): void {
    const win = this.win
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, topic, payload)
  }

  private workspaceChanged(summary: WorkspaceSummary): void {
    this.title = summary.title
    this.progress.clear()
    this.win?.setTitle(`${summary.title} — ${APP_NAME}`)
  }

  private rebuildMenu(): void {
    installMenu(
      Menu,
      {
        platform: process.platform,
        appName: APP_NAME,
        recentFiles: this.recent.list(),
        theme: this.prefs.theme,
        isDev: !app.isPackaged,
        canImportApex: isMethodName(APEX_IMPORT_METHOD),
      },
      (action) => void this.runMenu(action),
    )
  }

  private async runMenu(action: MenuAction): Promise<void> {
    if (isRendererCommand(action.command)) {
      const theme = themeOf(action.command)
      if (theme) this.setTheme(theme)
      this.send('shell.command', { command: action.command })
      return
    }
    if (isMainCommand(action.command)) await this.runMain({ command: action.command, ...(action.path ? { path: action.path } : {}) })
  }

  private setTheme(theme: ThemeChoice): void {
    nativeTheme.themeSource = theme
    this.prefs.setTheme(theme)
    this.rebuildMenu()
  }

  private async runMain(action: { command: MainCommand; path?: string }): Promise<void> {
    const deps = this.fileDeps()
    switch (action.command) {
      case 'file.openTrace':
        await openTraceDialog(deps)
        return
      case 'file.openRecent':
        if (action.path) await openTracePath(deps, action.path)
        return
      case 'file.clearRecent':
        this.recent.clear()
        app.clearRecentDocuments()
        this.rebuildMenu()
        return
      case 'file.saveTraceAs':
        await saveTraceAs(deps, this.title)
        return
      case 'file.exportStateCsv':
        await exportState(deps, 'csv', this.title)
        return
      case 'file.exportStateJson':
        await exportState(deps, 'json', this.title)
        return
      case 'file.importApexExport':
        await importApexDialog(deps)
        return
      case 'help.documentation': {
        const url = allowedExternalUrl(DOCS_URL)
        // Only a parsed, allowlisted https URL (trusted-url.ts).
        if (url) await shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK
        return
      }
      case 'help.about':
        await this.showAbout()
        return
    }
  }

  private openPath(path: string): Promise<unknown> {
    return openTracePath(this.fileDeps(), path)
  }

  private async showAbout(): Promise<void> {
    const info = await this.client.dispatch('engine.info', {})
    const engine = info.ok ? (info.result as { node?: string; traceFormatVersions?: number[] }) : {}
    const detail = aboutDetail({
      app: app.getVersion(),
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
      v8: process.versions.v8,
      ...(engine.node ? { engineNode: engine.node } : {}),
      ...(engine.traceFormatVersions ? { traceFormats: engine.traceFormatVersions } : {}),
      platform: `${process.platform} ${process.arch}`,
    })
    const options = { type: 'info' as const, title: `About ${APP_NAME}`, message: APP_NAME, detail, buttons: ['OK'] }
    if (this.win) await dialog.showMessageBox(this.win, options)
    else await dialog.showMessageBox(options)
  }

  private fileDeps(): FileActionDeps {
    const parent = () => this.win ?? undefined
    return {
      dispatch: (method, payload) => this.client.dispatch(method, payload),
      dialogs: {
        openFile: async (opts) => {
          const w = parent()
          const o = { title: opts.title, filters: opts.filters, properties: ['openFile' as const] }
          const r = w ? await dialog.showOpenDialog(w, o) : await dialog.showOpenDialog(o)
          return r.canceled ? null : (r.filePaths[0] ?? null)
        },
        openExport: (opts) =>
          pickExportPath(process.platform, {
            ask: async () => {
              const w = parent()
              const o = { type: 'question' as const, title: opts.title, message: 'Import a single-file export or a split-export folder?', buttons: ['.sql File…', 'Folder…', 'Cancel'], defaultId: 0, cancelId: 2 }
              const r = w ? await dialog.showMessageBox(w, o) : await dialog.showMessageBox(o)
              return r.response === 0 ? 'file' : r.response === 1 ? 'folder' : null
            },
            open: async (kinds) => {
              const w = parent()
              const o = { title: opts.title, filters: opts.filters, properties: kinds }
              const r = w ? await dialog.showOpenDialog(w, o) : await dialog.showOpenDialog(o)
              return r.canceled ? null : (r.filePaths[0] ?? null)
            },
          }),
        confirm: async (opts) => {
          const w = parent()
          const o = { type: 'warning' as const, title: opts.title, message: opts.message, detail: opts.detail, buttons: [opts.action, 'Cancel'], defaultId: 1, cancelId: 1 }
          const r = w ? await dialog.showMessageBox(w, o) : await dialog.showMessageBox(o)
          return r.response === 0
        },
        unsaved: async ({ count, what }) => {
          const w = parent()
          const o = {
            type: 'warning' as const,
            title: 'Unsaved live steps',
            message: count === 1 ? 'Save the live step of this workspace first?' : `Save the ${count} live steps of this workspace first?`,
            detail: `${what} replaces the workspace. ${count === 1 ? 'Its last step was recorded live and is' : `Its last ${count} steps were recorded live and are`} in no trace file: without saving, ${count === 1 ? 'it is' : 'they are'} lost.`,
            buttons: ['Save Trace As…', "Don't Save", 'Cancel'],
            defaultId: 0,
            cancelId: 2,
            noLink: true,
          }
          const r = w ? await dialog.showMessageBox(w, o) : await dialog.showMessageBox(o)
          return r.response === 0 ? 'save' : r.response === 1 ? 'discard' : 'cancel'
        },
        saveFile: async (opts) => {
          const w = parent()
          const o = { title: opts.title, defaultPath: opts.defaultPath, filters: opts.filters }
          const r = w ? await dialog.showSaveDialog(w, o) : await dialog.showSaveDialog(o)
          return r.canceled ? null : (r.filePath ?? null)
        },
        error: async (title, detail) => {
          const w = parent()
          const o = { type: 'error' as const, title, message: title, detail, buttons: ['OK'] }
          if (w) await dialog.showMessageBox(w, o)
          else await dialog.showMessageBox(o)
        },
      },
      fs: {
        size: async (path) => (await stat(path)).size,
        readText: (path) => readFile(path, 'utf8'),
        writeText: (path, text) => writeFileAtomic(path, text),
      },
      opened: (path) => {
        this.recent.add(path)
        app.addRecentDocument(path)
        if (process.platform === 'darwin') this.win?.setRepresentedFilename(path)
        this.rebuildMenu()
      },
      missing: (path) => {
        this.recent.remove(path)
        this.rebuildMenu()
      },
      progress: (v) => (v === -1 ? this.progress.clear() : this.progress.set(v)),
    }
  }
}
