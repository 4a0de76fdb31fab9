import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { EvalContext, Expr } from '../../../src-main/engine/expression/index.js'
import {
  evaluate,
  evaluateCondition,
  formatExpr,
  parseExpression,
  referencedNames,
  substituteText,
  tryParseExpression,
} from '../../../src-main/engine/expression/index.js'
import { likeMatches } from '../../../src-main/engine/expression/like.js'
import { exprArb } from './ast-arbitrary.js'

/** Fragments that make random text look like expressions, so parsing gets past the first token. */
const fragments = [
  "'a'", "''", "'it''s'", "'", '12', '3.5', '.5', '1e3', ':P1_X', ':"my item"', ':', '"', 'V', 'NV', '(', ')', ',',
  '||', '|', '+', '-', '*', '/', '=', '!=', '<>', '<', '<=', '>', '>=', '!', 'AND', 'or', 'NOT', 'IS', 'NULL',
  'IN', 'LIKE', 'BETWEEN', 'TRUE', 'false', 'NVL', 'COALESCE', 'UPPER', 'lower', 'TRIM', 'LENGTH', 'SUBSTR',
  'TO_NUMBER', 'TO_CHAR', 'FOO', '--', '/*', '*/', '\n', ' ', '#', '&',
]
const tokenSoup = fc.array(fc.constantFrom(...fragments), { maxLength: 25 }).map((parts) => parts.join(' '))
const anySource = fc.oneof(fc.string({ unit: 'binary' }), tokenSoup, tokenSoup.map((s) => s.replace(/ /g, '')))

/** A context answering from a random (but deterministic) function of the name. */
const contextArb = fc
  .func<[string], string | null | undefined>(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(null, undefined, '', '1', '-2.5', 'TRUE', 'a%')))
  .map((lookup): EvalContext & { warnings: string[] } => {
    const warnings: string[] = []
    return { warnings, lookup, warn: (m) => void warnings.push(m) }
  })

function isExprValue(v: unknown): boolean {
  if (v === null || typeof v === 'boolean') return true
  if (typeof v === 'string') return v !== ''
  return typeof v === 'number' && Number.isFinite(v)
}

describe('totality', () => {
  test.prop([anySource], { numRuns: 2_000 })('tryParseExpression never throws', (source) => {
    const result = tryParseExpression(source)
    if (!result.ok) {
      expect(result.error.position).toBeGreaterThanOrEqual(0)
      expect(result.error.position).toBeLessThanOrEqual(source.length)
    }
  })

  test.prop([anySource, contextArb], { numRuns: 2_000 })('evaluate never throws on anything that parses', (source, ctx) => {
    const result = tryParseExpression(source)
    if (!result.ok) return
    expect(isExprValue(evaluate(result.expr, ctx))).toBe(true)
    expect(typeof evaluateCondition(result.expr, ctx)).toBe('boolean')
  })

  test.prop([exprArb, contextArb], { numRuns: 500 })('evaluate never throws on generated trees and never yields ""', (expr, ctx) => {
    expect(isExprValue(evaluate(expr, ctx))).toBe(true)
    expect(typeof evaluateCondition(expr, ctx)).toBe('boolean')
    expect(referencedNames(expr).every((n) => n === n.toUpperCase())).toBe(true)
  })
})

describe('formatExpr', () => {
  test.prop([exprArb], { numRuns: 1_000 })('parseExpression(formatExpr(e)) equals e', (expr: Expr) => {
    expect(parseExpression(formatExpr(expr))).toEqual(expr)
  })
})

describe('substituteText', () => {
  test.prop([fc.string({ unit: 'binary' }).filter((s) => !s.includes('&'))])('returns text without & unchanged and reads nothing', (text) => {
    const ctx = {
      lookup: (): string | null | undefined => {
        throw new Error('no lookup expected')
      },
      warn: (): void => {
        throw new Error('no warning expected')
      },
    }
    expect(substituteText(text, ctx)).toBe(text)
  })
})

describe('concatenation', () => {
  test.prop([fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 })])(
    'a chain of || over string literals equals the JavaScript concatenation (with "" as null)',
    (parts) => {
      const source = parts.map((p) => `'${p.replace(/'/g, "''")}'`).join(' || ')
      const joined = parts.join('')
      const ctx = { lookup: () => undefined, warn: () => undefined }
      expect(evaluate(parseExpression(source), ctx)).toBe(joined === '' ? null : joined)
    },
  )
})

describe('LIKE', () => {
  /** Reference implementation through a regular expression (fine for short inputs). */
  const viaRegExp = (text: string, pattern: string): boolean => {
    const body = Array.from(pattern)
      .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')
    return new RegExp(`^${body}$`, 'su').test(text)
  }
  const small = (alphabet: string[]): fc.Arbitrary<string> =>
    fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }).map((a) => a.join(''))

  test.prop([small(['a', 'b', '😀']), small(['a', 'b', '😀', '%', '_'])], { numRuns: 2_000 })(
    'agrees with a regular-expression reference',
    (text, pattern) => {
      expect(likeMatches(text, pattern)).toBe(viaRegExp(text, pattern))
    },
  )
})
