// @vitest-environment happy-dom
/**
 * A workspace's title and step count show before its first state arrives. A
 * key pressed in that gap (End, →) moves the playhead; the first state,
 * arriving later, must not put it back at step 0 (found by CI7: End pressed
 * right after a demo's title showed was lost on a loaded machine).
 */
import { afterEach, expect, it, vi } from 'vitest'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

it('End pressed while the first state is on its way lands on the last step', async () => {
  h = await harness()
  const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
  const invoke = api.invoke.bind(api)
  // The first timeline.state after the demo opens is held until End has been pressed and answered.
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  let opening = false
  let heldOne = false
  api.invoke = async (m, p) => {
    if (m === 'workspace.openDemo') opening = true
    else if (opening && !heldOne && m === 'timeline.state') {
      heldOne = true
      await held
    }
    return invoke(m, p)
  }
  const engine = h.services.engine
  const opened = h.services.actions.openDemo('onboarding-wizard')
  await vi.waitFor(() => expect(engine.getState().workspace?.title).toMatch(/Onboard/), { timeout: 15_000 })
  await vi.waitFor(() => expect(heldOne).toBe(true), { timeout: 15_000 })
  const last = h.service.timeline.stepCount - 1
  expect(last).toBeGreaterThan(0)
  expect(engine.getState().point.step).toBe(-1)
  await h.services.actions.last()
  expect(engine.getState().point.step).toBe(last)
  release()
  await opened
  expect(engine.getState().point).toEqual({ step: last, phase: null })
})
