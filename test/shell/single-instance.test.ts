import { EventEmitter } from 'node:events'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { setupSingleInstance, traceFilesFromArgv } from '../../src-main/shell/single-instance.js'

describe('traceFilesFromArgv', () => {
  const cwd = resolve('/home/u/work')

  it('packaged: skips the executable and switches, keeps .sstrace paths', () => {
    expect(traceFilesFromArgv(['/opt/Session Scope/session-scope', '--no-sandbox', 'a.sstrace', '/abs/B.SSTRACE', 'notes.txt'], cwd, true)).toEqual([resolve(cwd, 'a.sstrace'), '/abs/B.SSTRACE'])
  })

  it('development: also skips the app path Electron was given', () => {
    expect(traceFilesFromArgv(['/x/electron', '.', 'demo.sstrace'], cwd, false)).toEqual([resolve(cwd, 'demo.sstrace')])
    expect(traceFilesFromArgv(['/x/electron', 'x.sstrace'], cwd, false)).toEqual([])
  })

  it('accepts file:// URIs (Linux desktop entries) and ignores other URLs', () => {
    const file = resolve('/tmp/my trace.sstrace')
    expect(traceFilesFromArgv(['exe', pathToFileURL(file).href, 'https://evil.example/x.sstrace'], cwd, true)).toEqual([file])
  })
})

describe('setupSingleInstance', () => {
  it('quits when another instance holds the lock', () => {
    const app = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => false, isPackaged: true })
    expect(setupSingleInstance(app as never, vi.fn())).toBe(false)
  })

  it('hands files from a second launch and from Finder to the first instance', () => {
    const app = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => true, isPackaged: true })
    const open = vi.fn()
    expect(setupSingleInstance(app as never, open)).toBe(true)
    app.emit('second-instance', {}, ['exe', 'b.sstrace'], '/w')
    expect(open).toHaveBeenLastCalledWith([resolve('/w', 'b.sstrace')])
    app.emit('second-instance', {}, ['exe'], '/w')
    expect(open).toHaveBeenLastCalledWith([])
    const e = { preventDefault: vi.fn() }
    app.emit('open-file', e, '/x/c.sstrace')
    expect(e.preventDefault).toHaveBeenCalled()
    expect(open).toHaveBeenLastCalledWith(['/x/c.sstrace'])
    open.mockClear()
    app.emit('open-file', { preventDefault: vi.fn() }, '/x/notes.txt')
    expect(open).not.toHaveBeenCalled()
  })
})
