/**
 * The last few timeline.state answers are kept while the timeline is as it
 * was: asked again, an answer is not made again (counted by calls to
 * `make`), is equal, and is a copy the caller may add to; a grown timeline
 * or another workspace's makes them again — through the service, the answer
 * after a workspace change is the new workspace's (expected values from a
 * service that only ever opened that one).
 */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { TimelineState } from '../../src-main/api/contract.js'
import { StateAnswerCache } from '../../src-main/timeline/state-answer-cache.js'
import type { Timeline } from '../../src-main/timeline/timeline.js'

/** A stand-in timeline: the cache reads only its step and effect counts. */
const timeline = (steps: number, effects: number) => ({ stepCount: steps, effectCount: effects }) as unknown as Timeline
const state = (step: number): TimelineState => ({ point: { step }, t: step, sessions: [], rows: [], userRows: [], tables: [] })

describe('StateAnswerCache', () => {
  it('makes an answer once while the timeline is as it was, and hands out copies', () => {
    const cache = new StateAnswerCache(2)
    const tl = timeline(10, 40)
    let made = 0
    const make = (step: number) => () => (made++, state(step))
    const first = cache.answer(tl, 'a', make(1))
    first.diff = { from: { step: 0 }, to: { step: 1 }, rows: [], sessions: [], userRows: [], tables: [] }
    const again = cache.answer(tl, 'a', make(1))
    expect(made).toBe(1)
    expect(again).toEqual(state(1))
    // Two kept: b and c push a out (the least recently asked).
    cache.answer(tl, 'b', make(2))
    cache.answer(tl, 'a', make(1))
    cache.answer(tl, 'c', make(3))
    expect(made).toBe(3)
    cache.answer(tl, 'a', make(1))
    expect(made).toBe(3)
    cache.answer(tl, 'b', make(2))
    expect(made).toBe(4)
    expect(cache.kept).toBe(2)
  })

  it('makes them again once the timeline grew, or for another timeline', () => {
    const cache = new StateAnswerCache()
    let made = 0
    const make = () => (made++, state(1))
    cache.answer(timeline(10, 40), 'a', make)
    cache.answer(timeline(10, 40), 'a', make)
    // Another timeline with the same counts: not the one the answers are about.
    expect(made).toBe(2)
    const tl = timeline(10, 40)
    cache.answer(tl, 'a', make)
    cache.answer(tl, 'a', make)
    expect(made).toBe(3)
    ;(tl as unknown as { effectCount: number }).effectCount = 41
    cache.answer(tl, 'a', make)
    expect(made).toBe(4)
    ;(tl as unknown as { stepCount: number }).stepCount = 11
    cache.answer(tl, 'a', make)
    expect(made).toBe(5)
  })
})

describe('timeline.state with kept answers', () => {
  const ask = async (s: EngineService, step: number) => {
    const r = await s.dispatch('timeline.state', { point: { step, phase: null }, here: true, encoding: 'columns' })
    if (!r.ok) throw new Error(r.error.message)
    return r.result as TimelineState
  }
  const open = async (s: EngineService, name: string) => {
    const r = await s.dispatch('workspace.openDemo', { name })
    if (!r.ok) throw new Error(r.error.message)
  }

  it('answers at the same point of another workspace with that workspace’s state', async () => {
    const s = new EngineService()
    const only = new EngineService()
    try {
      await open(s, 'onboarding-wizard')
      const before = await ask(s, 3)
      expect(await ask(s, 3)).toEqual(before)
      await open(s, 'session-cloning')
      await open(only, 'session-cloning')
      const after = await ask(s, 3)
      expect(after).toEqual(await ask(only, 3))
      expect(after).not.toEqual(before)
    } finally {
      s.close()
      only.close()
    }
  })
})
