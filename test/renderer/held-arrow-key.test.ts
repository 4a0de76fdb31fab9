/**
 * A held arrow key paints each press without waiting for the engine: every
 * step's answer carries (or its press asks for) the same move once more, so
 * the next press of that key is already answered. Whatever the walk, the
 * store ends at the engine's own state (expected values from the engine's
 * timeline.state, asked separately); and the first arrow key after a jump is
 * one message, as every other step.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import fc from 'fast-check'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { EngineApi, TimelineState } from '../../src-main/api/contract.js'
import { createServices } from '../../src-renderer/src/stores/app-context.js'
import type { AppServices } from '../../src-renderer/src/stores/app-context.js'
import { rowKey } from '../../src-renderer/src/model/rows.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { inProcessApi } from './helpers/in-process.js'
import { WAIT } from './helpers/wait-limits.js'

interface Gated {
  service: EngineService
  services: AppServices
  sent: { method: string; payload: unknown }[]
  /** While false, timeline.navigate answers wait (the engine is "slow"). */
  open: boolean
  close(): void
}

let g: Gated | null = null
afterEach(() => {
  g?.close()
  g = null
})

/** The renderer's services over an in-process engine whose timeline.navigate answers can be held back. */
async function gated(demo: string): Promise<Gated> {
  const service = new EngineService()
  const sent: { method: string; payload: unknown }[] = []
  const inner = inProcessApi(service, { sent })
  const held: (() => void)[] = []
  const api: EngineApi = {
    invoke: (method, payload) => {
      const answer = inner.invoke(method, payload)
      if (method !== 'timeline.navigate' || x.open) return answer
      return new Promise((resolve) => held.push(() => resolve(answer))) as never
    },
    subscribe: (topic, cb) => inner.subscribe(topic, cb),
  }
  const services = createServices(api)
  const x: Gated = {
    service,
    services,
    sent,
    open: true,
    close() {
      services.actions.dispose()
      service.close()
    },
  }
  // Held answers go out once the gate opens again.
  setInterval(() => {
    if (x.open) for (const release of held.splice(0)) release()
  }, 5).unref?.()
  await services.actions.init()
  if (!(await services.actions.openDemo(demo))) throw new Error(`could not open ${demo}`)
  return x
}

async function engineAt(service: EngineService, point: { step: number; phase?: number | null }) {
  const r = await service.dispatch('timeline.state', { point, here: true })
  if (!r.ok) throw new Error(r.error.message)
  const st = r.result as TimelineState
  return {
    rows: st.rows.map((row) => `${row.session}|${row.item}=${row.value}`).sort(),
    changes: st.here!.changes.map((c) => `${rowKey(c.session, c.app, c.page, c.item)}=${c.kind}`).sort(),
  }
}

const shown = (s: AppServices) => {
  const e = s.engine.getState()
  return {
    rows: e.rows.map((row) => `${row.session}|${row.item}=${row.value}`).sort(),
    changes: [...e.changes].map(([k, kind]) => `${k}=${kind}`).sort(),
  }
}

const navigations = (x: Gated, from: number) => x.sent.slice(from).filter((m) => m.method === 'timeline.navigate')

