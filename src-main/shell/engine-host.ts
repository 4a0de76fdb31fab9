/**
 * Entry of the engine host process. The desktop shell runs the whole engine
 * service here, in an Electron `utilityProcess`, so trace loading, indexing and
 * SQLite writes never block the main process (menus, window, IPC) — see
 * docs/desktop.md "Where the engine runs". Tests start the same file as a plain
 * Node child process (`child_process.fork`). Never imports electron.
 */
import { createRequire } from 'node:module'
import { EngineService } from '../api/engine-service.js'
import type { HostMessage } from './engine-protocol.js'
import { WORKSPACE_PATH_ENV } from './engine-protocol.js'
import type { HostPort } from './engine-host-serve.js'
import { serveEngine } from './engine-host-serve.js'
import { SQLITE_BINDING_ENV, describeSqliteLoadError, sqliteBindingFromEnv } from './native-sqlite.js'

interface ParentPortLike {
  on(event: 'message', cb: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

function openPort(): HostPort {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort
  if (parentPort) {
    return { post: (m) => parentPort.postMessage(m), onMessage: (cb) => parentPort.on('message', (e) => cb(e.data)) }
  }
  if (typeof process.send === 'function') {
    return { post: (m) => process.send!(m), onMessage: (cb) => process.on('message', cb) }
  }
  throw new Error('engine-host must be started by the desktop shell (utilityProcess) or child_process.fork')
}

/** Loads better-sqlite3 once, with the binding the shell prepared, to fail early with a useful message. */
function probeSqlite(binding: string | null): void {
  const require = createRequire(import.meta.url)
  const Database = require('better-sqlite3') as typeof import('better-sqlite3')
  const db = binding ? new Database(':memory:', { nativeBinding: binding }) : new Database(':memory:')
  db.close()
}

function main(): void {
  const port = openPort()
  const fatal = (message: string) => {
    port.post({ kind: 'fatal', message } satisfies HostMessage)
    setTimeout(() => process.exit(1), 100)
  }
  let binding: string | null
  try {
    binding = sqliteBindingFromEnv(process.env)
    probeSqlite(binding)
  } catch (err) {
    fatal(describeSqliteLoadError(err, process.env[SQLITE_BINDING_ENV] ?? null))
    return
  }
  let service: EngineService
  const workspacePath = process.env[WORKSPACE_PATH_ENV] || null
  try {
    // The persisted workspace: reopened here (live sessions, recorded steps), every live step
    // written into it as it runs (docs/desktop.md "Persistence"). Unset: nothing is kept.
    service = new EngineService(workspacePath ? { workspacePath } : {})
  } catch (err) {
    fatal(describeSqliteLoadError(err, binding))
    return
  }
  serveEngine(port, service, () => process.exit(0))
  port.post({ kind: 'ready', pid: process.pid, sqliteBinding: binding, workspace: workspacePath, notice: service.startupNotice })
}

main()
