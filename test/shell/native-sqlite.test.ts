import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  NativePrepareError,
  SQLITE_BINDING_ENV,
  bindingCacheDir,
  describeSqliteLoadError,
  electronSqliteSetup,
  ensureSqliteBinding,
  planElectronSqlite,
  sqliteBindingFromEnv,
} from '../../src-main/shell/native-sqlite.js'
import type { Runner } from '../../src-main/shell/native-sqlite.js'

const projectRoot = join(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'))

let tmp: string
afterEach(() => tmp && rmSync(tmp, { recursive: true, force: true }))

describe('the Electron copy of better-sqlite3', () => {
  it('reads the versions from node_modules (Electron 45 = ABI 150)', () => {
    const s = electronSqliteSetup(projectRoot)
    expect(s.target).toMatchObject({ runtime: 'electron', abi: '150', version: '45.4.1', platform: process.platform, arch: process.arch })
    expect(s.sqliteVersion).toBe('12.11.1')
    expect(s.prebuildInstallBin).toMatch(/prebuild-install[/\\]bin\.js$/)
  })

  it('lives in its own cache folder, never in node_modules/better-sqlite3/build', () => {
    const s = electronSqliteSetup(projectRoot)
    const plan = planElectronSqlite(s)
    expect(plan.dir).toBe(join(projectRoot, 'node_modules', '.cache', 'session-scope', `better-sqlite3-12.11.1-electron-v150-${process.platform}-${process.arch}`))
    expect(plan.binding).toBe(join(plan.dir, 'build', 'Release', 'better_sqlite3.node'))
    expect(plan.binding.startsWith(join(sqliteDir, 'build'))).toBe(false)
    for (const step of plan.steps) expect(step.cwd).toBe(plan.staging)
    expect(plan.steps[0]!.args).toEqual(expect.arrayContaining(['--runtime', 'electron', '--target', '45.4.1']))
    expect(plan.steps[1]!.args).toEqual(expect.arrayContaining(['rebuild', '--target=45.4.1', '--dist-url=https://electronjs.org/headers']))
  })

  function fakeSetup() {
    tmp = mkdtempSync(join(tmpdir(), 'ss-native-'))
    const pkg = join(tmp, 'pkg')
    mkdirSync(join(pkg, 'lib'), { recursive: true })
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true })
    writeFileSync(join(pkg, 'package.json'), '{"name":"better-sqlite3","version":"1.0.0"}')
    writeFileSync(join(pkg, 'lib', 'index.js'), '')
    writeFileSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'NODE ABI BUILD')
    const plan = planElectronSqlite({ projectRoot: tmp, sqliteDir: pkg, sqliteVersion: '1.0.0', target: { runtime: 'electron', version: '45.4.1', abi: '150', platform: 'linux', arch: 'x64' }, node: 'node', prebuildInstallBin: '/pi/bin.js', nodeGypBin: '/gyp/node-gyp.js' })
    return { pkg, plan }
  }

  it('falls back from the download to a source build, in a staged copy', () => {
    const { pkg, plan } = fakeSetup()
    const seen: string[] = []
    const run: Runner = (step) => {
      seen.push(step.args[0]!)
      expect(existsSync(join(step.cwd, 'package.json'))).toBe(true)
      // The copy never carries Node's build along.
      if (step.args[0] === '/pi/bin.js') expect(existsSync(join(step.cwd, 'build'))).toBe(false)
      if (step.args[0] === '/pi/bin.js') return { status: 1, output: 'prebuild-install warn install getaddrinfo ENOTFOUND github.com' }
      mkdirSync(join(step.cwd, 'build', 'Release'), { recursive: true })
      writeFileSync(join(step.cwd, 'build', 'Release', 'better_sqlite3.node'), 'ELECTRON ABI BUILD')
      return { status: 0, output: 'ok' }
    }
    expect(ensureSqliteBinding(plan, pkg, run)).toBe(plan.binding)
    expect(seen).toEqual(['/pi/bin.js', '/gyp/node-gyp.js'])
    expect(readFileSync(plan.binding, 'utf8')).toBe('ELECTRON ABI BUILD')
    expect(readFileSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('NODE ABI BUILD')
    expect(existsSync(plan.staging)).toBe(false)
    // Second start: nothing to do.
    expect(ensureSqliteBinding(plan, pkg, () => { throw new Error('must not run') })).toBe(plan.binding)
  })

  it('offline: fails with every attempt\'s reason and leaves no half-built copy', () => {
    const { pkg, plan } = fakeSetup()
    const run: Runner = (step) => ({ status: 1, output: step.args[0] === '/pi/bin.js' ? 'getaddrinfo ENOTFOUND github.com' : 'gyp ERR! stack Error: getaddrinfo ENOTFOUND electronjs.org' })
    let err: unknown
    try {
      ensureSqliteBinding(plan, pkg, run)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(NativePrepareError)
    expect((err as NativePrepareError).attempts.map((a) => a.output)).toEqual(['getaddrinfo ENOTFOUND github.com', 'gyp ERR! stack Error: getaddrinfo ENOTFOUND electronjs.org'])
    expect(existsSync(plan.dir)).toBe(false)
    expect(existsSync(plan.staging)).toBe(false)
  })

  it('the cache folder name changes with the better-sqlite3 version and the ABI', () => {
    const t = { runtime: 'electron' as const, version: '45.4.1', abi: '150', platform: 'linux' as const, arch: 'x64' }
    expect(bindingCacheDir('/p', '12.11.1', t)).not.toBe(bindingCacheDir('/p', '12.12.0', t))
    expect(bindingCacheDir('/p', '12.11.1', t)).not.toBe(bindingCacheDir('/p', '12.11.1', { ...t, abi: '151' }))
  })
})

