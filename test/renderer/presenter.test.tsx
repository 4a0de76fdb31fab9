// @vitest-environment happy-dom
/**
 * Presenter mode: the toggle and Shift+P, the caption (the step's note and
 * the phase in one sentence), the hidden secondary panels' marker on the
 * document, and the text size kept per user (100–200 %).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/src/views/app/App.js'
import { SHORTCUTS } from '../../src-renderer/src/views/app/shortcuts.js'
import { FONT_SCALE_DEFAULT, FONT_SCALE_KEY, clampFontScale, createPresentation, presentationOf } from '../../src-renderer/src/stores/presentation.js'
import type { SizeStorage } from '../../src-renderer/src/stores/presentation.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  h?.close()
  h = null
  document.documentElement.removeAttribute('data-presenting')
})

const press = async (key: string, opts: KeyboardEventInit = {}) => {
  await act(async () => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, code: `Key${key.toUpperCase()}`, bubbles: true, ...opts }))
  })
}

describe('presenter mode', () => {
  it('Shift+P turns it on and off; the caption shows the step’s note and the phase explained in one sentence', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await act(() => h!.services.actions.goTo({ step: 1, phase: null }))
    expect(screen.queryByTestId('presenter-caption')).toBeNull()
    await press('P', { shiftKey: true })
    expect(document.documentElement.hasAttribute('data-presenting')).toBe(true)
    expect(document.documentElement.style.getPropertyValue('--presenter-scale')).toBe('1.5')
    expect(screen.getByTestId('presenter-toggle').getAttribute('aria-pressed')).toBe('true')
    await waitFor(() => expect(screen.getByTestId('presenter-note').textContent).toBe("Onboard new employee: redirect to page 43, clearing the wizard's pages"))
    expect(screen.getByTestId('presenter-explanation').textContent).toMatch(/^A page submit: APEX stores the posted values/)
    // Inside the step, the phase's sentence: step 2's phase 1 is the clear cache of pages 43-45.
    await act(() => h!.services.actions.goTo({ step: 2, phase: 1 }))
    await waitFor(() => expect(screen.getByTestId('presenter-explanation').textContent).toMatch(/^Clear cache: the items the URL names/))
    expect(screen.getByTestId('presenter-caption').textContent).toMatch(/Step 2 · Show page · Clear cache/)
    await press('P', { shiftKey: true })
    expect(document.documentElement.hasAttribute('data-presenting')).toBe(false)
    expect(screen.queryByTestId('presenter-caption')).toBeNull()
  })

  it('is listed in the ? help, and plain P still pins the step', async () => {
    expect(SHORTCUTS.find((s) => s.keys.includes('Shift+P'))?.does).toMatch(/Presenter mode/)
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    await press('p')
    expect(presentationOf(h.services).getState().presenting).toBe(false)
    expect(h.services.ui.selection.getState().pinnedStep).toBe(3)
  })

  it('the text size control scales the window and is kept in localStorage for the next start', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    fireEvent.click(screen.getByTestId('presenter-toggle'))
    const size = screen.getByTestId('presenter-size') as HTMLInputElement
    expect(size.value).toBe(String(FONT_SCALE_DEFAULT))
    fireEvent.change(size, { target: { value: '180' } })
    expect(document.documentElement.style.getPropertyValue('--presenter-scale')).toBe('1.8')
    expect(localStorage.getItem(FONT_SCALE_KEY)).toBe('180')
    expect(createPresentation().getState().fontScale).toBe(180)
  })

  it('sizes outside 100–200 % or not numbers are clamped or fall back to the default; a refusing storage is survived', () => {
    expect([clampFontScale(90), clampFontScale(250), clampFontScale('130'), clampFontScale(134), clampFontScale('x'), clampFontScale(null), clampFontScale('')]).toEqual([100, 200, 130, 130, 150, 150, 150])
    const refusing: SizeStorage = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
    }
    const store = createPresentation(refusing)
    expect(store.getState().fontScale).toBe(FONT_SCALE_DEFAULT)
    store.getState().setFontScale(120)
    expect(store.getState().fontScale).toBe(120)
  })
})
