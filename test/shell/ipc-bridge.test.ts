import { describe, expect, it, vi } from 'vitest'
import type { ApiResponse, MethodName } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { DROP_CHANNEL, INVOKE_CHANNEL } from '../../src-main/shell/ipc-channels.js'
import { acceptDroppedPath, createInvokeHandler, registerDropHandler, registerInvokeHandler, senderInfo } from '../../src-main/shell/ipc-bridge.js'
import type { SenderInfo } from '../../src-main/shell/ipc-bridge.js'

const ours: SenderInfo = { url: 'app://session-scope/index.html', isMainFrame: true }
const ok = (result: unknown) => ({ ok: true, result }) as ApiResponse<MethodName>

function bridge(devServerUrl: string | null = null) {
  const dispatch = vi.fn(async (_m: MethodName, _p: unknown) => ok({ count: 0 }))
  const runCommand = vi.fn(async () => {})
  return { dispatch, runCommand, handle: createInvokeHandler({ dispatch, runCommand, devServerUrl }) }
}

describe('the IPC invoke handler', () => {
  it('forwards a valid call from our page with the parsed payload', async () => {
    const b = bridge()
    expect(await b.handle(ours, 'steps.count', {})).toEqual({ ok: true, result: { count: 0 } })
    expect(b.dispatch).toHaveBeenCalledWith('steps.count', {})
    await b.handle(ours, 'steps.count', undefined)
    expect(b.dispatch).toHaveBeenLastCalledWith('steps.count', {})
  })

  it.each<[string, SenderInfo]>([
    ['a remote page', { url: 'https://evil.example/', isMainFrame: true }],
    ['a file: page', { url: 'file:///tmp/x.html', isMainFrame: true }],
    ['a sub-frame of our page', { url: 'app://session-scope/index.html', isMainFrame: false }],
    ['a destroyed frame', { url: null, isMainFrame: false }],
    ['the dev server when packaged', { url: 'http://localhost:5173/', isMainFrame: true }],
  ])('refuses %s with a typed forbidden error and never reaches the engine', async (_label, sender) => {
    const b = bridge()
    const r = await b.handle(sender, 'steps.count', {})
    expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } })
    expect(b.dispatch).not.toHaveBeenCalled()
    expect(b.runCommand).not.toHaveBeenCalled()
  })

  it('accepts the dev server in development', async () => {
    const b = bridge('http://localhost:5173/')
    expect((await b.handle({ url: 'http://localhost:5173/', isMainFrame: true }, 'steps.count', {})).ok).toBe(true)
  })

  it('rejects unknown methods and invalid payloads with the contract schemas', async () => {
    const b = bridge()
    expect(await b.handle(ours, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknownMethod' } })
    expect(await b.handle(ours, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknownMethod' } })
    expect(await b.handle(ours, 'steps.range', { from: -1, count: 1 })).toMatchObject({ ok: false, error: { code: 'invalidPayload', field: 'from' } })
    expect(await b.handle(ours, 'steps.count', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalidPayload' } })
    expect(await b.handle(ours, 'steps.count', 'text')).toMatchObject({ ok: false, error: { code: 'invalidPayload' } })
    expect(b.dispatch).not.toHaveBeenCalled()
  })

  it('keeps path-taking methods for the shell itself', async () => {
    const b = bridge()
    expect(await b.handle(ours, 'workspace.openTraceFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // Writing is as dangerous as reading: a renderer must not pick where main writes.
    expect(await b.handle(ours, 'workspace.save', { path: '/home/user/.bashrc' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('file.saveTraceAs') } })
    expect(await b.handle(ours, 'workspace.exportTraceFile', { path: '/home/user/.profile' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(b.dispatch).not.toHaveBeenCalled()
  })

  it('runs UI-runnable main commands through shell.run, and only those', async () => {
    const b = bridge()
    expect(await b.handle(ours, 'shell.run', { command: 'file.openTrace' })).toEqual({ ok: true, result: { done: true } })
    expect(b.runCommand).toHaveBeenCalledWith('file.openTrace')
    expect(await b.handle(ours, 'shell.run', { command: 'file.openRecent' })).toMatchObject({ ok: false, error: { code: 'invalidPayload', field: 'command' } })
    expect(await b.handle(ours, 'shell.run', { command: 'go.stepForward' })).toMatchObject({ ok: false, error: { code: 'invalidPayload' } })
    expect(await b.handle(ours, 'shell.run', { command: 'file.openTrace', path: '/x' })).toMatchObject({ ok: false, error: { code: 'invalidPayload' } })
    expect(await b.handle({ url: 'https://evil.example/', isMainFrame: true }, 'shell.run', { command: 'file.openTrace' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(b.runCommand).toHaveBeenCalledTimes(1)
  })

  it('turns a failing command into a typed internal error', async () => {
    const handle = createInvokeHandler({ dispatch: vi.fn(), runCommand: () => Promise.reject(new Error('disk full')), devServerUrl: null })
    expect(await handle(ours, 'shell.run', { command: 'file.saveTraceAs' })).toEqual({ ok: false, error: { code: 'internal', message: 'file.saveTraceAs failed: disk full' } })
  })

  it('validates exactly like the engine dispatcher (same schemas, same error shape)', async () => {
    const service = new EngineService()
    const handle = createInvokeHandler({ dispatch: (m, p) => service.dispatch(m, p), runCommand: vi.fn(), devServerUrl: null })
    const cases: [string, unknown][] = [
      ['steps.range', { from: 0, count: 0 }],
      ['timeline.search', { query: '' }],
      ['operate', { op: { type: 'nope' } }],
      ['workspace.openDemo', { name: '../etc' }],
      ['nope', {}],
    ]
    for (const [m, p] of cases) expect(await handle(ours, m, p), m).toEqual(await service.dispatch(m, p))
    expect(await handle(ours, 'engine.info', {})).toMatchObject({ ok: true, result: { product: 'Session Scope' } })
    service.close()
  })
})

describe('registration glue', () => {
  it('reads the sender frame from the IPC event', async () => {
    const ipcMain = { handle: vi.fn() }
    const b = bridge()
    registerInvokeHandler(ipcMain, b.handle)
    expect(ipcMain.handle.mock.calls[0]![0]).toBe(INVOKE_CHANNEL)
    const listener = ipcMain.handle.mock.calls[0]![1] as (e: unknown, m: unknown, p: unknown) => Promise<unknown>
    const top = { url: 'app://session-scope/index.html', parent: null }
    expect(await listener({ senderFrame: top }, 'steps.count', {})).toMatchObject({ ok: true })
    const child = { url: 'app://session-scope/index.html', parent: top }
    expect(await listener({ senderFrame: child }, 'steps.count', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await listener({ senderFrame: null }, 'steps.count', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(senderInfo({ senderFrame: null })).toEqual({ url: null, isMainFrame: false })
  })

  it('accepts only absolute .sstrace paths dropped on our page', () => {
    const isWin = process.platform === 'win32'
    const abs = isWin ? 'C:\\t\\a.sstrace' : '/t/a.sstrace'
    expect(acceptDroppedPath(ours, abs, null)).toBe(abs)
    expect(acceptDroppedPath(ours, abs.replace('.sstrace', '.SSTRACE'), null)).not.toBeNull()
    expect(acceptDroppedPath(ours, 'a.sstrace', null)).toBeNull()
    expect(acceptDroppedPath(ours, isWin ? 'C:\\Windows\\win.ini' : '/etc/passwd', null)).toBeNull()
    expect(acceptDroppedPath(ours, `${abs}\0.txt`, null)).toBeNull()
    expect(acceptDroppedPath(ours, 42, null)).toBeNull()
    expect(acceptDroppedPath({ url: 'https://evil.example/', isMainFrame: true }, abs, null)).toBeNull()

    const ipcMain = { on: vi.fn() }
    const open = vi.fn()
    registerDropHandler(ipcMain, null, open)
    expect(ipcMain.on.mock.calls[0]![0]).toBe(DROP_CHANNEL)
    const listener = ipcMain.on.mock.calls[0]![1] as (e: unknown, p: unknown) => void
    listener({ senderFrame: { url: 'app://session-scope/index.html', parent: null } }, abs)
    listener({ senderFrame: { url: 'https://evil.example/', parent: null } }, abs)
    expect(open).toHaveBeenCalledTimes(1)
  })
})
