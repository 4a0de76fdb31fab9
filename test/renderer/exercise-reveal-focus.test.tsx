// @vitest-environment happy-dom
/**
 * Exercise mode: after an answer, focus goes to the reveal as soon as the
 * playhead is at the revealed step — not once the Per User rows and tables
 * asked for after the jump have come too (on a loaded machine that is much
 * later, and a Tab pressed meanwhile was undone when focus jumped).
 * Phone-number demo, line 3 (after step 0: page 1, P1_PHONENO null).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
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

describe('exercise mode: focus after an answer', () => {
  it('is on the reveal once the playhead is there, while the rest of the state is still on its way', async () => {
    h = await harness('phone-number')
    renderWith(h, <App />)
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'e', bubbles: true }))
    })
    const question = await screen.findByTestId('exercise-question')
    expect(question.getAttribute('data-line')).toBe('3')
    await waitFor(() => expect(h!.services.engine.getState().point.step).toBe(-1))
    // From now on the state asked for without `here` (the Per User rows and tables after a jump) is held back.
    const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
    const invoke = api.invoke.bind(api)
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    let heldBack = 0
    api.invoke = async (m, p) => {
      if (m === 'timeline.state' && !('here' in (p as object))) {
        heldBack++
        await held
      }
      return invoke(m, p)
    }
    fireEvent.change(screen.getByTestId('exercise-answer-0'), { target: { value: '1' } })
    await act(async () => {
      fireEvent.submit(screen.getByTestId('exercise-question'))
    })
    await waitFor(() => expect(h!.services.engine.getState().point.step).toBe(0))
    await waitFor(() => expect(document.activeElement?.id).toBe('exercise-reveal'))
    // The rest was asked for and is still held: focus did not wait for it.
    await waitFor(() => expect(heldBack).toBeGreaterThan(0))
    await act(async () => {
      release()
    })
    expect(document.activeElement?.id).toBe('exercise-reveal')
  })
})
