/**
 * File → Import APEX Export… in the desktop shell: the menu item exists once
 * the contract has the method, the by-path method is main-only over IPC, and
 * the main-process action picks, imports, asks before closing recorded work,
 * and reports errors with file and line.
 */
import type { MenuItemConstructorOptions } from 'electron'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiResponse, MethodName } from '../../src-main/api/contract.js'
import { isMethodName } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { UI_RUNNABLE_MAIN_COMMANDS, isMainCommand } from '../../src-main/shell/commands.js'
import type { FileActionDeps } from '../../src-main/shell/file-actions.js'
import { APEX_EXPORT_FILTERS, importApexDialog, importApexPath, pickExportPath } from '../../src-main/shell/file-actions.js'
import { MAIN_ONLY_METHODS, createInvokeHandler } from '../../src-main/shell/ipc-bridge.js'
import type { SenderInfo } from '../../src-main/shell/ipc-bridge.js'
import { buildMenuTemplate } from '../../src-main/shell/menu.js'
import { F130_FILE, F347_FOLDER } from '../apex-import/fixtures.js'
import { itWithSharedFixtures } from '../helpers/shared-fixtures.js'

const ours: SenderInfo = { url: 'app://session-scope/index.html', isMainFrame: true }

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])])
}

describe('the menu and the bridge', () => {
  it('File has Import APEX Export… now that the contract has workspace.importApexExport; it runs the main command', () => {
    // desktop-app.ts derives canImportApex exactly so.
    const canImportApex = isMethodName('workspace.importApexExport')
    expect(canImportApex).toBe(true)
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const run = vi.fn()
      const t = buildMenuTemplate({ platform, appName: 'Session Scope', recentFiles: [], theme: 'system', isDev: false, canImportApex }, run)
      const file = t.find((m) => m.id === 'file')!
      const item = flatten(file.submenu as MenuItemConstructorOptions[]).find((i) => i.id === 'file.importApexExport')
      expect(item?.label).toBe('Import APEX Export…')
      ;(item!.click as () => void)()
      expect(run).toHaveBeenCalledWith({ command: 'file.importApexExport' })
    }
    expect(isMainCommand('file.importApexExport')).toBe(true)
    expect(UI_RUNNABLE_MAIN_COMMANDS).toContain('file.importApexExport')
  })

  it('workspace.importApexExport is main-only: the renderer is refused and told to use shell.run; importApexFiles goes through', async () => {
    expect(MAIN_ONLY_METHODS).toContain('workspace.importApexExport')
    expect(MAIN_ONLY_METHODS).not.toContain('workspace.importApexFiles')
    const dispatch = vi.fn(async (_m: MethodName, _p: unknown) => ({ ok: true, result: {} }) as ApiResponse<MethodName>)
    const runCommand = vi.fn(async () => {})
    const handle = createInvokeHandler({ dispatch, runCommand, devServerUrl: null })
    const refused = await handle(ours, 'workspace.importApexExport', { path: '/home/someone/.ssh/id_rsa' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining("command: 'file.importApexExport'") } })
    expect(dispatch).not.toHaveBeenCalled()
    expect(await handle(ours, 'shell.run', { command: 'file.importApexExport' })).toEqual({ ok: true, result: { done: true } })
    expect(runCommand).toHaveBeenCalledWith('file.importApexExport')
    expect((await handle(ours, 'workspace.importApexFiles', { files: [{ path: 'f1.sql', text: 'x' }] })).ok).toBe(true)
    expect(dispatch).toHaveBeenCalledWith('workspace.importApexFiles', { files: [{ path: 'f1.sql', text: 'x' }] })
    expect(await handle(ours, 'workspace.importApexFiles', { files: [] })).toMatchObject({ ok: false, error: { code: 'invalidPayload', field: 'files' } })
  })
})

describe('picking a file or a folder', () => {
  it('macOS: one dialog for both; Windows/Linux: asks which, then the matching dialog', async () => {
    const open = vi.fn(async () => '/x')
    const ask = vi.fn(async () => 'folder' as const)
    expect(await pickExportPath('darwin', { ask, open })).toBe('/x')
    expect(open).toHaveBeenLastCalledWith(['openFile', 'openDirectory'])
    expect(ask).not.toHaveBeenCalled()
    expect(await pickExportPath('win32', { ask, open })).toBe('/x')
    expect(open).toHaveBeenLastCalledWith(['openDirectory'])
    ask.mockResolvedValueOnce('file' as never)
    await pickExportPath('linux', { ask, open })
    expect(open).toHaveBeenLastCalledWith(['openFile'])
    ask.mockResolvedValueOnce(null as never)
    open.mockClear()
    expect(await pickExportPath('linux', { ask, open })).toBeNull()
    expect(open).not.toHaveBeenCalled()
  })
})

