/**
 * Issue #14: the Sessions panel's asks (timeline.sessions, timeline.browsers,
 * browser.open) share one build of the sessions at a point, kept apart from
 * timeline.state's answers — so the panel, asking at point after point,
 * never pushes out the answers End and Home come back to, and the three
 * methods at one point move the timeline's cursor once. Work is counted
 * (calls of Timeline.stateAt and Timeline.seek), never timed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { call } from '../timeline/api-call.js'

const header = { format: 'session-trace', version: 1, title: 'panel asks', use: ['demo:onboarding'] }

/** Twelve sessions, half of them from named browsers. */
async function open(): Promise<EngineService> {
  const events = Array.from({ length: 12 }, (_, i) => ({ type: 'request', url: 'f?p=HR:1', as: `S${i}`, ...(i % 2 ? { browser: `B${i % 3}` } : {}) }))
  const s = new EngineService()
  await call(s, 'workspace.openTraceText', { text: [header, ...events].map((x) => JSON.stringify(x)).join('\n') + '\n', name: 'panel' })
  return s
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the Sessions panel and timeline.state', () => {
  it("the panel's asks at many points leave timeline.state's kept answer at End in place", async () => {
    const s = await open()
    const end = { step: 11 }
    const stateAt = vi.spyOn(Timeline.prototype, 'stateAt')
    await call(s, 'timeline.state', { point: end })
    expect(stateAt).toHaveBeenCalledTimes(1)
    // The panel at rest at six points, as a user stepping back from End would leave it.
    for (let step = 10; step >= 5; step--) {
      await call(s, 'timeline.sessions', { point: { step }, offset: 0, limit: 50 })
      await call(s, 'timeline.browsers', { point: { step }, offset: 0, limit: 50, liveOnly: true })
    }
    await call(s, 'browser.open', {})
    const before = stateAt.mock.calls.length
    await call(s, 'timeline.state', { point: end })
    // Kept: End answered again without building the state there.
    expect(stateAt.mock.calls.length - before).toBe(0)
  })

  it('timeline.sessions, timeline.browsers (first window, scrolled, filtered) and browser.open at one point move the cursor once', async () => {
    const s = await open()
    const end = { step: 11 }
    const seek = vi.spyOn(Timeline.prototype, 'seek')
    const flat = await call(s, 'timeline.sessions', { point: end, offset: 0, limit: 5 })
    const tree = await call(s, 'timeline.browsers', { point: end, offset: 0, limit: 5 })
    await call(s, 'timeline.browsers', { point: end, offset: 5, limit: 5 })
    const filtered = await call(s, 'timeline.sessions', { point: end, offset: 0, limit: 50, filter: 's1' })
    await call(s, 'browser.open', {})
    expect(seek).toHaveBeenCalledTimes(1)
    // The answers are about the twelve sessions (S1, S10, S11 match 's1').
    expect(flat.total).toBe(12)
    expect(tree.sessions).toBe(12)
    expect(filtered.rows.map((r) => r.session.alias).sort()).toEqual(['S1', 'S10', 'S11'])
  })
})