describe('a held arrow key', () => {
  it('paints the next press from the answer asked before it: no round trip waits, still one navigate per press', async () => {
    g = await gated('onboarding-wizard')
    const a = g.services.actions
    await a.stepBy(1)
    expect(g.services.engine.getState().point).toEqual({ step: 1, phase: null })
    // The engine stops answering: the next two presses of → are painted anyway.
    g.open = false
    for (const step of [2, 3]) {
      const from = g.sent.length
      let painted = false
      void a.stepBy(1).then(() => (painted = true))
      // (The second press waits for the request the first sent: open the gate for it only then.)
      if (step === 3) {
        await new Promise((r) => setTimeout(r, 30))
        expect(painted).toBe(false)
        g.open = true
      }
      await vi.waitFor(() => expect(painted).toBe(true), WAIT)
      expect(g.services.engine.getState().point).toEqual({ step, phase: null })
      expect(shown(g.services)).toEqual(await engineAt(g.service, { step, phase: null }))
      // One message per press: the request for the press after this one, from the step just painted.
      const asked = navigations(g, from)
      expect(asked).toHaveLength(1)
      expect(asked[0]!.payload).toMatchObject({ from: { step }, mode: 'next' })
    }
  })

  it('a jump made while a press waits for the answer asked before it wins: the playhead stays where the jump went', async () => {
    g = await gated('onboarding-wizard')
    const a = g.services.actions
    await a.stepBy(1)
    // The engine stops answering: this → is painted from the answer kept, and the request it sends for the next is held.
    g.open = false
    await a.stepBy(1)
    expect(g.services.engine.getState().point).toEqual({ step: 2, phase: null })
    // This one waits for that held answer.
    const press = a.stepBy(1)
    await new Promise((r) => setTimeout(r, 20))
    await a.goTo({ step: 9, phase: null })
    expect(g.services.engine.getState().point).toEqual({ step: 9, phase: null })
    g.open = true
    await press
    await new Promise((r) => setTimeout(r, 50))
    expect(g.services.engine.getState().point).toEqual({ step: 9, phase: null })
    expect(shown(g.services).rows).toEqual((await engineAt(g.service, { step: 9, phase: null })).rows)
  })

  it('any walk of ←, →, ↓ and ↑ ends at the engine’s state at the point reached, with what that point changed highlighted', async () => {
    g = await gated('onboarding-wizard')
    const x = g
    const a = x.services.actions
    const count = x.services.engine.getState().stepCount
    expect(count).toBeGreaterThan(10)
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: count - 1 }),
        fc.array(fc.constantFrom('next', 'prev', 'into', 'out'), { minLength: 1, maxLength: 25 }),
        async (start, keys) => {
          await a.goTo({ step: start, phase: null })
          for (const k of keys) {
            if (k === 'next') await a.stepBy(1)
            else if (k === 'prev') await a.stepBy(-1)
            else if (k === 'into') await a.stepInto()
            else await a.stepOut()
          }
          const point = x.services.engine.getState().point
          // The same walk asked of the engine alone, one move at a time.
          let expected: { step: number; phase?: number | null } = { step: start, phase: null }
          for (const k of keys) {
            const mode = k === 'out' ? ((expected.phase ?? null) === 0 ? 'backOut' : 'backInto') : k
            const r = await x.service.dispatch('timeline.navigate', { from: expected, mode })
            if (!r.ok) throw new Error(r.error.message)
            const to = (r.result as { point: { step: number; phase?: number | null } | null }).point
            if (to) expected = to
          }
          expect(point).toEqual({ step: expected.step, phase: expected.phase ?? null })
          expect(shown(x.services)).toEqual(await engineAt(x.service, point))
        },
      ),
      { numRuns: 15, seed: 13 },
    )
  })
})

describe('the first arrow key after a jump', () => {
  it('is one timeline.navigate, not the longer way, while the jump’s Per User rows and tables are still to come', async () => {
    const service = new EngineService()
    const sent: { method: string; payload: unknown }[] = []
    const services = createServices(inProcessApi(service, { sent }))
    g = { service, services, sent, open: true, close: () => (services.actions.dispose(), service.close()) }
    await services.actions.init()
    expect(await services.actions.openTraceText(generateTraceText({ events: 1500, sessions: 20, seed: 5, recorded: true }), 'gen.sstrace')).toBe(true)
    const last = services.engine.getState().stepCount - 1
    // ← pressed as soon as the jump's table is painted (as a person does after End), before the Per User rows and tables there come.
    let from = -1
    const painted = new Promise<void>((resolve) => {
      const stop = services.engine.subscribe((e) => {
        if (e.point.step !== last || from >= 0) return
        from = sent.length
        stop()
        resolve()
      })
    })
    void services.actions.last()
    await painted
    // A key press is a task of its own: the one after the paint.
    await new Promise((r) => setTimeout(r, 0))
    from = sent.length
    await services.actions.stepBy(-1)
    expect(services.engine.getState().point).toEqual({ step: last - 1, phase: null })
    expect(sent.slice(from).filter((m) => m.method.startsWith('timeline.')).map((m) => m.method)).toEqual(['timeline.navigate'])
    expect(shown(services).rows).toEqual((await engineAt(service, { step: last - 1, phase: null })).rows)
    // The Per User rows and tables there follow once the playhead rests.
    const expected = await service.dispatch('timeline.state', { point: { step: last - 1, phase: null } })
    if (!expected.ok) throw new Error(expected.error.message)
    await vi.waitFor(() => expect(services.engine.getState().userRows).toEqual((expected.result as TimelineState).userRows), WAIT)
  })
})
