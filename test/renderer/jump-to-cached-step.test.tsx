// @vitest-environment happy-dom
/**
 * A jump to a step whose page of steps is already cached does not tell the
 * views that follow the step cache that steps arrived (stepsVersion): the
 * answer's `here.step` is put in only when it is new, so a jump back and forth
 * re-renders only what the new point changes (issue #13, one owner of steps).
 */
import { act } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

describe('a jump to a cached step', () => {
  it('leaves stepsVersion as it was', async () => {
    h = await harness('onboarding-wizard')
    const engine = h.services.engine
    // Load every step's page first (the demo has 14 steps: one page).
    await act(async () => {
      await h!.services.actions.ensurePages(0, engine.getState().stepCount - 1)
    })
    expect(h.services.actions.step(9)).toBeDefined()
    const before = engine.getState().stepsVersion
    await act(async () => {
      await h!.services.actions.goTo({ step: 9, phase: null })
    })
    expect(engine.getState().point.step).toBe(9)
    expect(engine.getState().stepsVersion).toBe(before)
  })
})
