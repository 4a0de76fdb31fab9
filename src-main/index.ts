/**
 * Electron entry: a thin shell around the engine service. Everything that
 * touches Electron lives here and under src-main/shell/.
 */
import { app, BrowserWindow, ipcMain } from 'electron'
import { join } from 'node:path'
import { EngineService } from './api/engine-service.js'

const INVOKE_CHANNEL = 'session-scope:invoke'
const EVENT_CHANNEL = 'session-scope:event'

function createWindow(service: EngineService): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  service.subscribe('steps.appended', (p) => win.webContents.send(EVENT_CHANNEL, 'steps.appended', p))
  service.subscribe('workspace.changed', (p) => win.webContents.send(EVENT_CHANNEL, 'workspace.changed', p))
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
  return win
}

void app.whenReady().then(() => {
  const service = new EngineService()
  ipcMain.handle(INVOKE_CHANNEL, (_event, method: unknown, payload: unknown) => service.dispatch(method, payload))
  createWindow(service)
  app.on('window-all-closed', () => {
    service.close()
    app.quit()
  })
})
