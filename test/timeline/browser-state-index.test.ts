/**
 * Review finding 4 (issue #16): the browser index holds browser and cookie
 * effects only — an owned session moving from page to page adds nothing —
 * and an answer applies at most one snapshot interval of it, wherever the
 * point is. Counted in index entries, not time.
 */
import { describe, expect, it } from 'vitest'
import { Engine } from '../../src-main/engine/engine.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { browserEffectPositions, browsersAt } from '../../src-main/timeline/browser-state.js'
import { chainsOf, refState } from './helpers.js'

const APPS = [{ id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home' }, { id: 2, name: 'Two' }] }]

function timeline(ops: readonly object[], checkpointEvery: number) {
  const engine = new Engine({ apps: structuredClone(APPS), seed: 2 })
  for (const op of ops) engine.run(op)
  const steps = [...engine.steps]
  engine.close()
  const tl = new Timeline({ checkpointEvery })
  for (const chain of chainsOf(steps)) tl.appendEvent(chain)
  return { tl, steps }
}

describe('the browser index', () => {
  it('does not grow when an owned session only moves between pages', () => {
    const ops: object[] = [{ type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' }]
    for (let i = 0; i < 200; i++) ops.push({ type: 'request', browser: 'Alice', session: 'A', url: `f?p=100:${1 + (i % 2)}:&SESSION.` })
    const { tl, steps } = timeline(ops, 1024)
    const browserOrCookie = steps.flatMap((s) => s.effects).filter((e) => e.op === 'browser' || e.op === 'cookie').length
    expect(browserOrCookie).toBe(2)
    expect(browserEffectPositions(tl.cols).length).toBe(browserOrCookie)
  })

  it('with a snapshot every 8 entries, answers at any step equal the engine state replayed from the start', () => {
    // Each request without a session starts one and replaces Alice's or Bob's cookie: one cookie effect per step.
    const ops = Array.from({ length: 60 }, (_, i) => ({ type: 'request', browser: i % 3 === 0 ? 'Bob' : 'Alice', url: 'f?p=100:1' }))
    const { tl, steps } = timeline(ops, 2)
    expect(browserEffectPositions(tl.cols).length).toBeGreaterThan(40)
    let pos = 0
    const after = steps.map((s) => (pos += s.effects.length))
    for (const step of [59, 0, 30, 17, 8, 7, 45, -1, 59, 1]) {
      const want = [...refState(steps, step < 0 ? 0 : after[step]!).browsers.values()].map((b) => ({ name: b.name, cookies: [...b.jar.cookies.values()].map((c) => c.value) }))
      expect(browsersAt(tl.cols, step).map((b) => ({ name: b.name, cookies: b.cookies.map((c) => c.value) })), `after step ${step}`).toEqual(want)
    }
  })
})
