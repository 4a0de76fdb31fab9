/**
 * Keyboard shortcuts (tinykeys), active anywhere in the window except while
 * typing in a field. The same table feeds the help overlay (?).
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
  { keys: ['ArrowDown'], label: '↓', does: 'Step into the next phase', run: (s) => void s.actions.stepInto() },
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
  { keys: ['Shift+?', '?'], label: '?', does: 'Show / hide this help', run: (s) => s.ui.layout.getState().setHelp(!s.ui.layout.getState().helpOpen) },
  { keys: ['Escape'], label: 'Esc', does: 'Close help', run: (s) => s.ui.layout.getState().setHelp(false) },
]

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
        // Space on a focused button, link, checkbox or disclosure keeps its usual meaning (activate it).
        if (k === 'Space' && isActivatable(e.target)) return
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
