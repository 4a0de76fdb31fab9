import { describe, expect, it } from 'vitest'
import {
  ExpressionSyntaxError,
  MAX_NESTING_DEPTH,
  parseExpression,
  tryParseExpression,
} from '../../../src-main/engine/expression/index.js'

/** The error `source` produces; fails the test when it parses. */
function errorOf(source: string): ExpressionSyntaxError {
  const result = tryParseExpression(source)
  if (result.ok) throw new Error(`expected a syntax error for ${JSON.stringify(source)}`)
  return result.error
}

describe('syntax errors carry the exact position', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['empty input', '', 0, /empty/],
    ['blank input', '   ', 3, /empty/],
    ['unterminated string', "'abc", 0, /unterminated string/],
    ['unterminated string after an operator', "1 + 'abc", 4, /unterminated string/],
    ['stray character', '1 + # 2', 4, /unexpected character "#"/],
    ['single bar', '1 | 2', 2, /'\|\|'/],
    ['trailing garbage', '1 2', 2, /unexpected number 2 after the end/],
    ['unclosed parenthesis', '(1 + 2', 6, /expected '\)'.*column 1/],
    ['unmatched parenthesis', '1 + 2)', 5, /unmatched '\)'/],
    ['unknown function', 'FOO(1)', 0, /unknown function FOO/],
    ['bare word', 'P1_X = 1', 0, /colon.*:P1_X/],
    ['keyword where a value belongs', '1 + AND', 4, /expected an expression but found AND/],
    ['function without parentheses', 'upper', 5, /expected '\(' after UPPER/],
    ['too many arguments', 'upper(1, 2)', 9, /UPPER takes 1 argument but got 2/],
    ['too few arguments', "substr('a')", 10, /SUBSTR takes 2 to 3 arguments but got 1/],
    ['NVL needs two', 'NVL(1)', 5, /NVL takes 2 arguments/],
    ['COALESCE needs two', 'COALESCE(1)', 10, /at least 2/],
    ['no arguments', 'LENGTH()', 7, /takes 1 argument but got 0/],
    ['colon alone', ':', 0, /item name after ':'/],
    ['colon then blank', ': x', 0, /item name after ':'/],
    ['bind name starting with a digit', '1 + :1abc', 4, /must be quoted/],
    ['bind name longer than 30', `:${'A'.repeat(31)}`, 0, /longer than 30/],
    ['unterminated quoted name', ':"abc', 0, /unterminated quoted item name/],
    ['empty quoted name', ':"" = 1', 0, /empty item name/],
    ['quoted name without colon', '"X" = 1', 0, /needs a colon/],
    ['chained comparison', '1 = 2 = 3', 6, /cannot be chained/],
    ['chained IS NULL', ':a IS NULL IS NULL', 11, /cannot be chained/],
    ['end of input after operator', '1 + ', 4, /unexpected end of input/],
    ['IS without NULL', ':x IS 1', 6, /expected NULL after IS/],
    ['NOT in the wrong place', ':x NOT 1', 7, /IN, LIKE or BETWEEN/],
    ['BETWEEN without AND', ':x BETWEEN 1 OR 2', 13, /expected AND in BETWEEN/],
    ['empty IN list', ':x IN ()', 7, /expected an expression but found '\)'/],
    ['unterminated comment', '1 /* x', 2, /unterminated comment/],
    ['number out of range', '1 + 1e999', 4, /out of range/],
  ]

  it.each(cases)('%s', (_label, source, position, reason) => {
    const error = errorOf(source)
    expect(error).toBeInstanceOf(ExpressionSyntaxError)
    expect(error.position).toBe(position)
    expect(error.source).toBe(source)
    expect(error.reason).toMatch(reason)
    expect(error.message).toContain(error.reason)
  })

  it('gives line and column for multi-line input', () => {
    const error = errorOf("1 +\n  2 +\n  'abc")
    expect(error.position).toBe(12)
    expect(error.line).toBe(3)
    expect(error.column).toBe(3)
    expect(error.message).toContain('(line 3, column 3)')
  })

  it('counts \\r\\n as one line break', () => {
    const error = errorOf('1 +\r\n  #')
    expect(error.position).toBe(7)
    expect([error.line, error.column]).toEqual([2, 3])
  })

  it('reports the first problem in reading order', () => {
    // The misplaced ')' comes before the unterminated string.
    expect(errorOf("1 + ) 'abc").position).toBe(4)
  })

  it('parseExpression throws the same error', () => {
    expect(() => parseExpression('1 +')).toThrow(ExpressionSyntaxError)
  })
})

describe('nesting limit', () => {
  it(`accepts ${MAX_NESTING_DEPTH} nested parentheses and rejects one more at its position`, () => {
    const ok = '('.repeat(MAX_NESTING_DEPTH) + '1' + ')'.repeat(MAX_NESTING_DEPTH)
    expect(tryParseExpression(ok).ok).toBe(true)
    const error = errorOf('('.repeat(MAX_NESTING_DEPTH + 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH + 1))
    expect(error.position).toBe(MAX_NESTING_DEPTH)
    expect(error.reason).toMatch(/nested too deeply/)
  })

  it('limits operator chains that the parser builds without recursion', () => {
    expect(tryParseExpression('1' + '+1'.repeat(MAX_NESTING_DEPTH)).ok).toBe(true)
    const error = errorOf('1' + '+1'.repeat(MAX_NESTING_DEPTH + 1))
    // The offending '+' is the last one.
    expect(error.position).toBe(1 + 2 * MAX_NESTING_DEPTH)
    expect(error.reason).toMatch(/nested too deeply/)
  })

  it('limits NOT and unary minus chains', () => {
    expect(tryParseExpression('NOT '.repeat(MAX_NESTING_DEPTH) + 'TRUE').ok).toBe(true)
    expect(errorOf('NOT '.repeat(MAX_NESTING_DEPTH + 1) + 'TRUE').position).toBe(4 * MAX_NESTING_DEPTH)
    expect(errorOf('- '.repeat(MAX_NESTING_DEPTH + 1) + '1').reason).toMatch(/nested too deeply/)
  })

  it('survives hostile input far beyond the limit without overflowing the stack', () => {
    for (const source of ['('.repeat(100_000), '1' + '||1'.repeat(100_000), 'upper('.repeat(50_000), '- '.repeat(100_000)]) {
      const result = tryParseExpression(source)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.reason).toMatch(/nested too deeply/)
    }
  })
})
