/**
 * Keyboard shortcuts (tinykeys), active anywhere in the window except while
 * typing in a field or choosing in a list. The same table feeds the help
 * overlay (?).
 *
 * Focus rules (issue #14, docs/ui.md "Keyboard"):
 *   - Text fields, selects and contenteditable keep every key (isTyping).
 *   - A select in a toolbar gives focus back once a choice is made
 *     (returnFocusAfterChoice): → after choosing a demo steps the timeline
 *     instead of opening the next demo.
 *   - Space is play/pause everywhere else — also on a focused button (it
 *     would otherwise click the last clicked button again) — except where
 *     Space is the control's own key: checkboxes and radios, menu and
 *     disclosure buttons, and anything inside a form or dialog the user is
 *     filling (keepsSpace). Enter still activates a focused button.
 */
import { tinykeys } from 'tinykeys'
import type { AppServices } from '../../stores/app-context.js'
import type { SidePanel } from '../../stores/ui-stores.js'
import { presentationOf } from '../../stores/presentation.js'
import { toggleExercise } from '../exercise/exercise-stops.js'

export interface Shortcut {
  keys: string[]
  /** What the help overlay shows, e.g. "←". */
  label: string
  does: string
  run(s: AppServices, e: KeyboardEvent): void
}

/** Views reachable by number keys; each is a focusable region with this id. */
export const VIEW_REGIONS: { key: string; id: string; name: string; panel?: SidePanel }[] = [
  { key: '1', id: 'view-sessions', name: 'Sessions' },
  { key: '2', id: 'view-state', name: 'State table' },
  { key: '3', id: 'view-timeline', name: 'Timeline' },
  { key: '4', id: 'view-inspector', name: 'Step inspector', panel: 'inspector' },
  { key: '5', id: 'view-simulator', name: 'Page simulator', panel: 'simulator' },
  { key: '6', id: 'view-flow', name: 'Flow diagram', panel: 'flow' },
  { key: '7', id: 'view-tables', name: 'Tables', panel: 'tables' },
]

export function focusRegion(s: AppServices, id: string): void {
  const r = VIEW_REGIONS.find((v) => v.id === id)
  if (r?.panel) s.ui.selection.getState().showPanel(r.panel)
  // The panel may mount on this render: focus on the next frame.
  const go = () => document.getElementById(id)?.focus()
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(go)
  else go()
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['ArrowLeft'], label: '←', does: 'Step back', run: (s) => void s.actions.stepBy(-1) },
  { keys: ['ArrowRight'], label: '→', does: 'Step forward', run: (s) => void s.actions.stepBy(1) },
  { keys: ['ArrowDown'], label: '↓', does: 'Step into the phases of the step shown (then the next phase)', run: (s) => void stepIntoInspected(s) },
  { keys: ['ArrowUp'], label: '↑', does: 'Step out (previous phase, then out of the step)', run: (s) => void s.actions.stepOut() },
  { keys: ['Home'], label: 'Home', does: 'First step', run: (s) => void s.actions.first() },
  { keys: ['End'], label: 'End', does: 'Last step', run: (s) => void s.actions.last() },
  { keys: ['Space'], label: 'Space', does: 'Play / pause', run: (s) => s.actions.togglePlay() },
  {
    keys: ['Shift++', '+', '=', 'Shift+>'],
    label: '+',
    does: 'Faster playback',
    run: (s) => {
      const playback = s.ui.playback.getState()
      playback.setSpeed(Math.min(8, playback.speed * 2))
    },
  },
  {
    keys: ['Shift+<', '-'],
    label: '−',
    does: 'Slower playback',
    run: (s) => {
      const playback = s.ui.playback.getState()
      playback.setSpeed(Math.max(0.5, playback.speed / 2))
    },
  },
  { keys: ['F8'], label: 'F8', does: 'Continue to the next breakpoint', run: (s) => void s.actions.continueTo('forward') },
  { keys: ['Shift+F8'], label: 'Shift+F8', does: 'Continue back to the previous breakpoint', run: (s) => void s.actions.continueTo('backward') },
  {
    keys: ['b'],
    label: 'B',
    does: 'Toggle a breakpoint on the current step',
    run: (s) => {
      const step = s.engine.getState().point.step
      if (step >= 0) s.ui.playback.getState().toggleStepBreakpoint(step)
    },
  },
  {
    keys: ['p'],
    label: 'P',
    does: 'Pin the current step (the inspector diffs against it)',
    run: (s) => {
      const step = s.engine.getState().point.step
      const sel = s.ui.selection.getState()
      sel.pin(sel.pinnedStep === step ? null : step)
    },
  },
  {
    keys: ['/'],
    label: '/',
    does: 'Search state (name or value)',
    run: (_s, e) => {
      e.preventDefault()
      ;(document.getElementById('state-search') as HTMLInputElement | null)?.focus()
    },
  },
  {
    keys: ['f'],
    label: 'F',
    does: 'Search the whole timeline',
    run: (_s, e) => {
      e.preventDefault()
      ;(document.getElementById('timeline-search') as HTMLInputElement | null)?.focus()
    },
  },
  ...VIEW_REGIONS.map(
    (v): Shortcut => ({ keys: [v.key], label: v.key, does: `Go to ${v.name}`, run: (s) => focusRegion(s, v.id) }),
  ),
  { keys: ['Shift+P'], label: 'Shift+P', does: 'Presenter mode on / off (large type, captions, main panels only)', run: (s) => presentationOf(s).getState().toggle() },
  {
    keys: ['e'],
    label: 'E',
    does: 'Exercise mode on / off (expect lines asked as questions; playing stops before each)',
    run: (s, e) => {
      e.preventDefault() // the question's field takes focus during this keydown: the E must not land in it
      toggleExercise(s)
    },
  },
  {
    keys: ['o'],
    label: 'O',
    does: 'Open a trace file or browser recording…',
    run: (_s, e) => {
      e.preventDefault()
      ;(document.querySelector('[data-testid="open-file-input"]') as HTMLInputElement | null)?.click()
    },
  },
  {
    keys: ['d'],
    label: 'D',
    does: 'Choose a built-in demo (focuses the list; ↓ or typing picks, focus comes back)',
    run: (_s, e) => {
      e.preventDefault()
      ;(document.getElementById('demo-select') as HTMLSelectElement | null)?.focus()
    },
  },
  {
    keys: ['t'],
    label: 'T',
    does: 'Theme: system → light → dark',
    run: (s) => {
      const layout = s.ui.layout.getState()
      layout.setTheme(NEXT_THEME[layout.theme])
    },
  },
  { keys: ['Shift+?', '?'], label: '?', does: 'Show / hide this help', run: (s) => s.ui.layout.getState().setHelp(!s.ui.layout.getState().helpOpen) },
  { keys: ['Escape'], label: 'Esc', does: 'Close help', run: (s) => s.ui.layout.getState().setHelp(false) },
]

