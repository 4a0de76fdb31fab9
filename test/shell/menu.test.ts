import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { ACCELERATORS, MAIN_COMMANDS, RENDERER_COMMANDS, UI_RUNNABLE_MAIN_COMMANDS, isMainCommand, isRendererCommand } from '../../src-main/shell/commands.js'
import type { MenuAction } from '../../src-main/shell/commands.js'
import { buildMenuTemplate, collectAccelerators, installMenu, menuLabelText } from '../../src-main/shell/menu.js'
import type { MenuContext } from '../../src-main/shell/menu.js'

const ctx = (over: Partial<MenuContext> = {}): MenuContext => ({
  platform: 'linux',
  appName: 'Session Scope',
  recentFiles: [],
  theme: 'system',
  isDev: false,
  canImportApex: false,
  ...over,
})

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])])
}
function byId(items: readonly MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions {
  const found = flatten(items).find((i) => i.id === id)
  if (!found) throw new Error(`no menu item ${id}`)
  return found
}
function click(item: MenuItemConstructorOptions) {
  ;(item.click as () => void)()
}

describe('the menu template', () => {
  it('has File, Edit, View, Go and Help on Windows/Linux; the app and Window menus on macOS', () => {
    expect(buildMenuTemplate(ctx(), vi.fn()).map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', '&Go', '&Help'])
    expect(buildMenuTemplate(ctx({ platform: 'darwin' }), vi.fn()).map((m) => m.label ?? m.role)).toEqual(['Session Scope', '&File', '&Edit', '&View', '&Go', 'windowMenu', '&Help'])
  })

  it('File has the issue\'s commands, Open Trace on Ctrl/Cmd+O', () => {
    const t = buildMenuTemplate(ctx(), vi.fn())
    const file = (t[0]!.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator').map((i) => i.id ?? i.role)
    expect(file).toEqual(['file.newWorkspace', 'file.openTrace', 'file.openRecent', 'file.openDemo', 'file.saveTraceAs', 'file.export', 'quit'])
    expect(byId(t, 'file.openTrace').accelerator).toBe('CmdOrCtrl+O')
    expect((byId(t, 'file.export').submenu as MenuItemConstructorOptions[]).map((i) => i.id)).toEqual(['file.exportStateCsv', 'file.exportStateJson'])
  })

  it('shows Import APEX Export only once the engine offers it', () => {
    expect(() => byId(buildMenuTemplate(ctx(), vi.fn()), 'file.importApexExport')).toThrow()
    expect(byId(buildMenuTemplate(ctx({ canImportApex: true }), vi.fn()), 'file.importApexExport').label).toBe('Import APEX Export…')
  })

  it('lists recent files, newest first, each opening its path', () => {
    const run = vi.fn<(a: MenuAction) => void>()
    const t = buildMenuTemplate(ctx({ recentFiles: ['/a/one.sstrace', '/b/R&D.sstrace'] }), run)
    const recent = byId(t, 'file.openRecent').submenu as MenuItemConstructorOptions[]
    expect(recent[0]!.label).toBe('one.sstrace — /a')
    expect(recent[1]!.label).toBe('R&&D.sstrace — /b')
    click(recent[1]!)
    expect(run).toHaveBeenCalledWith({ command: 'file.openRecent', path: '/b/R&D.sstrace' })
    expect(byId(t, 'file.clearRecent').enabled).toBe(true)
    const empty = buildMenuTemplate(ctx(), run)
    expect(byId(empty, 'file.openRecent.none').enabled).toBe(false)
    expect(byId(empty, 'file.clearRecent').enabled).toBe(false)
  })

  it('Go has every step command with its key', () => {
    const run = vi.fn()
    const t = buildMenuTemplate(ctx(), run)
    const go = (t.find((m) => m.id === 'go')!.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator')
    expect(go.map((i) => i.id).sort()).toEqual(RENDERER_COMMANDS.filter((c) => c.startsWith('go.')).sort())
    expect(byId(t, 'go.stepForward').accelerator).toBe('F10')
    expect(byId(t, 'go.stepBack').accelerator).toBe('Shift+F10')
    click(byId(t, 'go.stepForward'))
    expect(run).toHaveBeenCalledWith({ command: 'go.stepForward' })
  })

  it('View has panels, zoom and a theme radio group reflecting the choice', () => {
    const t = buildMenuTemplate(ctx({ theme: 'dark' }), vi.fn())
    const view = flatten([t.find((m) => m.id === 'view')!])
    expect(view.map((i) => i.role).filter(Boolean)).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']))
    expect(byId(t, 'view.theme.dark')).toMatchObject({ type: 'radio', checked: true })
    expect(byId(t, 'view.theme.light')).toMatchObject({ type: 'radio', checked: false })
    expect(view.some((i) => i.role === 'toggleDevTools')).toBe(false)
    expect(flatten(buildMenuTemplate(ctx({ isDev: true }), vi.fn())).some((i) => i.role === 'toggleDevTools')).toBe(true)
  })

  it('Help has Documentation and About (About lives in the app menu on macOS)', () => {
    expect(byId(buildMenuTemplate(ctx(), vi.fn()), 'help.documentation').accelerator).toBe('F1')
    const mac = buildMenuTemplate(ctx({ platform: 'darwin' }), vi.fn())
    expect((mac[0]!.submenu as MenuItemConstructorOptions[])[0]!.id).toBe('help.about')
  })

  it.each(['linux', 'win32', 'darwin'] as const)('no key is bound twice (%s)', (platform) => {
    const keys = collectAccelerators(buildMenuTemplate(ctx({ platform, isDev: true, canImportApex: true }), vi.fn())).map((k) => k.toLowerCase())
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('every command has a menu item, and every menu command is routed somewhere', () => {
    const ids = new Set(flatten(buildMenuTemplate(ctx({ canImportApex: true, recentFiles: ['/x.sstrace'] }), vi.fn())).map((i) => i.id))
    for (const c of [...RENDERER_COMMANDS, ...MAIN_COMMANDS]) expect(ids.has(c), c).toBe(true)
    for (const c of Object.keys(ACCELERATORS)) expect(isRendererCommand(c) || isMainCommand(c)).toBe(true)
    for (const c of UI_RUNNABLE_MAIN_COMMANDS) expect(isMainCommand(c)).toBe(true)
  })

  it('installs through Menu.buildFromTemplate / setApplicationMenu', () => {
    const menu = { buildFromTemplate: vi.fn((t: unknown) => ({ t })), setApplicationMenu: vi.fn() }
    installMenu(menu as never, ctx(), vi.fn())
    expect(menu.setApplicationMenu).toHaveBeenCalledWith({ t: expect.any(Array) })
  })

  it('escapes & in labels where it marks mnemonics', () => {
    expect(menuLabelText('A&B', 'win32')).toBe('A&&B')
    expect(menuLabelText('A&B', 'darwin')).toBe('A&B')
  })
})
