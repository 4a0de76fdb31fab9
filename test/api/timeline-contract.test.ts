/**
 * The contract answers what the state view needs in one round trip: a move
 * (navigate, findBreakpoint) or a live operation can carry the state it
 * arrives at, breakpoints are found over the whole timeline, playback stops
 * at them. Expected values come from separate calls (timeline.state at the
 * point) or from the trace's own steps, never from the answer under test.
 */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { call } from '../timeline/api-call.js'

async function demo(name = 'session-cloning'): Promise<EngineService> {
  const s = new EngineService()
  await call(s, 'workspace.openDemo', { name })
  return s
}

describe('breakpoints over the whole timeline', () => {
  it('finds a breakpoint more than 20,000 steps ahead (and back), whatever kind', async () => {
    const s = new EngineService()
    await call(s, 'workspace.openTraceText', { text: generateTraceText({ events: 18_000, sessions: 40, seed: 7, recorded: true }), name: 'big' })
    const n = (await call(s, 'steps.count', {})).count
    expect(n).toBeGreaterThan(21_000)
    const far = n - 2
    const fwd = await call(s, 'timeline.findBreakpoint', { from: { step: 0 }, direction: 'forward', breakpoints: [{ kind: 'step', step: far }] })
    expect(fwd?.point).toEqual({ step: far, phase: null })
    expect(fwd?.breakpoint).toBe(0)
    const back = await call(s, 'timeline.findBreakpoint', { from: { step: n - 1 }, direction: 'backward', breakpoints: [{ kind: 'step', step: 1 }] })
    expect(back?.point).toEqual({ step: 1, phase: null })
    // An item whose last change is far from step 0: found forward from the start's side of it.
    const steps = await call(s, 'steps.range', { from: far - 50, count: 50 })
    const set = steps.flatMap((st) => st.effects.map((e) => ({ e, step: st.index }))).find((x) => x.e.op === 'set')!
    const item = (set.e as { item: string }).item
    const history = await call(s, 'timeline.itemHistory', { item, limit: 100_000 })
    const lastBefore = history.filter((h) => h.step < set.step).pop()
    const from = lastBefore ? { step: lastBefore.step } : { step: -1 }
    const hit = await call(s, 'timeline.findBreakpoint', { from, direction: 'forward', breakpoints: [{ kind: 'itemChanges', item }] })
    const firstAfter = history.find((h) => h.step > from.step)!
    expect(hit?.point.step).toBe(firstAfter.step)
    s.close()
  })

  it('answers with the state at the hit when asked (one round trip)', async () => {
    const s = await demo()
    const hit = await call(s, 'timeline.findBreakpoint', { from: { step: -1 }, direction: 'forward', breakpoints: [{ kind: 'event', events: ['clone'] }], state: { here: true } })
    expect(hit?.state).toEqual(await call(s, 'timeline.state', { point: hit!.point, here: true }))
    s.close()
  })
})

describe('navigation', () => {
  it('whole steps and the ends; the state where it arrives', async () => {
    const s = await demo()
    const n = (await call(s, 'steps.count', {})).count
    const nav = async (from: { step: number; phase?: number | null }, mode: 'next' | 'prev' | 'first' | 'last') => (await call(s, 'timeline.navigate', { from, mode })).point
    expect(await nav({ step: -1 }, 'next')).toEqual({ step: 0, phase: null })
    expect(await nav({ step: 3, phase: 0 }, 'next')).toEqual({ step: 3, phase: null })
    expect(await nav({ step: 3 }, 'next')).toEqual({ step: 4, phase: null })
    expect(await nav({ step: n - 1 }, 'next')).toBeNull()
    expect(await nav({ step: 3 }, 'prev')).toEqual({ step: 2, phase: null })
    expect(await nav({ step: 3, phase: 0 }, 'prev')).toEqual({ step: 2, phase: null })
    expect(await nav({ step: 0 }, 'prev')).toBeNull()
    expect(await nav({ step: 5 }, 'first')).toEqual({ step: 0, phase: null })
    expect(await nav({ step: 5 }, 'last')).toEqual({ step: n - 1, phase: null })
    expect(await nav({ step: n - 1 }, 'last')).toBeNull()
    const moved = await call(s, 'timeline.navigate', { from: { step: 2 }, mode: 'into', state: { encoding: 'columns', here: true } })
    expect(moved.state).toEqual(await call(s, 'timeline.state', { point: moved.point!, encoding: 'columns', here: true }))
    s.close()
  })
})

describe('playback stops at breakpoints', () => {
  it('the ticks end at the hit, which takes the place of the tick that would pass it', async () => {
    const s = await demo()
    const bp = [{ kind: 'event' as const, events: ['clone' as const] }]
    const hit = await call(s, 'timeline.findBreakpoint', { from: { step: -1 }, direction: 'forward', breakpoints: bp })
    const free = await call(s, 'timeline.playback', { from: { step: -1 }, speed: 4, count: 100, unit: 'into' })
    const stopped = await call(s, 'timeline.playback', { from: { step: -1 }, speed: 4, count: 100, unit: 'into', breakpoints: bp })
    expect(stopped.breakpoint?.point).toEqual(hit!.point)
    expect(stopped.ticks[stopped.ticks.length - 1]!.point).toEqual(hit!.point)
    // Before the hit, the same ticks as without breakpoints.
    expect(stopped.ticks.slice(0, -1)).toEqual(free.ticks.slice(0, stopped.ticks.length - 1))
    const none = await call(s, 'timeline.playback', { from: { step: -1 }, speed: 4, count: 2, breakpoints: [{ kind: 'step', step: 10_000 }] })
    expect(none.breakpoint).toBeNull()
    expect(none.ticks).toHaveLength(2)
    s.close()
  })
})

describe('operate answers with what the view needs', () => {
  it('the steps, the count, the unsaved badge and the state after the last step', async () => {
    const s = new EngineService()
    await call(s, 'workspace.new', { use: ['demo:onboarding'], seed: 9 })
    const r = await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:43', as: 'A' }, state: { here: true } })
    expect(r.stepCount).toBe((await call(s, 'steps.count', {})).count)
    expect(r.unsavedSteps).toBe((await call(s, 'workspace.summary', {})).unsavedSteps)
    expect(r.state).toEqual(await call(s, 'timeline.state', { point: { step: r.stepCount! - 1, phase: null }, here: true }))
    expect(r.state!.here!.step).toEqual(r.steps[r.steps.length - 1])
    const plain = await call(s, 'operate', { op: { type: 'wait', seconds: 1 } })
    expect(plain.state).toBeUndefined()
    s.close()
  })
})

describe('diff carries last changes and table rows', () => {
  it('each changed row has the change timeline.why gives at `to`', async () => {
    const s = await demo()
    const n = (await call(s, 'steps.count', {})).count
    const d = await call(s, 'timeline.diff', { from: { step: 1 }, to: { step: n - 1 } })
    expect(d.rows.length).toBeGreaterThan(0)
    for (const r of d.rows.slice(0, 20)) {
      const row = (r.after ?? r.before)!
      const why = await call(s, 'timeline.why', { point: { step: n - 1 }, session: row.session, app: row.app, page: row.page, item: row.item })
      expect(r.changed, JSON.stringify(row)).toEqual(why ? { step: why.step, phase: why.phase, cause: why.cause } : null)
    }
    s.close()
  })
})
