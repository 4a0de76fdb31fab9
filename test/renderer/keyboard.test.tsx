// @vitest-environment happy-dom
/**
 * Keyboard traps of issue #14: shortcuts never go to form controls by
 * accident, Space is play/pause, ↓ steps into the step being inspected.
 * No sleeps: a shortcut runs during its keydown, so what it starts is
 * waited for (waitFor), and what must not happen is checked on the spot
 * (no action called, the key's default not taken).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/src/views/app/App.js'
import { PlaybackBar } from '../../src-renderer/src/views/timeline/PlaybackBar.js'
import { SHORTCUTS, installShortcuts, keepsSpace } from '../../src-renderer/src/views/app/shortcuts.js'
import { TAB_ONLY } from '../../src-renderer/src/views/app/HelpOverlay.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
let uninstall: (() => void) | null = null
afterEach(() => {
  uninstall?.()
  uninstall = null
  cleanup()
  h?.close()
  h = null
  vi.useRealTimers()
})

const point = () => h!.services.engine.getState().point
/** A key press as the browser sends it: to the focused element (or the body), bubbling to the window; the shortcut runs during it. */
const press = (k: string, target: EventTarget = document.activeElement ?? document.body) => {
  const ev = new KeyboardEvent('keydown', { key: k, code: k === ' ' ? 'Space' : k, bubbles: true, cancelable: true })
  act(() => void target.dispatchEvent(ev))
  return ev
}
/** Waits for the playhead to be at `at`. */
const playheadAt = (at: { step: number; phase?: number | null }) => waitFor(() => expect(at.phase === undefined ? { step: point().step } : point()).toEqual(at))

