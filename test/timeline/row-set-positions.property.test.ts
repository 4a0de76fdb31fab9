/**
 * The last change of rows through the row-set index (row-set-positions.ts)
 * against the backward scan over the effect columns (the way lastSetsAt
 * answered before the index; property-tested against brute force through
 * timeline.state and why): random traces, random points, random rows, and
 * a timeline that grew after its index was built (live steps).
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { lastSetsAt } from '../../src-main/timeline/last-changes.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { engineTrace, synthTrace, timelineOf } from './helpers.js'

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 5, max: 60 }), users: fc.integer({ min: 1, max: 5 }), recorded: fc.boolean() })
const traceOf = (t: { seed: number; events: number; users: number; recorded: boolean }) => (t.recorded ? synthTrace(t.seed, t.events, t.users) : engineTrace(t.seed, t.events, t.users))

const INDEX_ALWAYS = 0
const SCAN_ONLY = Number.POSITIVE_INFINITY

/** Some distinct row keys of the timeline (every one when `all`; callers ask about each key once), in a shuffled order. */
function keysOf(tl: Timeline, pick: number[], all: boolean): Int32Array {
  const n = tl.cols.rowKeySlot.length
  if (n === 0) return new Int32Array(0)
  return Int32Array.from(all ? Array.from({ length: n }, (_, k) => (k * 7919) % n) : [...new Set(pick.map((x) => x % n))])
}

describe('last changes through the row-set index', () => {
  test.prop([traceArb, fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean()], { numRuns: 40 })(
    'index and backward scan agree at every point asked',
    (t, at, pick, all) => {
      const tl = timelineOf(traceOf(t))
      const keys = keysOf(tl, pick, all)
      for (const a of at) {
        const pos = a % (tl.effectCount + 1)
        expect(lastSetsAt(tl, keys, pos, INDEX_ALWAYS)).toEqual(lastSetsAt(tl, keys, pos, SCAN_ONLY))
      }
    },
  )

  test.prop([traceArb, fc.integer({ min: 1, max: 9 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 })], { numRuns: 30 })(
    'steps appended after the index was built are found (the tail is scanned, the rest looked up)',
    (t, cut, at) => {
      const c = traceOf(t)
      const tl = new Timeline({ checkpointEvery: 3 })
      const split = Math.floor((c.chains.length * cut) / 10)
      for (const chain of c.chains.slice(0, split)) tl.appendEvent(chain)
      // Builds the index over the first part.
      lastSetsAt(tl, keysOf(tl, [], true), tl.effectCount, INDEX_ALWAYS)
      for (const chain of c.chains.slice(split)) tl.appendEvent(chain)
      const keys = keysOf(tl, [], true)
      for (const a of [tl.effectCount, ...at]) {
        const pos = a % (tl.effectCount + 1)
        expect(lastSetsAt(tl, keys, pos, INDEX_ALWAYS)).toEqual(lastSetsAt(tl, keys, pos, SCAN_ONLY))
      }
    },
  )
})
