/**
 * The renderer finds a step's divergence in the engine's list (ordered,
 * non-overlapping step ranges) by binary search: checked against a linear
 * scan over random lists and steps.
 */
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { divergenceAt, realAnswerLines } from '../../src-renderer/src/model/observed-answers.js'
import type { ObservedDivergence } from '../../src-renderer/src/model/observed-answers.js'

function divergence(step: number, lastStep: number): ObservedDivergence {
  return { line: step + 2, step, lastStep, field: 'page', real: 'r', simulated: 's', why: null, message: `m${step}` }
}

/** Requests as (gap before, length) pairs → ordered, non-overlapping ranges. */
const listArb = fc.array(fc.tuple(fc.nat(5), fc.nat(3)), { maxLength: 40 }).map((parts) => {
  let at = 0
  return parts.map(([gap, len]) => {
    const d = divergence(at + gap, at + gap + len)
    at = d.lastStep + 1
    return d
  })
})

describe('divergenceAt', () => {
  propTest.prop([listArb, fc.integer({ min: -2, max: 200 })])('finds what a linear scan finds', (list, step) => {
    expect(divergenceAt(list, step)).toBe(list.find((d) => step >= d.step && step <= d.lastStep) ?? null)
  })

  it('no list, no divergence', () => {
    expect(divergenceAt(undefined, 3)).toBeNull()
    expect(divergenceAt([], 3)).toBeNull()
  })
})

describe('realAnswerLines', () => {
  it('words each recorded fact, and only those', () => {
    expect(realAnswerLines({ status: 302, location: 'f?p=100:5:1', page: 5, app: 100, errors: [], ms: 12 })).toEqual([
      { label: 'HTTP status', value: '302' },
      { label: 'Redirected to', value: 'f?p=100:5:1' },
      { label: 'Page shown', value: 'page 5 of app 100' },
      { label: 'Errors', value: 'none' },
      { label: 'Server time', value: '12 ms' },
    ])
    expect(realAnswerLines({ status: 0 })).toEqual([{ label: 'HTTP status', value: '0 (no answer: cancelled or blocked)' }])
  })
})
