import { describe, expect, it } from 'vitest'
import type { Expr } from '../../../src-main/engine/expression/index.js'
import { formatExpr, parseExpression } from '../../../src-main/engine/expression/index.js'

const canonical = (source: string): string => formatExpr(parseExpression(source))

describe('formatExpr', () => {
  it('writes canonical text', () => {
    expect(canonical("nvl( :p1_x,'a' )||'b'")).toBe("NVL(:P1_X, 'a') || 'b'")
    expect(canonical('1 != 2')).toBe('1 <> 2')
    expect(canonical(':x is not null and not :y in (1,2)')).toBe(':X IS NOT NULL AND NOT :Y IN (1, 2)')
    expect(canonical(":x not like 'a''%' or :y not between 1 and 2")).toBe(":X NOT LIKE 'a''%' OR :Y NOT BETWEEN 1 AND 2")
    expect(canonical('true or false or null')).toBe('TRUE OR FALSE OR NULL')
  })

  it('keeps only the parentheses precedence needs', () => {
    expect(canonical('((1 + 2)) * 3')).toBe('(1 + 2) * 3')
    expect(canonical('1 + (2 * 3)')).toBe('1 + 2 * 3')
    expect(canonical('1 - (2 - 3)')).toBe('1 - (2 - 3)')
    expect(canonical('(1 - 2) - 3')).toBe('1 - 2 - 3')
    expect(canonical("('a' || 'b') || 'c'")).toBe("'a' || 'b' || 'c'")
    expect(canonical("'a' || ('b' || 'c')")).toBe("'a' || ('b' || 'c')")
    expect(canonical('(TRUE OR FALSE) AND TRUE')).toBe('(TRUE OR FALSE) AND TRUE')
    expect(canonical('NOT (1 = 1)')).toBe('NOT 1 = 1')
    expect(canonical('(1 = 1) = TRUE')).toBe('(1 = 1) = TRUE')
    expect(canonical('-(1 + 2)')).toBe('-(1 + 2)')
  })

  it('never writes "--", which would start a comment', () => {
    expect(canonical('-(-1)')).toBe('-(-1)')
    expect(canonical('1 - -1')).toBe('1 - -1')
  })

  it('quotes names only when they need it', () => {
    expect(canonical(':"p1_x"')).toBe(':P1_X')
    expect(canonical(':"my item"')).toBe(':"MY ITEM"')
    expect(canonical(`:"${'A'.repeat(31)}"`)).toBe(`:"${'A'.repeat(31)}"`)
  })

  it('writes numbers so that they read back exactly', () => {
    const tiny: Expr = { kind: 'number', value: Math.PI * 1e-15 }
    expect(parseExpression(formatExpr(tiny))).toEqual(tiny)
    expect(canonical('.5')).toBe('0.5')
    expect(canonical('1e21')).toBe('1e+21')
  })
})
