/**
 * Issue #13: work made while the engine is idle (idle-work.ts) — slices of
 * parts, counted rather than timed (a clock the test moves); the row-set
 * index built in parts and finished by a query that needs it midway; and the
 * state-answer cache's warmed answers: finished by an ask that comes while
 * they are made, kept apart from the asked ones, dropped when the timeline
 * grows. Expected answers come from a timeline that never did any of it.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { runWhenIdle } from '../../src-main/timeline/idle-work.js'
import { runWhole } from '../../src-main/timeline/work-slices.js'
import { lastSetsAt } from '../../src-main/timeline/last-changes.js'
import { rowSetPositions, rowSetPositionsInParts } from '../../src-main/timeline/row-set-positions.js'
import { StateAnswerCache } from '../../src-main/timeline/state-answer-cache.js'
import type { TimelineState } from '../../src-main/timeline/results.js'
import { engineTrace, synthTrace, timelineOf } from './helpers.js'

/** A scheduler the test runs by hand: each entry is one call of the runner's tick. */
function manual() {
  const queue: { fn: () => void; ms: number }[] = []
  return {
    queue,
    schedule: (fn: () => void, ms: number) => void queue.push({ fn, ms }),
    runOne: () => queue.shift()!.fn(),
  }
}

describe('runWhenIdle', () => {
  it('runs parts in slices of sliceMs, one slice per turn, and says when the job is done', async () => {
    const m = manual()
    let clock = 1000
    let partsRun = 0
    function* job(): Generator<void, void> {
      for (let i = 0; i < 10; i++) {
        partsRun++
        clock += 3
        yield
      }
    }
    const done = runWhenIdle(job(), { lastRequestAt: () => 0, keepGoing: () => true, now: () => clock, schedule: m.schedule, sliceMs: 8, idleMs: 20 })
    const perSlice: number[] = []
    while (m.queue.length > 0) {
      const before = partsRun
      m.runOne()
      perSlice.push(partsRun - before)
    }
    // 3 ms per part: a slice ends at the first part past 8 ms — 3 parts, and the last slice ends the job.
    expect(perSlice).toEqual([3, 3, 3, 1])
    expect(await done).toBe('done')
  })

  it('waits for the engine to be idle before a slice, and stops when the work is no longer wanted', async () => {
    const m = manual()
    let clock = 1000
    let lastRequest = 995
    let wanted = true
    let partsRun = 0
    function* job(): Generator<void, void> {
      for (;;) {
        partsRun++
        clock += 1
        yield
      }
    }
    const result = runWhenIdle(job(), { lastRequestAt: () => lastRequest, keepGoing: () => wanted, now: () => clock, schedule: m.schedule, sliceMs: 2, idleMs: 20 })
    m.runOne()
    // A request came 5 ms ago: nothing ran, the next try is when 20 ms of quiet will have passed.
    expect(partsRun).toBe(0)
    expect(m.queue[0]!.ms).toBe(15)
    lastRequest = 900
    m.runOne()
    expect(partsRun).toBe(2)
    wanted = false
    m.runOne()
    expect(partsRun).toBe(2)
    expect(m.queue).toHaveLength(0)
    expect(await result).toBe('stopped')
  })

  it('a job that fails ends quietly (what it builds is built again on demand)', async () => {
    const m = manual()
    // eslint-disable-next-line require-yield
    function* job(): Generator<void, void> {
      throw new Error('the file went away')
    }
    const result = runWhenIdle(job(), { lastRequestAt: () => 0, keepGoing: () => true, now: () => 1000, schedule: m.schedule })
    m.runOne()
    expect(await result).toBe('failed')
  })
})

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 10, max: 50 }), users: fc.integer({ min: 1, max: 5 }), recorded: fc.boolean() })
const traceOf = (t: { seed: number; events: number; users: number; recorded: boolean }) => (t.recorded ? synthTrace(t.seed, t.events, t.users) : engineTrace(t.seed, t.events, t.users))

