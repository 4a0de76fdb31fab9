/**
 * Menu commands from the desktop shell: it sends `shell.command` events
 * (`{ command: 'go.stepForward' }`, typed by the contract) through the
 * preload's subscribe. The browser host never sends them; subscribing there
 * is harmless. Every renderer command of the contract has a handler here (a
 * missing one fails the type check).
 */
import type { RendererCommand } from '../../../../src-main/api/contract.js'
import type { AppServices } from '../../stores/app-context.js'
import type { ThemeChoice } from '../../stores/ui-stores.js'
import { focusRegion } from './shortcuts.js'

function focus(id: string): void {
  const el = document.getElementById(id) as HTMLElement | null
  el?.focus()
}

function setTheme(s: AppServices, theme: ThemeChoice): void {
  s.ui.layout.getState().setTheme(theme)
}

const HANDLERS: Record<RendererCommand, (s: AppServices) => void> = {
  'file.newWorkspace': (s) => void s.actions.newLiveWorkspace(['demo:onboarding'], 'Live: Onboard New Employee'),
  'file.openDemo': () => focus('demo-select'),
  'edit.find': () => focus('state-search'),
  'view.panel.sessions': (s) => focusRegion(s, 'view-sessions'),
  'view.panel.state': (s) => focusRegion(s, 'view-state'),
  'view.panel.timeline': (s) => focusRegion(s, 'view-timeline'),
  'view.panel.inspector': (s) => focusRegion(s, 'view-inspector'),
  'view.theme.system': (s) => setTheme(s, 'system'),
  'view.theme.light': (s) => setTheme(s, 'light'),
  'view.theme.dark': (s) => setTheme(s, 'dark'),
  'go.stepBack': (s) => void s.actions.stepBy(-1),
  'go.stepForward': (s) => void s.actions.stepBy(1),
  'go.phaseBack': (s) => void s.actions.stepOut(),
  'go.phaseForward': (s) => void s.actions.stepInto(),
  'go.continue': (s) => void s.actions.continueTo('forward'),
  'go.continueBack': (s) => void s.actions.continueTo('backward'),
  'go.first': (s) => void s.actions.first(),
  'go.last': (s) => void s.actions.last(),
  'go.playPause': (s) => s.actions.togglePlay(),
  'go.toStep': () => focus('timeline-slider'),
}

function isRendererCommand(command: string): command is RendererCommand {
  return Object.prototype.hasOwnProperty.call(HANDLERS, command)
}

/** Runs a menu command; false when `command` is not one the UI knows. */
export function runShellCommand(s: AppServices, command: RendererCommand | (string & {})): boolean {
  if (!isRendererCommand(command)) return false
  // A modal prompt is open (unsaved live steps): menu keys must not step the timeline or move focus behind it.
  if (s.ui.unsaved.getState().pending && !command.startsWith('view.theme.')) return true
  HANDLERS[command](s)
  return true
}

export function installShellCommands(s: AppServices): () => void {
  return s.api.subscribe('shell.command', (p) => {
    // The payload crossed a process boundary: checked, not trusted.
    if (typeof p?.command === 'string') runShellCommand(s, p.command)
  })
}
