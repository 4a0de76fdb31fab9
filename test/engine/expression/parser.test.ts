import { describe, expect, it } from 'vitest'
import type { Expr } from '../../../src-main/engine/expression/index.js'
import { parseExpression } from '../../../src-main/engine/expression/index.js'

const num = (value: number): Expr => ({ kind: 'number', value })
const str = (value: string): Expr => ({ kind: 'string', value })
const ref = (name: string): Expr => ({ kind: 'ref', name })

describe('literals', () => {
  it('reads integers, decimals, leading-dot decimals, trailing-dot numbers and exponents', () => {
    expect(parseExpression('12')).toEqual(num(12))
    expect(parseExpression('3.5')).toEqual(num(3.5))
    expect(parseExpression('.5')).toEqual(num(0.5))
    expect(parseExpression('12.')).toEqual(num(12))
    expect(parseExpression('1e3')).toEqual(num(1000))
    expect(parseExpression('2.5E-1')).toEqual(num(0.25))
  })

  it("reads strings with '' as an escaped quote", () => {
    expect(parseExpression("'text'")).toEqual(str('text'))
    expect(parseExpression("'it''s'")).toEqual(str("it's"))
    expect(parseExpression("''''")).toEqual(str("'"))
    expect(parseExpression("''")).toEqual(str(''))
    expect(parseExpression("'a\nb'")).toEqual(str('a\nb'))
  })

  it('reads NULL, TRUE and FALSE in any case', () => {
    expect(parseExpression('null')).toEqual({ kind: 'null' })
    expect(parseExpression('True')).toEqual({ kind: 'boolean', value: true })
    expect(parseExpression('FALSE')).toEqual({ kind: 'boolean', value: false })
  })

  it('treats a minus sign as negation, never as part of the literal', () => {
    expect(parseExpression('-3')).toEqual({ kind: 'negate', operand: num(3) })
    expect(parseExpression('- -3')).toEqual({ kind: 'negate', operand: { kind: 'negate', operand: num(3) } })
  })
})

describe('references', () => {
  it('upper-cases bare bind names', () => {
    expect(parseExpression(':p1_name')).toEqual(ref('P1_NAME'))
    expect(parseExpression(':A$b#c_1')).toEqual(ref('A$B#C_1'))
  })

  it('accepts a bind name of exactly 30 characters', () => {
    const name = 'A'.repeat(30)
    expect(parseExpression(`:${name}`)).toEqual(ref(name))
  })

  it('upper-cases quoted names too and allows any character but a double quote', () => {
    expect(parseExpression(':"my item"')).toEqual(ref('MY ITEM'))
    expect(parseExpression(':"P1_ÄÖ-x"')).toEqual(ref('P1_ÄÖ-X'))
    expect(parseExpression(`:"${'b'.repeat(40)}"`)).toEqual(ref('B'.repeat(40)))
  })

  it('parses V() and NV() as calls', () => {
    expect(parseExpression("v('p1_x')")).toEqual({ kind: 'call', fn: 'V', args: [str('p1_x')] })
    expect(parseExpression("Nv('P1_X')")).toEqual({ kind: 'call', fn: 'NV', args: [str('P1_X')] })
  })
})

describe('operators and precedence', () => {
  it('groups * and / tighter than + - and ||', () => {
    expect(parseExpression('1 + 2 * 3')).toEqual({
      kind: 'binary',
      op: '+',
      left: num(1),
      right: { kind: 'binary', op: '*', left: num(2), right: num(3) },
    })
  })

  it('puts || on the same level as + and -, left-associative (Oracle)', () => {
    // 'a' || 1 + 2  is  ('a' || 1) + 2
    expect(parseExpression("'a' || 1 + 2")).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'binary', op: '||', left: str('a'), right: num(1) },
      right: num(2),
    })
    expect(parseExpression('1 - 2 - 3')).toEqual({
      kind: 'binary',
      op: '-',
      left: { kind: 'binary', op: '-', left: num(1), right: num(2) },
      right: num(3),
    })
  })

  it('binds unary minus tighter than *', () => {
    expect(parseExpression('-2 * 3')).toEqual({
      kind: 'binary',
      op: '*',
      left: { kind: 'negate', operand: num(2) },
      right: num(3),
    })
  })

  it('respects parentheses', () => {
    expect(parseExpression('(1 + 2) * 3')).toEqual({
      kind: 'binary',
      op: '*',
      left: { kind: 'binary', op: '+', left: num(1), right: num(2) },
      right: num(3),
    })
  })

  it('orders OR < AND < NOT < comparison', () => {
    const a = { kind: 'compare', op: '=', left: ref('A'), right: num(1) } as const
    const b = { kind: 'compare', op: '=', left: ref('B'), right: num(2) } as const
    const c = { kind: 'compare', op: '=', left: ref('C'), right: num(3) } as const
    expect(parseExpression('NOT :a = 1 AND :b = 2 OR :c = 3')).toEqual({
      kind: 'logical',
      op: 'OR',
      left: { kind: 'logical', op: 'AND', left: { kind: 'not', operand: a }, right: b },
      right: c,
    })
  })

  it('binds comparison looser than ||', () => {
    expect(parseExpression(":a || 'x' = 'yx'")).toEqual({
      kind: 'compare',
      op: '=',
      left: { kind: 'binary', op: '||', left: ref('A'), right: str('x') },
      right: str('yx'),
    })
  })

  it('stores != and <> alike', () => {
    expect(parseExpression('1 != 2')).toEqual(parseExpression('1 <> 2'))
    expect(parseExpression('1 != 2')).toMatchObject({ kind: 'compare', op: '<>' })
  })

  it('parses IS [NOT] NULL, [NOT] IN, [NOT] LIKE, [NOT] BETWEEN', () => {
    expect(parseExpression(':x is not null')).toEqual({ kind: 'isNull', negated: true, operand: ref('X') })
    expect(parseExpression(":x NOT IN ('a', 'b')")).toEqual({
      kind: 'in',
      negated: true,
      operand: ref('X'),
      list: [str('a'), str('b')],
    })
    expect(parseExpression(":x like 'a%'")).toEqual({ kind: 'like', negated: false, operand: ref('X'), pattern: str('a%') })
    expect(parseExpression(':x between 1 and 2 + 1 and true')).toEqual({
      kind: 'logical',
      op: 'AND',
      left: {
        kind: 'between',
        negated: false,
        operand: ref('X'),
        low: num(1),
        high: { kind: 'binary', op: '+', left: num(2), right: num(1) },
      },
      right: { kind: 'boolean', value: true },
    })
  })

  it('is case-insensitive for keywords and function names', () => {
    expect(parseExpression("nvl(:x, 'a') Is Not Null aNd upper('b') = 'B'")).toEqual(
      parseExpression("NVL(:X, 'a') IS NOT NULL AND UPPER('b') = 'B'"),
    )
  })

  it('ignores blanks, newlines and comments', () => {
    expect(parseExpression('1 --two\n + /* three */ 2')).toEqual(parseExpression('1+2'))
    // As in SQL, "--" starts a comment: this is 1, not 1 - (-2).
    expect(parseExpression('1 --2')).toEqual(num(1))
  })
})
