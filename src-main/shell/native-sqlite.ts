/**
 * better-sqlite3 under two ABIs without flip-flopping (docs/desktop.md
 * "Native module"). `node_modules/better-sqlite3` always stays built for
 * Node — vitest, the CLI and the browser host load it. For `npm start`, a
 * separate Electron-ABI copy is prepared once under
 * `node_modules/.cache/session-scope/better-sqlite3-<ver>-electron-v<abi>-<platform>-<arch>/`
 * (prebuilt binary via prebuild-install; else a source build against
 * Electron's headers with node-gyp), and its path reaches the engine through
 * SESSION_SCOPE_SQLITE_BINDING → `new Database(path, { nativeBinding })`.
 * Packaged apps use the same mechanism: electron-builder's afterPack hook
 * (build/after-pack.mjs) prepares the copy for the target platform and puts
 * its `.node` file at `<resources>/native/better_sqlite3.node`, outside the
 * asar; the shell passes that path. node_modules is never rebuilt in place
 * (`npmRebuild: false`), so `npm run dist` does not flip the ABI either.
 *
 * No electron import: scripts/start.mjs runs this file under plain Node (tsx).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join } from 'node:path'

export const SQLITE_BINDING_ENV = 'SESSION_SCOPE_SQLITE_BINDING'

export interface NativeTarget {
  runtime: 'electron' | 'node'
  /** Electron (or Node) version, without "v". */
  version: string
  /** NODE_MODULE_VERSION of that runtime (Electron 45 = 150, Node 20 = 115). */
  abi: string
  platform: NodeJS.Platform
  arch: string
}

/** Where the copy for `target` lives (keyed by the better-sqlite3 version too, so an upgrade never reuses a stale build). */
export function bindingCacheDir(projectRoot: string, sqliteVersion: string, target: NativeTarget): string {
  return join(projectRoot, 'node_modules', '.cache', 'session-scope', `better-sqlite3-${sqliteVersion}-${target.runtime}-v${target.abi}-${target.platform}-${target.arch}`)
}

export function bindingFileIn(dir: string): string {
  return join(dir, 'build', 'Release', 'better_sqlite3.node')
}

/**
 * The binding the engine must load, from the environment: null when unset
 * (Node, or a packaged app whose module was rebuilt for Electron); an error
 * when set but unusable, so a bad setup fails with a message instead of an
 * ABI crash later.
 */
export function sqliteBindingFromEnv(env: NodeJS.ProcessEnv): string | null {
  const value = env[SQLITE_BINDING_ENV]
  if (!value) return null
  if (!isAbsolute(value) || !value.endsWith('.node')) throw new Error(`${SQLITE_BINDING_ENV} must be the absolute path of a .node file, got ${JSON.stringify(value)}`)
  if (!existsSync(value) || !statSync(value).isFile()) throw new Error(`${SQLITE_BINDING_ENV} points to a missing file: ${value}`)
  return value
}

/** Turns the classic "compiled against a different Node.js version" crash into instructions. */
export function describeSqliteLoadError(err: unknown, binding: string | null): string {
  const message = (err as Error)?.message ?? String(err)
  if (/NODE_MODULE_VERSION|different Node\.js version|was compiled against/i.test(message)) {
    return [
      'better-sqlite3 was built for a different runtime than the one loading it (Node vs Electron ABI).',
      binding
        ? `The Electron build at ${binding} does not match this Electron; delete node_modules/.cache/session-scope and run npm start again.`
        : `No Electron build of better-sqlite3 was given (${SQLITE_BINDING_ENV} is unset): start the app with npm start, which prepares one, or rebuild the packaged app with electron-builder.`,
      `Details: ${message.split('\n')[0]}`,
    ].join(' ')
  }
  return `The engine could not start: ${message}`
}

/** Files of the better-sqlite3 package needed to install or build a copy (never its build/). */
export const PACKAGE_ENTRIES = ['package.json', 'binding.gyp', 'lib', 'src', 'deps'] as const

