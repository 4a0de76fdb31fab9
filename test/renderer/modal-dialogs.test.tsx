// @vitest-environment happy-dom
/**
 * The help and the unsaved-changes prompt are native modal <dialog>s opened
 * with showModal(): Esc (the dialog's cancel event, as the browser sends it)
 * closes them, and focus goes back to where it was.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/src/views/app/App.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const settle = (ms = 30) => act(async () => void (await new Promise((r) => setTimeout(r, ms))))
const cancel = (el: Element) => act(async () => void el.dispatchEvent(new Event('cancel', { cancelable: true })))

describe('modals are native dialogs', () => {
  it('help: a modal <dialog>, Esc closes it, focus returns', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    const before = screen.getByRole('button', { name: 'Save / export' })
    before.focus()
    await act(async () => {
      fireEvent.keyDown(before, { key: '?', shiftKey: true })
    })
    const help = screen.getByTestId('help-overlay')
    expect(help.tagName).toBe('DIALOG')
    expect((help as HTMLDialogElement).open).toBe(true)
    expect(help.contains(document.activeElement)).toBe(true)
    await cancel(help)
    expect(screen.queryByTestId('help-overlay')).toBeNull()
    expect(document.activeElement).toBe(before)
  })

  it('unsaved prompt: a modal alert <dialog>; Esc is Cancel and keeps the workspace; focus returns', async () => {
    h = await harness()
    const { services } = h
    expect(await services.actions.newLiveWorkspace(['demo:onboarding'], 'Live: Onboard New Employee')).toBe(true)
    expect(await services.actions.operate({ type: 'request', url: 'f?p=HR:43' })).not.toBeNull()
    renderWith(h, <App />)
    await settle()
    const select = document.getElementById('demo-select') as HTMLSelectElement
    select.focus()
    await act(async () => {
      fireEvent.change(select, { target: { value: 'onboarding-wizard' } })
    })
    const prompt = await screen.findByTestId('unsaved-prompt')
    expect(prompt.tagName).toBe('DIALOG')
    expect(prompt.getAttribute('role')).toBe('alertdialog')
    expect((prompt as HTMLDialogElement).open).toBe(true)
    expect(document.activeElement).toBe(screen.getByTestId('unsaved-save'))
    await cancel(prompt)
    await settle()
    expect(screen.queryByTestId('unsaved-prompt')).toBeNull()
    expect(screen.getByTestId('workspace-title').textContent).toBe('Live: Onboard New Employee')
    expect(document.activeElement).toBe(select)
  })
})
