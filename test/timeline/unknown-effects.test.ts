/**
 * Effects of a kind the timeline does not store (a kind from a newer engine)
 * never make it throw: they stay in their step exactly as written and change
 * no state here. (`op: 'row'` is known since issue #11:
 * app-database-rows.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import type { Effect } from '../../src-main/engine/model/effect.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { deserializeTimeline, serializeTimeline } from '../../src-main/timeline/persist.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { allPoints, chainsOf, engineTrace, timelineOf } from './helpers.js'

// Shaped like a known effect (table, key, images) but of an op this timeline does not know.
const otherEffect = (i: number): Effect =>
  ({ op: 'rowV2', app: 100, table: 'EMP', key: String(i), from: null, to: { EMPNO: i, ENAME: 'KING' }, cause: 'process Insert' }) as unknown as Effect
const futureEffect = { op: 'somethingNew', detail: { a: 1 } } as unknown as Effect

/** The same steps with two unknown effects after each step's own effects. */
function withExtraEffects(steps: readonly Step[]): Step[] {
  return steps.map((s, i) => ({ ...s, effects: [...s.effects, otherEffect(i), futureEffect] }))
}

describe('effects the timeline does not store', () => {
  it('are kept in their steps, change no state, and survive a round trip through the byte parts', () => {
    const plain = engineTrace(21, 25, 3)
    const extended = withExtraEffects(plain.steps)
    const tl = new Timeline({ checkpointEvery: 3 })
    for (const chain of chainsOf(extended)) tl.appendEvent(chain)
    const reference = timelineOf(plain)
    expect(tl.steps(0, tl.stepCount)).toEqual(extended)
    // The same state at every step end (phase points shift by nothing: the extra effects come after the phases).
    for (const p of allPoints(plain.steps).filter((x) => x.phase === null)) expect(tl.stateAt(p, { changes: false }), `step ${p.step}`).toEqual(reference.stateAt(p, { changes: false }))
    const last = tl.stepCount - 1
    expect(tl.diff({ step: -1 }, { step: last })).toEqual(reference.diff({ step: -1 }, { step: last }))
    expect(tl.search('king').total).toBe(reference.search('king').total)
    // Given back one by one, as written.
    const first = tl.cols.stepFirstEffect.get(1)
    const count = tl.cols.stepFirstEffect.get(2) - first
    expect(tl.cols.effect(first + count - 2)).toEqual(otherEffect(1))
    expect(tl.cols.effect(first + count - 1)).toEqual(futureEffect)
    const restored = new Timeline(deserializeTimeline(serializeTimeline(tl.cols), tl.cols.events))
    expect(restored.stateAt({ step: last })).toEqual(tl.stateAt({ step: last }))
    expect(restored.steps(0, 3)).toEqual(extended.slice(0, 3))
  })

  it('an effect without an op is refused, naming the effect', () => {
    const steps = engineTrace(22, 3, 1).steps
    const bad = [{ ...steps[0]!, effects: [...steps[0]!.effects, { nothing: true } as unknown as Effect] }]
    const tl = new Timeline()
    expect(() => tl.appendEvent(bad)).toThrow(new RegExp(`effect #${steps[0]!.effects.length}: an effect needs an op`))
    expect(tl.stepCount).toBe(0)
  })
})
