import { describe, expect, it } from 'vitest'
import { evaluate, parseExpression } from '../../../src-main/engine/expression/index.js'
import type { Expr } from '../../../src-main/engine/expression/index.js'
import { likeMatch } from '../../../src-main/engine/expression/like.js'
import { condition, contextOf, run, value } from './helpers.js'

describe("'' is null", () => {
  it('makes the empty literal null', () => {
    expect(value("''")).toBeNull()
    expect(value("'' IS NULL")).toBe(true)
    expect(value("'' IS NOT NULL")).toBe(false)
  })

  it('reads an empty item value as null', () => {
    expect(value(':X IS NULL', { X: '' })).toBe(true)
    expect(value(':X', { X: '' })).toBeNull()
  })

  it('makes a comparison with the empty string unknown, as in Oracle', () => {
    expect(value(":X = ''", { X: '' })).toBeNull()
    expect(condition(":X = ''", { X: '' }).result).toBe(false)
  })
})

describe('references', () => {
  it('reads items by upper-cased name', () => {
    const ctx = contextOf({ P1_NAME: 'Ann' })
    expect(evaluate(parseExpression(':p1_name'), ctx)).toBe('Ann')
    expect(ctx.lookedUp).toEqual(['P1_NAME'])
  })

  it('reads quoted names upper-cased', () => {
    expect(value(':"my item"', { 'MY ITEM': 'x' })).toBe('x')
  })

  it('warns about unknown names and yields null', () => {
    expect(run(':NOPE')).toEqual({ value: null, warnings: ['unknown item NOPE'] })
    expect(run("V('nope')")).toEqual({ value: null, warnings: ['unknown item NOPE'] })
  })

  it('reads V() case-insensitively, with a computed name too', () => {
    expect(value("V('p1_x')", { P1_X: '7' })).toBe('7')
    expect(value("V('P1_' || 'X')", { P1_X: '7' })).toBe('7')
  })

  it('warns when V() gets no name', () => {
    const { value: v, warnings } = run('V(NULL)')
    expect(v).toBeNull()
    expect(warnings).toEqual(['V needs an item name in V(NULL)'])
  })

  it('returns NV() as a number, null for null, and warns for text', () => {
    expect(value("NV('P1_N')", { P1_N: ' 12.50 ' })).toBe(12.5)
    expect(run("NV('P1_N')", { P1_N: null })).toEqual({ value: null, warnings: [] })
    const { value: v, warnings } = run("NV('P1_N')", { P1_N: 'abc' })
    expect(v).toBeNull()
    expect(warnings).toEqual(["'abc' is not a number in NV('P1_N')"])
  })
})

describe('|| concatenation', () => {
  it('joins text and treats null as the empty string', () => {
    expect(value("'a' || 'b'")).toBe('ab')
    expect(value("NULL || 'a'")).toBe('a')
    expect(value("'a' || :X", { X: null })).toBe('a')
    expect(value('NULL || NULL')).toBeNull()
    expect(value("'' || ''")).toBeNull()
  })

  it('writes numbers and booleans as session state would store them', () => {
    expect(value("'n=' || 0.5")).toBe('n=0.5')
    expect(value("'n=' || (1 + 2)")).toBe('n=3')
    expect(value("'b=' || (1 = 1)")).toBe('b=TRUE')
  })
})

describe('arithmetic', () => {
  it('computes + - * / with the usual precedence', () => {
    expect(value('1 + 2 * 3')).toBe(7)
    expect(value('(1 + 2) * 3')).toBe(9)
    expect(value('10 - 4 - 3')).toBe(3)
    expect(value('12 / 4 / 3')).toBe(1)
    expect(value('-2 * 3')).toBe(-6)
    expect(value('- -2')).toBe(2)
  })

  it('propagates null', () => {
    expect(value('1 + NULL')).toBeNull()
    expect(value('1 + :X', { X: null })).toBeNull()
    expect(value('-:X', { X: null })).toBeNull()
    expect(value("2 * ''")).toBeNull()
  })

  it('converts numeric text, and warns with null otherwise', () => {
    expect(value(':A + :B', { A: '1', B: '2.5' })).toBe(3.5)
    const { value: v, warnings } = run(":A + 1", { A: '1,5' })
    expect(v).toBeNull()
    expect(warnings).toEqual(["'1,5' is not a number in :A + 1"])
  })

  it('warns on division by zero', () => {
    expect(run('1 / 0')).toEqual({ value: null, warnings: ['division by zero in 1 / 0'] })
  })

  it('warns on overflow', () => {
    expect(run('1e308 * 10')).toEqual({ value: null, warnings: ['numeric overflow in 1e+308 * 10'] })
  })

  it('rounds away binary noise like Oracle decimal arithmetic', () => {
    expect(value('0.1 + 0.2')).toBe(0.3)
    expect(value('1 / 3')).toBe(0.333333333333333)
    expect(value('9007199254740991 - 0')).toBe(9007199254740991)
  })

  it('refuses booleans', () => {
    const { value: v, warnings } = run('TRUE + 1')
    expect(v).toBeNull()
    expect(warnings[0]).toMatch(/cannot use the boolean TRUE as a number/)
  })
})

