/** The sandboxed preload, with electron mocked: exactly two functions cross the bridge. */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-main/shell/ipc-channels.js'

const m = vi.hoisted(() => {
  const listeners = new Map<string, (e: unknown) => void>()
  return {
    listeners,
    exposeInMainWorld: vi.fn(),
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, result: 1 })), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() },
    getPathForFile: vi.fn((f: { path: string }) => f.path),
    window: { addEventListener: vi.fn((type: string, cb: (e: unknown) => void) => listeners.set(type, cb)) },
  }
})

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: m.exposeInMainWorld },
  ipcRenderer: m.ipcRenderer,
  webUtils: { getPathForFile: m.getPathForFile },
}))

type Api = { invoke(method: string, payload: unknown): Promise<unknown>; subscribe(topic: string, cb: (p: unknown) => void): () => void }
let api: Api

beforeAll(async () => {
  vi.stubGlobal('window', m.window)
  await import('../../src-main/shell/preload.js')
  api = m.exposeInMainWorld.mock.calls[0]![1] as Api
})

describe('the preload bridge', () => {
  it('exposes window.sessionScope with invoke and subscribe only, frozen', () => {
    expect(m.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(m.exposeInMainWorld.mock.calls[0]![0]).toBe('sessionScope')
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe'])
    expect(Object.isFrozen(api)).toBe(true)
    for (const v of Object.values(api)) expect(typeof v).toBe('function')
  })

  it('invoke goes over the one invoke channel', async () => {
    expect(await api.invoke('steps.count', {})).toEqual({ ok: true, result: 1 })
    expect(m.ipcRenderer.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'steps.count', {})
  })

  it('subscribe filters by topic, passes only the payload (never the IPC event), and unsubscribes', () => {
    const cb = vi.fn()
    const off = api.subscribe('steps.appended', cb)
    const [channel, listener] = m.ipcRenderer.on.mock.calls.at(-1)! as unknown as [string, (e: unknown, t: string, p: unknown) => void]
    expect(channel).toBe(EVENT_CHANNEL)
    const ipcEvent = { sender: { send: () => {} }, ports: [] }
    listener(ipcEvent, 'workspace.changed', { title: 'x' })
    listener(ipcEvent, 'steps.appended', { from: 0, count: 2 })
    expect(cb).toHaveBeenCalledTimes(1)
    expect(cb).toHaveBeenCalledWith({ from: 0, count: 2 })
    off()
    expect(m.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, listener)
    expect(() => api.subscribe('x', 'not a function' as never)).toThrow(TypeError)
  })

  it('a dropped .sstrace goes to main by path; other drops and UI-handled drops do not', () => {
    const drop = m.listeners.get('drop')!
    const dragover = m.listeners.get('dragover')!
    const files = (...paths: string[]) => ({ types: ['Files'], files: paths.map((path) => ({ path })) })
    const over = { defaultPrevented: false, preventDefault: vi.fn(), dataTransfer: files('/a.sstrace') }
    dragover(over)
    expect(over.preventDefault).toHaveBeenCalled()
    const text = { defaultPrevented: false, preventDefault: vi.fn(), dataTransfer: { types: ['text/plain'], files: [] } }
    dragover(text)
    expect(text.preventDefault).not.toHaveBeenCalled()

    drop({ defaultPrevented: false, preventDefault: vi.fn(), dataTransfer: files('/x/notes.txt', '/x/run.SSTRACE', '/x/b.sstrace') })
    expect(m.ipcRenderer.send).toHaveBeenCalledTimes(1)
    expect(m.ipcRenderer.send).toHaveBeenCalledWith(DROP_CHANNEL, '/x/run.SSTRACE')
    drop({ defaultPrevented: true, preventDefault: vi.fn(), dataTransfer: files('/x/c.sstrace') })
    drop({ defaultPrevented: false, preventDefault: vi.fn(), dataTransfer: files('/x/notes.txt') })
    expect(m.ipcRenderer.send).toHaveBeenCalledTimes(1)
  })
})
