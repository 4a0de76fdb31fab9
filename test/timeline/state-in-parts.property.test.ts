/**
 * Issue #13: the state at a point made part by part (stateAtInParts, what the
 * engine warms while idle) with other requests served between the parts —
 * the cursor moved anywhere — equals the answer made at once; the answer for
 * every session shown ('all') holds the whole list, from which any selection's
 * answer is cut; and the live-only list is the replay's sessions not ended.
 * Random traces, simulated and recorded; live-only lists are checked against
 * a replay from scratch (helpers.ts), not against the timeline.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { runWhole } from '../../src-main/timeline/work-slices.js'
import type { StateAtOptions } from '../../src-main/timeline/state-at-point.js'
import { allPoints, engineTrace, refState, synthTrace, timelineOf } from './helpers.js'

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 5, max: 50 }), users: fc.integer({ min: 1, max: 6 }), recorded: fc.boolean() })
const traceOf = (t: { seed: number; events: number; users: number; recorded: boolean }) => (t.recorded ? synthTrace(t.seed, t.events, t.users) : engineTrace(t.seed, t.events, t.users))

const optionsArb: fc.Arbitrary<StateAtOptions> = fc.record(
  {
    liveOnly: fc.boolean(),
    encoding: fc.constantFrom('rows' as const, 'columns' as const),
    here: fc.boolean(),
    changes: fc.boolean(),
    groups: fc.boolean(),
    sessionList: fc.boolean(),
    sessionsShown: fc.oneof(fc.constant('all' as const), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 })),
    userRows: fc.boolean(),
    tables: fc.boolean(),
  },
  { requiredKeys: [] },
)

describe('the state made in parts', () => {
  test.prop([traceArb, fc.nat(), optionsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 12 })], { numRuns: 60 })(
    'equals the state made at once, whatever the cursor did between the parts',
    (t, pick, opts, elsewhere) => {
      const c = traceOf(t)
      const points = allPoints(c.steps)
      const p = points[pick % points.length]!
      const point = { step: p.step, phase: p.phase }
      const whole = timelineOf(c).stateAt(point, opts)
      const tl = timelineOf(c)
      const job = tl.stateAtInParts(point, opts)
      let parts = 0
      for (let r = job.next(); ; r = job.next()) {
        if (r.done) {
          expect(r.value).toEqual(whole)
          break
        }
        parts++
        // Another request between two parts: the cursor goes somewhere else.
        const q = points[elsewhere[parts % elsewhere.length]! % points.length]!
        tl.seek({ step: q.step, phase: q.phase })
      }
      // It was made in parts (so the seeks between them were tested).
      expect(parts).toBeGreaterThan(3)
    },
  )

  test.prop([traceArb, fc.nat(), fc.boolean(), fc.array(fc.nat(), { maxLength: 5 })], { numRuns: 40 })(
    "'all' lists every session; a selection's answer is the list cut to it",
    (t, pick, liveOnly, chosen) => {
      const c = traceOf(t)
      const tl = timelineOf(c)
      const points = allPoints(c.steps)
      const p = points[pick % points.length]!
      const point = { step: p.step, phase: p.phase }
      const base: StateAtOptions = { liveOnly, encoding: 'columns', here: true, changes: true, groups: true, userRows: false, tables: false, sessionList: false }
      const every = runWhole(tl.stateAtInParts(point, { ...base, sessionsShown: 'all' }))
      const list = tl.stateAt(point, { liveOnly, groups: true, sessions: [] }).sessions
      expect(every.sessions).toEqual(list)
      expect(every.sessionCount).toBe(list.length)
      const ids = list.map((s) => s.id)
      const shown = [...chosen.map((i) => ids[i % Math.max(1, ids.length)] ?? 1), 999_999]
      const one = tl.stateAt(point, { ...base, sessionsShown: shown })
      expect({ ...every, sessions: every.sessions.filter((s) => shown.includes(s.id)) }).toEqual(one)
    },
  )

  test.prop([traceArb, fc.array(fc.nat(), { minLength: 1, maxLength: 20 })], { numRuns: 40 })('the live-only list is the sessions a replay has not ended', (t, picks) => {
    const c = traceOf(t)
    const tl = timelineOf(c)
    const points = allPoints(c.steps)
    for (const pick of picks) {
      const p = points[pick % points.length]!
      const live = tl.stateAt({ step: p.step, phase: p.phase }, { liveOnly: true, sessions: [] }).sessions.map((s) => s.id)
      const expected = refState(c.steps, p.pos)
        .snapshot()
        .sessions.filter((s) => s.ended === null)
        .map((s) => s.id)
      expect([...live].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b))
    }
  })
})