export interface Step {
  label: string
  command: string
  args: string[]
  cwd: string
  env?: Record<string, string>
}

export interface PreparePlan {
  dir: string
  staging: string
  binding: string
  steps: Step[]
}

/**
 * The commands that produce the copy's binding, in order (the first that
 * succeeds wins): a prebuilt download, then a source build.
 */
export interface PrepareSetup {
  projectRoot: string
  sqliteDir: string
  sqliteVersion: string
  target: NativeTarget
  node: string
  prebuildInstallBin: string | null
  nodeGypBin: string | null
}

export function planElectronSqlite(opts: PrepareSetup): PreparePlan {
  const dir = bindingCacheDir(opts.projectRoot, opts.sqliteVersion, opts.target)
  const staging = `${dir}.staging`
  const t = opts.target
  const common = ['--target', t.version, '--arch', t.arch, '--platform', t.platform]
  const steps: Step[] = []
  if (opts.prebuildInstallBin)
    steps.push({
      label: `download a prebuilt better-sqlite3 ${opts.sqliteVersion} for ${t.runtime} ${t.version} (ABI ${t.abi})`,
      command: opts.node,
      args: [opts.prebuildInstallBin, '--runtime', t.runtime, ...common, '--verbose'],
      cwd: staging,
    })
  // node-gyp builds for the machine it runs on only: no source fallback when packaging for another platform.
  if (opts.nodeGypBin && t.platform === process.platform && t.arch === process.arch)
    steps.push({
      label: `build better-sqlite3 ${opts.sqliteVersion} from source against ${t.runtime} ${t.version} headers`,
      command: opts.node,
      args: [
        opts.nodeGypBin,
        'rebuild',
        '--release',
        `--target=${t.version}`,
        `--arch=${t.arch}`,
        ...(t.runtime === 'electron' ? ['--dist-url=https://electronjs.org/headers'] : []),
      ],
      cwd: staging,
    })
  return { dir, staging, binding: bindingFileIn(dir), steps }
}

export type Runner = (step: Step) => { status: number | null; output: string }

/**
 * npm passes its config to scripts as npm_config_* variables; node-gyp and
 * prebuild-install read them. A `nodedir`, `target` or `runtime` meant for
 * Node's own build would silently produce a Node-ABI binary in the Electron
 * folder, so they are removed for these steps.
 */
const BUILD_CONFIG_VARS = /^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|build_from_source|platform)$/i

export function buildEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(base)) if (!BUILD_CONFIG_VARS.test(k)) env[k] = v
  return { ...env, ...extra }
}