describe('comparisons', () => {
  it('compares numbers numerically, converting text on the other side', () => {
    expect(value('2 < 10')).toBe(true)
    expect(value(':X = 5', { X: '05' })).toBe(true)
    expect(value(':X > 9', { X: '10' })).toBe(true)
    expect(value("'3' <= 3")).toBe(true)
  })

  it('compares two strings as binary text', () => {
    expect(value(':X > :Y', { X: '10', Y: '9' })).toBe(false)
    expect(value("'a' < 'b'")).toBe(true)
    expect(value("'B' < 'a'")).toBe(true)
    expect(value("'a' = 'A'")).toBe(false)
    expect(value("'a ' = 'a'")).toBe(false)
  })

  it('supports every operator', () => {
    const results = ['=', '!=', '<>', '<', '<=', '>', '>='].map((op) => [value(`1 ${op} 2`), value(`2 ${op} 2`)])
    expect(results).toEqual([
      [false, true],
      [true, false],
      [true, false],
      [true, false],
      [true, true],
      [false, false],
      [false, true],
    ])
  })

  it('is unknown when either side is null', () => {
    expect(value('NULL = NULL')).toBeNull()
    expect(value('1 = NULL')).toBeNull()
    expect(value('NULL <> 1')).toBeNull()
    expect(condition('NULL = NULL')).toEqual({ result: false, warnings: [] })
  })

  it('warns and is unknown when text does not convert', () => {
    const { value: v, warnings } = run(':X = 1', { X: 'abc' })
    expect(v).toBeNull()
    expect(warnings).toEqual(["'abc' is not a number in :X = 1"])
  })

  it('compares booleans only with booleans', () => {
    expect(value('TRUE = (1 = 1)')).toBe(true)
    expect(value('FALSE < TRUE')).toBe(true)
    const { value: v, warnings } = run("TRUE = 'TRUE'")
    expect(v).toBeNull()
    expect(warnings).toEqual(["cannot compare TRUE with 'TRUE' in TRUE = 'TRUE'"])
  })
})

describe('three-valued logic', () => {
  const T = 'TRUE'
  const F = 'FALSE'
  const U = 'NULL'
  const truth = (source: string): boolean | null => value(source) as boolean | null

  it('AND', () => {
    expect([truth(`${T} AND ${T}`), truth(`${T} AND ${F}`), truth(`${T} AND ${U}`)]).toEqual([true, false, null])
    expect([truth(`${F} AND ${U}`), truth(`${U} AND ${F}`), truth(`${U} AND ${U}`)]).toEqual([false, false, null])
  })

  it('OR', () => {
    expect([truth(`${F} OR ${F}`), truth(`${F} OR ${T}`), truth(`${F} OR ${U}`)]).toEqual([false, true, null])
    expect([truth(`${T} OR ${U}`), truth(`${U} OR ${T}`), truth(`${U} OR ${U}`)]).toEqual([true, true, null])
  })

  it('NOT unknown is unknown', () => {
    expect([truth('NOT TRUE'), truth('NOT FALSE'), truth('NOT NULL')]).toEqual([false, true, null])
    expect(truth('NOT (NULL = 1)')).toBeNull()
    expect(condition('NOT (:X = 1)', { X: null }).result).toBe(false)
  })

  it('does not evaluate the right side when the left decides', () => {
    expect(run('FALSE AND :NOPE = 1')).toEqual({ value: false, warnings: [] })
    expect(run('TRUE OR :NOPE = 1')).toEqual({ value: true, warnings: [] })
    expect(run('TRUE AND :NOPE = 1').warnings).toEqual(['unknown item NOPE'])
  })

  it('warns when a logical operand is not a condition', () => {
    const { value: v, warnings } = run("TRUE AND 'yes'")
    expect(v).toBeNull()
    expect(warnings).toEqual(["expected TRUE or FALSE but got 'yes' in 'yes'"])
    expect(run('NOT 1').warnings).toEqual(['expected TRUE or FALSE but got 1 in 1'])
  })
})

describe('IS NULL', () => {
  it('tests for null on any value', () => {
    expect(value(':X IS NULL', { X: null })).toBe(true)
    expect(value(':X IS NULL', { X: 'a' })).toBe(false)
    expect(value(':X IS NOT NULL', { X: 'a' })).toBe(true)
    expect(value('(NULL = 1) IS NULL')).toBe(true)
    expect(value('0 IS NULL')).toBe(false)
  })
})

