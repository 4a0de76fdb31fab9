/**
 * Seek and diff against a brute-force reference: for random traces (engine
 * simulated and recorded), the state at random points — visited in random
 * order, so the cursor jumps forward and backward, through and across
 * checkpoints — equals a fresh replay of the effects up to that point; and
 * the diff of any two points equals the difference of the two replays.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { refLastChange, allPoints, canonicalState, engineTrace, refDiff, refState, sortedJson, synthTrace, timelineOf } from './helpers.js'
import type { TraceCase } from './helpers.js'
import type { Timeline } from '../../src-main/timeline/timeline.js'

function stateOfTimeline(tl: Timeline, p: { step: number; phase: number | null }) {
  const s = tl.stateAt(p)
  return {
    sessions: s.sessions.map(({ status: _s, idleSec: _i, groupCreatedAt: _g, ...rec }) => rec).sort((a, b) => a.id - b.id),
    rows: s.rows,
    userRows: s.userRows,
    tables: s.tables,
  }
}

function checkSeeks(c: TraceCase, every: number, order: number[]) {
  const tl = timelineOf(c, every)
  const points = allPoints(c.steps)
  for (const i of order) {
    const p = points[i % points.length]!
    expect(stateOfTimeline(tl, p), `point ${p.step}/${p.phase}`).toEqual(canonicalState(refState(c.steps, p.pos).snapshot()))
  }
}

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 5, max: 60 }), users: fc.integer({ min: 1, max: 6 }) })

describe('seek (state at any point) equals a replay from scratch', () => {
  test.prop([traceArb, fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 })], { numRuns: 40 })(
    'engine-simulated traces',
    ({ seed, events, users }, every, order) => checkSeeks(engineTrace(seed, events, users), every, order),
  )
  test.prop([traceArb, fc.integer({ min: 1, max: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 })], { numRuns: 40 })(
    'recorded (synthesized) traces',
    ({ seed, events, users }, every, order) => checkSeeks(synthTrace(seed, events, users), every, order),
  )
})

describe('diff between any two points equals the reference difference', () => {
  test.prop([traceArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 15 }), fc.boolean()], { numRuns: 40 })(
    'diffs',
    ({ seed, events, users }, pairs, recorded) => {
      const c = recorded ? synthTrace(seed, events, users) : engineTrace(seed, events, users)
      const tl = timelineOf(c, 4)
      const points = allPoints(c.steps)
      for (const [x, y] of pairs) {
        const a = points[x % points.length]!
        const b = points[y % points.length]!
        const got = tl.diff(a, b)
        const ref = refDiff(refState(c.steps, a.pos), refState(c.steps, b.pos))
        // Each changed row carries its last change at or before `b`.
        ref.rows = ref.rows.map((r) => ({ ...r, changed: refLastChange(c.steps, b.pos, (r.after ?? r.before) as { session: number; app: number; page: number | null; item: string }) }))
        expect(sortedJson(got.rows)).toEqual(sortedJson(ref.rows))
        expect(sortedJson(got.sessions)).toEqual(sortedJson(ref.sessions))
        expect(sortedJson(got.userRows)).toEqual(sortedJson(ref.userRows))
        expect(sortedJson(got.tables)).toEqual(sortedJson(ref.tables))
      }
    },
  )
})
