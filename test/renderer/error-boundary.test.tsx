// @vitest-environment happy-dom
/**
 * One broken view never blanks the window: the step inspector is replaced
 * here by a view that throws; its panel says what broke and offers "Try
 * again", while the state table, sessions and timeline keep working.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { App } from '../../src-renderer/src/views/app/App.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

const broken = vi.hoisted(() => ({ on: true }))
vi.mock('../../src-renderer/src/views/inspector/StepInspector.js', () => ({
  StepInspector: () => {
    if (broken.on) throw new Error('cannot read the step (test fault)')
    return <section aria-label="Step inspector">inspector back</section>
  },
}))

let h: Harness | null = null
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  h?.close()
  h = null
  broken.on = true
})

describe('error boundary', () => {
  it('shows the broken panel by name with what broke, and the other panels stay', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    const panel = await screen.findByTestId('panel-broken')
    expect(panel.getAttribute('data-panel')).toBe('Step inspector')
    expect(panel.querySelector('h2')?.textContent).toBe('Step inspector could not be shown')
    expect(panel.querySelector('pre')?.textContent).toBe('cannot read the step (test fault)')
    // The rest of the window still works: the views are there and the playhead moves.
    for (const name of ['Sessions', 'State table', 'Timeline']) expect(screen.getByRole('region', { name })).toBeTruthy()
    expect(screen.getByTestId('playhead').dataset.step).toBe('0')
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', code: 'ArrowRight', bubbles: true }))
    })
    await waitFor(() => expect(screen.getByTestId('playhead').dataset.step).toBe('1'))
    expect(screen.getAllByTestId('state-row').length).toBeGreaterThan(0)

    // Try again renders the panel afresh once the fault is gone.
    broken.on = false
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    })
    expect(screen.queryByTestId('panel-broken')).toBeNull()
    expect(screen.getByRole('region', { name: 'Step inspector' }).textContent).toBe('inspector back')
  })
})
