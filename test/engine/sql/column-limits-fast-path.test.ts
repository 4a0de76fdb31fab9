/**
 * fitNumber's and fitText's shortcuts for the usual value (a whole number; a
 * text shorter than its column) must answer exactly as the general rule:
 * the decimal rounding of fitNumberByDecimal, and the code-point count of
 * ORA-12899. Compared over random values, limits and spellings.
 */
import { describe, expect } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { fitNumber, fitNumberByDecimal, fitText } from '../../../src-main/engine/sql/column-limits.js'

type Outcome = { value: unknown } | { error: string }
const outcome = (f: () => unknown): Outcome => {
  try {
    return { value: f() }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

/** Whole numbers near the limits that matter: powers of ten, 10^15, doubles' exact range. */
const wholeNumbers = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: 0, max: 17 }).chain((e) => fc.constantFrom(10 ** e, 10 ** e - 1, -(10 ** e), -(10 ** e) + 1)),
  fc.maxSafeInteger(),
  fc.constant(-0),
)
/** The same numbers spelt as a form posts them, and spellings the shortcut must leave to the general rule. */
const spellings = wholeNumbers.chain((n) => fc.constantFrom<number | string>(n, String(n), `+${n}`, `0${Math.abs(n)}`, ` ${n}`, `${n}.0`, `${n}e0`, '-0'))

describe('fitNumber shortcut for whole numbers', () => {
  fcTest.prop([spellings, fc.integer({ min: 0, max: 20 }), fc.integer({ min: -3, max: 10 })], { numRuns: 3000 })(
    'answers as the decimal rule (value, or the same ORA-01438)',
    (value, precision, scale) => {
      const fast = outcome(() => fitNumber(value, precision, scale))
      const exact = outcome(() => fitNumberByDecimal(value, precision, scale))
      if ('value' in fast && 'value' in exact) expect(Object.is(fast.value, exact.value)).toBe(true)
      else expect(fast).toEqual(exact)
    },
  )
})

describe('fitText shortcut for short texts', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '𝔸', ' '), maxLength: 12 })
  fcTest.prop([text, fc.integer({ min: 0, max: 14 })], { numRuns: 2000 })('fits exactly the texts of at most n code points', (value, n) => {
    const fits = [...value].length <= n
    const r = outcome(() => fitText(value, n, 'T', 'C', 'APP'))
    if (fits) expect(r).toEqual({ value })
    else expect(r).toEqual({ error: `ORA-12899: value too large for column "APP"."T"."C" (actual: ${[...value].length}, maximum: ${n})` })
  })
})
