/** The time-travel methods through the dispatcher: shapes, validation of points, and the added methods. */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { call, failure } from '../timeline/api-call.js'

async function demo(): Promise<EngineService> {
  const s = new EngineService()
  await call(s, 'workspace.openDemo', { name: 'session-cloning' })
  return s
}

describe('timeline methods', () => {
  it('state, diff, history, why, search on a demo', async () => {
    const s = await demo()
    const n = (await call(s, 'steps.count', {})).count
    const end = await call(s, 'timeline.state', { point: { step: n - 1 } })
    const before = await call(s, 'timeline.state', { point: { step: -1 } })
    expect(before.rows).toEqual([])
    expect(before.sessions).toEqual([])
    expect(end.sessions.map((x) => x.status)).toContain('deleted')
    const mid = await call(s, 'timeline.state', { point: { step: 3, phase: 1 } })
    expect(mid.point).toEqual({ step: 3, phase: 1 })
    const live = await call(s, 'timeline.state', { point: { step: 5 }, liveOnly: true })
    expect(live.sessions.every((x) => x.ended === null)).toBe(true)
    const one = live.sessions[0]!
    const only = await call(s, 'timeline.state', { point: { step: 5 }, sessions: [one.id] })
    expect(only.rows.every((r) => r.session === one.id)).toBe(true)
    const d = await call(s, 'timeline.diff', { from: { step: -1 }, to: { step: 5 } })
    expect(d.rows.length).toBeGreaterThan(0)
    expect(d.rows.every((r) => r.before === null)).toBe(true)
    const h = await call(s, 'timeline.itemHistory', { item: 'p43_ename' })
    expect(h.length).toBeGreaterThan(0)
    const last = h[h.length - 1]!
    const why = await call(s, 'timeline.why', { point: { step: n - 1 }, session: last.session, app: last.app, page: last.page, item: last.item })
    expect(why?.step).toBe(last.step)
    const found = await call(s, 'timeline.search', { query: 'king' })
    expect(found.total).toBeGreaterThan(0)
    expect(found.hits[0]!.value?.toLowerCase()).toContain('king')
    expect(found.steps).toBeGreaterThan(0)
    expect((await call(s, 'timeline.search', { query: 'KING', caseSensitive: true, in: 'names' })).total).toBe(0)
    const info = await call(s, 'timeline.info', {})
    expect(info.steps).toBe(n)
    s.close()
  })

  it('breakpoints, navigation and playback', async () => {
    const s = await demo()
    const bp = await call(s, 'timeline.findBreakpoint', { from: { step: -1 }, direction: 'forward', breakpoints: [{ kind: 'event', events: ['clone'] }] })
    expect(bp?.reason).toMatch(/clone/)
    const back = await call(s, 'timeline.findBreakpoint', { from: { step: -1 }, direction: 'backward', breakpoints: [{ kind: 'outcomeNotOk' }] })
    expect(back).toBeNull()
    const into = await call(s, 'timeline.navigate', { from: { step: -1 }, mode: 'into' })
    expect(into.point).toEqual({ step: 0, phase: 0 })
    const over = await call(s, 'timeline.navigate', { from: { step: 0 }, mode: 'over' })
    expect(over.point?.phase ?? null).toBeNull()
    expect(over.point!.step).toBeGreaterThan(1) // the submit's redirect show goes along
    const play = await call(s, 'timeline.playback', { from: { step: -1 }, speed: 2, count: 3 })
    expect(play.ticks.map((t) => t.delayMs)).toEqual([250, 250, 250])
    s.close()
  })

  it('refuses points that do not exist, naming the field', async () => {
    const s = await demo()
    const n = (await call(s, 'steps.count', {})).count
    const e1 = await failure(s, 'timeline.state', { point: { step: n } })
    expect(e1.code).toBe('invalidPayload')
    expect(e1.field).toBe('point.step')
    const e2 = await failure(s, 'timeline.diff', { from: { step: 0 }, to: { step: 0, phase: 99 } })
    expect(e2.field).toBe('to.phase')
    const e3 = await failure(s, 'timeline.state', { point: { step: -2 } })
    expect(e3.code).toBe('invalidPayload')
    s.close()
  })

  it('live operations are picked up by the timeline without a rebuild', async () => {
    const s = new EngineService()
    await call(s, 'workspace.new', { use: ['demo:onboarding'], seed: 9 })
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:43', as: 'A' } })
    const st1 = await call(s, 'timeline.state', { point: { step: 0 } })
    await call(s, 'operate', { op: { type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'WARD' } } })
    const n = (await call(s, 'steps.count', {})).count
    expect(n).toBe(3)
    expect(await call(s, 'timeline.state', { point: { step: 0 } })).toEqual(st1)
    const h = await call(s, 'timeline.itemHistory', { item: 'P43_ENAME' })
    expect(h.map((c) => c.to)).toEqual(['WARD'])
    s.close()
  })
})
