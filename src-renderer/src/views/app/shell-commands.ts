/**
 * Menu commands from the desktop shell: it sends `shell.command` events
 * (`{ command: 'go.stepForward' }`) through the preload's subscribe. The
 * browser host never sends them; subscribing there is harmless.
 */
import type { AppServices } from '../../stores/app-context.js'
import type { EventTopic } from '../../transport/api-types.js'
import type { ThemeChoice } from '../../stores/ui-stores.js'
import { focusRegion } from './shortcuts.js'

export function runShellCommand(s: AppServices, command: string): boolean {
  const c = s.controller
  const focus = (id: string) => {
    const el = document.getElementById(id) as HTMLElement | null
    el?.focus()
  }
  switch (command) {
    case 'file.newWorkspace':
      void c.newLiveWorkspace(['demo:onboarding'], 'Live: Onboard New Employee')
      return true
    case 'file.openDemo':
      focus('demo-select')
      return true
    case 'edit.find':
      focus('state-search')
      return true
    case 'view.panel.sessions':
      focusRegion(s, 'view-sessions')
      return true
    case 'view.panel.state':
      focusRegion(s, 'view-state')
      return true
    case 'view.panel.timeline':
      focusRegion(s, 'view-timeline')
      return true
    case 'view.panel.inspector':
      focusRegion(s, 'view-inspector')
      return true
    case 'view.theme.system':
    case 'view.theme.light':
    case 'view.theme.dark':
      s.ui.layout.getState().setTheme(command.slice('view.theme.'.length) as ThemeChoice)
      return true
    case 'go.stepBack':
      void c.stepBy(-1)
      return true
    case 'go.stepForward':
      void c.stepBy(1)
      return true
    case 'go.phaseBack':
      void c.stepOut()
      return true
    case 'go.phaseForward':
      void c.stepInto()
      return true
    case 'go.continue':
      void c.continueTo('forward')
      return true
    case 'go.continueBack':
      void c.continueTo('backward')
      return true
    case 'go.first':
      void c.first()
      return true
    case 'go.last':
      void c.last()
      return true
    case 'go.playPause':
      c.togglePlay()
      return true
    case 'go.toStep':
      focus('timeline-slider')
      return true
    default:
      return false
  }
}

export function installShellCommands(s: AppServices): () => void {
  return s.controller.api.subscribe('shell.command' as EventTopic, (p: unknown) => {
    const command = (p as { command?: unknown } | null)?.command
    if (typeof command === 'string') runShellCommand(s, command)
  })
}