describe('loading a binding by path (better-sqlite3 `nativeBinding`)', () => {
  it('loads a copy of the .node file from anywhere', async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ss-binding-'))
    const copy = join(tmp, 'better_sqlite3.node')
    copyFileSync(join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'), copy)
    const Database = (await import('better-sqlite3')).default
    const db = new Database(':memory:', { nativeBinding: copy })
    expect(db.prepare('select 41 + 1 as x').get()).toEqual({ x: 42 })
    db.close()
  })

  it('reads and checks SESSION_SCOPE_SQLITE_BINDING', () => {
    expect(sqliteBindingFromEnv({})).toBeNull()
    expect(() => sqliteBindingFromEnv({ [SQLITE_BINDING_ENV]: 'relative.node' })).toThrow(/absolute path/)
    expect(() => sqliteBindingFromEnv({ [SQLITE_BINDING_ENV]: '/x/lib.so' })).toThrow(/absolute path of a \.node/)
    expect(() => sqliteBindingFromEnv({ [SQLITE_BINDING_ENV]: '/nowhere/better_sqlite3.node' })).toThrow(/missing file/)
    const real = join(sqliteDir, 'build', 'Release', 'better_sqlite3.node')
    expect(sqliteBindingFromEnv({ [SQLITE_BINDING_ENV]: real })).toBe(real)
  })

  it('explains an ABI mismatch', () => {
    const abi = new Error("The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 150.")
    expect(describeSqliteLoadError(abi, null)).toMatch(/npm start/)
    expect(describeSqliteLoadError(abi, '/c/better_sqlite3.node')).toMatch(/delete node_modules\/\.cache\/session-scope/)
    expect(describeSqliteLoadError(new Error('disk I/O error'), null)).toBe('The engine could not start: disk I/O error')
  })
})

describe('packaging (electron-builder afterPack)', () => {
  const ctx = (platform: string, arch: number) => ({ appOutDir: '/rel/out', electronPlatformName: platform, arch, packager: { projectDir: '/p', appInfo: { productFilename: 'Session Scope' } } })
  const electron = { version: '45.4.1', abi: '150' }

  it('targets the package\'s platform and arch, next to the app resources', async () => {
    const { packagedTarget, packagedBindingPath } = await import('../../src-main/shell/native-sqlite.js')
    expect(packagedTarget(ctx('linux', 1), electron)).toEqual({ target: { runtime: 'electron', version: '45.4.1', abi: '150', platform: 'linux', arch: 'x64' }, resourcesDir: join('/rel/out', 'resources') })
    expect(packagedTarget(ctx('win32', 3), electron).target.arch).toBe('arm64')
    expect(packagedTarget(ctx('darwin', 3), electron).resourcesDir).toBe(join('/rel/out', 'Session Scope.app', 'Contents', 'Resources'))
    expect(() => packagedTarget(ctx('darwin', 4), electron)).toThrow(/one architecture at a time/)
    expect(packagedBindingPath('/r')).toBe(join('/r', 'native', 'better_sqlite3.node'))
  })

  it('only builds from source for the machine it runs on', () => {
    const s = electronSqliteSetup(projectRoot)
    const other = planElectronSqlite({ ...s, target: { ...s.target, platform: process.platform === 'darwin' ? 'win32' : 'darwin' } })
    expect(other.steps.map((st) => st.args[0])).toEqual([s.prebuildInstallBin])
  })
})