const NEXT_THEME = { system: 'light', light: 'dark', dark: 'system' } as const

/**
 * The ↓ presses of each app's services, one after another: a press reads where the one before it landed.
 * Read at once, a second ↓ pressed before the first's answer arrived (a loaded machine, a held key) saw the
 * step's end still shown and entered phase 0 again — the press was lost.
 */
const intoPresses = new WeakMap<AppServices, Promise<void>>()

/**
 * ↓: into the step the inspector shows. On a whole step (the playhead after
 * step N, which the inspector inspects) the first ↓ goes to step N's first
 * phase — on the clone step, into the clone's phases — rather than the next
 * step's (the engine's `into` from a step's end); inside a step, the next
 * phase as before. A step with one phase has nothing to step into.
 */
export function stepIntoInspected(s: AppServices): Promise<void> {
  const press = (intoPresses.get(s) ?? Promise.resolve()).then(() => stepIntoOnce(s))
  intoPresses.set(s, press.catch(() => undefined))
  return press
}

async function stepIntoOnce(s: AppServices): Promise<void> {
  const { point } = s.engine.getState()
  if (point.step >= 0 && (point.phase === null || point.phase === undefined)) {
    let step = s.actions.step(point.step)
    if (!step) {
      await s.actions.ensurePages(point.step, point.step).catch(() => undefined)
      step = s.actions.step(point.step)
    }
    if (step && step.phases.length > 1) return s.actions.goTo({ step: point.step, phase: 0 })
  }
  return s.actions.stepInto()
}

/**
 * After a choice in a toolbar's select (a demo, the theme, the speed), focus
 * leaves it: else the next → or ↓ would change the choice again (a closed
 * select changes its value on arrows) instead of stepping. Focus goes to the
 * document; Tab goes on from the select.
 */
export function returnFocusAfterChoice(select: HTMLSelectElement): void {
  select.blur()
}

/** Space keeps its own meaning here (toggle, open, fill in); everywhere else it plays / pauses. */
export function keepsSpace(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  if (isTyping(el)) return true
  const tag = el.tagName.toLowerCase()
  if (tag === 'input' && ['checkbox', 'radio'].includes((el as HTMLInputElement).type)) return true
  if (tag === 'summary' || el.hasAttribute('aria-haspopup') || el.hasAttribute('aria-expanded')) return true
  const role = el.getAttribute('role')
  if (role === 'menuitem' || role === 'option' || role === 'checkbox' || role === 'switch') return true
  return typeof el.closest === 'function' && el.closest('form, dialog, [role="dialog"], [role="menu"], [role="listbox"]') !== null
}

/** True while the user types into a field: shortcuts leave those keys alone. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  const tag = el.tagName.toLowerCase()
  if (tag === 'textarea' || tag === 'select' || el.isContentEditable) return true
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(type)
  }
  return false
}

export function isActivatable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || typeof el.tagName !== 'string') return false
  const tag = el.tagName.toLowerCase()
  return tag === 'button' || tag === 'a' || tag === 'summary' || tag === 'input' || el.getAttribute('role') === 'tab'
}

export function installShortcuts(target: Window, s: AppServices): () => void {
  const map: Record<string, (e: KeyboardEvent) => void> = {}
  for (const sc of SHORTCUTS) {
    for (const k of sc.keys) {
      map[k] = (e) => {
        if (e.defaultPrevented && k !== 'Escape') return
        // A modal prompt is open (unsaved live steps): nothing moves behind it.
        if (s.ui.unsaved.getState().pending) return
        if (isTyping(e.target)) return
        // Space is play/pause even on a focused button (preventDefault below stops the button's own click), except where it is the control's key.
        if (k === 'Space' && keepsSpace(e.target)) return
        if (e.ctrlKey || e.metaKey || e.altKey) return
        // The slider handles its own arrows/Home/End natively; do not apply them twice.
        if ((e.target as HTMLElement | null)?.getAttribute?.('type') === 'range' && /Arrow|Home|End/.test(e.key)) return
        if (k === 'Space' || k.startsWith('Arrow') || k === 'Home' || k === 'End' || k.endsWith('F8')) e.preventDefault()
        sc.run(s, e)
      }
    }
  }
  return tinykeys(target, map)
}