describe('IN', () => {
  it('matches any list element with comparison typing', () => {
    expect(value(":X IN ('a', 'b')", { X: 'b' })).toBe(true)
    expect(value(":X IN ('a', 'b')", { X: 'c' })).toBe(false)
    expect(value(':X IN (1, 2)', { X: '02' })).toBe(true)
    expect(value(":X NOT IN ('a', 'b')", { X: 'c' })).toBe(true)
  })

  it('follows SQL null rules', () => {
    expect(value("NULL IN ('a')")).toBeNull()
    expect(value("'a' IN ('b', NULL)")).toBeNull()
    expect(value("'a' IN ('a', NULL)")).toBe(true)
    // The classic trap: NOT IN with a null in the list is never true.
    expect(value("'a' NOT IN ('b', NULL)")).toBeNull()
  })
})

describe('LIKE', () => {
  const like = (text: string, pattern: string): unknown => value(`:T LIKE :P`, { T: text, P: pattern })

  it('handles % and _', () => {
    expect(like('abc', 'a%')).toBe(true)
    expect(like('abc', '%c')).toBe(true)
    expect(like('abc', '%b%')).toBe(true)
    expect(like('abc', 'a_c')).toBe(true)
    expect(like('abc', 'a_')).toBe(false)
    expect(like('abc', '%')).toBe(true)
    expect(like('abc', 'abc')).toBe(true)
    expect(like('abc', 'ABC')).toBe(false)
    expect(like('aXbXc', 'a%b%c')).toBe(true)
    expect(like('ab', 'a%b%c')).toBe(false)
    expect(like('a%c', 'a%')).toBe(true)
    expect(like('mississippi', '%iss%pi')).toBe(true)
    expect(like('😀x', '_x')).toBe(true)
  })

  it('is unknown with a null side and can be negated', () => {
    expect(value("NULL LIKE '%'")).toBeNull()
    expect(value("'a' LIKE ''")).toBeNull()
    expect(value("'abc' NOT LIKE 'a%'")).toBe(false)
  })

  it('stays linear on hostile patterns (counted in steps, not timed)', () => {
    const text = 'a'.repeat(5_000)
    const pattern = '%a'.repeat(200) + 'b'
    expect(like(text, pattern)).toBe(false)
    // Each '%' gives up on the characters before it for good, so the work is about text + pattern,
    // not their product (10^6) as a backtracking matcher would need.
    expect(likeMatch(text, pattern).steps).toBeLessThanOrEqual(2 * (text.length + pattern.length))
  })
})

describe('BETWEEN', () => {
  it('includes both ends', () => {
    expect(value(':X BETWEEN 1 AND 10', { X: '10' })).toBe(true)
    expect(value(':X BETWEEN 1 AND 10', { X: '1' })).toBe(true)
    expect(value(':X BETWEEN 1 AND 10', { X: '11' })).toBe(false)
    expect(value(':X NOT BETWEEN 1 AND 10', { X: '11' })).toBe(true)
    expect(value("'b' BETWEEN 'a' AND 'c'")).toBe(true)
  })

  it('follows SQL null rules', () => {
    expect(value('5 BETWEEN NULL AND 10')).toBeNull()
    expect(value('50 BETWEEN NULL AND 10')).toBe(false)
    expect(value('NULL NOT BETWEEN 1 AND 2')).toBeNull()
  })
})

describe('evaluateCondition', () => {
  it('is true only for TRUE', () => {
    expect(condition('1 = 1')).toEqual({ result: true, warnings: [] })
    expect(condition('1 = 2')).toEqual({ result: false, warnings: [] })
    expect(condition('NULL')).toEqual({ result: false, warnings: [] })
  })

  it('warns about a non-boolean result and counts it as false', () => {
    expect(condition("'TRUE'")).toEqual({
      result: false,
      warnings: ["condition 'TRUE' evaluated to 'TRUE' rather than TRUE or FALSE; treated as false"],
    })
    expect(condition(':X', { X: '1' }).result).toBe(false)
  })
})

describe('totality', () => {
  it('turns a throwing lookup into a warning and null', () => {
    const warnings: string[] = []
    const ctx = {
      lookup(): string | null | undefined {
        throw new Error('store is closed')
      },
      warn: (m: string) => warnings.push(m),
    }
    expect(evaluate(parseExpression(':X'), ctx)).toBeNull()
    expect(warnings).toEqual(['evaluation failed: Error: store is closed'])
  })

  it('survives a hand-built tree far deeper than the parser allows', () => {
    let deep: Expr = { kind: 'number', value: 1 }
    for (let i = 0; i < 200_000; i++) deep = { kind: 'negate', operand: deep }
    const ctx = contextOf()
    expect(evaluate(deep, ctx)).toBeNull()
    expect(ctx.warnings[0]).toMatch(/^evaluation failed/)
  })
})
