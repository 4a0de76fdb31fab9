// @vitest-environment happy-dom
/**
 * After an arrow-key step, the playhead asks for the sessions and clock there
 * once no move followed for 250 ms (the settle). A move made within that time
 * whose answer is still on its way when the settle's ask starts — ↓ into the
 * step, End, a click, on a loaded machine — must still land: the settle has
 * its own request counter and never makes a move stale (found by CI7: five →
 * presses with slow answers ended on step 4).
 */
import { afterEach, expect, it, vi } from 'vitest'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

it('a move whose answer arrives after the settle’s ask has started still lands', async () => {
  h = await harness('onboarding-wizard')
  await h.services.actions.goTo({ step: 12, phase: null })
  await h.services.actions.ensurePages(0, 13)
  await h.services.actions.stepBy(1)
  expect(h.services.engine.getState().point).toEqual({ step: 13, phase: null })
  const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
  const invoke = api.invoke.bind(api)
  // The move's answer (a near move asks timeline.diff) is held until the settle's timeline.state has been sent.
  let settleSent!: () => void
  const settleAsked = new Promise<void>((r) => (settleSent = r))
  let holdDiff = true
  api.invoke = async (m, p) => {
    const q = p as { point?: { phase?: number | null }; userRows?: unknown }
    if (m === 'timeline.state' && 'userRows' in q && (q.point?.phase ?? null) === null) settleSent()
    if (m === 'timeline.diff' && holdDiff) {
      holdDiff = false
      await settleAsked
    }
    return invoke(m, p)
  }
  void h.services.actions.goTo({ step: 13, phase: 0 })
  await settleAsked
  await vi.waitFor(() => expect(h!.services.engine.getState().point).toEqual({ step: 13, phase: 0 }), { timeout: 5000 })
})
