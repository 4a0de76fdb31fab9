// @vitest-environment happy-dom
/**
 * ↓ pressed again before the first press's answer has arrived (a loaded
 * machine, or a held key): each press goes one phase further from where the
 * press before it landed — the second is not read from the step's end still
 * shown, which entered phase 0 again and dropped the press.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { stepIntoInspected } from '../../src-renderer/src/views/app/shortcuts.js'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

/** Holds every engine answer back from now until the returned release is called. */
function holdAnswers(harnessed: Harness): () => void {
  const api = harnessed.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
  const invoke = api.invoke.bind(api)
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  api.invoke = async (m, p) => {
    await held
    return invoke(m, p)
  }
  return release
}

describe('↓ pressed faster than the engine answers', () => {
  it('two presses on a step’s end: its phase 1, not phase 0 twice', async () => {
    h = await harness('onboarding-wizard')
    // Step 13 (the clear-cache step) has phases 0, 1, …: the engine's own record.
    expect(h.service.steps[13]!.phases.length).toBeGreaterThan(2)
    await h.services.actions.goTo({ step: 13, phase: null })
    await h.services.actions.ensurePages(13, 13)
    const release = holdAnswers(h)
    const first = stepIntoInspected(h.services)
    const second = stepIntoInspected(h.services)
    release()
    await Promise.all([first, second])
    expect(h.services.engine.getState().point).toEqual({ step: 13, phase: 1 })
  })

  it('three presses: phase 2', async () => {
    h = await harness('onboarding-wizard')
    await h.services.actions.goTo({ step: 13, phase: null })
    await h.services.actions.ensurePages(13, 13)
    const release = holdAnswers(h)
    const presses = [stepIntoInspected(h.services), stepIntoInspected(h.services), stepIntoInspected(h.services)]
    release()
    await Promise.all(presses)
    expect(h.services.engine.getState().point).toEqual({ step: 13, phase: 2 })
  })
})
