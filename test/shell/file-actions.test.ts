import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiResponse, MethodName, WorkspaceSummary } from '../../src-main/api/contract.js'
import { EngineService, demoTracesDir } from '../../src-main/api/engine-service.js'
import type { FileActionDeps, UnsavedChoice } from '../../src-main/shell/file-actions.js'
import { exportState, mayReplaceWorkspace, openTraceDialog, openTracePath, safeFileName, saveTraceAs, withExtension } from '../../src-main/shell/file-actions.js'

const demo = join(demoTracesDir(), 'onboarding-wizard.sstrace')
let service: EngineService

function deps() {
  service = new EngineService()
  const written = new Map<string, string>()
  const d = {
    dispatch: vi.fn((m: MethodName, p: unknown) => service.dispatch(m, p)),
    dialogs: {
      openFile: vi.fn(async () => demo as string | null),
      saveFile: vi.fn(async () => '/out/file' as string | null),
      error: vi.fn(),
      unsaved: vi.fn(async (_ask: { count: number; what: string }): Promise<UnsavedChoice> => 'cancel'),
    },
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

/** An engine that does not have workspace.openTraceFile yet: main reads the file and sends its text. */
function withoutOpenTraceFile(d: ReturnType<typeof deps>['d']): void {
  d.dispatch.mockImplementation(async (m: MethodName, p: unknown) =>
    m === 'workspace.openTraceFile' ? ({ ok: false, error: { code: 'internal', message: 'workspace.openTraceFile is not available in this build yet' } } as ApiResponse<MethodName>) : service.dispatch(m, p),
  )
}

describe('open', () => {
  it('opens a trace by path through the engine and remembers it', async () => {
    const { d } = deps()
    expect(await openTracePath(d, demo)).toEqual({ ok: true })
    expect(d.dispatch.mock.calls.map((c) => c[0])).toEqual(['workspace.summary', 'workspace.openTraceFile'])
    expect(d.dispatch.mock.calls[1]).toEqual(['workspace.openTraceFile', { path: demo }])
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
    withoutOpenTraceFile(d)
    const r = await openTracePath(d, '/x/bad.sstrace')
    expect(r).toMatchObject({ ok: false, error: { code: 'invalidTrace', line: 2 } })
    expect(d.dialogs.error).toHaveBeenCalledWith('Could not open bad.sstrace', expect.stringContaining('(line 2)'))
    expect(d.opened).not.toHaveBeenCalled()
  })

  it('drops a recent entry whose file is gone', async () => {
    const { d } = deps()
    withoutOpenTraceFile(d)
    d.fs.size.mockRejectedValueOnce(new Error('ENOENT'))
    expect(await openTracePath(d, '/gone.sstrace')).toMatchObject({ ok: false, error: { code: 'notFound' } })
    expect(d.missing).toHaveBeenCalledWith('/gone.sstrace')
  })

  it('refuses a file too big to send inline (fallback path)', async () => {
    const { d } = deps()
    withoutOpenTraceFile(d)
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

describe('unsaved live steps', () => {
  /** A live workspace with `n` steps recorded live (rendered pages of the onboarding demo app). */
  async function withLiveSteps(d: FileActionDeps, n: number): Promise<void> {
    expect((await service.dispatch('workspace.new', { use: ['demo:onboarding'], title: 'Live' })).ok).toBe(true)
    for (let i = 0; i < n; i++) expect((await service.dispatch('operate', { op: { type: 'request', url: 'f?p=HR:43' } })).ok).toBe(true)
    expect(await unsaved()).toBe(n)
  }

  const unsaved = async () => {
    const s = await service.dispatch('workspace.summary', {})
    return s.ok ? (s.result as WorkspaceSummary).unsavedSteps : null
  }

  const stepCount = async () => ((await service.dispatch('steps.count', {})) as { result: { count: number } }).result.count

  it('does not ask when nothing is unsaved (an opened trace is its own file)', async () => {
    const { d } = deps()
    expect(await openTracePath(d, demo)).toEqual({ ok: true })
    expect(await openTracePath(d, demo)).toEqual({ ok: true })
    expect(d.dialogs.unsaved).not.toHaveBeenCalled()
  })

  it('asks before an open replaces live steps; cancel keeps every step', async () => {
    const { d } = deps()
    await withLiveSteps(d, 3)
    expect(await openTracePath(d, demo)).toEqual({ ok: 'cancelled' })
    expect(d.dialogs.unsaved).toHaveBeenCalledWith({ count: 3, what: 'Opening onboarding-wizard.sstrace' })
    expect(d.dispatch.mock.calls.some((c) => c[0] === 'workspace.openTraceFile')).toBe(false)
    expect(await stepCount()).toBe(3)
  })

  it("opens anyway after Don't Save", async () => {
    const { d } = deps()
    await withLiveSteps(d, 2)
    d.dialogs.unsaved.mockResolvedValueOnce('discard')
    expect(await openTracePath(d, demo)).toEqual({ ok: true })
    expect(d.opened).toHaveBeenCalled()
    expect(await unsaved()).toBe(0)
  })

  it('saves first, then opens; the saved file holds the live steps', async () => {
    const { d, written } = deps()
    await withLiveSteps(d, 2)
    d.dialogs.unsaved.mockResolvedValueOnce('save')
    expect(await openTracePath(d, demo)).toEqual({ ok: true })
    const text = written.get('/out/file.sstrace')!
    const again = new EngineService()
    try {
      expect((await again.dispatch('workspace.openTraceText', { text })).ok).toBe(true)
      expect(again.steps.length).toBe(2)
    } finally {
      again.close()
    }
  })

  it('keeps the workspace when the save is cancelled or fails', async () => {
    const { d } = deps()
    await withLiveSteps(d, 1)
    d.dialogs.unsaved.mockResolvedValue('save')
    d.dialogs.saveFile.mockResolvedValueOnce(null)
    expect(await mayReplaceWorkspace(d, 'New')).toBe(false)
    d.fs.writeText.mockRejectedValueOnce(new Error('ENOSPC'))
    expect(await mayReplaceWorkspace(d, 'New')).toBe(false)
    expect(d.dialogs.error).toHaveBeenCalled()
    expect(await unsaved()).toBe(1)
  })

  it('asks again when steps were recorded while the user was answering', async () => {
    const { d } = deps()
    await withLiveSteps(d, 1)
    // Another window records a step while this dialog is open; the user said Don't Save to 1 step.
    d.dialogs.unsaved.mockImplementationOnce(async () => {
      expect((await service.dispatch('operate', { op: { type: 'request', url: 'f?p=HR:43' } })).ok).toBe(true)
      return 'discard'
    })
    expect(await mayReplaceWorkspace(d, 'New')).toBe(false)
    expect(d.dialogs.unsaved.mock.calls.map((c) => c[0].count)).toEqual([1, 2])
    expect(await unsaved()).toBe(2)
  })

  it('Save Trace As marks the steps saved; steps recorded after it are unsaved again', async () => {
    const { d } = deps()
    await withLiveSteps(d, 2)
    expect(await saveTraceAs(d, 'Live')).toEqual({ ok: true })
    expect(await mayReplaceWorkspace(d, 'New')).toBe(true)
    expect(d.dialogs.unsaved).not.toHaveBeenCalled()
    expect((await service.dispatch('operate', { op: { type: 'request', url: 'f?p=HR:43' } })).ok).toBe(true)
    expect(await mayReplaceWorkspace(d, 'New')).toBe(false)
    expect(d.dialogs.unsaved).toHaveBeenLastCalledWith({ count: 1, what: 'New' })
  })
})
