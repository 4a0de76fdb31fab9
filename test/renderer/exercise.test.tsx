// @vitest-environment happy-dom
/**
 * Exercise mode (issue #14 part 5) on the phone-number demo, whose expect
 * lines are (read by hand from resources/demos/traces/phone-number.sstrace):
 *   line 3 after step 0: page 1, P1_PHONENO null
 *   line 5 after step 2: page 2, P1_PHONENO "555-0100", P2_PHONE_DISPLAY null
 *   line 7 after step 3: page 1, P1_PHONENO "555-0100"
 * A question is asked with the playhead on the step before, the answer
 * reveals the step; the score, retry, and the timeline's markers.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App } from '../../src-renderer/src/views/app/App.js'
import { SHORTCUTS } from '../../src-renderer/src/views/app/shortcuts.js'
import { exerciseOf } from '../../src-renderer/src/stores/exercise.js'
import { isRight, questionsOf } from '../../src-renderer/src/views/exercise/questions.js'
import type { ExpectLine } from '../../src-renderer/src/views/exercise/questions.js'
import { demoTracesDir } from '../../src-main/api/engine-service.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const press = async (key: string, opts: KeyboardEventInit = {}) => {
  await act(async () => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...opts }))
  })
}
const point = () => h!.services.engine.getState().point.step
const typeInto = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })
const submit = async () => {
  await act(async () => {
    fireEvent.submit(screen.getByTestId('exercise-question'))
  })
}

describe('exercise mode: question → answer → reveal → score', () => {
  it('asks each expect line before its step, reveals the step after the answer, scores and retries the wrong ones', async () => {
    expect(SHORTCUTS.find((x) => x.keys.includes('e'))?.does).toMatch(/Exercise mode/)
    h = await harness('phone-number')
    renderWith(h, <App />)
    await press('e')
    // Line 3 follows step 0: asked before any step (point −1), the input focused.
    const q1 = await screen.findByTestId('exercise-question')
    expect(q1.getAttribute('data-line')).toBe('3')
    await waitFor(() => expect(point()).toBe(-1))
    expect(within(q1).getByLabelText('Which page does session A show?')).toBe(document.activeElement)
    expect(within(q1).getByLabelText('What is P1_PHONENO in session A after this step?')).toBeTruthy()
    typeInto('exercise-answer-0', '1')
    typeInto('exercise-answer-1', '') // empty = null: right
    await submit()
    await waitFor(() => expect(point()).toBe(0))
    expect(screen.getByTestId('exercise-verdict').textContent).toMatch(/Line 3: ✓ right/)
    expect(screen.getByTestId('exercise-score').textContent).toBe('1 of 3 right (1 answered)')

    // → moves to step 1, the step before line 5's: its question waits there.
    await press('ArrowRight')
    await waitFor(() => expect(screen.getByTestId('exercise-question').getAttribute('data-line')).toBe('5'))
    expect(point()).toBe(1)
    expect(screen.getByTestId('exercise-question').textContent).not.toContain('Page 2 displayed')
    typeInto('exercise-answer-0', '2')
    typeInto('exercise-answer-1', '555-0100 ') // a trailing blank: values compare exactly, so wrong
    typeInto('exercise-answer-2', '')
    await submit()
    await waitFor(() => expect(point()).toBe(2))
    const verdict = screen.getAllByTestId('exercise-verdict').find((v) => v.getAttribute('data-line') === '5')!
    expect(verdict.textContent).toMatch(/Line 5: ✗ wrong/)
    expect(verdict.textContent).toContain('Right answer: “555-0100”; yours: “555-0100 ” — wrong.')
    // The line's note explains the answer: with the reveal only, never with the question.
    expect(verdict.textContent).toContain('Page 2 displayed the number from session state')
    // The state table shows the engine's state at the revealed step.
    await waitFor(() => expect(h!.services.engine.getState().moving).toBe(false))
    expect(h.services.engine.getState().rows.filter((r) => r.item === 'P1_PHONENO').map((r) => r.value)).toEqual(['555-0100'])

    // Line 7 follows step 3: its question is asked right here, at step 2.
    await waitFor(() => expect(screen.getByTestId('exercise-question').getAttribute('data-line')).toBe('7'))
    typeInto('exercise-answer-0', '1')
    typeInto('exercise-answer-1', '555-0100')
    await submit()
    await waitFor(() => expect(point()).toBe(3))
    expect(screen.getByTestId('exercise-score').textContent).toBe('2 of 3 right — done')
    expect(exerciseOf(h.services).getState().results[5]!.right).toEqual([true, false, true])

    // Markers: every line, with its line number in the name and the learner's result.
    const markers = screen.getAllByTestId('expect-marker')
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual([
      'line 3, step 0: passed in the replay; answered right',
      'line 5, step 2: passed in the replay; answered wrong',
      'line 7, step 3: passed in the replay; answered right',
    ])
    expect(markers.every((m) => m.tagName === 'BUTTON' && m.tabIndex === 0)).toBe(true)

    // Retry: the wrong line is asked again from step 1; the right ones stay.
    fireEvent.click(screen.getByTestId('exercise-retry'))
    await waitFor(() => expect(point()).toBe(1))
    // The question shows once the playhead rests there (moving over), which may be a moment after the step is painted.
    expect((await screen.findByTestId('exercise-question')).getAttribute('data-line')).toBe('5')
    expect(screen.getByTestId('exercise-score').textContent).toBe('2 of 3 right (2 answered)')
    typeInto('exercise-answer-0', '2')
    typeInto('exercise-answer-1', '555-0100')
    typeInto('exercise-answer-2', '')
    await submit()
    await waitFor(() => expect(screen.getByTestId('exercise-score').textContent).toBe('3 of 3 right — done'))
  })

  it('playing stops before an unanswered line’s step; → past it goes back to the question', async () => {
    h = await harness('phone-number')
    renderWith(h, <App />)
    await press('e')
    await screen.findByTestId('exercise-question')
    typeInto('exercise-answer-0', '1')
    await submit()
    await waitFor(() => expect(point()).toBe(0))
    // A jump to the end passes lines 5 and 7: the playhead comes back to line 5's question at step 1.
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(point()).toBe(1))
    expect((await screen.findByTestId('exercise-question')).getAttribute('data-line')).toBe('5')
    expect(h.services.ui.playback.getState().playing).toBe(false)
  })
})

describe('choices: status and outcome', () => {
  it('a select answers with Enter like a typed field (timeouts demo, line 6)', async () => {
    // Line 6 of timeouts-and-logout.sstrace: outcome "expired", session A status "expired", P43_ENAME null.
    h = await harness('timeouts-and-logout')
    renderWith(h, <App />)
    await press('e')
    // The first question comes a few steps in: End stops there.
    await waitFor(() => expect(point()).toBe(0))
    expect(screen.queryByTestId('exercise-question')).toBeNull()
    await press('End')
    const q = await screen.findByTestId('exercise-question')
    expect(q.getAttribute('data-line')).toBe('6')
    expect(within(q).getByLabelText('How does this step end?').tagName).toBe('SELECT')
    expect(within(q).getByLabelText('Is session A active, expired or deleted?').tagName).toBe('SELECT')
    typeInto('exercise-answer-0', 'expired')
    typeInto('exercise-answer-1', 'active') // wrong
    typeInto('exercise-answer-2', '')
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('exercise-answer-1'), { key: 'Enter' })
    })
    await waitFor(() => expect(screen.getByTestId('exercise-verdict').getAttribute('data-line')).toBe('6'))
    expect(exerciseOf(h.services).getState().results[6]!.right).toEqual([true, false, true])
    expect(screen.getByTestId('exercise-verdict').textContent).toContain('Is session A active, expired or deleted? Right answer: expired; yours: “active” — wrong.')
  })
})

describe('expect markers outside exercise mode', () => {
  it('marks a failed expect with its line and the replay’s sentence; Enter on a marker (a button) jumps to its step', async () => {
    const wrong = readFileSync(join(demoTracesDir(), 'phone-number.sstrace'), 'utf8').replace(
      '{"type":"expect","session":"A","page":1,"state":{"P1_PHONENO":"555-0100"}}',
      '{"type":"expect","session":"A","page":1,"state":{"P1_PHONENO":"555-0199"}}',
    )
    h = await harness()
    renderWith(h, <App />)
    await act(async () => {
      await h!.services.actions.openTraceText(wrong, 'wrong.sstrace')
    })
    const nav = await screen.findByTestId('expect-markers')
    expect(nav.textContent).toContain('Expects: 1 of 3 failed in the replay.')
    const failed = screen.getAllByTestId('expect-marker').find((m) => m.getAttribute('data-state') === 'failed')!
    expect(failed.getAttribute('data-line')).toBe('7')
    expect(failed.getAttribute('aria-label')).toBe('line 7, step 3: failed in the replay: P1_PHONENO in session A: expected "555-0199", got "555-0100"')
    expect(failed.textContent).toBe('✗ line 7')
    // The failure toast points to the marker.
    expect(h.services.ui.toasts.getState().toasts.map((t) => t.detail)).toContain(
      'line 7: P1_PHONENO in session A: expected "555-0199", got "555-0100" (marked "✗ line 7" under the timeline\'s Expects)',
    )
    await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
    fireEvent.click(failed)
    await waitFor(() => expect(point()).toBe(3))
  })
})

describe('the answer rule', () => {
  const line: ExpectLine = {
    line: 9,
    step: 4,
    session: 'B',
    app: null,
    note: null,
    passed: true,
    checks: [
      { field: 'state', item: 'P44_SAL', expected: 'King', actual: 'King', passed: true },
      { field: 'state', item: 'P44_JOB', expected: null, actual: null, passed: true },
      { field: 'status', item: null, expected: 'active', actual: 'active', passed: true },
      { field: 'page', item: null, expected: 44, actual: 44, passed: true },
      { field: 'outcome', item: null, expected: 'validationFailed', actual: 'validationFailed', passed: true },
      { field: 'table', item: 'EMP', expected: [{ A: '1' }, { A: '2' }], actual: [{ A: '1' }, { A: '2' }], passed: true },
    ],
  }
  const [sal, job, status, page, outcome, table] = questionsOf(line)

  it('asks in words', () => {
    expect([sal!.prompt, status!.prompt, page!.prompt, table!.prompt]).toEqual([
      'What is P44_SAL in session B after this step?',
      'Is session B active, expired or deleted?',
      'Which page does session B show?',
      'How many rows does table EMP hold after this step?',
    ])
  })

  it('values exactly, empty = null; names case-insensitively; numbers as numbers', () => {
    expect([isRight(sal!, 'King'), isRight(sal!, 'KING'), isRight(sal!, ' King'), isRight(sal!, '')]).toEqual([true, false, false, false])
    expect([isRight(job!, ''), isRight(job!, 'null'), isRight(job!, ' ')]).toEqual([true, false, false])
    expect([isRight(status!, 'Active'), isRight(status!, 'ACTIVE '), isRight(status!, 'expired')]).toEqual([true, true, false])
    expect([isRight(outcome!, 'validationfailed'), isRight(outcome!, 'ok')]).toEqual([true, false])
    expect([isRight(page!, '44'), isRight(page!, '044'), isRight(page!, '4'), isRight(page!, '44a')]).toEqual([true, true, false, false])
    expect([isRight(table!, '2'), isRight(table!, '3')]).toEqual([true, false])
  })
})
