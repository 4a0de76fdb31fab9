/**
 * The desktop commands: what the menus offer, their keys, and who carries them
 * out. `main` commands run in the main process (dialogs, files, window);
 * `renderer` commands reach the UI as `shell.command` events
 * (`{ command: 'go.stepForward' }`) through the preload's `subscribe`.
 * The UI can ask main to run a `main` command with `invoke('shell.run', { command })`.
 */

// The names live in the contract's folder, so the renderer gets them as types (shell.run, shell.command).
import type { ShellCommandId } from '../api/shell-command-names.js'
export { MAIN_COMMANDS, RENDERER_COMMANDS, UI_RUNNABLE_MAIN_COMMANDS, isMainCommand, isRendererCommand } from '../api/shell-command-names.js'
export type { MainCommand, RendererCommand, ShellCommandId, UiRunnableMainCommand } from '../api/shell-command-names.js'

/** A menu click: the command, plus a file path for Open Recent. */
export interface MenuAction {
  command: ShellCommandId
  path?: string
}

/**
 * Keys (Electron accelerator syntax). Stepping uses function keys, like
 * source debuggers (F10 step, F11 step into a phase, F8 continue to the next
 * breakpoint; Shift = backwards), so no plain key is taken from text fields.
 */
export const ACCELERATORS: Partial<Record<ShellCommandId, string>> = {
  'file.newWorkspace': 'CmdOrCtrl+N',
  'file.openTrace': 'CmdOrCtrl+O',
  'file.saveTraceAs': 'CmdOrCtrl+Shift+S',
  'edit.find': 'CmdOrCtrl+F',
  'view.panel.sessions': 'CmdOrCtrl+1',
  'view.panel.state': 'CmdOrCtrl+2',
  'view.panel.timeline': 'CmdOrCtrl+3',
  'view.panel.inspector': 'CmdOrCtrl+4',
  'go.stepForward': 'F10',
  'go.stepBack': 'Shift+F10',
  'go.phaseForward': 'F11',
  'go.phaseBack': 'Shift+F11',
  'go.continue': 'F8',
  'go.continueBack': 'Shift+F8',
  'go.first': 'CmdOrCtrl+Home',
  'go.last': 'CmdOrCtrl+End',
  'go.playPause': 'CmdOrCtrl+J',
  'go.toStep': 'CmdOrCtrl+G',
  'help.documentation': 'F1',
}

export const LABELS: Record<ShellCommandId, string> = {
  'file.newWorkspace': 'New Workspace',
  'file.openDemo': 'Open Demo…',
  'file.openTrace': 'Open Trace…',
  'file.openRecent': 'Open Recent',
  'file.clearRecent': 'Clear Recently Opened',
  'file.saveTraceAs': 'Save Trace As…',
  'file.exportStateCsv': 'State as CSV…',
  'file.exportStateJson': 'State as JSON…',
  'file.importApexExport': 'Import APEX Export…',
  'edit.find': 'Find in State…',
  'view.panel.sessions': 'Sessions',
  'view.panel.state': 'Session State',
  'view.panel.timeline': 'Timeline',
  'view.panel.inspector': 'Step Inspector',
  'view.theme.system': 'System',
  'view.theme.light': 'Light',
  'view.theme.dark': 'Dark',
  'go.stepBack': 'Step Back',
  'go.stepForward': 'Step Forward',
  'go.phaseBack': 'Previous Phase',
  'go.phaseForward': 'Next Phase (Step Into)',
  'go.continueBack': 'Reverse Continue to Breakpoint',
  'go.continue': 'Continue to Breakpoint',
  'go.first': 'First Step',
  'go.last': 'Last Step',
  'go.playPause': 'Play / Pause',
  'go.toStep': 'Go to Step…',
  'help.documentation': 'Documentation',
  'help.about': 'About Session Scope',
}

export type ThemeChoice = 'system' | 'light' | 'dark'

export function themeOf(command: ShellCommandId): ThemeChoice | null {
  if (command === 'view.theme.system') return 'system'
  if (command === 'view.theme.light') return 'light'
  if (command === 'view.theme.dark') return 'dark'
  return null
}
