/**
 * timeline.navigate with `ahead`: the answer carries the same move once more
 * from the point arrived at — the point the engine's own navigation gives
 * from there, and the state there with the diff from the point arrived at —
 * exactly what a second call would answer (the renderer paints the next
 * press of a held key from it).
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { EngineService } from '../../src-main/api/engine-service.js'
import { NAV_MODES } from '../../src-main/api/contract.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'

type Point = { step: number; phase?: number | null }
type Answer = { point: Point | null; state?: { diff?: unknown; here?: unknown }; ahead?: { point: Point | null; state?: { diff?: unknown; here?: unknown } } }

describe('timeline.navigate ahead', () => {
  it('is the same move once more, as a second call answers it', async () => {
    const service = new EngineService()
    try {
      const opened = await service.dispatch('workspace.openTraceText', { text: generateTraceText({ events: 600, sessions: 6, seed: 3, recorded: true }), name: 'gen.sstrace' })
      if (!opened.ok) throw new Error(opened.error.message)
      const steps = (opened.result as { steps: number }).steps
      const call = async (payload: unknown): Promise<Answer> => {
        const r = await service.dispatch('timeline.navigate', payload as never)
        if (!r.ok) throw new Error(r.error.message)
        return r.result as Answer
      }
      const options = (from: Point, here: boolean) => ({ sessions: [], sessionList: false, userRows: false, tables: false, here, diffFrom: from })
      let seen = 0
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: steps - 1 }), fc.constantFrom(...NAV_MODES), fc.boolean(), async (step, mode, here) => {
          const from = { step, phase: null }
          const one = await call({ from, mode, state: options(from, here), ahead: true })
          if (!one.point) {
            expect(one.ahead).toBeUndefined()
            return
          }
          const again = await call({ from: one.point, mode, state: options(one.point, here) })
          expect(one.ahead).toEqual(again.point ? { point: again.point, state: again.state } : { point: null })
          if (again.point) seen++
        }),
        { numRuns: 60, seed: 13 },
      )
      expect(seen).toBeGreaterThan(20)
      // Without `ahead`, the answer is as before.
      expect(await call({ from: { step: 1, phase: null }, mode: 'next', state: options({ step: 1, phase: null }, true) })).not.toHaveProperty('ahead')
    } finally {
      service.close()
    }
  })
})
