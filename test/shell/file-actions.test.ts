import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiResponse, MethodName } from '../../src-main/api/contract.js'
import { EngineService, demoTracesDir } from '../../src-main/api/engine-service.js'
import type { FileActionDeps } from '../../src-main/shell/file-actions.js'
import { exportState, openTraceDialog, openTracePath, safeFileName, saveTraceAs, withExtension } from '../../src-main/shell/file-actions.js'

const demo = join(demoTracesDir(), 'onboarding-wizard.sstrace')
let service: EngineService

function deps() {
  service = new EngineService()
  const written = new Map<string, string>()
  const d = {
    dispatch: vi.fn((m: MethodName, p: unknown) => service.dispatch(m, p)),
    dialogs: { openFile: vi.fn(async () => demo as string | null), saveFile: vi.fn(async () => '/out/file' as string | null), error: vi.fn() },
    fs: {
      size: vi.fn(async (path: string) => readFileSync(path).length),
      readText: vi.fn(async (path: string) => readFileSync(path, 'utf8')),
      writeText: vi.fn(async (path: string, text: string) => void written.set(path, text)),
    },
    opened: vi.fn(),
    missing: vi.fn(),
    progress: vi.fn(),
  } satisfies FileActionDeps
  return { d, written }
}

afterEach(() => service?.close())

describe('open', () => {
  it('opens a trace by path through the engine and remembers it', async () => {
    const { d } = deps()
    expect(await openTracePath(d, demo)).toEqual({ ok: true })
    expect(d.dispatch.mock.calls[0]).toEqual(['workspace.openTraceFile', { path: demo }])
    expect(d.opened).toHaveBeenCalledWith(demo, expect.objectContaining({ title: expect.stringContaining('Onboard') }))
    expect(d.progress.mock.calls.map((c) => c[0])).toEqual([0, -1])
    expect(((await service.dispatch('steps.count', {})) as { result: { count: number } }).result.count).toBeGreaterThan(0)
  })

  it('goes through the dialog, and does nothing when it is cancelled', async () => {
    const { d } = deps()
    expect(await openTraceDialog(d)).toEqual({ ok: true })
    d.dialogs.openFile.mockResolvedValueOnce(null)
    expect(await openTraceDialog(d)).toEqual({ ok: 'cancelled' })
  })

  it('reports a bad trace with its line and keeps the recent list', async () => {
    const { d } = deps()
    d.fs.readText.mockResolvedValueOnce('{"format":"session-trace","version":1,"title":"t"}\n{"type":"bogus"}\n')
    d.fs.size.mockResolvedValueOnce(60)
    // Both paths (openTraceFile in the engine, or the text fallback) end in a typed error.
    d.dispatch.mockImplementationOnce(async () => ({ ok: false, error: { code: 'internal', message: 'workspace.openTraceFile is not available in this build yet' } }) as ApiResponse<MethodName>)
    const r = await openTracePath(d, '/x/bad.sstrace')
    expect(r).toMatchObject({ ok: false, error: { code: 'invalidTrace', line: 2 } })
    expect(d.dialogs.error).toHaveBeenCalledWith('Could not open bad.sstrace', expect.stringContaining('(line 2)'))
    expect(d.opened).not.toHaveBeenCalled()
  })

  it('drops a recent entry whose file is gone', async () => {
    const { d } = deps()
    d.dispatch.mockImplementationOnce(async () => ({ ok: false, error: { code: 'internal', message: 'workspace.openTraceFile is not available in this build yet' } }) as ApiResponse<MethodName>)
    d.fs.size.mockRejectedValueOnce(new Error('ENOENT'))
    expect(await openTracePath(d, '/gone.sstrace')).toMatchObject({ ok: false, error: { code: 'notFound' } })
    expect(d.missing).toHaveBeenCalledWith('/gone.sstrace')
  })

  it('refuses a file too big to send inline (fallback path)', async () => {
    const { d } = deps()
    d.dispatch.mockImplementationOnce(async () => ({ ok: false, error: { code: 'internal', message: 'workspace.openTraceFile is not available in this build yet' } }) as ApiResponse<MethodName>)
    d.fs.size.mockResolvedValueOnce(65 * 1024 * 1024)
    expect(await openTracePath(d, '/big.sstrace')).toMatchObject({ ok: false, error: { code: 'invalidTrace' } })
    expect(d.fs.readText).not.toHaveBeenCalled()
  })
})

describe('save and export', () => {
  it('saves the workspace as a trace that opens again', async () => {
    const { d, written } = deps()
    await openTracePath(d, demo)
    expect(await saveTraceAs(d, 'Onboarding: wizard')).toEqual({ ok: true })
    expect(d.dialogs.saveFile).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'Onboarding wizard.sstrace' }))
    const text = written.get('/out/file.sstrace')!
    expect(text.split('\n')[0]).toContain('"format":"session-trace"')
    const again = new EngineService()
    expect((await again.dispatch('workspace.openTraceText', { text })).ok).toBe(true)
    again.close()
  })

  it('exports the state as CSV and JSON', async () => {
    const { d, written } = deps()
    await openTracePath(d, demo)
    expect(await exportState(d, 'csv', 'W')).toEqual({ ok: true })
    const csv = written.get('/out/file.csv')!
    expect(csv.startsWith('session,app,page,item,value,status\r\n')).toBe(true)
    expect(csv.split('\r\n').length).toBeGreaterThan(2)
    expect(await exportState(d, 'json', 'W')).toEqual({ ok: true })
    const json = JSON.parse(written.get('/out/file.json')!)
    expect(json).toMatchObject({ format: 'session-scope-state', version: 1, workspace: 'W' })
    expect(json.sessions.length).toBeGreaterThan(0)
  })

  it('reports a write failure', async () => {
    const { d } = deps()
    d.fs.writeText.mockRejectedValueOnce(new Error('EACCES'))
    expect(await exportState(d, 'csv', 'W')).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(d.dialogs.error).toHaveBeenCalled()
  })

  it('names files safely', () => {
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j')).toBe('a b c d e f g h i j')
    expect(safeFileName('..hidden')).toBe('hidden')
    expect(safeFileName('  ')).toBe('workspace')
    expect(withExtension('/x/a', 'csv')).toBe('/x/a.csv')
    expect(withExtension('/x/a.CSV', 'csv')).toBe('/x/a.CSV')
  })
})
