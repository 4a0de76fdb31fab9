/**
 * shownLength counts a fraction's digits (the simulated clock's 12.5 s)
 * without String: it must give String(v).length for every number — decimals
 * of up to 6 places and more, around powers of ten, tiny and huge values,
 * negatives, and any double at all.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { shownLength } from '../../../src-main/engine/model/operation.js'

/** m / 10^k: the decimals the fast count is for, and their neighbours (7 and 8 places fall back to String). */
const decimal = fc
  .tuple(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 8 }))
  .map(([m, k]) => m / 10 ** k)
/** Times on the simulated clock, as the engine's records hold them. */
const clockTime = fc.integer({ min: 0, max: 3_153_600_000 }).map((tenths) => tenths / 10)
/** Around the edges of the fast range (1e-6, 1e9) and of each digit count. */
const edge = fc
  .tuple(fc.integer({ min: -7, max: 10 }), fc.constantFrom(-1e-7, -0.5, 0, 0.1, 0.5, 1e-7), fc.boolean())
  .map(([p, d, negative]) => (negative ? -1 : 1) * (10 ** p + d))
/** A value next to v: one ulp up or down (the division test must not take a neighbour for the decimal). */
const neighbour = decimal.chain((v) => fc.constantFrom(v, nextUp(v), nextDown(v)))

function nextUp(v: number): number {
  const f = new Float64Array([v])
  const i = new BigInt64Array(f.buffer)
  if (v === 0) return Number.MIN_VALUE
  i[0] = i[0]! + (v > 0 ? 1n : -1n)
  return f[0]!
}
function nextDown(v: number): number {
  return -nextUp(-v)
}

describe('shownLength of fractions', () => {
  test.prop([fc.oneof(decimal, clockTime, edge, neighbour, fc.double())], { numRuns: 20000 })('equals String(value).length', (v) => {
    expect(shownLength(v)).toBe(String(v).length)
  })

  test('the fast count covers the clock’s times (checked against String on a few by hand)', () => {
    expect([0.8, 12.5, 1234.5, -3.25, 0.000001, 999999999.999999].map(shownLength)).toEqual([3, 4, 6, 5, 8, 16])
  })
})
