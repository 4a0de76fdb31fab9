/**
 * A view asks only for the parts of the state it paints (`sessionList`,
 * `userRows`, `tables` false leave that part out) and, with `diffFrom`, gets
 * the difference from the point it shows in the same answer — so a step or a
 * jump is one round trip. Expected values come from separate calls
 * (timeline.state with every part, timeline.diff), never from the answer
 * under test.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { call, failure } from './api-call.js'

let s: EngineService | null = null
afterEach(() => {
  s?.close()
  s = null
})

/** A recorded generated trace: Per User values and simulator tables fill up as it goes. */
async function generated(): Promise<{ s: EngineService; last: number }> {
  const service = new EngineService()
  await call(service, 'workspace.openTraceText', { text: generateTraceText({ events: 3000, sessions: 30, seed: 11, recorded: true }), name: 'parts' })
  return { s: service, last: (await call(service, 'steps.count', {})).count - 1 }
}

describe('timeline.state sends only the parts asked for', () => {
  it('each part left out is empty; the others are exactly the full answer’s', async () => {
    const g = await generated()
    s = g.s
    const point = { step: g.last, phase: null }
    const full = await call(s, 'timeline.state', { point, encoding: 'columns', here: true })
    // The trace has every part, so leaving one out is visible.
    expect(full.sessions.length).toBeGreaterThan(0)
    expect(full.userRows.length).toBeGreaterThan(0)
    expect(full.tables.length).toBeGreaterThan(0)
    expect(full.rowColumns!.length).toBeGreaterThan(0)

    const noExtras = await call(s, 'timeline.state', { point, encoding: 'columns', here: true, userRows: false, tables: false })
    expect(noExtras.userRows).toEqual([])
    expect(noExtras.tables).toEqual([])
    expect({ ...noExtras, userRows: full.userRows, tables: full.tables }).toEqual(full)

    const extrasOnly = await call(s, 'timeline.state', { point, sessions: [], sessionList: false })
    expect(extrasOnly.sessions).toEqual([])
    expect(extrasOnly.rows).toEqual([])
    expect(extrasOnly.userRows).toEqual(full.userRows)
    expect(extrasOnly.tables).toEqual(full.tables)
    expect(extrasOnly.t).toBe(full.t)
  })
})

describe('diffFrom: the difference from the point shown, in the same answer', () => {
  it('timeline.navigate carries timeline.diff from the given point to the point arrived at, with what the step changed', async () => {
    const g = await generated()
    s = g.s
    for (const [from, mode] of [
      [{ step: 100, phase: null }, 'next'],
      [{ step: 100, phase: null }, 'prev'],
      [{ step: 5, phase: null }, 'last'],
    ] as const) {
      const r = await call(s, 'timeline.navigate', { from, mode, state: { sessions: [], sessionList: false, userRows: false, tables: false, here: true, diffFrom: from } })
      expect(r.point).not.toBeNull()
      expect(r.state!.diff).toEqual(await call(s, 'timeline.diff', { from, to: r.point! }))
      expect(r.state!.here).toEqual((await call(s, 'timeline.state', { point: r.point!, here: true })).here)
      expect(r.state!.sessions).toEqual([])
    }
  })

  it('a diffFrom that is no point fails the call naming the field', async () => {
    const g = await generated()
    s = g.s
    const err = await failure(s, 'timeline.navigate', { from: { step: 1 }, mode: 'next', state: { diffFrom: { step: g.last + 5 } } })
    expect(err.code).toBe('invalidPayload')
    expect(err.field).toBe('state.diffFrom.step')
    const top = await failure(s, 'timeline.state', { point: { step: 1 }, diffFrom: { step: g.last + 5 } })
    expect(top.field).toBe('diffFrom.step')
  })
})
