/**
 * The application menu: `buildMenuTemplate` is a pure function of the
 * platform and a little state (recent files, theme, capabilities) that returns
 * Electron's template, every click mapped to a `MenuAction`; `installMenu` is the
 * glue. Keys come from commands.ts.
 */
import { basename, dirname } from 'node:path'
import type { Menu as MenuType, MenuItemConstructorOptions } from 'electron'
import type { MenuAction, ShellCommandId, ThemeChoice } from './commands.js'
import { ACCELERATORS, LABELS } from './commands.js'

export interface MenuContext {
  platform: NodeJS.Platform
  appName: string
  recentFiles: readonly string[]
  theme: ThemeChoice
  /** Development build: adds Reload and Toggle Developer Tools. */
  isDev: boolean
  /** The engine can import APEX exports (shown once the contract has the method). */
  canImportApex: boolean
}

export type MenuRunner = (action: MenuAction) => void

/** Windows and Linux read `&` as a mnemonic marker. */
export function menuLabelText(text: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? text : text.replaceAll('&', '&&')
}

export function recentFileLabel(path: string, platform: NodeJS.Platform): string {
  const dir = dirname(path)
  const shortDir = dir.length > 60 ? `…${dir.slice(-59)}` : dir
  return menuLabelText(`${basename(path)} — ${shortDir}`, platform)
}

export function buildMenuTemplate(ctx: MenuContext, run: MenuRunner): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin'
  const item = (command: ShellCommandId, extra: Partial<MenuItemConstructorOptions> = {}): MenuItemConstructorOptions => {
    const accelerator = ACCELERATORS[command]
    return { id: command, label: LABELS[command], ...(accelerator ? { accelerator } : {}), click: () => run({ command }), ...extra }
  }
  const sep: MenuItemConstructorOptions = { type: 'separator' }

  const recent: MenuItemConstructorOptions[] = ctx.recentFiles.map((path, i) => ({
    id: `file.openRecent.${i}`,
    label: recentFileLabel(path, ctx.platform),
    click: () => run({ command: 'file.openRecent', path }),
  }))

  const appMenu: MenuItemConstructorOptions = {
    label: ctx.appName,
    submenu: [
      item('help.about', { label: `About ${ctx.appName}` }),
      sep,
      { role: 'services' },
      sep,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { role: 'quit' },
    ],
  }

  const fileMenu: MenuItemConstructorOptions = {
    id: 'file',
    label: '&File',
    submenu: [
      item('file.newWorkspace'),
      item('file.openTrace'),
      {
        id: 'file.openRecent',
        label: LABELS['file.openRecent'],
        submenu: [
          ...(recent.length > 0 ? recent : [{ id: 'file.openRecent.none', label: 'No Recent Traces', enabled: false }]),
          sep,
          item('file.clearRecent', { enabled: recent.length > 0 }),
        ],
      },
      item('file.openDemo'),
      sep,
      item('file.saveTraceAs'),
      { id: 'file.export', label: 'Export', submenu: [item('file.exportStateCsv'), item('file.exportStateJson')] },
      ...(ctx.canImportApex ? [item('file.importApexExport')] : []),
      sep,
      mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  }

  const editMenu: MenuItemConstructorOptions = {
    id: 'edit',
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }, sep, item('edit.find')],
  }

  const themeItem = (command: ShellCommandId, theme: ThemeChoice) => item(command, { type: 'radio', checked: ctx.theme === theme })
  const viewMenu: MenuItemConstructorOptions = {
    id: 'view',
    label: '&View',
    submenu: [
      item('view.panel.sessions'),
      item('view.panel.state'),
      item('view.panel.timeline'),
      item('view.panel.inspector'),
      sep,
      { id: 'view.theme', label: 'Theme', submenu: [themeItem('view.theme.system', 'system'), themeItem('view.theme.light', 'light'), themeItem('view.theme.dark', 'dark')] },
      sep,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      // F11 is Go → Next Phase, so full screen takes the other common key on Windows/Linux.
      { role: 'togglefullscreen', accelerator: mac ? 'Ctrl+Command+F' : 'Alt+Enter' },
      ...(ctx.isDev ? [sep, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  }

  const goMenu: MenuItemConstructorOptions = {
    id: 'go',
    label: '&Go',
    submenu: [
      item('go.stepBack'),
      item('go.stepForward'),
      sep,
      item('go.phaseBack'),
      item('go.phaseForward'),
      sep,
      item('go.continueBack'),
      item('go.continue'),
      sep,
      item('go.first'),
      item('go.last'),
      item('go.toStep'),
      sep,
      item('go.playPause'),
    ],
  }

  const helpMenu: MenuItemConstructorOptions = {
    id: 'help',
    label: '&Help',
    role: 'help',
    submenu: [item('help.documentation'), ...(mac ? [] : [sep, item('help.about', { label: `&About ${ctx.appName}` })])],
  }

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, goMenu, ...(mac ? [{ role: 'windowMenu' } as const] : []), helpMenu]
}

/** Every accelerator in a template (for the uniqueness test and diagnostics). */
export function collectAccelerators(template: readonly MenuItemConstructorOptions[]): string[] {
  const out: string[] = []
  const walk = (items: readonly MenuItemConstructorOptions[]) => {
    for (const i of items) {
      if (typeof i.accelerator === 'string') out.push(i.accelerator)
      if (Array.isArray(i.submenu)) walk(i.submenu)
    }
  }
  walk(template)
  return out
}

export function installMenu(menu: Pick<typeof MenuType, 'buildFromTemplate' | 'setApplicationMenu'>, ctx: MenuContext, run: MenuRunner): void {
  menu.setApplicationMenu(menu.buildFromTemplate(buildMenuTemplate(ctx, run)))
}
