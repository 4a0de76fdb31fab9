// @vitest-environment happy-dom
/**
 * Exercise mode: a question shows only once the playhead rests on its step.
 * Shown while the playhead was still on its way there, an answer typed in the
 * gap lost its reveal when the move landed (a CI finding on a loaded machine),
 * and the state table beside the question showed another step — after the
 * step, the answer. Here the engine's answers to the move are held back, so
 * the gap lasts as long as the test wants, whatever the machine's speed.
 * Phone-number demo (read by hand from its trace): line 3 after step 0
 * (asked at −1), line 5 after step 2 (asked at 1), line 7 after step 3
 * (asked at 2).
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/src/views/app/App.js'
import { exerciseOf } from '../../src-renderer/src/stores/exercise.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const point = () => h!.services.engine.getState().point.step
const moving = () => h!.services.engine.getState().moving
const press = async (key: string) => {
  await act(async () => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
  })
}
const answer = async (...values: string[]) => {
  values.forEach((value, i) => fireEvent.change(screen.getByTestId(`exercise-answer-${i}`), { target: { value } }))
  await act(async () => {
    fireEvent.submit(screen.getByTestId('exercise-question'))
  })
}

/** From `hold()` on, every answer that moves the playhead waits until `release()`; `heldBack` counts them. */
function holdMoves(h: Harness) {
  const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
  const invoke = api.invoke.bind(api)
  let holding = false
  let open!: () => void
  let gate = Promise.resolve()
  const counter = { heldBack: 0 }
  api.invoke = async (m, p) => {
    if (holding && (m === 'timeline.state' || m === 'timeline.diff' || m === 'timeline.navigate')) {
      counter.heldBack++
      await gate
    }
    return invoke(m, p)
  }
  return {
    counter,
    hold() {
      holding = true
      gate = new Promise<void>((r) => (open = r))
    },
    release() {
      holding = false
      open()
    },
  }
}

describe('exercise mode: the question waits for the playhead', () => {
  it('is not offered while the playhead is on its way to it; once there it is, and its answer reveals the step', async () => {
    h = await harness('phone-number')
    renderWith(h, <App />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect([point(), moving()]).toEqual([3, false]))
    const gate = holdMoves(h)
    gate.hold()
    // E at step 3: line 3's question is at −1, and the move there is held.
    await press('e')
    await waitFor(() => expect(exerciseOf(h!.services).getState().asking).toBe(3))
    await waitFor(() => expect(gate.counter.heldBack).toBeGreaterThan(0))
    expect(point()).toBe(3)
    // The table still shows step 3 (after line 3's step): no field to answer in, only word that the question is coming.
    expect(screen.queryByTestId('exercise-question')).toBeNull()
    expect(screen.queryByTestId('exercise-answer-0')).toBeNull()
    expect(screen.getByTestId('exercise-waiting').textContent).toContain('trace line 3')
    await act(async () => gate.release())
    const q = await screen.findByTestId('exercise-question')
    expect(q.getAttribute('data-line')).toBe('3')
    expect([point(), moving()]).toEqual([-1, false])
    expect(screen.queryByTestId('exercise-waiting')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('exercise-answer-0')))
    await answer('1', '')
    await waitFor(() => expect(point()).toBe(0))
    await waitFor(() => expect(moving()).toBe(false))
    expect(screen.getByTestId('exercise-verdict').textContent).toMatch(/Line 3: ✓ right/)
  })

  it('asked while another move is on its way, it is still asked where the playhead lands (not dropped at the point passed)', async () => {
    h = await harness('phone-number')
    renderWith(h, <App />)
    await press('e')
    await screen.findByTestId('exercise-question')
    await answer('1', '') // line 3: right
    await waitFor(() => expect([point(), moving()]).toEqual([0, false]))
    await press('ArrowRight')
    await waitFor(() => expect(screen.getByTestId('exercise-question').getAttribute('data-line')).toBe('5'))
    await answer('2', '555-0199', '') // line 5: wrong
    await waitFor(() => expect(screen.getByTestId('exercise-question').getAttribute('data-line')).toBe('7'))
    await answer('1', '555-0100') // line 7: right
    await waitFor(() => expect([point(), moving()]).toEqual([3, false]))
    const gate = holdMoves(h)
    gate.hold()
    // A click on step 2 of the timeline, its answer held; then "Retry wrong ones" asks line 5 at step 1.
    void h.services.actions.goTo({ step: 2, phase: null })
    await waitFor(() => expect(gate.counter.heldBack).toBeGreaterThan(0))
    fireEvent.click(screen.getByTestId('exercise-retry'))
    expect(exerciseOf(h.services).getState().asking).toBe(5)
    expect(screen.queryByTestId('exercise-question')).toBeNull()
    // Released: step 2 is painted on the way (not line 5's question step), then step 1.
    await act(async () => gate.release())
    await waitFor(() => expect([point(), moving()]).toEqual([1, false]))
    const q = await screen.findByTestId('exercise-question')
    expect(q.getAttribute('data-line')).toBe('5')
  })
})
