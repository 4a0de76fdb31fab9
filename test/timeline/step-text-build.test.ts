/**
 * The step-text index built in the background (review finding 7): slices
 * only while the engine is idle, stopped when the timeline is replaced, one
 * build per timeline — run with a hand-driven scheduler and clock (no wall
 * clock: a slice is the EVENTS_PER_CLOCK_READ events the index reads before its first look at
 * a clock that is always past the budget).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { buildStepTextIndexInBackground, isBuildingStepText } from '../../src-main/timeline/step-text-build.js'
import { StepTextIndex, stepTextIndexSoFar } from '../../src-main/timeline/step-text-index.js'
import type { Timeline } from '../../src-main/timeline/timeline.js'
import { call } from './api-call.js'

/** A scheduler whose tasks run when the test says, with the delay each was asked for. */
function manualScheduler() {
  const queue: { fn: () => void; ms: number }[] = []
  return {
    schedule: (fn: () => void, ms: number) => void queue.push({ fn, ms }),
    queue,
    runNext(): number {
      const task = queue.shift()!
      task.fn()
      return task.ms
    },
  }
}

describe('step-text index built in the background', () => {
  let s: EngineService
  let tl: Timeline
  beforeAll(async () => {
    s = new EngineService()
    await call(s, 'workspace.openTraceText', { text: generateTraceText({ events: 400, sessions: 12, seed: 3, recorded: true }), name: 'g' })
    tl = s.timeline
  }, 60_000)
  afterAll(() => s.close())

  it('runs a slice only after the idle time, goes on until every step is indexed, and answers as a whole build does', () => {
    const sched = manualScheduler()
    let clock = 1000
    let lastRequestAt = 1000
    const opts = { lastRequestAt: () => lastRequestAt, keepGoing: () => true, now: () => (clock += 10), schedule: sched.schedule, sliceMs: 1, idleMs: 100 }
    expect(buildStepTextIndexInBackground(tl, opts)).toBe(true)
    // One build per timeline.
    expect(buildStepTextIndexInBackground(tl, opts)).toBe(false)
    expect(sched.runNext()).toBe(0)
    // A request came just now: the tick waits out the rest of the idle time and indexes nothing.
    expect(stepTextIndexSoFar(tl)).toBeNull()
    expect(sched.queue).toHaveLength(1)
    expect(sched.queue[0]!.ms).toBeGreaterThan(0)
    expect(sched.queue[0]!.ms).toBeLessThanOrEqual(100)
    // Idle from now on: every tick indexes a slice, none indexes all.
    lastRequestAt = -Infinity
    let slices = 0
    let seen = 0
    while (sched.queue.length > 0) {
      sched.runNext()
      slices++
      const steps = stepTextIndexSoFar(tl)!.steps
      expect(steps).toBeGreaterThan(seen)
      seen = steps
    }
    expect(slices).toBeGreaterThan(2)
    expect(isBuildingStepText(tl)).toBe(false)
    const whole = new StepTextIndex()
    whole.update(tl)
    for (const q of ['f?p', 'a', '1']) expect(stepTextIndexSoFar(tl)!.search(q, { limit: 100_000 })).toEqual(whole.search(q, { limit: 100_000 }))
    // Complete: nothing more to start.
    expect(buildStepTextIndexInBackground(tl, opts)).toBe(false)
  })

  it('stops when its timeline is no longer the workspace’s', async () => {
    const other = new EngineService()
    try {
      await call(other, 'workspace.openTraceText', { text: generateTraceText({ events: 300, sessions: 5, seed: 9, recorded: true }), name: 'h' })
      const sched = manualScheduler()
      let current = true
      let clock = 0
      const opts = { lastRequestAt: () => -Infinity, keepGoing: () => current, now: () => (clock += 10), schedule: sched.schedule, sliceMs: 1, idleMs: 100 }
      expect(buildStepTextIndexInBackground(other.timeline, opts)).toBe(true)
      sched.runNext()
      const after = stepTextIndexSoFar(other.timeline)!.steps
      expect(after).toBeLessThan(other.timeline.stepCount)
      current = false
      sched.runNext()
      expect(sched.queue).toHaveLength(0)
      expect(stepTextIndexSoFar(other.timeline)!.steps).toBe(after)
      expect(isBuildingStepText(other.timeline)).toBe(false)
    } finally {
      other.close()
    }
  })

  it('ends quietly when reading the timeline fails (its file closed under it)', () => {
    const sched = manualScheduler()
    let clock = 0
    const broken = Object.create(tl) as Timeline
    // A timeline whose event lines can no longer be read, and more steps than its index has.
    Object.defineProperty(broken, 'cols', { get: () => { throw new Error('closed') } })
    Object.defineProperty(broken, 'stepCount', { get: () => 10 })
    const opts = { lastRequestAt: () => -Infinity, keepGoing: () => true, now: () => (clock += 10), schedule: sched.schedule, sliceMs: 1, idleMs: 100 }
    expect(buildStepTextIndexInBackground(broken, opts)).toBe(true)
    expect(() => sched.runNext()).not.toThrow()
    expect(sched.queue).toHaveLength(0)
    expect(isBuildingStepText(broken)).toBe(false)
  })
})
