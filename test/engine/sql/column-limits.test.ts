import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { columnLimitOf, fitNumber, fitText } from '../../../src-main/engine/sql/column-limits.js'

const ORA_01438 = 'ORA-01438: value larger than specified precision allowed for this column'

describe('columnLimitOf', () => {
  it('reads precision and scale, and knows which types are unconstrained', () => {
    expect(columnLimitOf('NUMBER(7,2)')).toEqual({ kind: 'number', precision: 7, scale: 2 })
    expect(columnLimitOf('NUMBER(4)')).toEqual({ kind: 'number', precision: 4, scale: 0 })
    expect(columnLimitOf('NUMBER(5,-2)')).toEqual({ kind: 'number', precision: 5, scale: -2 })
    expect(columnLimitOf('NUMBER(*,2)')).toEqual({ kind: 'number', precision: 38, scale: 2 })
    expect(columnLimitOf('NUMBER')).toBeUndefined()
    expect(columnLimitOf('NUMBER(*)')).toBeUndefined()
    expect(columnLimitOf('VARCHAR2(30)')).toEqual({ kind: 'text', maxLength: 30 })
    expect(columnLimitOf('DATE')).toBeUndefined()
  })
})

describe('fitNumber (NUMBER(p,s))', () => {
  // Hand-derived: round to s places, half away from zero, then |v| < 10^(p−s).
  it.each([
    [12345.678, 7, 2, 12345.68],
    [12345.675, 7, 2, 12345.68], // the double is 12345.674999…; Oracle reads the decimal 12345.675
    [-12345.675, 7, 2, -12345.68],
    [99999.99, 7, 2, 99999.99],
    [99999.994, 7, 2, 99999.99],
    ['1500', 7, 2, 1500],
    ['  42.5 ', 4, 0, 43],
    [2.5, 1, 0, 3],
    [-2.5, 1, 0, -3],
    [12345, 5, -2, 12300],
    [12350, 5, -2, 12400],
    [9999949, 5, -2, 9999900],
    [0.001234, 3, 5, 0.00123],
    [1e-10, 7, 2, 0],
  ])('%s into NUMBER(%i,%i) stores %s', (value, p, s, stored) => {
    expect(fitNumber(value, p, s)).toBe(stored)
  })

  it.each([
    [123456.7, 7, 2],
    [9999999, 7, 2],
    [99999.995, 7, 2], // rounds up to 100000.00: six integer digits
    [-100000, 7, 2],
    ['1e5', 7, 2],
    [10, 1, 0],
    [9999950, 5, -2],
    [0.001, 2, 5],
  ])('%s into NUMBER(%i,%i) raises ORA-01438', (value, p, s) => {
    expect(() => fitNumber(value, p, s)).toThrow(ORA_01438)
  })

  it('leaves what is not a number to other checks', () => {
    expect(fitNumber(null, 7, 2)).toBeNull()
    expect(fitNumber('abc', 7, 2)).toBe('abc')
    expect(fitNumber('', 7, 2)).toBe('')
  })

  fcTest.prop([fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 99 })])(
    'a value already at scale 2 inside NUMBER(7,2) is stored unchanged',
    (whole, cents) => {
      const text = `${whole < 0 ? '-' : ''}${Math.abs(whole)}.${String(cents).padStart(2, '0')}`
      expect(fitNumber(Number(text), 7, 2)).toBe(Number(text))
    },
  )

  fcTest.prop([fc.integer({ min: -1_000_000_000, max: 1_000_000_000 })])('integers into NUMBER(5) fit exactly when |n| < 100000', (n) => {
    if (Math.abs(n) < 100000) expect(fitNumber(n, 5, 0)).toBe(n)
    else expect(() => fitNumber(n, 5, 0)).toThrow(ORA_01438)
  })
})

describe('fitText (VARCHAR2(n))', () => {
  it('raises ORA-12899 naming the column, counting characters', () => {
    expect(() => fitText('abcdef', 5, 'T', 'NAME', 'APP')).toThrow('ORA-12899: value too large for column "APP"."T"."NAME" (actual: 6, maximum: 5)')
    expect(fitText('abcde', 5, 'T', 'NAME', 'APP')).toBe('abcde')
    // Five characters, ten bytes in UTF-8: characters are counted (docs/database.md).
    expect(fitText('ééééé', 5, 'T', 'NAME', 'APP')).toBe('ééééé')
    expect(fitText('😀😀', 2, 'T', 'NAME', 'APP')).toBe('😀😀')
    expect(fitText(null, 5, 'T', 'NAME', 'APP')).toBeNull()
  })
})
