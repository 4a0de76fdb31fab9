/**
 * Issue #13: a jump asks for the state without the whole session list
 * (`sessionList: false`) and names the sessions its views show
 * (`sessionsShown`): `sessions` then holds only those, `rowSessions` what the
 * table needs of each session whose rows come (ID, alias, creation time) and
 * `sessionCount` the list's length. Expected values come from the full
 * answer (every part asked for), never from the answer under test.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { call } from './api-call.js'

let s: EngineService | null = null
afterEach(() => {
  s?.close()
  s = null
})

async function generated(): Promise<{ s: EngineService; last: number }> {
  const service = new EngineService()
  await call(service, 'workspace.openTraceText', { text: generateTraceText({ events: 3000, sessions: 40, seed: 13, recorded: true }), name: 'shown' })
  return { s: service, last: (await call(service, 'steps.count', {})).count - 1 }
}

describe('timeline.state with sessionsShown', () => {
  for (const liveOnly of [false, true]) {
    it(`lists only the sessions named, briefs of the rows' sessions and the list's length${liveOnly ? ' (live only)' : ''}`, async () => {
      const g = await generated()
      s = g.s
      for (const step of [Math.floor(g.last / 3), g.last]) {
        const point = { step, phase: null }
        const full = await call(s, 'timeline.state', { point, encoding: 'columns', here: true, liveOnly })
        expect(full.sessions.length).toBeGreaterThan(4)
        // The list comes in the table's order of sessions (creation time, then ID): the renderer does not sort it again.
        const created = [...full.sessions].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
        expect(full.sessions.map((x) => x.id)).toEqual(created.map((x) => x.id))
        // Named: one from the end of the list, one from the start, and an ID that is no session here.
        const named = [full.sessions[full.sessions.length - 1]!.id, full.sessions[1]!.id, 999_999_999]
        const part = await call(s, 'timeline.state', { point, encoding: 'columns', here: true, liveOnly, sessionList: false, sessionsShown: named })
        expect(part.sessions).toEqual(full.sessions.filter((x) => named.includes(x.id)))
        expect(part.sessionCount).toBe(full.sessions.length)
        // The rows are the full answer's; each run's session has its brief, in the list's order.
        expect(part.rowColumns).toEqual(full.rowColumns)
        const runs = full.rowColumns!.sessionRuns
        const withRows = new Set<number>()
        for (let i = 0; i < runs.length; i += 2) withRows.add(runs[i]!)
        expect(withRows.size).toBeGreaterThan(4)
        expect(part.rowSessions).toEqual(full.sessions.filter((x) => withRows.has(x.id)).map((x) => ({ id: x.id, alias: x.alias, createdAt: x.createdAt })))
        expect(part.here).toEqual(full.here)
        expect(part.t).toBe(full.t)
      }
    })
  }

  it('without sessionsShown the answer is as before (no briefs, no count)', async () => {
    const g = await generated()
    s = g.s
    const st = await call(s, 'timeline.state', { point: { step: g.last, phase: null }, encoding: 'columns', sessionList: false })
    expect(st.sessions).toEqual([])
    expect(st.rowSessions).toBeUndefined()
    expect(st.sessionCount).toBeUndefined()
  })
})
