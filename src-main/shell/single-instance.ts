/**
 * One running app: a second launch (double-clicking a `.sstrace` while the app
 * runs) hands its file to the first instance and exits. `traceFilesFromArgv`
 * is the pure part; macOS delivers files through `open-file` instead.
 */
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { App } from 'electron'
import { TRACE_EXTENSION } from './ipc-channels.js'

export function isTracePath(path: string): boolean {
  return path.toLowerCase().endsWith(`.${TRACE_EXTENSION}`)
}

/**
 * The trace files named on a command line: skips the executable (and, in
 * development, the app path Electron was started with), Chromium/Electron
 * switches, and anything that is not a `.sstrace`; accepts `file://` URIs
 * (Linux desktop entries pass `%U`); resolves relative paths against `cwd`.
 */
export function traceFilesFromArgv(argv: readonly string[], cwd: string, isPackaged: boolean): string[] {
  const args = argv.slice(isPackaged ? 1 : 2)
  const out: string[] = []
  for (const arg of args) {
    if (arg.startsWith('-')) continue
    let path = arg
    if (/^file:\/\//i.test(arg)) {
      try {
        path = fileURLToPath(arg)
      } catch {
        continue
      }
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) continue
    if (!isTracePath(path)) continue
    out.push(isAbsolute(path) ? path : resolve(cwd, path))
  }
  return out
}

/**
 * Takes the single-instance lock. Returns false when another instance holds it
 * (this one must quit). `open` receives trace paths from later launches and,
 * on macOS, from Finder; those arriving before `ready` are queued by the caller.
 */
export function setupSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'isPackaged'>, open: (paths: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', (_event, argv, workingDirectory) => open(traceFilesFromArgv(argv, workingDirectory, app.isPackaged)))
  app.on('open-file', (event, path) => {
    event.preventDefault()
    if (isTracePath(path)) open([path])
  })
  return true
}
