// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StepInspector } from '../../src-renderer/src/views/inspector/StepInspector.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

describe('Step inspector', () => {
  it('parses the request into its parts and explains effects in words', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.last())
    const insp = screen.getByTestId('inspector')
    expect(insp.dataset.step).toBe('13')
    expect(screen.getByTestId('request-url').textContent).toMatch(/^f\?p=100:1:\d+::NO:43,44,45$/)
    expect(screen.getByTestId('request-clear-cache').textContent).toBe('43, 44, 45')
    const phases = screen.getAllByTestId('phase')
    const cc = phases.find((p) => p.dataset.phaseKind === 'clearCache')!
    expect(cc.textContent).toMatch(/P44_JOB reset to null by ClearCache token 44 in URL f\?p=100:1:/)
    expect(screen.getByText(/follows step 12/)).toBeTruthy()
  })

  it('steps through a clear cache: items highlighted before they are nulled, then nulled', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 13, phase: 0 }))
    const through = screen.getByTestId('clear-cache-through')
    expect(through.dataset.stage).toBe('1')
    const job = within(through).getAllByTestId('cc-item').find((x) => x.dataset.item === 'P44_JOB')!
    expect(job.className).toMatch(/about-to-null/)
    expect(job.textContent).toMatch(/"PRESIDENT"/)
    expect(within(through).getAllByTestId('cc-token').map((t) => t.dataset.token)).toEqual(['43', '44', '45'])
    await act(() => h!.services.actions.stepInto())
    expect(screen.getByTestId('clear-cache-through').dataset.stage).toBe('2')
    const nulled = within(screen.getByTestId('clear-cache-through')).getAllByTestId('cc-item').find((x) => x.dataset.item === 'P44_JOB')!
    expect(nulled.className).toMatch(/nulled/)
    expect(screen.getAllByTestId('phase').find((p) => p.getAttribute('aria-current') === 'step')?.dataset.phaseKind).toBe('clearCache')
  })

  it('steps through a clone: new ID, copied rows, group, render', async () => {
    h = await harness('session-cloning')
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    const through = screen.getByTestId('clone-through')
    const step = h.services.actions.step(3)!
    expect(screen.getByTestId('clone-new-id').textContent).toBe(String(step.session))
    // The session it was cloned from is named by its alias, with a short ID.
    expect(screen.getByTestId('clone-original').textContent).toMatch(/^A \((…)?\d+\)$/)
    expect(screen.getByTestId('inspector').textContent).toMatch(/Session B \(/)
    expect(through.textContent).toMatch(/Copied 3 rows/)
    expect(through.textContent).toMatch(/Joined clone group/)
    expect(through.textContent).toMatch(/Rendered page 44/)
  })

  it('names a session whose ID a login rotated by its alias, also after it ended', async () => {
    h = await harness('per-user')
    renderWith(h, <StepInspector />)
    // Step 1 is A's login (SCOTT): a new ID, the alias A follows.
    await act(() => h!.services.actions.goTo({ step: 1, phase: null }))
    const login = h.services.actions.step(1)!
    expect(login.kind).toBe('login')
    expect(screen.getByTestId('inspector').textContent).toMatch(/Session A \(/)
    // At the end A is logged out or expired; its login step still names it A.
    await act(() => h!.services.actions.last())
    await act(() => h!.services.actions.goTo({ step: 1, phase: null }))
    expect(screen.getByTestId('inspector').textContent).toMatch(/Session A \(/)
  })

  it('diffs against the previous step and against a pinned step', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    expect(screen.getByTestId('diff-table').textContent).toMatch(/P43_ENAME\(no row\)"KING" \(I\)/)
    fireEvent.click(screen.getByRole('button', { name: 'Pin (P)' }))
    await act(() => h!.services.actions.last())
    fireEvent.change(screen.getByLabelText('Diff against'), { target: { value: 'pinned' } })
    await waitFor(() => expect(screen.getByTestId('diff-table').textContent).toMatch(/At step 3/))
    expect(screen.getByTestId('diff-table').textContent).toMatch(/P43_ENAME"KING" \(I\)null \(R\)/)
  })

  it('shows validation errors and the outcome', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 5, phase: null }))
    expect(screen.getByText(/validation failed/)).toBeTruthy()
    expect(screen.getByLabelText('Validation errors').textContent).toMatch(/Salary must be a positive number/)
  })
})
