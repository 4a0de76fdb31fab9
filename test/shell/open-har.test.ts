/**
 * Desktop Open (dialog, recent list, drop by path) takes a browser recording
 * (.har) too: it goes to workspace.openHarFile (the HAR importer, then the
 * load), a failure is shown with the entry it names, and the Open dialog
 * lists HAR files.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MethodName } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { FileActionDeps, UnsavedChoice } from '../../src-main/shell/file-actions.js'
import { TRACE_FILTERS, openTraceDialog, openTracePath } from '../../src-main/shell/file-actions.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname
let service: EngineService

function deps(picked: string) {
  service = new EngineService({ workspaceDir: mkdtempSync(join(tmpdir(), 'ss-shell-har-')) })
  return {
    dispatch: vi.fn((m: MethodName, p: unknown) => service.dispatch(m, p)),
    dialogs: {
      openFile: vi.fn(async () => picked as string | null),
      saveFile: vi.fn(async () => null as string | null),
      error: vi.fn(),
      unsaved: vi.fn(async (): Promise<UnsavedChoice> => 'cancel'),
    },
    fs: { size: vi.fn(async (p: string) => readFileSync(p).length), readText: vi.fn(async (p: string) => readFileSync(p, 'utf8')), writeText: vi.fn(async () => undefined) },
    opened: vi.fn(),
    missing: vi.fn(),
    progress: vi.fn(),
  } satisfies FileActionDeps
}

afterEach(() => service?.close())

describe('desktop Open: a browser recording', () => {
  it('the dialog lists HAR files and a .har path opens through workspace.openHarFile', async () => {
    expect(TRACE_FILTERS.some((f) => f.extensions.includes('har'))).toBe(true)
    const d = deps(HAR)
    expect(await openTraceDialog(d)).toEqual({ ok: true })
    expect(d.dispatch.mock.calls.map((c) => c[0])).toEqual(['workspace.summary', 'workspace.openHarFile'])
    expect(d.opened).toHaveBeenCalledWith(HAR, expect.objectContaining({ title: 'onboarding-next-to-45.constructed.har (browser recording)', steps: 6 }))
  })

  it('a recording the importer cannot use is shown with the entry it names; nothing is remembered', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ss-shell-har-bad-')), 'bad.har')
    writeFileSync(bad, JSON.stringify({ log: { version: '1.2', entries: [{ request: 5 }] } }))
    const d = deps(bad)
    const r = await openTracePath(d, bad)
    expect(r).toMatchObject({ ok: false, error: { code: 'invalidTrace' } })
    expect(d.dialogs.error).toHaveBeenCalledWith('Could not open bad.har', expect.stringMatching(/log\.entries\[0\]/))
    expect(d.opened).not.toHaveBeenCalled()
  })
})
