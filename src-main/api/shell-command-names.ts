/**
 * The desktop shell's command names, shared by the shell (menus, keys, the
 * IPC bridge: src-main/shell/commands.ts) and the contract (`shell.run`,
 * `shell.command`), so the renderer gets them as types without importing the
 * shell. No Electron here.
 *
 * `renderer` commands reach the UI as `shell.command` events
 * (`{ command: 'go.stepForward' }`); `main` commands run in the main process
 * (dialogs, files, window), and the UI may ask for the UI-runnable ones with
 * `invoke('shell.run', { command })`.
 */

export const RENDERER_COMMANDS = [
  'file.newWorkspace',
  'file.openDemo',
  'edit.find',
  'view.panel.sessions',
  'view.panel.state',
  'view.panel.timeline',
  'view.panel.inspector',
  'view.theme.system',
  'view.theme.light',
  'view.theme.dark',
  'go.stepBack',
  'go.stepForward',
  'go.phaseBack',
  'go.phaseForward',
  'go.continueBack',
  'go.continue',
  'go.first',
  'go.last',
  'go.playPause',
  'go.toStep',
] as const

export const MAIN_COMMANDS = [
  'file.openTrace',
  'file.openRecent',
  'file.clearRecent',
  'file.saveTraceAs',
  'file.exportStateCsv',
  'file.exportStateJson',
  'file.importApexExport',
  'help.documentation',
  'help.about',
] as const

export type RendererCommand = (typeof RENDERER_COMMANDS)[number]
export type MainCommand = (typeof MAIN_COMMANDS)[number]
export type ShellCommandId = RendererCommand | MainCommand

/** Main commands the UI may trigger (Open Recent needs a path the UI never sees, so it is menu-only). */
export const UI_RUNNABLE_MAIN_COMMANDS = [
  'file.openTrace',
  'file.saveTraceAs',
  'file.exportStateCsv',
  'file.exportStateJson',
  'file.importApexExport',
  'help.documentation',
  'help.about',
] as const satisfies readonly MainCommand[]

export type UiRunnableMainCommand = (typeof UI_RUNNABLE_MAIN_COMMANDS)[number]

export function isRendererCommand(id: unknown): id is RendererCommand {
  return typeof id === 'string' && (RENDERER_COMMANDS as readonly string[]).includes(id)
}

export function isMainCommand(id: unknown): id is MainCommand {
  return typeof id === 'string' && (MAIN_COMMANDS as readonly string[]).includes(id)
}