export const spawnRunner: Runner = (step) => {
  const r = spawnSync(step.command, step.args, { cwd: step.cwd, env: buildEnv(process.env, step.env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` }
}

/** The lines of a failed step's output that say why (network errors, the failing request), at most six. */
export function summarizeOutput(output: string): string {
  const lines = output.split('\n').map((l) => l.trimEnd()).filter(Boolean)
  const telling = lines.filter((l) => /ENOTFOUND|EAI_AGAIN|ECONN|ETIMEDOUT|network|http (request )?GET|warn install|stack Error|error:|not ok|No such file|not found/i.test(l) && !/stack at /.test(l))
  return (telling.length > 0 ? telling : lines).slice(-6).join('\n')
}

export class NativePrepareError extends Error {
  constructor(
    message: string,
    readonly attempts: { label: string; output: string }[],
  ) {
    super(message)
    this.name = 'NativePrepareError'
  }
}

/**
 * Makes sure the copy exists; returns the binding path. Stages into a
 * sibling folder and renames at the end, so an interrupted attempt never
 * leaves a half-built copy that looks ready.
 */
export function ensureSqliteBinding(plan: PreparePlan, sqliteDir: string, run: Runner = spawnRunner, log: (line: string) => void = () => {}): string {
  if (existsSync(plan.binding)) return plan.binding
  rmSync(plan.staging, { recursive: true, force: true })
  mkdirSync(plan.staging, { recursive: true })
  for (const entry of PACKAGE_ENTRIES) {
    const from = join(sqliteDir, entry)
    if (existsSync(from)) cpSync(from, join(plan.staging, entry), { recursive: true })
  }
  const attempts: { label: string; output: string }[] = []
  for (const step of plan.steps) {
    log(`${step.label}…`)
    const r = run(step)
    attempts.push({ label: step.label, output: summarizeOutput(r.output) })
    if (r.status === 0 && existsSync(bindingFileIn(plan.staging))) {
      rmSync(plan.dir, { recursive: true, force: true })
      mkdirSync(dirname(plan.dir), { recursive: true })
      renameSync(plan.staging, plan.dir)
      return plan.binding
    }
  }
  rmSync(plan.staging, { recursive: true, force: true })
  throw new NativePrepareError('could not prepare better-sqlite3 for Electron', attempts)
}

/** Versions and tool paths, read from node_modules. */
export function electronSqliteSetup(projectRoot: string): PrepareSetup {
  const require = createRequire(join(projectRoot, 'package.json'))
  const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'))
  const sqliteVersion = (JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')) as { version: string }).version
  const electronDir = dirname(require.resolve('electron/package.json'))
  const electronVersion = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version
  const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim()
  const sqliteRequire = createRequire(join(sqliteDir, 'package.json'))
  return {
    projectRoot,
    sqliteDir,
    sqliteVersion,
    target: { runtime: 'electron', version: electronVersion, abi, platform: process.platform, arch: process.arch },
    node: process.execPath,
    prebuildInstallBin: resolveBin(sqliteRequire, 'prebuild-install', 'bin.js'),
    nodeGypBin: resolveBin(require, 'node-gyp', join('bin', 'node-gyp.js')),
  }
}

function resolveBin(require: NodeJS.Require, pkg: string, bin: string): string | null {
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), bin)
  } catch {
    return null
  }
}

/** Where a packaged app keeps its Electron build of better-sqlite3 (see build/after-pack.mjs). */
export function packagedBindingPath(resourcesPath: string): string {
  return join(resourcesPath, 'native', 'better_sqlite3.node')
}

/** electron-builder's Arch enum (builder-util), by value. */
const BUILDER_ARCH = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'] as const

export interface AfterPackContextLike {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { projectDir: string; appInfo: { productFilename: string } }
}

/** The target and the resources folder of a package being built (pure). */
export function packagedTarget(context: AfterPackContextLike, electron: { version: string; abi: string }): { target: NativeTarget; resourcesDir: string } {
  const arch = BUILDER_ARCH[context.arch]
  if (!arch || arch === 'universal') throw new Error(`cannot package better-sqlite3 for arch ${arch ?? context.arch}: build one architecture at a time (--x64, --arm64)`)
  const platform = (context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName) as NodeJS.Platform
  const resourcesDir =
    platform === 'darwin'
      ? join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : join(context.appOutDir, 'resources')
  return { target: { runtime: 'electron', version: electron.version, abi: electron.abi, platform, arch }, resourcesDir }
}

/** electron-builder afterPack: prepare the Electron build for the package's platform/arch and copy it in. */
export function installPackagedBinding(context: AfterPackContextLike, run: Runner = spawnRunner, log: (line: string) => void = console.log): string {
  const setup = electronSqliteSetup(context.packager.projectDir)
  const { target, resourcesDir } = packagedTarget(context, setup.target)
  const binding = ensureSqliteBinding(planElectronSqlite({ ...setup, target }), setup.sqliteDir, run, log)
  const dest = packagedBindingPath(resourcesDir)
  mkdirSync(dirname(dest), { recursive: true })
  copyFileSync(binding, dest)
  log(`better-sqlite3 for Electron ${target.version} ${target.platform}-${target.arch} → ${dest}`)
  return dest
}
