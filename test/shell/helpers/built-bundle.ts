/**
 * Builds the desktop app with electron-vite into a temporary folder laid out
 * like the packaged app (electron-builder.yml `files`), and starts the BUILT
 * engine host from it as a plain Node child process — the way the desktop
 * runs `out/main/engine-host.js` in a utilityProcess, minus Electron.
 *
 *   <root>/out/{main,preload,renderer}   the build
 *   <root>/resources/                    a copy of resources/ (demos, schema)
 *   <root>/package.json                  a copy ("type": "module" makes out/main ESM)
 *   <root>/node_modules/                 the runtime dependencies only; better-sqlite3
 *                                        WITHOUT its build/ folder, as packaged
 *   <root>/native/better_sqlite3.node    the binding, handed over in
 *                                        SESSION_SCOPE_SQLITE_BINDING (as packaged:
 *                                        <resources>/native/, build/after-pack.mjs)
 *
 * Nothing in the layout points back at src-main/ or at tsx, so a bundle that
 * reaches for a source file or a file the build did not emit fails here as it
 * would in the shipped app.
 */
import { fork, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HostProcess } from '../../../src-main/shell/engine-client.js'
import type { HostMessage } from '../../../src-main/shell/engine-protocol.js'

export const REPO_ROOT = join(import.meta.dirname, '../../..')

/** Dependencies electron-builder.yml leaves out of the package: they serve the CLI from source. */
const NOT_PACKAGED = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps'])

export interface BuiltApp {
  /** The packaged-like folder; `out/main` inside it is the main bundle. */
  root: string
  mainDir: string
  engineHost: string
  /** Where the SQLite binding was put (given to the host in SESSION_SCOPE_SQLITE_BINDING). */
  sqliteBinding: string
  /** Wall time of `electron-vite build`, for the record. */
  buildMs: number
  remove(): void
}

export function buildDesktopApp(): BuiltApp {
  const root = mkdtempSync(join(tmpdir(), 'ss-built-app-'))
  const cli = join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js')
  const started = performance.now()
  const build = spawnSync(process.execPath, [cli, 'build', '--outDir', join(root, 'out'), '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    // The build needs no Electron binary (CI sets the same).
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    encoding: 'utf8',
  })
  const buildMs = performance.now() - started
  if (build.status !== 0) {
    rmSync(root, { recursive: true, force: true })
    throw new Error(`electron-vite build failed (${build.status}):\n${build.stdout}\n${build.stderr}`)
  }
  copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'))
  cpSync(join(REPO_ROOT, 'resources'), join(root, 'resources'), { recursive: true })
  layOutRuntimeDependencies(root)
  const sqliteBinding = join(root, 'native', 'better_sqlite3.node')
  mkdirSync(join(root, 'native'))
  copyFileSync(join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), sqliteBinding)
  const mainDir = join(root, 'out', 'main')
  return {
    root,
    mainDir,
    engineHost: join(mainDir, 'engine-host.js'),
    sqliteBinding,
    buildMs,
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

/** The package's production dependencies and theirs, linked from the repo's node_modules. */
function layOutRuntimeDependencies(root: string): void {
  const modules = join(root, 'node_modules')
  mkdirSync(modules)
  const pending = Object.keys(dependenciesOf(REPO_ROOT)).filter((name) => !NOT_PACKAGED.has(name))
  const done = new Set<string>()
  while (pending.length > 0) {
    const name = pending.pop()!
    if (done.has(name)) continue
    done.add(name)
    const source = join(REPO_ROOT, 'node_modules', name)
    const target = join(modules, name)
    mkdirSync(join(target, '..'), { recursive: true })
    if (name === 'better-sqlite3') {
      // As packaged: its JavaScript only, no build/ (electron-builder.yml `files`).
      mkdirSync(target)
      copyFileSync(join(source, 'package.json'), join(target, 'package.json'))
      cpSync(join(source, 'lib'), join(target, 'lib'), { recursive: true })
    } else {
      symlinkSync(source, target, 'dir')
    }
    pending.push(...Object.keys(dependenciesOf(source)))
  }
}

function dependenciesOf(dir: string): Record<string, string> {
  const file = join(dir, 'package.json')
  if (!existsSync(file)) return {}
  return (JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}
}

/**
 * Starts the built engine host under plain Node: no tsx, no loader flags
 * inherited from the test runner, structured-clone messages as a
 * utilityProcess uses. `messages` collects what the host sent (its `ready`
 * names the binding it loaded).
 */
export function forkBuiltHost(
  app: BuiltApp,
  env: Record<string, string>,
  messages: HostMessage[] = [],
  onChild?: (c: ChildProcess) => void,
): HostProcess {
  const inherited = { ...process.env }
  delete inherited.NODE_OPTIONS
  const child = fork(app.engineHost, [], {
    cwd: app.root,
    execArgv: [],
    env: { ...inherited, SESSION_SCOPE_SQLITE_BINDING: app.sqliteBinding, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  child.on('message', (m) => messages.push(m as HostMessage))
  onChild?.(child)
  return {
    post: (m) => {
      if (child.connected) child.send(m)
    },
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => {
      child.kill('SIGKILL')
    },
  }
}