let service: EngineService | null = null
afterEach(() => {
  service?.close()
  service = null
})

function deps(picked: string | null) {
  service = new EngineService()
  const s = service
  return {
    dispatch: vi.fn((m: MethodName, p: unknown) => s.dispatch(m, p)),
    dialogs: {
      openFile: vi.fn(async () => null as string | null),
      saveFile: vi.fn(async () => null as string | null),
      error: vi.fn(),
      openExport: vi.fn(async () => picked),
      confirm: vi.fn(async () => false),
      unsaved: vi.fn(async () => 'cancel' as 'save' | 'discard' | 'cancel'),
    },
    fs: { size: vi.fn(), readText: vi.fn(), writeText: vi.fn() },
    opened: vi.fn(),
    missing: vi.fn(),
    progress: vi.fn(),
  } satisfies FileActionDeps
}

describe('File → Import APEX Export… in main', () => {
  itWithSharedFixtures('imports the picked export by path; the UI hears of it through apex.imported', async () => {
    const d = deps(F347_FOLDER)
    const heard = vi.fn()
    service!.subscribe('apex.imported', heard)
    expect(await importApexDialog(d)).toEqual({ ok: true })
    expect(d.dialogs.openExport).toHaveBeenCalledWith({ title: 'Import APEX Export', filters: APEX_EXPORT_FILTERS })
    expect(d.dispatch).toHaveBeenCalledWith('workspace.importApexExport', { path: F347_FOLDER })
    expect(heard).toHaveBeenCalledWith(expect.objectContaining({ action: 'newWorkspace', home: expect.objectContaining({ app: 347, page: 10 }) }))
    expect(d.dialogs.error).not.toHaveBeenCalled()
  })

  it('does nothing when the dialog is cancelled', async () => {
    const d = deps(null)
    expect(await importApexDialog(d)).toEqual({ ok: 'cancelled' })
    expect(d.dispatch).not.toHaveBeenCalled()
  })

  itWithSharedFixtures('asks before closing a workspace with recorded steps; no keeps it, yes starts a new one', async () => {
    const d = deps(F130_FILE)
    await service!.dispatch('workspace.openDemo', { name: 'onboarding-wizard' })
    expect(await importApexPath(d, F130_FILE)).toEqual({ ok: true }) // added: app 130 was free
    const steps = service!.steps.length
    expect(await importApexPath(d, F130_FILE)).toEqual({ ok: 'cancelled' })
    expect(d.dialogs.confirm).toHaveBeenCalledWith(expect.objectContaining({ action: 'Start New Workspace', detail: expect.stringMatching(/already has an application 130/) }))
    expect(service!.steps.length).toBe(steps)
    // Yes — but the home page the first import opened is a live step no file has: asked about like any replace.
    d.dialogs.confirm.mockResolvedValueOnce(true)
    expect(await importApexPath(d, F130_FILE)).toEqual({ ok: 'cancelled' })
    expect(d.dialogs.unsaved).toHaveBeenCalledWith({ count: 1, what: 'Importing f130.sql' })
    expect(service!.steps.length).toBe(steps)
    d.dialogs.confirm.mockResolvedValueOnce(true)
    d.dialogs.unsaved.mockResolvedValueOnce('discard')
    expect(await importApexPath(d, F130_FILE)).toEqual({ ok: true })
    expect(d.dispatch).toHaveBeenLastCalledWith('workspace.importApexExport', { path: F130_FILE, newWorkspace: true })
    expect(service!.steps.length).toBe(1)
  })

  it('reports an export that cannot be imported with its file and line, and keeps the workspace', async () => {
    const d = deps(null)
    await service!.dispatch('workspace.openDemo', { name: 'phone-number' })
    const steps = service!.steps.length
    const file = join(mkdtempSync(join(tmpdir(), 'ss-apex-')), 'f9.sql')
    writeFileSync(file, "begin\nwwv_flow_imp_page.create_page(\n p_id=>1\n,p_name=>'Home\n);\nend;\n")
    const r = await importApexPath(d, file)
    expect(r).toMatchObject({ ok: false, error: { code: 'invalidExport', line: 2 } })
    expect(d.dialogs.error).toHaveBeenCalledWith('Could not import f9.sql', expect.stringMatching(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: .*create_page.*\\(line 2\\)$`)))
    expect(service!.steps.length).toBe(steps)
  })
})
