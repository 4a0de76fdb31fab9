// @vitest-environment happy-dom
/**
 * Keyboard traps of issue #14: shortcuts never go to form controls by
 * accident, Space is play/pause, ↓ steps into the step being inspected.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
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
const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 30))))
/** A key press as the browser sends it: to the focused element (or the body), bubbling to the window. */
const press = async (k: string, target: EventTarget = document.activeElement ?? document.body) => {
  let ev: KeyboardEvent | null = null
  await act(async () => {
    ev = new KeyboardEvent('keydown', { key: k, code: k === ' ' ? 'Space' : k, bubbles: true, cancelable: true })
    target.dispatchEvent(ev)
    await new Promise((r) => setTimeout(r, 20))
  })
  return ev!
}

describe('keyboard', () => {
  it('after choosing a demo in the list, → steps the timeline instead of choosing the next demo', async () => {
    h = await harness()
    renderWith(h, <App />)
    uninstall = installShortcuts(window, h.services)
    await settle()
    const select = document.getElementById('demo-select') as HTMLSelectElement
    select.focus()
    expect(document.activeElement).toBe(select)
    await act(async () => {
      fireEvent.change(select, { target: { value: 'session-cloning' } })
      await new Promise((r) => setTimeout(r, 100))
    })
    await settle()
    expect(screen.getByTestId('workspace-title').textContent).toMatch(/clon/i)
    // Focus left the list: the arrow goes to the window's shortcuts, not to the select.
    expect(document.activeElement).not.toBe(select)
    const title = screen.getByTestId('workspace-title').textContent
    await press('ArrowRight')
    await settle()
    expect(point().step).toBe(1)
    expect(screen.getByTestId('workspace-title').textContent).toBe(title)
  })

  it('the Theme and speed lists give focus back once a choice is made', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    uninstall = installShortcuts(window, h.services)
    await settle()
    const theme = screen.getByLabelText('Theme') as HTMLSelectElement
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
    await press('ArrowRight')
    expect(point().step).toBe(1)
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
    for (const label of ['field', 'notes', 'choice', 'editable']) {
      const el = screen.getByLabelText(label)
      for (const k of ['ArrowRight', ' ', 'b', 'End', 't']) await press(k, el)
    }
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
    await act(async () => {
      fireEvent.click(next)
      await new Promise((r) => setTimeout(r, 20))
    })
    next.focus()
    expect(point().step).toBe(1)
    const ev = await press(' ', next)
    // The button's own activation is cancelled (a browser clicks a button on Space unless keydown was prevented).
    expect(ev.defaultPrevented).toBe(true)
    expect(h.services.ui.playback.getState().playing).toBe(true)
    await press(' ', next)
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
    await press('ArrowDown', document.body)
    expect(point()).toEqual({ step: 3, phase: 0 })
    await press('ArrowDown', document.body)
    expect(point()).toEqual({ step: 3, phase: 1 })
    // Through the last phase, then on into the next step.
    for (let k = 2; k < clone.phases.length; k++) await press('ArrowDown', document.body)
    expect(point()).toEqual({ step: 3, phase: clone.phases.length - 1 })
    await press('ArrowDown', document.body)
    expect(point().step).toBe(4)
  })

  it('lists every action of the toolbar in the help, with a key', () => {
    const listed = SHORTCUTS.map((s) => s.does).join('\n')
    for (const what of [/Open a trace/, /demo/, /Theme/, /Presenter/, /Exercise/, /Search the whole timeline/, /Pin/, /breakpoint/, /Faster/, /Slower/]) expect(listed).toMatch(what)
    // The toolbar's buttons without a key are named in the help's Tab list.
    const tabOnly = TAB_ONLY.join('\n')
    for (const what of [/Import APEX/, /Save \/ export/, /State CSV and JSON/, /text size/]) expect(tabOnly).toMatch(what)
  })
})