describe('keyboard', () => {
  it('after choosing a demo in the list, → steps the timeline instead of choosing the next demo', async () => {
    h = await harness()
    renderWith(h, <App />)
    uninstall = installShortcuts(window, h.services)
    const select = (await waitFor(() => document.getElementById('demo-select') ?? Promise.reject(new Error('no demo list')))) as HTMLSelectElement
    select.focus()
    expect(document.activeElement).toBe(select)
    fireEvent.change(select, { target: { value: 'session-cloning' } })
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/clon/i))
    // Focus left the list: the arrow goes to the window's shortcuts, not to the select.
    await waitFor(() => expect(document.activeElement).not.toBe(select))
    const title = screen.getByTestId('workspace-title').textContent
    press('ArrowRight')
    await playheadAt({ step: 1 })
    expect(screen.getByTestId('workspace-title').textContent).toBe(title)
  })

  it('the Theme and speed lists give focus back once a choice is made', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    uninstall = installShortcuts(window, h.services)
    const theme = (await screen.findByLabelText('Theme')) as HTMLSelectElement
    theme.focus()
    await act(async () => {
      fireEvent.change(theme, { target: { value: 'dark' } })
    })
    expect(h.services.ui.layout.getState().theme).toBe('dark')
    expect(document.activeElement).not.toBe(theme)
    const speed = screen.getByLabelText('Playback speed') as HTMLSelectElement
    speed.focus()
    await act(async () => {
      fireEvent.change(speed, { target: { value: '2' } })
    })
    expect(document.activeElement).not.toBe(speed)
    press('ArrowRight')
    await playheadAt({ step: 1 })
    expect(h.services.ui.layout.getState().theme).toBe('dark')
  })

  it('typing in an input, a textarea, a select or contenteditable never triggers a shortcut', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, (
      <>
        <input aria-label="field" />
        <textarea aria-label="notes" />
        <select aria-label="choice">
          <option>a</option>
        </select>
        <div aria-label="editable" contentEditable suppressContentEditableWarning>
          x
        </div>
        <PlaybackBar />
      </>
    ))
    uninstall = installShortcuts(window, h.services)
    // Every action a shortcut could start, watched: a shortcut runs during its keydown, so none called means none ran.
    const actions = h.services.actions as unknown as Record<string, unknown>
    const spies = Object.keys(actions)
      .filter((name) => typeof actions[name] === 'function')
      .map((name) => vi.spyOn(actions as Record<string, () => unknown>, name))
    expect(spies.length).toBeGreaterThan(5)
    for (const label of ['field', 'notes', 'choice', 'editable']) {
      const el = screen.getByLabelText(label)
      for (const k of ['ArrowRight', ' ', 'b', 'End', 't']) expect(press(k, el).defaultPrevented, `${k} in ${label}`).toBe(false)
    }
    for (const spy of spies) expect(spy).not.toHaveBeenCalled()
    expect(point().step).toBe(0)
    expect(h.services.ui.playback.getState().playing).toBe(false)
    expect(h.services.ui.playback.getState().stepBreakpoints.size).toBe(0)
    expect(h.services.ui.layout.getState().theme).toBe('system')
  })

  it('Space is play/pause even on the last clicked button (it does not click it again)', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <PlaybackBar />)
    uninstall = installShortcuts(window, h.services)
    const next = screen.getByRole('button', { name: 'Next step (→)' })
    fireEvent.click(next)
    await playheadAt({ step: 1 })
    next.focus()
    const ev = press(' ', next)
    // The button's own activation is cancelled (a browser clicks a button on Space unless keydown was prevented).
    expect(ev.defaultPrevented).toBe(true)
    expect(h.services.ui.playback.getState().playing).toBe(true)
    press(' ', next)
    expect(h.services.ui.playback.getState().playing).toBe(false)
  })

  it('Space keeps its own meaning on checkboxes, menu buttons and inside forms and dialogs', () => {
    const box = document.createElement('input')
    box.type = 'checkbox'
    const menu = document.createElement('button')
    menu.setAttribute('aria-haspopup', 'menu')
    const form = document.createElement('form')
    const submit = document.createElement('button')
    form.append(submit)
    const dialog = document.createElement('dialog')
    const ok = document.createElement('button')
    dialog.append(ok)
    expect([box, menu, submit, ok, document.createElement('summary')].map(keepsSpace)).toEqual([true, true, true, true, true])
    expect(keepsSpace(document.createElement('button'))).toBe(false)
    expect(keepsSpace(document.body)).toBe(false)
  })

  it('↓ on the clone step steps into the clone’s phases, not into the next step', async () => {
    h = await harness('session-cloning')
    renderWith(h, <PlaybackBar />)
    uninstall = installShortcuts(window, h.services)
    await act(async () => {
      await h!.services.actions.goTo({ step: 3, phase: null })
    })
    await h.services.actions.ensurePages(3, 4)
    const clone = h.services.actions.step(3)!
    expect(clone.kind).toBe('clone')
    expect(clone.phases.length).toBeGreaterThan(1)
    press('ArrowDown', document.body)
    await playheadAt({ step: 3, phase: 0 })
    press('ArrowDown', document.body)
    await playheadAt({ step: 3, phase: 1 })
    // Through the last phase, then on into the next step.
    for (let k = 2; k < clone.phases.length; k++) {
      press('ArrowDown', document.body)
      await playheadAt({ step: 3, phase: k })
    }
    press('ArrowDown', document.body)
    await playheadAt({ step: 4 })
  })

  it('lists every action of the toolbar in the help, with a key', () => {
    const listed = SHORTCUTS.map((s) => s.does).join('\n')
    for (const what of [/Open a trace/, /demo/, /Theme/, /Presenter/, /Exercise/, /Search the whole timeline/, /Pin/, /breakpoint/, /Faster/, /Slower/]) expect(listed).toMatch(what)
    // The toolbar's buttons without a key are named in the help's Tab list.
    const tabOnly = TAB_ONLY.join('\n')
    for (const what of [/Import APEX/, /Save \/ export/, /State CSV and JSON/, /text size/]) expect(tabOnly).toMatch(what)
  })
})