describe('the row-set index built in parts', () => {
  test.prop([traceArb, fc.nat({ max: 30 }), fc.integer({ min: 1, max: 40 })], { numRuns: 40 })('a query midway finishes it; the index equals one built at once', (t, stopAfter, perPart) => {
    const c = traceOf(t)
    const tl = timelineOf(c)
    const job = rowSetPositionsInParts(tl.cols, perPart)
    let parts = 0
    while (parts < stopAfter && !job.next().done) parts++
    const ix = rowSetPositions(tl.cols)
    expect(ix).toEqual(rowSetPositions(timelineOf(c).cols))
    // Built in more than one part when the effects are more than one part's worth.
    if (tl.effectCount > 2 * perPart && stopAfter > 2) expect(parts).toBeGreaterThan(1)
    // The job has nothing left to do, and the index the query got stays the one kept.
    expect(job.next().done).toBe(true)
    expect(rowSetPositions(tl.cols)).toBe(ix)
  })
})

describe('last changes near the start once the index is built', () => {
  test.prop([traceArb, fc.array(fc.nat(), { minLength: 1, maxLength: 12 })], { numRuns: 30 })('use the index and agree with the backward scan', (t, at) => {
    const c = traceOf(t)
    const tl = timelineOf(c)
    const reference = timelineOf(c)
    const keys = Int32Array.from({ length: tl.cols.rowKeySlot.length }, (_, k) => k)
    const built = rowSetPositions(tl.cols)
    for (const a of at) {
      const pos = a % (tl.effectCount + 1)
      // Below SCAN_ONLY_UP_TO (these traces are far below it): the built index answers.
      expect(lastSetsAt(tl, keys, pos)).toEqual(lastSetsAt(reference, keys, pos, Number.POSITIVE_INFINITY))
    }
    expect(rowSetPositions(tl.cols)).toBe(built)
  })
})

describe('warmed state answers', () => {
  const trace = engineTrace(7, 40, 4)
  const point = { step: trace.steps.length - 1, phase: null }
  const opts = { encoding: 'columns' as const, here: true, changes: true, groups: true }
  const expected = timelineOf(trace).stateAt(point, opts)
  const never = (): TimelineState => {
    throw new Error('made again')
  }

  it('an ask while the answer is being warmed finishes it instead of making another', () => {
    const tl = timelineOf(trace)
    const cache = new StateAnswerCache()
    const warm = cache.warm(tl, 'end', () => tl.stateAtInParts(point, opts))
    expect(warm.next().done).toBe(false)
    expect(warm.next().done).toBe(false)
    expect(cache.answer(tl, 'end', never)).toEqual(expected)
    // Nothing left for the warm job; the answer stays kept.
    expect(warm.next().done).toBe(true)
    expect(cache.peek(tl, 'end')).toEqual(expected)
  })

  it('stays kept however many other answers are asked; a grown timeline makes it again', () => {
    // All events but the last: the last is appended while a warm is under way.
    const lastEvent = trace.chains[trace.chains.length - 1]!
    const tl = timelineOf({ steps: trace.steps.slice(0, -lastEvent.length), chains: trace.chains.slice(0, -1) })
    const cache = new StateAnswerCache(2)
    const warmPoint = { step: tl.stepCount - 1, phase: null }
    runWhole(cache.warm(tl, 'end', () => tl.stateAtInParts(warmPoint, opts)))
    for (let step = 0; step < 5; step++) cache.answer(tl, `step ${step}`, () => tl.stateAt({ step, phase: null }, opts))
    expect(cache.answer(tl, 'end', never)).toEqual(timelineOf(trace).stateAt(warmPoint, opts))
    // Warming again what is kept does nothing.
    expect(cache.warm(tl, 'end', () => tl.stateAtInParts(warmPoint, opts)).next().done).toBe(true)
    // A warm under way when the timeline grows stops; the ask after makes the answer of the grown timeline.
    const grown = cache.warm(tl, 'last', () => tl.stateAtInParts(warmPoint, opts))
    grown.next()
    tl.appendEvent(lastEvent)
    expect(grown.next().done).toBe(true)
    let made = 0
    cache.answer(tl, 'end', () => (made++, tl.stateAt(warmPoint, opts)))
    expect(made).toBe(1)
  })
})
